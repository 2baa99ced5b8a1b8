package drill

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/torg-kommune/torg/internal/store"
)

// TestCheckFindsLossAndHalves makes sure the checker can fail: an
// acknowledged write that is not there is lost, and an inquiry's record
// without its inquiry is a half-written write.
func TestCheckFindsLossAndHalves(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "torg.db")
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	db.Close()
	raw, err := openRaw(path)
	if err != nil {
		t.Fatal(err)
	}
	half := &write{kind: writeInquiry, key: "half"}
	// Foreign keys are off on this connection: only the marker matters.
	if _, err := raw.Exec(`INSERT INTO records (id, municipality_id, case_id, number, type, status, title, body, created_by, created_at)
		VALUES (7, 1, 1, 1, 'I', 'J', 't', $1, 1, 0)`, half.marker()); err != nil {
		t.Fatal(err)
	}
	raw.Close()

	l := newLedger()
	l.ack(&write{kind: writeNote, key: "gone", caseID: 1}, 99)
	l.miss(half)
	l.miss(&write{kind: writeInquiry, key: "never"})
	res, err := check(ctx, path, l)
	if err != nil {
		t.Fatal(err)
	}
	if res.lost != 1 || res.integrity != "ok" || res.auditErr != "" {
		t.Errorf("lost %d, integrity %q, audit %q; want 1 lost, ok, intact", res.lost, res.integrity, res.auditErr)
	}
	// The half-written inquiry counts once as itself and once as an orphan.
	if res.partial != 2 || res.absent != 1 {
		t.Errorf("partial %d, absent %d; want 2 and 1: %v", res.partial, res.absent, res.failures)
	}
}
