// Package outbox delivers the messages that torg's changes leave in the
// outbox table: to the citizen's digital mailbox, to the print queue, by
// SMS and by e-mail.
//
// A message is a row written in the same transaction as the change that
// causes it, so a message exists if and only if its change was committed.
// A Deliverer claims due rows with a lease, hands each to its Channel and
// records the result; a failed attempt is retried with backoff, and a
// message that keeps failing is given up and becomes a task for people,
// never a silent loss.
//
// Delivery is at least once: a node can die after a channel accepted a
// message and before the row was marked sent, and then the message is
// delivered again. What is exactly once is the effect at the receiver,
// through the message's idempotency key:
//
//   - the embedded channels (Mailbox, PrintQueue, LogSink) write their row
//     in the same transaction that marks the message sent, and their rows
//     are unique per outbox message besides, so they take effect once;
//   - HTTPSMS sends the key as the message ID and as an Idempotency-Key
//     header, and SMTP derives the Message-ID header from it, so a gateway
//     or mail server that drops duplicates by ID shows each message once.
//     A gateway that ignores the key can deliver a duplicate in that crash
//     window; no sender can prevent that without the receiver's help.
package outbox

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/torg-kommune/torg/internal/store"
)

// Message is an outgoing message as the outbox stores it.
type Message = store.OutboxMessage

// Channel delivers messages of one kind. Deliver returns nil once the
// channel has accepted msg; an error wrapped by Permanent means that
// trying again cannot help, any other error is retried with backoff.
type Channel interface {
	Name() string // store.ChannelMailbox, store.ChannelPrint, store.ChannelSMS or store.ChannelEmail
	Deliver(ctx context.Context, msg Message) error
}

// TxChannel is a Channel whose delivery is a database write. The Deliverer
// runs DeliverTx in the transaction that marks the message sent, so the
// delivery and the record of it commit together.
type TxChannel interface {
	Channel
	DeliverTx(ctx context.Context, q *store.Q, msg Message, now time.Time) error
}

// PermanentError is a delivery error that retrying cannot cure, such as
// a rejected phone number.
type PermanentError struct{ Err error }

// Error returns the error's text with "permanent: " in front.
func (e *PermanentError) Error() string { return "permanent: " + e.Err.Error() }

// Unwrap returns the underlying error.
func (e *PermanentError) Unwrap() error { return e.Err }

// Permanent marks err as permanent: the message is given up at once.
func Permanent(err error) error { return &PermanentError{Err: err} }

// IsPermanent reports whether err is or wraps a PermanentError.
func IsPermanent(err error) bool {
	var p *PermanentError
	return errors.As(err, &p)
}

// NodeID returns a name for this process's claims that no other process
// shares, also not this one after a restart: host, process ID and a
// random part.
func NodeID() string {
	host, _ := os.Hostname()
	b := make([]byte, 4)
	rand.Read(b)
	return fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(b))
}
