package main

import (
	"context"
	"strings"
	"testing"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/app"
	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/config"
)

func TestTokenCreate(t *testing.T) {
	dir := t.TempDir()
	if status, _, errOut := runCmd(t, "demo", "--data", dir); status != 0 {
		t.Fatalf("demo: %s", errOut)
	}
	status, out, errOut := runCmd(t, "token", "create", "--user", "eg", "--data", dir)
	tok := strings.TrimSpace(out)
	if status != 0 || !strings.HasPrefix(tok, "torg_") {
		t.Fatalf("token create: %d %q %q", status, out, errOut)
	}
	cfg, _ := config.Load("", nil)
	cfg.Data = dir
	db, err := app.OpenDB(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	e, err := casework.New(db, torg.SystemClock{}, casework.DefaultConfig()).TokenEmployee(context.Background(), tok)
	if err != nil || e.Username != "eg" {
		t.Errorf("token acts as %v, %v; want eg", e, err)
	}
	if status, _, _ := runCmd(t, "token", "create", "--user", "nobody", "--data", dir); status != 1 {
		t.Errorf("unknown user: status %d, want 1", status)
	}
	if status, _, _ := runCmd(t, "token", "create", "--data", dir); status != 2 {
		t.Errorf("no user: status %d, want 2", status)
	}
}
