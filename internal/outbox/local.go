package outbox

import (
	"context"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/store"
)

// Mailbox is the default digital-post channel: the citizen's mailbox in
// torg's portal. A message goes in once, however often it is delivered.
type Mailbox struct {
	DB    *store.DB
	Clock torg.Clock
}

// Name returns store.ChannelMailbox.
func (*Mailbox) Name() string { return store.ChannelMailbox }

// DeliverTx puts msg in its person's mailbox within q's transaction.
func (*Mailbox) DeliverTx(ctx context.Context, q *store.Q, msg Message, now time.Time) error {
	if msg.PersonID == 0 {
		return Permanent(errNoPerson)
	}
	return q.PutMailbox(ctx, msg, now)
}

// Deliver puts msg in its person's mailbox in a transaction of its own.
func (c *Mailbox) Deliver(ctx context.Context, msg Message) error {
	return c.DB.Write(ctx, func(q *store.Q) error { return c.DeliverTx(ctx, q, msg, c.Clock.Now()) })
}

// LogSink stands in for SMS or e-mail until a real adapter is configured:
// it writes each message to the channel log that administrators read.
type LogSink struct {
	DB      *store.DB
	Clock   torg.Clock
	Channel string // store.ChannelSMS or store.ChannelEmail
}

// Name returns the channel the sink stands in for.
func (c *LogSink) Name() string { return c.Channel }

// DeliverTx writes msg to the channel log within q's transaction.
func (*LogSink) DeliverTx(ctx context.Context, q *store.Q, msg Message, now time.Time) error {
	return q.LogMessage(ctx, msg, now)
}

// Deliver writes msg to the channel log in a transaction of its own.
func (c *LogSink) Deliver(ctx context.Context, msg Message) error {
	return c.DB.Write(ctx, func(q *store.Q) error { return c.DeliverTx(ctx, q, msg, c.Clock.Now()) })
}

// Defaults returns the embedded channels: the mailbox, the print queue
// with the text batcher, and log sinks for SMS and e-mail.
func Defaults(db *store.DB, clock torg.Clock) []Channel {
	return []Channel{
		&Mailbox{DB: db, Clock: clock},
		&PrintQueue{DB: db, Clock: clock},
		&LogSink{DB: db, Clock: clock, Channel: store.ChannelSMS},
		&LogSink{DB: db, Clock: clock, Channel: store.ChannelEmail},
	}
}
