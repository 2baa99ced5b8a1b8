package outbox

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/store"
)

// TaskFunc returns the task that tells people about message m, which could
// not be delivered (m.LastError says why). It runs in the transaction that
// gives m up; the Deliverer creates the task it returns.
type TaskFunc func(ctx context.Context, q *store.Q, m Message, now time.Time) (*torg.Task, error)

// FailureTask returns the default TaskFunc: an unassigned task, so the
// unit's leaders see it, in the unit of the message's case, or in
// units[municipality] for a message without a case. The task is made by
// the system (no creator). The title is in English: wrap the TaskFunc to
// translate it.
func FailureTask(units map[int64]int64) TaskFunc {
	return func(ctx context.Context, q *store.Q, m Message, now time.Time) (*torg.Task, error) {
		unit := units[m.MunicipalityID]
		if m.CaseID != 0 {
			c, err := q.Case(ctx, m.MunicipalityID, m.CaseID)
			if err != nil {
				return nil, err
			}
			unit = c.UnitID
		}
		if unit == 0 {
			return nil, fmt.Errorf("no unit for a message without a case in municipality %d", m.MunicipalityID)
		}
		return &torg.Task{MunicipalityID: m.MunicipalityID, UnitID: unit, CaseID: m.CaseID,
			Title: UndeliveredTitle(m), Detail: undeliveredDetail(m), Due: torg.DateOf(now)}, nil
	}
}

// UndeliveredTitle is the English title of the task for message m, with
// the recipient masked: "Message could not be delivered: sms to +47*****567".
func UndeliveredTitle(m Message) string {
	return fmt.Sprintf("Message could not be delivered: %s to %s", m.Channel, MaskRecipient(m))
}

func undeliveredDetail(m Message) string {
	return fmt.Sprintf("Subject: %s\nAttempts: %d\nLast error: %s\nOutbox message: %d (key %s)",
		m.Subject, m.Attempts, m.LastError, m.ID, m.IdempotencyKey)
}

// MaskRecipient returns m's recipient fit for a task title or a log line:
// an e-mail address keeps its first letter and domain, a phone number its
// first three and last three characters, and mailbox and print messages
// name the person by ID.
func MaskRecipient(m Message) string {
	r := m.Recipient
	switch {
	case m.Channel == store.ChannelMailbox || m.Channel == store.ChannelPrint || r == "":
		return fmt.Sprintf("person %d", m.PersonID)
	case strings.Contains(r, "@"):
		at := strings.LastIndex(r, "@")
		first := []rune(r[:at])
		if len(first) == 0 {
			return "***" + r[at:]
		}
		return string(first[0]) + "***" + r[at:]
	}
	rs := []rune(r)
	if len(rs) <= 6 {
		return strings.Repeat("*", len(rs))
	}
	return string(rs[:3]) + strings.Repeat("*", len(rs)-6) + string(rs[len(rs)-3:])
}
