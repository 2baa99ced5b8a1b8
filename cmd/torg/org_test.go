package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

const exampleOrg = "../../docs/org-example.json"

// withStdin makes input the standard input of the commands the test runs,
// through a pipe, as in "echo input | torg …".
func withStdin(t *testing.T, input string) {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.WriteString(input); err != nil {
		t.Fatal(err)
	}
	w.Close()
	old := os.Stdin
	os.Stdin = r
	t.Cleanup(func() { os.Stdin = old; r.Close() })
}

func TestOrgImportAndPassword(t *testing.T) {
	for dialect, base := range storetest.Dialects() {
		t.Run(dialect, func(t *testing.T) {
			url := storetest.URL(t, dialect, base)
			checkOrgImport(t, url)
			checkUserPassword(t, url)
		})
	}
}

func checkOrgImport(t *testing.T, url string) {
	t.Helper()
	const noPassword = "; 7 employees have no password (set one with: torg user password USERNAME): " +
		"kn, on, pe, me, lt, drift, tt\n"
	status, out, errOut := runCmd(t, "org", "import", exampleOrg, "--db", url)
	want := "municipality 4204 Kristiansand kommune (created): 2 units created, 0 updated, 0 unchanged; " +
		"7 employees created, 0 updated, 0 unchanged" + noPassword
	if diff := cmp.Diff(want, out); status != 0 || diff != "" {
		t.Fatalf("first import: status %d, stderr %q, stdout (-want +got):\n%s", status, errOut, diff)
	}
	example, err := os.ReadFile(exampleOrg)
	if err != nil {
		t.Fatal(err)
	}
	withStdin(t, string(example))
	status, out, errOut = runCmd(t, "org", "import", "-", "--db", url)
	want = "municipality 4204 Kristiansand kommune (unchanged): 0 units created, 0 updated, 2 unchanged; " +
		"0 employees created, 0 updated, 7 unchanged" + noPassword
	if diff := cmp.Diff(want, out); status != 0 || diff != "" {
		t.Errorf("import again from stdin: status %d, stderr %q, stdout (-want +got):\n%s", status, errOut, diff)
	}
	bad := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(bad, []byte(strings.Replace(string(example), `"counsellor"`, `"boss"`, 1)), 0o600)
	status, _, errOut = runCmd(t, "org", "import", bad, "--db", url)
	if status != 1 || !strings.Contains(errOut, `employee "pe": unknown role "boss"`) {
		t.Errorf("invalid file: status %d, stderr %q", status, errOut)
	}
}

func checkUserPassword(t *testing.T, url string) {
	t.Helper()
	withStdin(t, "correct horse battery\n")
	status, out, errOut := runCmd(t, "user", "password", "pe", "--db", url)
	if status != 0 || out != "password set for pe; their open sessions have ended\n" {
		t.Fatalf("user password: %d %q %q", status, out, errOut)
	}
	db, err := store.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	svc := casework.New(db, torg.SystemClock{}, casework.DefaultConfig())
	if _, _, _, err := svc.Login(context.Background(), "pe", "correct horse battery"); err != nil {
		t.Errorf("login with the password set: %v", err)
	}
	tests := []struct{ name, user, stdin, want string }{
		{"too short", "pe", "short\n", "it needs at least 10"},
		{"nothing on stdin", "pe", "", "the password has 0 characters"},
		{"unknown user", "nobody", "correct horse battery\n", `no employee "nobody"`},
	}
	for _, tt := range tests {
		withStdin(t, tt.stdin)
		if status, _, errOut := runCmd(t, "user", "password", tt.user, "--db", url); status != 1 ||
			!strings.Contains(errOut, tt.want) {
			t.Errorf("%s: status %d, stderr %q; want 1 and %q", tt.name, status, errOut, tt.want)
		}
	}
}

func TestOrgUsage(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name   string
		args   []string
		status int
	}{
		{"org alone", []string{"org"}, 2},
		{"org export", []string{"org", "export", "f.json"}, 2},
		{"import without file", []string{"org", "import", "--data", dir}, 2},
		{"import two files", []string{"org", "import", "a.json", "b.json", "--data", dir}, 2},
		{"import missing file", []string{"org", "import", filepath.Join(dir, "none.json"), "--data", dir}, 1},
		{"import help", []string{"org", "import", "-h"}, 0},
		{"user alone", []string{"user"}, 2},
		{"user without username", []string{"user", "password", "--data", dir}, 2},
		{"user bad flag", []string{"user", "password", "eg", "--force"}, 2},
		{"password without database", []string{"user", "password", "eg", "--data", filepath.Join(dir, "none")}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			withStdin(t, "correct horse battery\n")
			if status, _, errOut := runCmd(t, tt.args...); status != tt.status {
				t.Errorf("exit status %d, want %d (stderr %q)", status, tt.status, errOut)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "none")); err == nil {
		t.Error("user password created a database")
	}
}
