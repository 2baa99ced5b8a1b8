package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/config"
	"github.com/torg-kommune/torg/internal/store"
)

// auditVerify runs "audit verify": it checks every audit event's hash and its
// link to the event before, and reports the first broken one.
func (c *cli) auditVerify(ctx context.Context, args []string) int {
	if len(args) == 0 || args[0] != "verify" {
		fmt.Fprint(c.stderr, "usage: torg audit verify [--data DIR | --db URL] [--config FILE]\n")
		return 2
	}
	cfg, status, ok := c.settingsFor(c.flagSet("audit verify", "[--data DIR | --db URL] [--config FILE]"), args[1:], false)
	if !ok {
		return status
	}
	db, err := openExisting(ctx, cfg)
	if err != nil {
		return c.fail(err)
	}
	defer db.Close()
	n, err := casework.VerifyAudit(ctx, db)
	var broken *casework.AuditBreak
	if errors.As(err, &broken) {
		fmt.Fprintf(c.stdout, "audit log broken at event %d: %s (%d events before it are intact)\n", broken.Seq, broken.Why, n)
		return 1
	}
	if err != nil {
		return c.fail(err)
	}
	fmt.Fprintf(c.stdout, "audit log intact: %d events\n", n)
	return 0
}

// openExisting opens the configured database without creating or
// migrating it: verifying must not change what it verifies.
func openExisting(ctx context.Context, cfg config.Config) (*store.DB, error) {
	if !cfg.IsPostgres() {
		if _, err := os.Stat(cfg.DatabaseURL()); err != nil {
			return nil, fmt.Errorf("no database: %w", err)
		}
	}
	return store.Open(ctx, cfg.DatabaseURL())
}
