package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
)

func TestBenchWorkflowUsage(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		status int
		want   string
	}{
		{"neither manifest nor token", nil, 2, "give either --manifest or --token"},
		{"both manifest and token", []string{"--manifest", "m.json", "--token", "torg_x"}, 2, "give either --manifest or --token"},
		{"no clients", []string{"--token", "torg_x", "--clients", "0"}, 2, "usage: torg bench workflow"},
		{"no rounds", []string{"--token", "torg_x", "--rounds", "0"}, 2, "usage: torg bench workflow"},
		{"stray argument", []string{"--token", "torg_x", "extra"}, 2, "usage: torg bench workflow"},
		{"missing manifest", []string{"--rt-password", "pw", "--manifest", filepath.Join(t.TempDir(), "none.json")}, 1,
			"bench manifest"},
		{"unreachable torg", []string{"--token", "torg_x", "--torg", "http://127.0.0.1:1"}, 1, "finding persons through the API"},
		{"token from the environment", []string{"--torg", "http://127.0.0.1:1", "--env-token"}, 1, "finding persons through the API"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			// The RT password comes from the environment here, so that no file is needed.
			env := []string{"TORG_RT_PASSWORD=pw"}
			args := []string{"bench", "workflow"}
			for _, a := range tt.args {
				if a == "--env-token" {
					env = append(env, "TORG_TOKEN=torg_x")
					continue
				}
				args = append(args, a)
			}
			status := run(context.Background(), args, &out, &errOut, env)
			if status != tt.status || !strings.Contains(errOut.String(), tt.want) {
				t.Errorf("status %d, stderr %q; want %d and %q", status, errOut.String(), tt.status, tt.want)
			}
		})
	}
}
