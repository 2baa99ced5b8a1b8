package drill

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/store"
)

// checkResult is what one check after a kill found.
type checkResult struct {
	lost      int    // acknowledged writes not in the database
	partial   int    // writes in the database in part
	present   int    // unanswered writes that were saved
	absent    int    // unanswered writes that were not
	integrity string // PRAGMA integrity_check's answer
	auditN    int    // audit events that verify
	auditErr  string // where the chain breaks, if it does
	failures  []string
}

func (c *checkResult) auditSummary() string {
	if c.auditErr != "" {
		return "BROKEN"
	}
	return fmt.Sprintf("ok (%d events)", c.auditN)
}

func (c *checkResult) fail(format string, args ...any) {
	if len(c.failures) < 20 {
		c.failures = append(c.failures, fmt.Sprintf(format, args...))
	}
}

// snapshot is what the drill's writes left in the database, by marker.
type snapshot struct {
	inquiries map[string]inquiryRow
	records   map[string][]int64 // body → ids
	tasks     map[string][]taskRow
	notes     map[string][]int64 // body → ids
	taskByID  map[int64]taskRow
}

type inquiryRow struct{ id, recordID, taskID int64 }

type taskRow struct {
	id   int64
	done bool
}

// check examines the database with the server down.
func check(ctx context.Context, path string, l *ledger) (*checkResult, error) {
	raw, err := openRaw(path)
	if err != nil {
		return nil, err
	}
	defer raw.Close()
	res := &checkResult{}
	if err := raw.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&res.integrity); err != nil {
		return nil, fmt.Errorf("integrity check: %w", err)
	}
	snap, err := load(ctx, raw)
	if err != nil {
		return nil, err
	}
	raw.Close()
	for _, w := range l.all() {
		checkAcked(res, snap, w)
	}
	for _, w := range l.pending() {
		checkUnanswered(res, snap, w)
	}
	checkOrphans(res, snap)
	return res, verifyAudit(ctx, path, res)
}

// verifyAudit runs the check of torg audit verify.
func verifyAudit(ctx context.Context, path string, res *checkResult) error {
	db, err := store.Open(ctx, path)
	if err != nil {
		return err
	}
	defer db.Close()
	n, err := casework.VerifyAudit(ctx, db)
	res.auditN = n
	var broken *casework.AuditBreak
	if errors.As(err, &broken) {
		res.auditErr = fmt.Sprintf("event %d: %s", broken.Seq, broken.Why)
		res.fail("audit chain broken at %s", res.auditErr)
		return nil
	}
	return err
}

// load reads every row the drill's writes can have left.
func load(ctx context.Context, db *sql.DB) (*snapshot, error) {
	s := &snapshot{inquiries: map[string]inquiryRow{}, records: map[string][]int64{}, tasks: map[string][]taskRow{},
		notes: map[string][]int64{}, taskByID: map[int64]taskRow{}}
	err := scanRows(ctx, db, `SELECT summary, id, record_id, COALESCE(task_id, 0) FROM inquiries WHERE summary LIKE 'drill %'`,
		func(r *sql.Rows) error {
			var m string
			var q inquiryRow
			if err := r.Scan(&m, &q.id, &q.recordID, &q.taskID); err != nil {
				return err
			}
			s.inquiries[m] = q
			return nil
		})
	if err == nil {
		err = scanIDs(ctx, db, `SELECT body, id FROM records WHERE body LIKE 'drill %'`, s.records)
	}
	if err == nil {
		err = scanIDs(ctx, db, `SELECT body, id FROM notes WHERE body LIKE 'drill %'`, s.notes)
	}
	if err == nil {
		err = scanRows(ctx, db, `SELECT detail, id, done_at FROM tasks WHERE detail LIKE 'drill %'`, func(r *sql.Rows) error {
			var m string
			var t taskRow
			var doneAt int64
			if err := r.Scan(&m, &t.id, &doneAt); err != nil {
				return err
			}
			t.done = doneAt != 0
			s.tasks[m] = append(s.tasks[m], t)
			s.taskByID[t.id] = t
			return nil
		})
	}
	if err != nil {
		return nil, fmt.Errorf("drill: read the database: %w", err)
	}
	return s, nil
}

func scanIDs(ctx context.Context, db *sql.DB, query string, into map[string][]int64) error {
	return scanRows(ctx, db, query, func(r *sql.Rows) error {
		var m string
		var id int64
		if err := r.Scan(&m, &id); err != nil {
			return err
		}
		into[m] = append(into[m], id)
		return nil
	})
}

func scanRows(ctx context.Context, db *sql.DB, query string, fn func(*sql.Rows) error) error {
	rows, err := db.QueryContext(ctx, query)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// checkAcked counts an acknowledged write missing from the database as
// lost.
func checkAcked(res *checkResult, s *snapshot, w *write) {
	ok := true
	switch w.kind {
	case writeInquiry:
		q, found := s.inquiries[w.marker()]
		ok = found && q.id == w.id && q.taskID == w.taskID && s.wholeInquiry(w, q)
	case writeNote:
		ok = containsID(s.notes[w.marker()], w.id)
	case writeComplete:
		ok = s.taskByID[w.taskID].done
	}
	if !ok {
		res.lost++
		res.fail("acknowledged %s %s (id %d) is not in the database", w.kind, w.key, w.id)
	}
}

// wholeInquiry reports whether an inquiry's record, note and task are all
// there, once each.
func (s *snapshot) wholeInquiry(w *write, q inquiryRow) bool {
	recs, tasks, notes := s.records[w.marker()], s.tasks[w.marker()], s.notes[w.noteMarker()]
	return len(recs) == 1 && recs[0] == q.recordID && len(tasks) == 1 && tasks[0].id == q.taskID && len(notes) == 1
}

// checkUnanswered requires a write without an answer to be wholly in the
// database or wholly absent, and notes which it is for the retry.
func checkUnanswered(res *checkResult, s *snapshot, w *write) {
	switch w.kind {
	case writeInquiry:
		q, found := s.inquiries[w.marker()]
		switch {
		case found && s.wholeInquiry(w, q):
			w.presentID = q.id
			res.present++
		case !found && len(s.records[w.marker()])+len(s.tasks[w.marker()])+len(s.notes[w.noteMarker()]) == 0:
			w.presentID = 0
			res.absent++
		default:
			res.partial++
			res.fail("unanswered inquiry %s is in the database in part", w.key)
		}
	case writeNote:
		switch n := len(s.notes[w.marker()]); n {
		case 0:
			res.absent++
		case 1:
			res.present++
		default:
			res.partial++
			res.fail("unanswered note %s is in the database %d times", w.key, n)
		}
	case writeComplete:
		if s.taskByID[w.taskID].done {
			res.present++
		} else {
			res.absent++
		}
	}
}

// checkOrphans finds rows of an inquiry whose inquiry row is missing:
// the half of a write that must not exist.
func checkOrphans(res *checkResult, s *snapshot) {
	orphan := func(m string) {
		res.partial++
		res.fail("%q is in the database without its inquiry", m)
	}
	for m := range s.records {
		if _, ok := s.inquiries[m]; !ok {
			orphan(m)
		}
	}
	for m := range s.tasks {
		if _, ok := s.inquiries[m]; !ok {
			orphan(m)
		}
	}
	for m := range s.notes {
		if key, ok := strings.CutPrefix(m, "drill inquiry-note "); ok {
			if _, ok := s.inquiries["drill inquiry "+key]; !ok {
				orphan(m)
			}
		}
	}
}
