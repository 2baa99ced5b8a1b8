package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/torg-kommune/torg/internal/bench/gen"
)

func TestBenchGen(t *testing.T) {
	dir := t.TempDir()
	status, out, errOut := runCmd(t, "bench", "gen", "--data", dir, "--country", "dk", "--persons", "3000",
		"--cases", "400", "--records", "800", "--notes", "100", "--tasks", "100", "--inquiries", "50")
	if status != 0 {
		t.Fatalf("bench gen: %d %s", status, errOut)
	}
	path := filepath.Join(dir, "bench.json")
	if !strings.Contains(out, path) || !strings.Contains(errOut, "100%") {
		t.Errorf("output %q, progress %q", out, errOut)
	}
	m, err := gen.ReadManifest(path)
	if err != nil {
		t.Fatal(err)
	}
	if m.Country != "DK" || m.Persons != 3000 || m.Cases != 400 || len(m.Samples) != 400 || len(m.Staff) == 0 {
		t.Errorf("manifest: %s, %d persons, %d cases, %d samples, %d staff", m.Country, m.Persons, m.Cases,
			len(m.Samples), len(m.Staff))
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("manifest mode: %v, %v", fi.Mode(), err)
	}
	for _, s := range m.Samples {
		if strings.Contains(errOut, s.NIN) || strings.Contains(out, s.NIN) {
			t.Fatal("a national ID in the output")
		}
	}
	// A second run into the same database is refused.
	if status, _, _ := runCmd(t, "bench", "gen", "--data", dir, "--country", "DK", "--persons", "10",
		"--cases", "1", "--records", "1"); status != 1 {
		t.Errorf("second run: status %d, want 1", status)
	}
	for _, args := range [][]string{
		{"--country", "FI"},
		{"--persons", "0"},
		{"--inquiries", "10", "--cases", "10", "--records", "5"},
		{"--db", "postgres://127.0.0.1:1/none"}, // no --manifest
	} {
		if status, _, _ := runCmd(t, append([]string{"bench", "gen"}, args...)...); status != 2 {
			t.Errorf("%v: status %d, want 2", args, status)
		}
	}
}
