package casework

import (
	"context"
	"fmt"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/store"
)

// audit appends an event to the audit log inside the caller's transaction.
func (s *Service) audit(ctx context.Context, q *store.Q, a *torg.Employee, action, object string, personID int64, detail string) error {
	return q.AppendAudit(ctx, &torg.AuditEvent{MunicipalityID: a.MunicipalityID, At: s.now(), ActorID: a.ID,
		Action: action, Object: object, PersonID: personID, Detail: detail})
}

// auditRead records that a read personal data, before the data is shown:
// if the audit cannot be written, the data is not shown either.
func (s *Service) auditRead(ctx context.Context, a *torg.Employee, action, object string, personIDs ...int64) error {
	return s.db.Write(ctx, func(q *store.Q) error {
		if len(personIDs) == 0 {
			return s.audit(ctx, q, a, action, object, 0, "")
		}
		for _, id := range personIDs {
			if err := s.audit(ctx, q, a, action, object, id, ""); err != nil {
				return err
			}
		}
		return nil
	})
}

func obj(kind string, id int64) string { return fmt.Sprintf("%s:%d", kind, id) }

// AuditBreak is the first audit event whose hash or link does not hold.
type AuditBreak struct {
	Seq int64
	Why string
}

func (b *AuditBreak) Error() string { return fmt.Sprintf("audit event %d: %s", b.Seq, b.Why) }

// VerifyAudit walks the audit log in order, recomputing each hash and
// following the links. It returns how many events hold; at the first that
// does not, it returns an *AuditBreak.
func VerifyAudit(ctx context.Context, db *store.DB) (int, error) {
	n, prev := 0, ""
	err := db.R().AuditEvents(ctx, 0, func(e *torg.AuditEvent) error {
		switch {
		case e.PrevHash != prev:
			return &AuditBreak{e.Seq, "its link to the event before does not match"}
		case store.AuditHash(e) != e.Hash:
			return &AuditBreak{e.Seq, "its content does not match its hash"}
		}
		prev = e.Hash
		n++
		return nil
	})
	return n, err
}
