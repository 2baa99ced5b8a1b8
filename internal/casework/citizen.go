package casework

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/routine"
	"github.com/torg-kommune/torg/internal/store"
)

// The citizen's side of torg: what a logged-in citizen sees of their own
// cases, letters, appointments and messages, and what they write. p is
// the citizen as the portal's login found them; everything is checked
// against p.ID, and anything that is not theirs is not found — and
// audited as "citizen.denied", so attempts show.

// CitizenCase is one of a citizen's cases as they see it.
type CitizenCase struct {
	Case      *torg.Case
	StatusKey string // the citizen's wording of its status: "msg.case_status_<R|B|F|S|A|U>"
	UnitName  string
	Next      *torg.Appointment // the next booked appointment; nil if none
}

// CitizenHome is the portal's front page.
type CitizenHome struct {
	Cases          []CitizenCase
	Letters        []store.MailboxMessage
	Appointments   []*torg.Appointment // booked and not yet begun, soonest first
	Threads        []*torg.Thread
	UnreadLetters  int
	UnreadMessages int // staff messages not yet opened
}

// CitizenHome returns the citizen's cases with where each stands, the
// letters in their digital mailbox, their coming appointments and their
// message threads.
func (s *Service) CitizenHome(ctx context.Context, p *torg.Person) (*CitizenHome, error) {
	r := s.db.R()
	h := &CitizenHome{}
	cases, err := r.PersonCases(ctx, p.MunicipalityID, p.ID)
	if err != nil {
		return nil, err
	}
	units := map[int64]string{}
	now := s.now()
	for _, c := range cases {
		if _, ok := units[c.UnitID]; !ok {
			if u, err := r.Unit(ctx, c.UnitID); err == nil {
				units[c.UnitID] = u.Name
			}
		}
		cc := CitizenCase{Case: c, StatusKey: "msg.case_status_" + string(c.Status), UnitName: units[c.UnitID]}
		aps, err := r.CaseAppointments(ctx, c.ID)
		if err != nil {
			return nil, err
		}
		for _, ap := range aps {
			if ap.Status == torg.AppointmentBooked && ap.End.After(now) {
				h.Appointments = append(h.Appointments, ap)
				if cc.Next == nil {
					cc.Next = ap
				}
			}
		}
		h.Cases = append(h.Cases, cc)
	}
	slices.SortFunc(h.Appointments, func(a, b *torg.Appointment) int { return a.Start.Compare(b.Start) })
	if h.Letters, err = r.Mailbox(ctx, p.ID); err != nil {
		return nil, err
	}
	for _, l := range h.Letters {
		if l.Read.IsZero() {
			h.UnreadLetters++
		}
	}
	if h.Threads, err = r.PersonThreads(ctx, p.ID); err != nil {
		return nil, err
	}
	if h.UnreadMessages, err = r.UnreadByCitizen(ctx, p.ID); err != nil {
		return nil, err
	}
	return h, nil
}

// CitizenUnits lists the services of a municipality a citizen can write
// to, by name.
func (s *Service) CitizenUnits(ctx context.Context, municipalityID int64) ([]*torg.Unit, error) {
	us, err := s.db.R().Units(ctx, municipalityID)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(us, func(a, b *torg.Unit) int { return strings.Compare(a.Name, b.Name) })
	return us, nil
}

// citizenDenied records that a citizen asked for something that is not
// theirs and answers not found: the thread or letter is not given away.
func (s *Service) citizenDenied(ctx context.Context, p *torg.Person, object string) error {
	err := s.db.Write(ctx, func(q *store.Q) error {
		return q.AppendAudit(ctx, &torg.AuditEvent{MunicipalityID: p.MunicipalityID, At: s.now(), ActorID: 0,
			Action: "citizen.denied", Object: object, PersonID: p.ID, Detail: "citizen"})
	})
	if err != nil {
		return err
	}
	return notFound()
}

// citizenThread returns a thread of the citizen's, or citizenDenied.
func (s *Service) citizenThread(ctx context.Context, q *store.Q, p *torg.Person, id int64) (*torg.Thread, error) {
	th, err := q.Thread(ctx, p.MunicipalityID, id)
	if torg.ErrorCode(err) == torg.ENOTFOUND || (err == nil && th.PersonID != p.ID) {
		return nil, s.citizenDenied(ctx, p, obj("thread", id))
	}
	return th, err
}

// WriteMessage opens a thread from the citizen to a service with their
// first message, and starts the DM routine on it with
// message_received:<kind>, which sets when the answer is due (7 working
// hours for an inquiry or a complaint). A message to a service where the
// citizen has an open case is journaled on it and goes to its responsible.
// The same RequestKey again (a double submit) gives the same thread.
func (s *Service) WriteMessage(ctx context.Context, p *torg.Person, in NewMessage) (*torg.Thread, error) {
	th, _, err := s.writeMessage(ctx, p, in, nil)
	return th, err
}

// writeMessage is WriteMessage, and also reports whether the thread was
// there already (the same RequestKey). by, if not nil, is the employee
// who delivers the message for the citizen: the delivery is audited in the
// same transaction.
func (s *Service) writeMessage(ctx context.Context, p *torg.Person, in NewMessage, by *torg.Employee) (*torg.Thread, bool, error) {
	if !slices.Contains(torg.CitizenKinds, in.Kind) {
		return nil, false, torg.FieldError("kind", "msg.kind_invalid")
	}
	u, err := s.db.R().Unit(ctx, in.UnitID)
	if torg.ErrorCode(err) == torg.ENOTFOUND || (err == nil && u.MunicipalityID != p.MunicipalityID) {
		return nil, false, torg.FieldError("unit", "msg.unit_required")
	} else if err != nil {
		return nil, false, err
	}
	msg := &torg.Message{FromCitizen: true, Body: in.Body}
	if err := msg.Validate(); err != nil {
		return nil, false, err
	}
	if msg.Documents, err = s.checkMessageFiles(in.Files); err != nil {
		return nil, false, err
	}
	th := &torg.Thread{MunicipalityID: p.MunicipalityID, UnitID: u.ID, PersonID: p.ID, Kind: in.Kind,
		Subject: cmp.Or(strings.TrimSpace(in.Subject), subjectFrom(msg.Body)), Status: torg.ThreadNew,
		RequestKey: formKey(in.RequestKey), Protection: p.Protection}
	if err := th.Validate(); err != nil {
		return nil, false, err
	}
	dup := false
	err = s.db.Write(ctx, func(tx *store.Q) error {
		if th.RequestKey != "" {
			if old, err := tx.ThreadByRequestKey(ctx, p.ID, th.RequestKey); err == nil {
				*th, dup = *old, true
				return nil
			} else if torg.ErrorCode(err) != torg.ENOTFOUND {
				return err
			}
		}
		if err := s.placeThread(ctx, tx, p, th, in.AppointmentID); err != nil {
			return err
		}
		if err := tx.CreateThread(ctx, th, s.now()); err != nil {
			return err
		}
		if err := s.addThreadMessage(ctx, tx, th, msg, in.Files, ""); err != nil {
			return err
		}
		if by != nil {
			if err := s.audit(ctx, tx, by, "thread.deliver", obj("thread", th.ID), th.PersonID, ""); err != nil {
				return err
			}
		}
		return s.startThreadRoutines(ctx, tx, th)
	})
	if torg.ErrorCode(err) == torg.ECONFLICT && th.RequestKey != "" { // the same form, submitted twice at once
		old, err := s.db.R().ThreadByRequestKey(ctx, p.ID, th.RequestKey)
		return old, err == nil, err
	}
	if err != nil {
		return nil, false, err
	}
	th, err = s.db.R().Thread(ctx, p.MunicipalityID, th.ID)
	return th, dup, err
}

// placeThread links a new thread to the citizen's open case in its unit,
// if any, with the case's responsible as the thread's; and to the
// appointment a DM3 message is about, if it is one of the citizen's.
func (s *Service) placeThread(ctx context.Context, tx *store.Q, p *torg.Person, th *torg.Thread, appointmentID int64) error {
	c, err := threadCase(ctx, tx, p, th.UnitID)
	if err != nil {
		return err
	}
	if c != nil {
		th.CaseID = c.ID
		if c.ResponsibleID != 0 {
			if e, err := tx.Employee(ctx, c.ResponsibleID); err == nil && e.Active && e.InUnit(th.UnitID) {
				th.ResponsibleID = e.ID
			}
		}
	}
	if appointmentID == 0 {
		return nil
	}
	ap, err := tx.Appointment(ctx, p.MunicipalityID, appointmentID)
	if torg.ErrorCode(err) == torg.ENOTFOUND {
		return torg.FieldError("appointment", "msg.appointment_unknown")
	} else if err != nil {
		return err
	}
	parties, err := tx.Parties(ctx, ap.CaseID)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(parties, func(pa torg.Party) bool { return pa.PersonID == p.ID }) {
		return torg.FieldError("appointment", "msg.appointment_unknown")
	}
	th.AppointmentID = ap.ID
	return nil
}

// CitizenReply adds the citizen's reply to their thread. A reply while the
// thread waits for them starts its clock again. A reply to a done thread
// opens a new thread, linked to it by ParentID, with the routine started
// afresh: nothing the citizen writes is lost. The same key again (a double
// submit) stores one reply. It returns the thread the reply went into.
func (s *Service) CitizenReply(ctx context.Context, p *torg.Person, threadID int64, body string, files []Upload,
	key string) (*torg.Thread, error) {
	th, err := s.citizenThread(ctx, s.db.R(), p, threadID)
	if err != nil {
		return nil, err
	}
	msg := &torg.Message{FromCitizen: true, Body: body}
	if err := msg.Validate(); err != nil {
		return nil, err
	}
	if msg.Documents, err = s.checkMessageFiles(files); err != nil {
		return nil, err
	}
	key = formKey(key)
	target := th.ID
	err = s.db.Write(ctx, func(tx *store.Q) error {
		th, err := tx.Thread(ctx, p.MunicipalityID, threadID) // again, inside the transaction
		if err != nil {
			return err
		}
		if key != "" {
			if _, err := tx.MessageByRequestKey(ctx, th.ID, key); err == nil {
				return nil // sent already
			}
			if again, err := tx.ThreadByRequestKey(ctx, p.ID, key); err == nil {
				target = again.ID // the reply that opened a new thread, sent twice
				return nil
			}
		}
		if th.Status == torg.ThreadDone {
			next, err := s.continueThread(ctx, tx, p, th, key)
			if err != nil {
				return err
			}
			target = next.ID
			if err := s.addThreadMessage(ctx, tx, next, msg, files, ""); err != nil {
				return err
			}
			return s.startThreadRoutines(ctx, tx, next)
		}
		if err := s.addThreadMessage(ctx, tx, th, msg, files, key); err != nil {
			return err
		}
		if th.Status == torg.ThreadWaiting {
			status, err := s.resumeStatus(ctx, tx, th)
			if err != nil {
				return err
			}
			if err := s.resumeClock(ctx, th, s.now(), status); err != nil {
				return err
			}
		}
		return tx.UpdateThread(ctx, th, s.now())
	})
	if torg.ErrorCode(err) == torg.ECONFLICT && key != "" { // submitted twice at once
		if again, err := s.db.R().ThreadByRequestKey(ctx, p.ID, key); err == nil {
			return again, nil
		}
		return s.db.R().Thread(ctx, p.MunicipalityID, th.ID)
	}
	if err != nil {
		return nil, err
	}
	return s.db.R().Thread(ctx, p.MunicipalityID, target)
}

// continueThread opens the thread a citizen's reply to a done thread goes
// into: same service, subject, case and responsible, linked by ParentID.
// A kind only staff set (improper, several services, wrong recipient)
// starts over as an inquiry.
func (s *Service) continueThread(ctx context.Context, tx *store.Q, p *torg.Person, done *torg.Thread, key string) (*torg.Thread, error) {
	kind := done.Kind
	if !slices.Contains(torg.CitizenKinds, kind) {
		kind = torg.MsgInquiry
	}
	th := &torg.Thread{MunicipalityID: done.MunicipalityID, UnitID: done.UnitID, PersonID: p.ID, ParentID: done.ID,
		Kind: kind, Subject: done.Subject, Status: torg.ThreadNew, RequestKey: key, ResponsibleID: done.ResponsibleID,
		Protection: done.Protection}
	if done.CaseID != 0 {
		if c, err := tx.Case(ctx, done.MunicipalityID, done.CaseID); err == nil && OpenForContact(c) {
			th.CaseID = c.ID
		}
	}
	if th.CaseID == 0 {
		if err := s.placeThread(ctx, tx, p, th, 0); err != nil {
			return nil, err
		}
		th.ResponsibleID = cmp.Or(th.ResponsibleID, done.ResponsibleID)
	}
	if th.ResponsibleID != 0 {
		if e, err := tx.Employee(ctx, th.ResponsibleID); err != nil || !e.Active || !e.InUnit(th.UnitID) {
			th.ResponsibleID = 0
		}
	}
	return th, tx.CreateThread(ctx, th, s.now())
}

// resumeStatus is the status a waiting thread returns to when the citizen
// answers: the last status the routine set other than done (in case
// handling after DM4, DM5, DM6, DM8), else in progress.
func (s *Service) resumeStatus(ctx context.Context, q *store.Q, th *torg.Thread) (string, error) {
	trs, err := q.ThreadRoutines(ctx, th.ID)
	if err != nil {
		return "", err
	}
	status, since := torg.ThreadInProgress, time.Time{}
	for _, tr := range trs {
		r, st, err := s.threadRun(tr)
		if err != nil {
			return "", err
		}
		for _, step := range r.Steps {
			ss := st.Steps[step.ID]
			if step.Kind != routine.KindStatus || ss == nil || ss.Status != routine.StepDone ||
				step.Status == torg.ThreadDone || !torg.ValidThreadStatus(step.Status) {
				continue
			}
			if ss.Since.After(since) || since.IsZero() {
				status, since = step.Status, ss.Since
			}
		}
	}
	return status, nil
}

// CitizenThread returns one of the citizen's threads with its messages and
// the threads linked to it, and marks the staff's messages read. Another
// citizen's thread is not found (and audited).
func (s *Service) CitizenThread(ctx context.Context, p *torg.Person, threadID int64) (*ThreadView, error) {
	r := s.db.R()
	th, err := s.citizenThread(ctx, r, p, threadID)
	if err != nil {
		return nil, err
	}
	v, err := s.threadView(ctx, r, th)
	if err != nil {
		return nil, err
	}
	// Only the citizen's own linked threads: a split part (DM8) is theirs too.
	v.Children = slices.DeleteFunc(v.Children, func(c *torg.Thread) bool { return c.PersonID != p.ID })
	if v.Parent != nil && v.Parent.PersonID != p.ID {
		v.Parent = nil
	}
	err = s.db.Write(ctx, func(q *store.Q) error { return q.MarkMessagesReadByCitizen(ctx, th.ID, s.now()) })
	return v, err
}

// threadView loads a thread's messages and linked threads.
func (s *Service) threadView(ctx context.Context, q *store.Q, th *torg.Thread) (*ThreadView, error) {
	v := &ThreadView{Thread: th, CanReply: th.Open()}
	var err error
	if v.Messages, err = q.ThreadMessages(ctx, th.ID); err != nil {
		return nil, err
	}
	if th.ParentID != 0 {
		if v.Parent, err = q.Thread(ctx, th.MunicipalityID, th.ParentID); err != nil {
			return nil, err
		}
	}
	if v.Children, err = q.ChildThreads(ctx, th.ID); err != nil {
		return nil, err
	}
	return v, nil
}

// CitizenDocument returns an attachment in one of the citizen's threads
// with its content.
func (s *Service) CitizenDocument(ctx context.Context, p *torg.Person, threadID, documentID int64) (torg.Document, []byte, error) {
	r := s.db.R()
	if _, err := s.citizenThread(ctx, r, p, threadID); err != nil {
		return torg.Document{}, nil, err
	}
	d, err := r.MessageDocument(ctx, threadID, documentID)
	if torg.ErrorCode(err) == torg.ENOTFOUND {
		return d, nil, s.citizenDenied(ctx, p, obj("message_document", documentID))
	} else if err != nil {
		return d, nil, err
	}
	data, err := r.Blob(ctx, d.SHA256)
	return d, data, err
}

// CitizenLetter returns a letter in the citizen's digital mailbox with its
// PDF (nil if it has none) and marks it read. Another citizen's letter is
// not found (and audited).
func (s *Service) CitizenLetter(ctx context.Context, p *torg.Person, mailboxID int64) (*store.MailboxMessage, []byte, error) {
	r := s.db.R()
	letters, err := r.Mailbox(ctx, p.ID)
	if err != nil {
		return nil, nil, err
	}
	i := slices.IndexFunc(letters, func(l store.MailboxMessage) bool { return l.ID == mailboxID })
	if i < 0 {
		return nil, nil, s.citizenDenied(ctx, p, obj("mailbox", mailboxID))
	}
	l := letters[i]
	var pdf []byte
	if l.DocumentSHA256 != "" {
		if pdf, err = r.Blob(ctx, l.DocumentSHA256); err != nil {
			return nil, nil, err
		}
	}
	if l.Read.IsZero() {
		if err := s.db.Write(ctx, func(q *store.Q) error { return q.MarkMailboxRead(ctx, p.ID, l.ID, s.now()) }); err != nil {
			return nil, nil, err
		}
		l.Read = s.now()
	}
	return &l, pdf, nil
}

// AccessEntry is one time someone in the municipality touched the
// citizen's data, as the audit log has it.
type AccessEntry struct {
	At       time.Time
	Employee string // the employee's name
	Unit     string // the employee's unit(s), by name
	Action   string // the audit action, e.g. "case.read"
	WhatKey  string // what they looked at or did, as an i18n key: "msg.access_<area>"
	Changed  bool   // they changed something, rather than only read it
}

// accessAreas are the areas of audit actions the portal names; others are
// "msg.access_other".
var accessAreas = []string{"appointment", "calendar", "case", "checklist", "closing", "debt", "document", "draft",
	"inquiry", "letter", "note", "person", "pickup", "record", "task", "thread"}

// readActions are the audit actions (or their last part) that only read.
var readActions = []string{"read", "list", "lookup", "search", "export", "cases", "feed"}

// AccessLog lists who in the municipality has looked at or changed the
// citizen's data, newest first, from the audit log: when, the employee
// and their unit, and what. The citizen's own doings are left out.
func (s *Service) AccessLog(ctx context.Context, p *torg.Person) ([]AccessEntry, error) {
	r := s.db.R()
	evs, err := r.PersonAudit(ctx, p.ID, 500)
	if err != nil {
		return nil, err
	}
	type who struct{ name, units string }
	people := map[int64]*who{}
	unitNames := map[int64]string{}
	var out []AccessEntry
	for _, e := range evs {
		if e.ActorID == 0 {
			continue // the citizen, or a form they sent
		}
		w := people[e.ActorID]
		if w == nil {
			w = &who{}
			if emp, err := r.Employee(ctx, e.ActorID); err == nil {
				if emp.MunicipalityID != p.MunicipalityID {
					continue
				}
				w.name = emp.Name
				var names []string
				for _, id := range emp.Units {
					if _, ok := unitNames[id]; !ok {
						if u, err := r.Unit(ctx, id); err == nil {
							unitNames[id] = u.Name
						}
					}
					names = append(names, unitNames[id])
				}
				w.units = strings.Join(names, ", ")
			}
			people[e.ActorID] = w
		}
		area, verb, _ := strings.Cut(e.Action, ".")
		what := "msg.access_other"
		if slices.Contains(accessAreas, area) {
			what = "msg.access_" + area
		}
		out = append(out, AccessEntry{At: e.At, Employee: w.name, Unit: w.units, Action: e.Action, WhatKey: what,
			Changed: !slices.Contains(readActions, verb) && !strings.HasSuffix(verb, "_read")})
	}
	return out, nil
}

// formKey is a form's one-time key as stored: trimmed, at most 100
// characters; "" when the form sent none.
func formKey(k string) string {
	if k = strings.TrimSpace(k); len(k) <= 100 {
		return k
	}
	return ""
}
