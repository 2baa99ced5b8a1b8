package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// runCmd runs torg in-process with args and an environment without TORG_*
// settings, and returns its exit status and output.
func runCmd(t *testing.T, args ...string) (status int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	status = run(context.Background(), args, &out, &errOut, []string{"PATH=/usr/bin"})
	return status, out.String(), errOut.String()
}

func TestIDCheck(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		status int
		want   string
	}{
		{"valid, as in DESIGN.md", []string{"31129956715"}, 0,
			`{"valid":true,"country":"NO","kind":"fnr","birth_date":"1899-12-31","synthetic":false}`},
		{"invalid, as in DESIGN.md", []string{"31129956716"}, 1,
			`{"valid":false,"country":"NO","error":"control digit 2 does not match"}`},
		{"synthetic demo person", []string{"12838540056"}, 0,
			`{"valid":true,"country":"NO","kind":"fnr","birth_date":"1985-03-12","synthetic":true}`},
		{"country after the number", []string{"12838540056", "--country", "no"}, 0,
			`{"valid":true,"country":"NO","kind":"fnr","birth_date":"1985-03-12","synthetic":true}`},
		{"country before the number", []string{"--country=SE", "12838540056"}, 1,
			`{"valid":false,"country":"SE","error":"must be 10/12 digits, in one of the accepted forms"}`},
		{"number in two parts", []string{"311299", "56715"}, 0,
			`{"valid":true,"country":"NO","kind":"fnr","birth_date":"1899-12-31","synthetic":false}`},
		{"unknown country", []string{"31129956715", "--country", "FI"}, 1,
			`{"valid":false,"error":"country \"FI\" is not supported; use NO, SE or DK"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, out, errOut := runCmd(t, append([]string{"id", "check"}, tt.args...)...)
			if status != tt.status {
				t.Errorf("exit status %d, want %d (stderr %q)", status, tt.status, errOut)
			}
			if diff := cmp.Diff(tt.want+"\n", out); diff != "" {
				t.Errorf("stdout (-want +got):\n%s", diff)
			}
		})
	}
}

func TestIDCheckOneJSONObject(t *testing.T) {
	_, out, _ := runCmd(t, "id", "check", "12838540056")
	dec := json.NewDecoder(strings.NewReader(out))
	var v map[string]any
	if err := dec.Decode(&v); err != nil || dec.More() {
		t.Errorf("stdout %q is not exactly one JSON object: %v", out, err)
	}
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		status int
	}{
		{"no command", nil, 2},
		{"unknown command", []string{"frobnicate"}, 2},
		{"id without check", []string{"id"}, 2},
		{"id check without number", []string{"id", "check"}, 2},
		{"bad flag", []string{"id", "check", "--land", "NO", "1"}, 2},
		{"audit without verify", []string{"audit"}, 2},
		{"stray argument", []string{"migrate", "now"}, 2},
		{"help", []string{"help"}, 0},
		{"command help", []string{"serve", "-h"}, 0},
		{"data and db", []string{"config", "--data", "d", "--db", "postgres://x/y"}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if status, _, errOut := runCmd(t, tt.args...); status != tt.status {
				t.Errorf("exit status %d, want %d (stderr %q)", status, tt.status, errOut)
			}
		})
	}
}

func TestConfigMasksSecrets(t *testing.T) {
	var out bytes.Buffer
	env := []string{"TORG_DB=postgres://torg:s3cret@db.example/torg", "TORG_LOG_FORMAT=json"}
	if status := run(context.Background(), []string{"config", "--addr", ":9090"}, &out, &out, env); status != 0 {
		t.Fatalf("exit status %d: %s", status, out.String())
	}
	var got map[string]any
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got["db"] != "postgres://torg:xxxxx@db.example/torg" || got["addr"] != ":9090" || got["log_format"] != "json" {
		t.Errorf("config output: %s", out.String())
	}
	if strings.Contains(out.String(), "s3cret") {
		t.Error("config prints the database password")
	}
}

func TestVersion(t *testing.T) {
	status, out, _ := runCmd(t, "version")
	if status != 0 || !strings.HasPrefix(out, "torg dev (go1.") {
		t.Errorf("version: %d %q", status, out)
	}
}

// syncBuffer is a bytes.Buffer that a running server and a test can share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
