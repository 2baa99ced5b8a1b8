// Package drill holds torg's drills: runs that break a real server on
// purpose and check that nothing it acknowledged was lost.
//
// The crash drill (Crash) starts torg as a separate process on SQLite,
// drives concurrent writes through the JSON API and kills the process with
// SIGKILL at random moments, many times. After each kill it checks, with
// the server down, that every write answered 2xx is in the database, that
// writes without an answer are wholly present or wholly absent, that
// SQLite's integrity check passes and that the audit chain verifies.
package drill

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"time"
)

// Config says how to run the crash drill.
type Config struct {
	// Command runs torg: the executable and any arguments before the
	// subcommand (for a test binary that acts as torg, just its path).
	Command []string
	// Env is the environment of the torg processes. TORG_* settings of
	// the drill's own environment are never passed on, so that the
	// server cannot end up on another database.
	Env []string
	// Data is the data folder; it must not exist or be empty. Empty means
	// a temporary folder, removed afterwards.
	Data string
	// Kills is how many times the server is killed.
	Kills int
	// Clients is the number of concurrent writers.
	Clients int
	// MinDelay and MaxDelay bound the random time from the server being
	// ready to the kill.
	MinDelay, MaxDelay time.Duration
	// Seed seeds the random delays and the mix of writes; 0 picks one.
	Seed uint64
	// Progress, if not nil, gets a line per kill.
	Progress io.Writer
}

func (c *Config) defaults() error {
	if len(c.Command) == 0 {
		return errors.New("drill: no torg command")
	}
	if c.Kills <= 0 {
		c.Kills = 100
	}
	if c.Clients <= 0 {
		c.Clients = 8
	}
	if c.MaxDelay <= 0 {
		c.MaxDelay = 1500 * time.Millisecond
	}
	if c.MinDelay <= 0 || c.MinDelay > c.MaxDelay {
		c.MinDelay = min(100*time.Millisecond, c.MaxDelay)
	}
	if c.Seed == 0 {
		c.Seed = rand.Uint64()
	}
	if c.Progress == nil {
		c.Progress = io.Discard
	}
	return nil
}

// Crash runs the crash drill. It returns an error only when the drill
// itself could not run (no server, no database); what the drill finds is
// in the Result, whose OK says whether torg passed.
func Crash(ctx context.Context, cfg Config) (*Result, error) {
	if err := cfg.defaults(); err != nil {
		return nil, err
	}
	if cfg.Data == "" {
		dir, err := os.MkdirTemp("", "torg-drill-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(dir)
		cfg.Data = dir
	}
	d := &crashDrill{cfg: cfg, rng: rand.New(rand.NewPCG(cfg.Seed, cfg.Seed^0x9e3779b97f4a7c15)),
		res: &Result{Seed: cfg.Seed, Clients: cfg.Clients, MinDelay: cfg.MinDelay.String(), MaxDelay: cfg.MaxDelay.String(),
			Failures: []string{}},
		ledger: newLedger()}
	d.res.Started = time.Now().UTC()
	err := d.run(ctx)
	d.res.Finished = time.Now().UTC()
	d.res.Seconds = d.res.Finished.Sub(d.res.Started).Seconds()
	d.res.Acknowledged = d.ledger.acknowledged()
	d.res.AcknowledgedBy = d.ledger.counts()
	return d.res, err
}

// crashDrill is one run of the crash drill.
type crashDrill struct {
	cfg    Config
	rng    *rand.Rand
	res    *Result
	ledger *ledger
	setup  *setup
}

func (d *crashDrill) run(ctx context.Context) error {
	s, err := prepare(ctx, d.cfg)
	if err != nil {
		return err
	}
	d.setup = s
	for i := 1; i <= d.cfg.Kills; i++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := d.round(ctx, i); err != nil {
			return fmt.Errorf("drill: kill %d: %w", i, err)
		}
	}
	// One last start: the server must come up on what the last kill left
	// and answer the retried writes.
	return d.final(ctx)
}

// round starts the server, retries what the last round left unanswered,
// puts it under write load, kills it after a random delay and checks the
// database.
func (d *crashDrill) round(ctx context.Context, n int) error {
	srv, err := start(ctx, d.cfg, d.setup.data)
	if err != nil {
		return err
	}
	c := newClient(srv.base, d.setup)
	if err := d.retry(ctx, c); err != nil {
		srv.kill()
		return err
	}
	delay := d.cfg.MinDelay + time.Duration(d.rng.Int64N(int64(d.cfg.MaxDelay-d.cfg.MinDelay)+1))
	stats := runLoad(ctx, c, d.ledger, d.cfg.Clients, d.rng.Uint64(), delay, srv.kill)
	srv.kill() // already done, unless ctx ended the load first
	if err := srv.wait(); err != nil {
		return err
	}
	d.res.Kills++
	chk, err := check(ctx, d.setup.dbPath, d.ledger)
	if err != nil {
		return err
	}
	d.res.add(n, delay, stats, chk)
	fmt.Fprintf(d.cfg.Progress, "kill %3d after %5dms: %4d acknowledged, %2d unanswered, lost %d, partial %d, integrity %s, audit %s\n",
		n, delay.Milliseconds(), stats.acked, stats.unanswered, chk.lost, chk.partial, chk.integrity, chk.auditSummary())
	return nil
}

// retry sends again the inquiries of the last round that got no answer,
// with the same idempotency keys: one that was saved must come back as
// the same inquiry (200), one that was not must be made now (201).
func (d *crashDrill) retry(ctx context.Context, c *client) error {
	for _, w := range d.ledger.takeUnanswered() {
		if w.kind != writeInquiry {
			continue
		}
		status, id, err := c.inquiry(ctx, w)
		if err != nil {
			return fmt.Errorf("retry inquiry %s: %w", w.key, err)
		}
		d.res.Retried++
		want := 201
		if w.presentID != 0 {
			want = 200
		}
		if status != want || (w.presentID != 0 && id != w.presentID) {
			d.res.fail("retry of inquiry %s answered %d with id %d; its first attempt left id %d", w.key, status, id, w.presentID)
			continue
		}
		d.ledger.ack(w, id)
	}
	return nil
}

// final starts the server once more after the last kill, retries, stops
// it cleanly and checks once more.
func (d *crashDrill) final(ctx context.Context) error {
	srv, err := start(ctx, d.cfg, d.setup.data)
	if err != nil {
		return err
	}
	err = d.retry(ctx, newClient(srv.base, d.setup))
	srv.kill()
	if werr := srv.wait(); err == nil {
		err = werr
	}
	if err != nil {
		return err
	}
	chk, err := check(ctx, d.setup.dbPath, d.ledger)
	if err != nil {
		return err
	}
	d.res.add(0, 0, loadStats{}, chk)
	return nil
}
