package store

import (
	"context"
	"fmt"
	"time"

	"github.com/torg-kommune/torg"
)

// Outbox channels.
const (
	ChannelMailbox = "mailbox" // the citizen's digital mailbox (torg's own, or digital post)
	ChannelPrint   = "print"   // paper post through the print queue
	ChannelSMS     = "sms"
	ChannelEmail   = "email"
)

// Outbox statuses.
const (
	OutboxPending = "pending" // waiting for its next attempt
	OutboxSending = "sending" // claimed by a node that is delivering it
	OutboxSent    = "sent"
	OutboxFailed  = "failed" // given up; a task tells people about it
)

// OutboxMessage is an outgoing message, written in the transaction of the
// change that causes it and delivered afterwards by the outbox.
type OutboxMessage struct {
	ID             int64
	MunicipalityID int64
	CaseID         int64  // 0: none
	PersonID       int64  // 0: none; the addressee for mailbox and print
	Channel        string // ChannelMailbox, ChannelPrint, ChannelSMS or ChannelEmail
	Recipient      string // phone number or e-mail address; for mailbox and print a label
	Subject        string
	Body           string
	DocumentSHA256 string // "" or a PDF in blobs
	IdempotencyKey string // unique; enqueueing the same key again is a no-op
	Status         string
	Attempts       int
	NextAttempt    time.Time
	ClaimedBy      string
	ClaimUntil     time.Time
	LastError      string
	Sent           time.Time
	Created        time.Time
}

const outboxCols = `id, municipality_id, COALESCE(case_id, 0), COALESCE(person_id, 0), channel, recipient, subject,
	body, COALESCE(document_sha256, ''), idempotency_key, status, attempts, next_attempt_at, claimed_by, claim_until,
	last_error, sent_at, created_at`

func scanOutbox(s interface{ Scan(...any) error }) (OutboxMessage, error) {
	var m OutboxMessage
	var next, until, sent, created int64
	err := s.Scan(&m.ID, &m.MunicipalityID, &m.CaseID, &m.PersonID, &m.Channel, &m.Recipient, &m.Subject, &m.Body,
		&m.DocumentSHA256, &m.IdempotencyKey, &m.Status, &m.Attempts, &next, &m.ClaimedBy, &until, &m.LastError,
		&sent, &created)
	m.NextAttempt, m.ClaimUntil = fromMicros(next), fromMicros(until)
	m.Sent, m.Created = fromMicros(sent), fromMicros(created)
	return m, err
}

func nullText(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// Enqueue adds m to the outbox unless a message with its idempotency key
// exists; then it changes nothing and reports false. The message is due at
// m.NextAttempt, or at once if that is zero. When it inserts, it sets m's
// ID, Status, NextAttempt and Created.
func (q *Q) Enqueue(ctx context.Context, m *OutboxMessage, now time.Time) (bool, error) {
	due := m.NextAttempt
	if due.IsZero() {
		due = now
	}
	id, err := q.insert(ctx, `INSERT INTO outbox (municipality_id, case_id, person_id, channel, recipient, subject,
		body, document_sha256, idempotency_key, next_attempt_at, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (idempotency_key) DO NOTHING`,
		m.MunicipalityID, nullID(m.CaseID), nullID(m.PersonID), m.Channel, m.Recipient, m.Subject, m.Body,
		nullText(m.DocumentSHA256), m.IdempotencyKey, micros(due), micros(now))
	if torg.ErrorCode(err) == torg.ENOTFOUND {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: enqueue %q: %w", m.IdempotencyKey, err)
	}
	m.ID, m.Status, m.NextAttempt, m.Created = id, OutboxPending, due, now
	return true, nil
}

// OutboxByKey returns the message with an idempotency key.
func (q *Q) OutboxByKey(ctx context.Context, key string) (OutboxMessage, error) {
	m, err := scanOutbox(q.ex.QueryRowContext(ctx, `SELECT `+outboxCols+` FROM outbox WHERE idempotency_key = $1`, key))
	if err != nil {
		return m, fmt.Errorf("store: outbox %q: %w", key, mapError(err))
	}
	return m, nil
}

// FailedOutbox lists a municipality's messages that were given up, newest first.
func (q *Q) FailedOutbox(ctx context.Context, municipalityID int64, limit int) ([]OutboxMessage, error) {
	rows, err := q.query(ctx, `SELECT `+outboxCols+` FROM outbox WHERE municipality_id = $1 AND status = 'failed'
		ORDER BY id DESC LIMIT $2`, municipalityID, limit)
	if err != nil {
		return nil, fmt.Errorf("store: failed outbox: %w", err)
	}
	return collect(rows, scanOutbox)
}

// CountOutbox returns how many messages have status.
func (q *Q) CountOutbox(ctx context.Context, status string) (int64, error) {
	var n int64
	if err := q.ex.QueryRowContext(ctx, `SELECT count(*) FROM outbox WHERE status = $1`, status).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count outbox: %w", err)
	}
	return n, nil
}

// ClaimOutbox claims up to limit messages for node until now+lease: due
// pending messages, oldest first, and messages whose sender's lease ran out
// (it died mid-delivery). Each claim counts as an attempt. Call it in a
// write transaction; on PostgreSQL concurrent nodes claim different rows.
func (q *Q) ClaimOutbox(ctx context.Context, node string, now time.Time, lease time.Duration, limit int) ([]OutboxMessage, error) {
	expired, err := q.claimOutbox(ctx, `status = 'sending' AND claim_until <= $3 ORDER BY claim_until, id`,
		node, now, lease, limit)
	if err != nil || len(expired) == limit {
		return expired, err
	}
	due, err := q.claimOutbox(ctx, `status = 'pending' AND next_attempt_at <= $3 ORDER BY next_attempt_at, id`,
		node, now, lease, limit-len(expired))
	return append(expired, due...), err
}

func (q *Q) claimOutbox(ctx context.Context, where, node string, now time.Time, lease time.Duration, limit int) ([]OutboxMessage, error) {
	rows, err := q.query(ctx, `WITH c AS (SELECT id AS cid FROM outbox WHERE `+where+` LIMIT $4`+q.skipLocked()+`)
		UPDATE outbox SET status = 'sending', claimed_by = $1, claim_until = $2, attempts = attempts + 1
		FROM c WHERE outbox.id = c.cid RETURNING `+outboxCols,
		node, micros(now.Add(lease)), micros(now), limit)
	if err != nil {
		return nil, fmt.Errorf("store: claim outbox: %w", err)
	}
	return collect(rows, scanOutbox)
}

// MarkSent records that message id was delivered. Whoever delivered it may
// mark it, even after its lease ran out: delivered is delivered. A message
// already sent or given up is left alone (ErrLeaseLost).
func (q *Q) MarkSent(ctx context.Context, id int64, now time.Time) error {
	res, err := q.exec(ctx, `UPDATE outbox SET status = 'sent', sent_at = $1, claimed_by = '', claim_until = 0,
		last_error = '' WHERE id = $2 AND status IN ('pending', 'sending')`, micros(now), id)
	return oneClaimed(res, err, "mark sent", id)
}

// MarkFailed records a failed attempt at message id by node and puts it
// back in the queue for nextAttempt. It is ErrLeaseLost if node no longer
// holds the message.
func (q *Q) MarkFailed(ctx context.Context, id int64, node, deliveryErr string, nextAttempt time.Time) error {
	res, err := q.exec(ctx, `UPDATE outbox SET status = 'pending', next_attempt_at = $1, last_error = $2,
		claimed_by = '', claim_until = 0 WHERE id = $3 AND status = 'sending' AND claimed_by = $4`,
		micros(nextAttempt), deliveryErr, id, node)
	return oneClaimed(res, err, "mark failed", id)
}

// GiveUp records that message id held by node cannot be delivered: it stays
// in the outbox with status failed. The caller creates the task that tells
// people, in the same transaction.
func (q *Q) GiveUp(ctx context.Context, id int64, node, deliveryErr string) error {
	res, err := q.exec(ctx, `UPDATE outbox SET status = 'failed', last_error = $1, claimed_by = '', claim_until = 0
		WHERE id = $2 AND status = 'sending' AND claimed_by = $3`, deliveryErr, id, node)
	return oneClaimed(res, err, "give up", id)
}

// MailboxMessage is a message in a citizen's digital mailbox in torg.
type MailboxMessage struct {
	ID             int64
	MunicipalityID int64
	PersonID       int64
	OutboxID       int64
	Subject        string
	Body           string
	DocumentSHA256 string
	Created        time.Time
	Read           time.Time
}

// PutMailbox delivers outbox message m to its person's mailbox, once: a
// second delivery of the same message changes nothing.
func (q *Q) PutMailbox(ctx context.Context, m OutboxMessage, now time.Time) error {
	_, err := q.exec(ctx, `INSERT INTO mailbox_messages (municipality_id, person_id, outbox_id, subject, body,
		document_sha256, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (outbox_id) DO NOTHING`,
		m.MunicipalityID, m.PersonID, m.ID, m.Subject, m.Body, nullText(m.DocumentSHA256), micros(now))
	if err != nil {
		return fmt.Errorf("store: put mailbox message %d: %w", m.ID, err)
	}
	return nil
}

// Mailbox lists a person's mailbox, newest first.
func (q *Q) Mailbox(ctx context.Context, personID int64) ([]MailboxMessage, error) {
	rows, err := q.query(ctx, `SELECT id, municipality_id, person_id, outbox_id, subject, body,
		COALESCE(document_sha256, ''), created_at, read_at FROM mailbox_messages WHERE person_id = $1
		ORDER BY id DESC`, personID)
	if err != nil {
		return nil, fmt.Errorf("store: mailbox: %w", err)
	}
	return collect(rows, func(s interface{ Scan(...any) error }) (MailboxMessage, error) {
		var m MailboxMessage
		var created, read int64
		err := s.Scan(&m.ID, &m.MunicipalityID, &m.PersonID, &m.OutboxID, &m.Subject, &m.Body, &m.DocumentSHA256,
			&created, &read)
		m.Created, m.Read = fromMicros(created), fromMicros(read)
		return m, err
	})
}

// MarkMailboxRead marks a person's mailbox message read, once.
func (q *Q) MarkMailboxRead(ctx context.Context, personID, id int64, now time.Time) error {
	_, err := q.exec(ctx, `UPDATE mailbox_messages SET read_at = $1 WHERE id = $2 AND person_id = $3 AND read_at = 0`,
		micros(now), id, personID)
	return err
}

// QueuePrint puts outbox message m in its municipality's print queue, once.
func (q *Q) QueuePrint(ctx context.Context, m OutboxMessage, now time.Time) error {
	_, err := q.exec(ctx, `INSERT INTO print_items (outbox_id, municipality_id, created_at) VALUES ($1, $2, $3)
		ON CONFLICT (outbox_id) DO NOTHING`, m.ID, m.MunicipalityID, micros(now))
	if err != nil {
		return fmt.Errorf("store: queue print %d: %w", m.ID, err)
	}
	return nil
}

// PrintQueue lists up to limit messages in a municipality's print queue
// that no batch has taken yet, in the order they were queued.
func (q *Q) PrintQueue(ctx context.Context, municipalityID int64, limit int) ([]OutboxMessage, error) {
	rows, err := q.query(ctx, `SELECT `+outboxCols+` FROM outbox WHERE id IN (SELECT outbox_id FROM print_items
		WHERE municipality_id = $1 AND batch_id IS NULL) ORDER BY id LIMIT $2`, municipalityID, limit)
	if err != nil {
		return nil, fmt.Errorf("store: print queue: %w", err)
	}
	return collect(rows, scanOutbox)
}

// PrintBatch is one PDF file of letters for the print service.
type PrintBatch struct {
	ID             int64
	MunicipalityID int64
	DocumentSHA256 string // the merged PDF in blobs
	Count          int
	Created        time.Time
}

// CreatePrintBatch records batch b, whose PDF must be in blobs already, as
// holding the queued messages outboxIDs. If another batch took any of them
// meanwhile, it is ECONFLICT and the caller's transaction must roll back.
func (q *Q) CreatePrintBatch(ctx context.Context, b *PrintBatch, outboxIDs []int64, now time.Time) error {
	if len(outboxIDs) == 0 {
		return fmt.Errorf("store: create print batch: %w", torg.Errorf(torg.EINVALID, "error.invalid"))
	}
	id, err := q.insert(ctx, `INSERT INTO print_batches (municipality_id, created_at, document_sha256, count)
		VALUES ($1, $2, $3, $4)`, b.MunicipalityID, micros(now), b.DocumentSHA256, len(outboxIDs))
	if err != nil {
		return fmt.Errorf("store: create print batch: %w", err)
	}
	args := []any{id, b.MunicipalityID}
	for _, o := range outboxIDs {
		args = append(args, o)
	}
	res, err := q.exec(ctx, `UPDATE print_items SET batch_id = $1 WHERE municipality_id = $2 AND batch_id IS NULL
		AND outbox_id IN (`+placeholders(3, len(outboxIDs))+`)`, args...)
	if err != nil {
		return fmt.Errorf("store: create print batch: %w", err)
	}
	if n, _ := res.RowsAffected(); n != int64(len(outboxIDs)) {
		return fmt.Errorf("store: create print batch: %w", torg.Errorf(torg.ECONFLICT, "error.conflict"))
	}
	b.ID, b.Count, b.Created = id, len(outboxIDs), now
	return nil
}

// PrintBatches lists a municipality's print batches, newest first.
func (q *Q) PrintBatches(ctx context.Context, municipalityID int64, limit int) ([]PrintBatch, error) {
	rows, err := q.query(ctx, `SELECT id, municipality_id, document_sha256, count, created_at FROM print_batches
		WHERE municipality_id = $1 ORDER BY id DESC LIMIT $2`, municipalityID, limit)
	if err != nil {
		return nil, fmt.Errorf("store: print batches: %w", err)
	}
	return collect(rows, func(s interface{ Scan(...any) error }) (PrintBatch, error) {
		var b PrintBatch
		var created int64
		err := s.Scan(&b.ID, &b.MunicipalityID, &b.DocumentSHA256, &b.Count, &created)
		b.Created = fromMicros(created)
		return b, err
	})
}

// LogEntry is a message written to the log sink that stands in for SMS or
// e-mail until a real adapter is configured.
type LogEntry struct {
	ID             int64
	MunicipalityID int64
	Channel        string
	Recipient      string
	Subject        string
	Body           string
	OutboxID       int64
	Created        time.Time
}

// LogMessage writes outbox message m to the channel log, once.
func (q *Q) LogMessage(ctx context.Context, m OutboxMessage, now time.Time) error {
	_, err := q.exec(ctx, `INSERT INTO channel_log (municipality_id, channel, recipient, subject, body, outbox_id,
		created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (outbox_id) DO NOTHING`,
		m.MunicipalityID, m.Channel, m.Recipient, m.Subject, m.Body, m.ID, micros(now))
	if err != nil {
		return fmt.Errorf("store: log message %d: %w", m.ID, err)
	}
	return nil
}

// ChannelLog lists up to limit entries of a municipality's channel log,
// newest first.
func (q *Q) ChannelLog(ctx context.Context, municipalityID int64, limit int) ([]LogEntry, error) {
	rows, err := q.query(ctx, `SELECT id, municipality_id, channel, recipient, subject, body, outbox_id, created_at
		FROM channel_log WHERE municipality_id = $1 ORDER BY id DESC LIMIT $2`, municipalityID, limit)
	if err != nil {
		return nil, fmt.Errorf("store: channel log: %w", err)
	}
	return collect(rows, func(s interface{ Scan(...any) error }) (LogEntry, error) {
		var e LogEntry
		var created int64
		err := s.Scan(&e.ID, &e.MunicipalityID, &e.Channel, &e.Recipient, &e.Subject, &e.Body, &e.OutboxID, &created)
		e.Created = fromMicros(created)
		return e, err
	})
}
