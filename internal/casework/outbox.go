package casework

import (
	"context"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/outbox"
	"github.com/torg-kommune/torg/internal/store"
)

// OutboxView is what administrators see of outgoing messages: the paper
// post's print batches, the log of SMS and e-mail the embedded channels
// stood in for, its recipients masked, and messages that could not be
// delivered.
type OutboxView struct {
	Batches []store.PrintBatch
	Log     []store.LogEntry
	Failed  []store.OutboxMessage
}

func canSeeOutbox(a *torg.Employee) error {
	if a.Has(torg.RoleAdmin) || a.Has(torg.RoleLeader) {
		return nil
	}
	return errForbidden
}

// Outbox returns the municipality's print batches, channel log and failed
// messages, newest first. Reading the log is audited: it holds messages
// to citizens.
func (s *Service) Outbox(ctx context.Context, a *torg.Employee) (*OutboxView, error) {
	if err := canSeeOutbox(a); err != nil {
		return nil, err
	}
	r := s.db.R()
	v := &OutboxView{}
	var err error
	if v.Batches, err = r.PrintBatches(ctx, a.MunicipalityID, 50); err != nil {
		return nil, err
	}
	if v.Log, err = r.ChannelLog(ctx, a.MunicipalityID, 100); err != nil {
		return nil, err
	}
	for i, e := range v.Log { // the reader checks what went out, not whose number it went to
		v.Log[i].Recipient = outbox.MaskRecipient(outbox.Message{Channel: e.Channel, Recipient: e.Recipient})
	}
	if v.Failed, err = r.FailedOutbox(ctx, a.MunicipalityID, 100); err != nil {
		return nil, err
	}
	return v, s.auditRead(ctx, a, "outbox.read", "outbox:*")
}

// MakePrintBatch gathers the letters waiting for paper post into one PDF
// to print (DC2.9 for citizens reserved against digital post). It returns
// nil when no letter waits.
func (s *Service) MakePrintBatch(ctx context.Context, a *torg.Employee) (*store.PrintBatch, error) {
	if err := canSeeOutbox(a); err != nil {
		return nil, err
	}
	pq := &outbox.PrintQueue{DB: s.db, Clock: s.clock}
	b, err := pq.Batch(ctx, a.MunicipalityID)
	if err != nil || b == nil {
		return b, err
	}
	return b, s.auditRead(ctx, a, "print.batch", obj("print_batch", b.ID))
}

// PrintBatchPDF returns a print batch's PDF.
func (s *Service) PrintBatchPDF(ctx context.Context, a *torg.Employee, id int64) ([]byte, error) {
	if err := canSeeOutbox(a); err != nil {
		return nil, err
	}
	bs, err := s.db.R().PrintBatches(ctx, a.MunicipalityID, 1000)
	if err != nil {
		return nil, err
	}
	for _, b := range bs {
		if b.ID == id {
			if err := s.auditRead(ctx, a, "print.download", obj("print_batch", id)); err != nil {
				return nil, err
			}
			return s.db.R().Blob(ctx, b.DocumentSHA256)
		}
	}
	return nil, notFound()
}
