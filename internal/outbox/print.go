package outbox

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/store"
)

var errNoPerson = errors.New("the message has no person to deliver to")

// PrintQueue is the default paper-post channel. Delivering a message puts
// it in the municipality's print queue; Batch turns the queue into one PDF
// file for the print service.
type PrintQueue struct {
	DB       *store.DB
	Clock    torg.Clock
	Batcher  Batcher // PDFBatcher{} if nil
	MaxBatch int     // letters per batch; 500 if 0
}

// Name returns store.ChannelPrint.
func (*PrintQueue) Name() string { return store.ChannelPrint }

// DeliverTx queues msg for printing within q's transaction.
func (*PrintQueue) DeliverTx(ctx context.Context, q *store.Q, msg Message, now time.Time) error {
	return q.QueuePrint(ctx, msg, now)
}

// Deliver queues msg for printing in a transaction of its own.
func (c *PrintQueue) Deliver(ctx context.Context, msg Message) error {
	return c.DB.Write(ctx, func(q *store.Q) error { return c.DeliverTx(ctx, q, msg, c.Clock.Now()) })
}

// BatchItem is one letter of a print batch: the message and, if it has
// one, its document (a PDF) from the blob store.
type BatchItem struct {
	Message  Message
	Document []byte
}

// Batcher makes the one PDF file of a print batch.
type Batcher interface {
	Batch(ctx context.Context, items []BatchItem, now time.Time) ([]byte, error)
}

// Batch takes up to MaxBatch letters from a municipality's print queue and
// makes them one PDF batch, stored in blobs and recorded with its letters.
// It returns nil if the queue is empty. If another node batched some of
// the same letters meanwhile, it is ECONFLICT and nothing is recorded.
func (c *PrintQueue) Batch(ctx context.Context, municipalityID int64) (*store.PrintBatch, error) {
	items, err := c.queued(ctx, municipalityID)
	if err != nil || len(items) == 0 {
		return nil, err
	}
	now := c.Clock.Now()
	var batcher Batcher = PDFBatcher{}
	if c.Batcher != nil {
		batcher = c.Batcher
	}
	pdf, err := batcher.Batch(ctx, items, now)
	if err != nil {
		return nil, fmt.Errorf("outbox: print batch: %w", err)
	}
	sum := sha256.Sum256(pdf)
	b := &store.PrintBatch{MunicipalityID: municipalityID, DocumentSHA256: hex.EncodeToString(sum[:])}
	ids := make([]int64, len(items))
	for i, it := range items {
		ids[i] = it.Message.ID
	}
	err = c.DB.Write(ctx, func(q *store.Q) error {
		if err := q.PutBlob(ctx, b.DocumentSHA256, pdf); err != nil {
			return err
		}
		return q.CreatePrintBatch(ctx, b, ids, now)
	})
	if err != nil {
		return nil, fmt.Errorf("outbox: print batch: %w", err)
	}
	return b, nil
}

// queued reads the letters waiting in the queue with their documents.
func (c *PrintQueue) queued(ctx context.Context, municipalityID int64) ([]BatchItem, error) {
	ms, err := c.DB.R().PrintQueue(ctx, municipalityID, orDefault(c.MaxBatch, 500))
	if err != nil {
		return nil, err
	}
	items := make([]BatchItem, len(ms))
	for i, m := range ms {
		items[i].Message = m
		if m.DocumentSHA256 == "" {
			continue
		}
		if items[i].Document, err = c.DB.R().Blob(ctx, m.DocumentSHA256); err != nil {
			return nil, fmt.Errorf("outbox: print batch: document of message %d: %w", m.ID, err)
		}
	}
	return items, nil
}

// orDefault returns n, or def if n is not positive.
func orDefault(n, def int) int {
	if n > 0 {
		return n
	}
	return def
}
