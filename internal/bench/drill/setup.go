package drill

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// setup is what the drill learns before the first start: where the
// database is, who writes and about whom.
type setup struct {
	data, dbPath string
	deskToken    string  // a front-desk employee's: registers walk-ins
	leaderToken  string  // the unit leader's: writes notes, completes tasks
	unitID       int64   // the unit the walk-ins go to
	persons      []int64 // unprotected persons the walk-ins are about
}

// prepare loads the demo municipality into a fresh data folder and issues
// the API tokens, with torg's own commands.
func prepare(ctx context.Context, cfg Config) (*setup, error) {
	if entries, err := os.ReadDir(cfg.Data); err == nil && len(entries) > 0 {
		return nil, fmt.Errorf("drill: data folder %s is not empty", cfg.Data)
	}
	if err := os.MkdirAll(cfg.Data, 0o700); err != nil {
		return nil, err
	}
	s := &setup{data: cfg.Data, dbPath: filepath.Join(cfg.Data, "torg.db")}
	if _, err := torgOutput(ctx, cfg, "demo", "--data", cfg.Data); err != nil {
		return nil, err
	}
	var err error
	if s.deskToken, err = torgOutput(ctx, cfg, "token", "create", "--user", "skranke", "--name", "drill", "--data", cfg.Data); err != nil {
		return nil, err
	}
	if s.leaderToken, err = torgOutput(ctx, cfg, "token", "create", "--user", "leder", "--name", "drill", "--data", cfg.Data); err != nil {
		return nil, err
	}
	return s, s.lookup(ctx)
}

// lookup finds the debt counselling unit and some unprotected persons.
func (s *setup) lookup(ctx context.Context) error {
	db, err := openRaw(s.dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.QueryRowContext(ctx, `SELECT id FROM units WHERE code = 'debt'`).Scan(&s.unitID); err != nil {
		return fmt.Errorf("drill: find the demo debt unit: %w", err)
	}
	rows, err := db.QueryContext(ctx, `SELECT id FROM persons WHERE protection = 0 ORDER BY id LIMIT 20`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return err
		}
		s.persons = append(s.persons, id)
	}
	if len(s.persons) == 0 {
		return fmt.Errorf("drill: the demo data has no unprotected person")
	}
	return rows.Err()
}

// openRaw opens the SQLite file for plain SQL.
func openRaw(path string) (*sql.DB, error) {
	return sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
}

// torgOutput runs a torg command to the end and returns its trimmed
// standard output.
func torgOutput(ctx context.Context, cfg Config, args ...string) (string, error) {
	cmd := torgCommand(ctx, cfg, args...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("drill: torg %s: %w: %s", args[0], err, strings.TrimSpace(errOut.String()))
	}
	return strings.TrimSpace(out.String()), nil
}

// torgCommand returns the command running torg with args.
func torgCommand(ctx context.Context, cfg Config, args ...string) *exec.Cmd {
	argv := append(append([]string{}, cfg.Command[1:]...), args...)
	cmd := exec.CommandContext(ctx, cfg.Command[0], argv...)
	cmd.Env = environ(cfg.Env)
	return cmd
}

// environ is the drill's environment without TORG_* settings, plus extra.
func environ(extra []string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "TORG_") {
			env = append(env, kv)
		}
	}
	return append(env, extra...)
}
