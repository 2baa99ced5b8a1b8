package main

import (
	"context"
	"strings"
	"testing"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/app"
	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/config"
	"github.com/torg-kommune/torg/internal/store"
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
	svc := casework.New(db, torg.SystemClock{}, casework.DefaultConfig())
	e, err := svc.TokenEmployee(context.Background(), tok)
	if err != nil || e.Username != "eg" || len(e.Units) == 0 {
		t.Fatalf("token acts as %+v, %v; want eg with units", e, err)
	}
	// A token stops working when its employee leaves.
	e.Active = false
	if err := db.Write(context.Background(), func(q *store.Q) error { return q.UpdateEmployee(context.Background(), e) }); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.TokenEmployee(context.Background(), tok); torg.ErrorCode(err) != torg.EUNAUTHORIZED {
		t.Errorf("token of an employee who left: %v, want EUNAUTHORIZED", err)
	}
	if status, _, _ := runCmd(t, "token", "create", "--user", "nobody", "--data", dir); status != 1 {
		t.Errorf("unknown user: status %d, want 1", status)
	}
	if status, _, _ := runCmd(t, "token", "create", "--data", dir); status != 2 {
		t.Errorf("no user: status %d, want 2", status)
	}
}
