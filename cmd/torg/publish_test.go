package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/torg-kommune/torg/internal/routine"
)

func TestRoutinePublish(t *testing.T) {
	dir := t.TempDir()
	if status, _, errOut := runCmd(t, "demo", "--data", dir); status != 0 { // publishes the shipped routines
		t.Fatalf("demo: %s", errOut)
	}
	src, err := fs.ReadFile(routine.SeedFiles(), "fd.yaml")
	if err != nil {
		t.Fatal(err)
	}
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	v2 := strings.Replace(string(src), "version: 1", "version: 2", 1)
	broken := write("broken.yaml", strings.Replace(v2, "kind: task", "kind: tsak", 1))
	status, out, _ := runCmd(t, "routine", "publish", broken, "--data", dir)
	if status != 1 || !strings.Contains(out, "broken.yaml:") {
		t.Errorf("broken file: status %d, output %q; want 1 with file:line", status, out)
	}
	good := write("fd-v2.yaml", v2)
	if status, out, errOut := runCmd(t, "routine", "publish", good, "--data", dir); status != 0 || !strings.Contains(out, "version 2") {
		t.Errorf("publish v2: %d %q %q", status, out, errOut)
	}
	if status, _, errOut := runCmd(t, "routine", "publish", good, "--data", dir); status != 1 || !strings.Contains(errOut, "not newer") {
		t.Errorf("publishing v2 again: %d %q", status, errOut)
	}
}
