package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/torg-kommune/torg/internal/store/storetest"
)

const exampleRegister = "../../internal/registry/testdata/register.json"

func TestRegistryImport(t *testing.T) {
	for dialect, base := range storetest.Dialects() {
		t.Run(dialect, func(t *testing.T) {
			url := storetest.URL(t, dialect, base)
			if status, _, errOut := runCmd(t, "org", "import", exampleOrg, "--db", url); status != 0 {
				t.Fatalf("org import: %d %s", status, errOut)
			}
			checkRegistryImport(t, url)
		})
	}
}

func checkRegistryImport(t *testing.T, url string) {
	t.Helper()
	const first = "register of 4204 Kristiansand kommune: 3 persons, 2 properties, 1 reserved against digital post, " +
		"2 protected (1 strict address withheld); replaced 0 persons and 0 properties\n"
	status, out, errOut := runCmd(t, "registry", "import", exampleRegister, "--db", url)
	if status != 0 || out != first {
		t.Fatalf("first import: status %d, stdout %q, stderr %q", status, out, errOut)
	}
	example, err := os.ReadFile(exampleRegister)
	if err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(bad, []byte(strings.Replace(string(example), "01819040261", "01819040262", 1)), 0o600)
	status, _, errOut = runCmd(t, "registry", "import", bad, "--db", url)
	if status != 1 || !strings.Contains(errOut, "person 3 (018190*****): invalid national ID") {
		t.Errorf("invalid national ID: status %d, stderr %q", status, errOut)
	}
	withStdin(t, string(example))
	status, out, errOut = runCmd(t, "registry", "import", "-", "--db", url)
	if want := strings.Replace(first, "replaced 0 persons and 0 properties", "replaced 3 persons and 2 properties", 1); status != 0 || out != want {
		t.Errorf("import again from stdin (the refused file changed nothing): status %d, stdout %q, stderr %q", status, out, errOut)
	}
}

func TestRegistryUsage(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		status int
		want   string
	}{
		{"no subcommand", []string{"registry"}, 2, "usage: torg registry import"},
		{"unknown subcommand", []string{"registry", "export"}, 2, "usage: torg registry import"},
		{"no file", []string{"registry", "import"}, 2, "usage: torg registry import"},
		{"bad flag", []string{"registry", "import", "f.json", "--nope"}, 2, "flag provided but not defined"},
		{"missing file", []string{"registry", "import", "/nonexistent/r.json", "--db", "x.db"}, 1, "no such file"},
		{"not JSON", []string{"registry", "import", "registry.go", "--db", "x.db"}, 1, "read import file"},
	}
	db := filepath.Join(t.TempDir(), "x.db")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := slices.Clone(tt.args)
			for i, a := range args {
				if a == "x.db" {
					args[i] = db
				}
			}
			status, _, errOut := runCmd(t, args...)
			if status != tt.status || !strings.Contains(errOut, tt.want) {
				t.Errorf("status %d, stderr %q; want %d and %q", status, errOut, tt.status, tt.want)
			}
		})
	}
}
