package workflow

import (
	"fmt"
	"strings"
)

// Terms says what each side does per workflow. The torg parts are what internal/casework does
// for the three calls (RegisterWalkIn, AddNote, CompleteTask; DeliverMessage, Answer,
// SetThreadStatus); the package's test checks their claims about audit events and the outbox
// against a running torg.
const Terms = `Per workflow, both sides answer three requests from a client holding a session, and every
acknowledged write is durable before the answer (RT: PostgreSQL with fsync and synchronous_commit
on; torg: SQLite with synchronous=FULL, or PostgreSQL as configured).

- RT (REST 2.0, session cookie from its login form): creates a ticket with subject, requester
  (from a pool of 50 addresses, so most already exist as RT users after the warm-up) and body;
  adds correspondence (new -> open); sets the status to resolved. RT writes four transactions
  in the ticket's history (create and correspond with the content as an attachment, two status
  changes) and, with its default scrips on, renders three notification mails (autoreply on
  create, the correspondence to the requester, the resolution) into an mbox file, each recorded
  as one more history entry; "notifications off" disables the Notify and Autoreply scrips
  (scripts/rt.sh notify off).
- torg (JSON API, bearer token: one hashed-key lookup per request, like a session lookup):
  registers a walk-in inquiry with an Idempotency-Key, filed in one transaction as a journalled
  incoming record in the unit's general-inquiries case, a follow-up task for a counsellor, the
  inquiry with its request key and one hash-chained audit event; adds a journal note to the
  record (note + audit event); completes the follow-up task (status change + audit event). That
  is three commits and three audit events per workflow. torg sends no receipt: nothing goes to
  its outbox, so the fair ratio is against RT with notifications off.
- torg inbox (the message inbox, DM routine; same token and clients): delivers a citizen's
  message to the unit with an Idempotency-Key as a web form or mail gateway would (the thread,
  the message journalled as an incoming record in the citizen's open case of the unit if any,
  the routine started with its due time, one audit event); answers it (the answer journalled as
  an outgoing record, the thread taken and in progress, one notice to the citizen by SMS or
  e-mail queued in the outbox in the same transaction, one audit event); sets it done (the
  routine's open tasks closed, one audit event). Only citizens with a mobile number or an e-mail
  address are picked, so every workflow notifies once: the fair ratio is against RT with
  notifications on. One difference stays: torg's notice is queued within the request and sent
  by the outbox sender afterwards, outside the measured requests, where RT hands its mails to
  the mailer (an mbox file here) within the request.`

// Markdown renders the comparison: medians, ratios, every round, and the terms.
func (c *Comparison) Markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Started %s; %d clients; every round %.0f s measured after %.0f s warm-up; the systems alternate.\n\n",
		c.Started.Format("2006-01-02 15:04 MST"), c.Clients, c.Duration, c.Warmup)
	b.WriteString("| system | rounds | workflows/s | requests/s | request p50 ms | request p99 ms | errors |\n")
	b.WriteString("|---|---:|---:|---:|---:|---:|---:|\n")
	for _, s := range c.Sides {
		fmt.Fprintf(&b, "| %s | %d | %s | %s | %.1f | %.1f | %d |\n", s.System, s.Rounds, rate(s.WorkflowsPerSec),
			rate(s.RequestsPerSec), s.P50, s.P99, s.Errors)
	}
	b.WriteString("\nMedians over the rounds.")
	for _, r := range c.Ratios {
		fmt.Fprintf(&b, " %s ÷ %s: **%s×** (workflows/s", r.System, r.Versus, rate(r.Ratio))
		if r.Note != "" {
			fmt.Fprintf(&b, "; %s", r.Note)
		}
		b.WriteString(").")
	}
	b.WriteString("\n\n| round | system | workflows | workflows/s | requests/s | request p50 ms | request p99 ms | errors | load avg |\n")
	b.WriteString("|---:|---|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, m := range c.Rounds {
		fmt.Fprintf(&b, "| %d | %s | %d | %s | %s | %.1f | %.1f | %d | %.1f |\n", m.Round, m.System, m.Workflows,
			rate(m.WorkflowsPerSec), rate(m.RequestsPerSec), ms(m.P50), ms(m.P99), m.Errors, m.LoadAvg)
	}
	for _, m := range c.Rounds {
		if m.Workflows < 2*int64(c.Clients) {
			fmt.Fprintf(&b, "\n- round %d, %s: only %d workflows from %d clients, too few for a rate; lengthen --duration and --warmup",
				m.Round, m.System, m.Workflows, c.Clients)
		}
		if m.FirstError != "" {
			fmt.Fprintf(&b, "\n- round %d, %s, first error: %s", m.Round, m.System, strings.ReplaceAll(m.FirstError, "\n", " "))
		}
	}
	b.WriteString("\n\n" + Terms + "\n")
	return b.String()
}

// rate formats a rate with a precision that suits its size.
func rate(v float64) string {
	switch {
	case v >= 100:
		return fmt.Sprintf("%.0f", v)
	case v >= 10:
		return fmt.Sprintf("%.1f", v)
	}
	return fmt.Sprintf("%.2f", v)
}
