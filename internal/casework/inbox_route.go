package casework

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/store"
)

// ForwardTo is where a thread is forwarded: an employee of its service,
// or another service (and optionally one of its employees).
type ForwardTo struct {
	EmployeeID int64
	UnitID     int64 // 0: the thread's own service
}

// Forward sends a thread on to another employee or service (DM2, DM4).
// For an inquiry (DM2) and an application (DM4) the citizen gets the
// service's interim reply at once: the message was forwarded, and for an
// application the expected handling time; the thread is then in progress
// (DM2) or in case handling (DM4). A complaint goes on from its fact check
// (DM6.1) to case handling. An employee who is absent today is not
// forwarded to: the inbox skips them, as the distribution does.
func (s *Service) Forward(ctx context.Context, a *torg.Employee, id int64, to ForwardTo, note string) error {
	note = trimText(note)
	if utf8.RuneCountInString(note) > 2000 {
		return torg.FieldError("note", "inbox.note_too_long")
	}
	return s.db.Write(ctx, func(tx *store.Q) error {
		th, err := s.openStaffThread(ctx, tx, a, id)
		if err != nil {
			return err
		}
		target, name, err := s.forwardTarget(ctx, tx, a, th, to)
		if err != nil {
			return err
		}
		moved := target.UnitID != th.UnitID
		th.UnitID, th.ResponsibleID = target.UnitID, target.EmployeeID
		if err := s.interimReply(ctx, tx, a, th); err != nil {
			return err
		}
		if err := s.forwardSteps(ctx, tx, a, th, moved); err != nil {
			return err
		}
		if err := s.startWork(ctx, tx, th); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "thread.forward", obj("thread", th.ID), th.PersonID, strings.TrimSpace(name+"\n"+note))
	})
}

// forwardTarget checks where a thread goes and returns it with the name
// the thread's history shows.
func (s *Service) forwardTarget(ctx context.Context, tx *store.Q, a *torg.Employee, th *torg.Thread, to ForwardTo) (ForwardTo, string, error) {
	if to.UnitID == 0 {
		to.UnitID = th.UnitID
	}
	u, err := tx.Unit(ctx, to.UnitID)
	if err != nil || u.MunicipalityID != a.MunicipalityID {
		return to, "", torg.FieldError("to", "inbox.forward_to_required")
	}
	if to.EmployeeID == 0 {
		if to.UnitID == th.UnitID {
			return to, "", torg.FieldError("to", "inbox.forward_to_required")
		}
		return to, u.Name, nil // the other service's shared inbox
	}
	e, err := tx.Employee(ctx, to.EmployeeID)
	switch {
	case err != nil || e.MunicipalityID != a.MunicipalityID || !e.Active || !e.InUnit(to.UnitID) ||
		!e.Has(torg.RoleCounsellor) && !e.Has(torg.RoleLeader):
		return to, "", torg.FieldError("to", "inbox.forward_to_required")
	case e.ID == th.ResponsibleID && to.UnitID == th.UnitID:
		return to, "", torg.FieldError("to", "inbox.forward_same")
	case e.Clearance < th.Protection:
		return to, "", torg.FieldError("to", "inbox.forward_not_cleared")
	}
	clock, err := s.threadClock(ctx, a.MunicipalityID)
	if err != nil {
		return to, "", err
	}
	if s.Absent(ctx, e.ID, clock.today) {
		return to, "", torg.FieldError("to", "inbox.forward_absent", "name", e.Name)
	}
	if to.UnitID != th.UnitID {
		return to, e.Name + " (" + u.Name + ")", nil
	}
	return to, e.Name, nil
}

// interimReply sends the citizen the service's interim reply when an
// inquiry (DM2) or an application (DM4) is forwarded.
func (s *Service) interimReply(ctx context.Context, tx *store.Q, a *torg.Employee, th *torg.Thread) error {
	purpose := map[string]string{torg.MsgInquiry: store.TemplateForwarded, torg.MsgApplication: store.TemplateApplication}[th.Kind]
	if purpose == "" {
		return nil
	}
	body, err := s.citizenReplyText(ctx, tx, th, purpose)
	if err != nil {
		return err
	}
	_, err = s.staffMessage(ctx, tx, a, th, body, nil, true)
	return err
}

// citizenReplyText is an automatic reply of the thread's service in the
// citizen's language.
func (s *Service) citizenReplyText(ctx context.Context, tx *store.Q, th *torg.Thread, purpose string) (string, error) {
	m, err := s.municipality(ctx, th.MunicipalityID)
	if err != nil {
		return "", err
	}
	p, err := tx.Person(ctx, th.MunicipalityID, th.PersonID)
	if err != nil {
		return "", err
	}
	u, err := tx.Unit(ctx, th.UnitID)
	if err != nil {
		return "", err
	}
	return replyText(ctx, tx, u, purpose, letterLang(m, p))
}

// forwardSteps moves the routine through a forward: DM1 "another employee
// must answer" and DM2.1 (interim reply sent, forwarded), DM4.1, or the
// fact check of a complaint (DM6.1). Steps that are not running are
// skipped by threadStepDone. Another kind forwarded to another service
// starts its routine over there, so that its tasks are that service's.
func (s *Service) forwardSteps(ctx context.Context, tx *store.Q, a *torg.Employee, th *torg.Thread, moved bool) error {
	steps := map[string][][2]string{
		torg.MsgInquiry:     {{"DM1", "forward"}, {"DM2.1", ""}},
		torg.MsgApplication: {{"DM4.1", ""}},
		torg.MsgComplaint:   {{"DM6.1", ""}},
	}[th.Kind]
	if len(steps) == 0 && moved {
		return s.restartRoutine(ctx, tx, a, th, th.Kind)
	}
	for _, st := range steps {
		if err := s.threadStepDone(ctx, tx, a, th, st[0], st[1]); err != nil {
			return err
		}
	}
	return nil
}

// Reclassify changes what a thread is about, and the routine starts over
// for the new kind; the answer stays due when it was. An improper message
// goes to the service's leader (DM7); a message to the wrong recipient
// gets the DM9 reply at once and is done.
func (s *Service) Reclassify(ctx context.Context, a *torg.Employee, id int64, kind string) error {
	if !torg.ValidMessageKind(kind) {
		return torg.FieldError("kind", "msg.kind_invalid")
	}
	return s.db.Write(ctx, func(tx *store.Q) error {
		th, err := s.openStaffThread(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if th.Kind == kind {
			return nil
		}
		if err := s.restartRoutine(ctx, tx, a, th, kind); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, a, "thread.kind", obj("thread", th.ID), th.PersonID, kind); err != nil {
			return err
		}
		if kind != torg.MsgWrongRecipient {
			return nil
		}
		return s.wrongRecipient(ctx, tx, a, th)
	})
}

// restartRoutine gives a thread a new kind and starts its routine over
// with message_received:<kind>: the earlier kind's tasks are done with.
// An improper message goes to a leader of the service who may see it.
func (s *Service) restartRoutine(ctx context.Context, tx *store.Q, a *torg.Employee, th *torg.Thread, kind string) error {
	if err := tx.CompleteThreadTasks(ctx, th.ID, s.now()); err != nil {
		return err
	}
	th.Kind = kind
	if kind == torg.MsgImproper {
		leader, err := s.threadLeader(ctx, tx, th)
		if err != nil {
			return err
		}
		if leader != 0 {
			th.ResponsibleID = leader
		}
	}
	if err := tx.UpdateThread(ctx, th, s.now()); err != nil {
		return err
	}
	return s.startThreadRoutines(ctx, tx, th)
}

// threadLeader picks the leader of a thread's service who takes an
// improper message (DM7): one cleared for the citizen, not absent today;
// 0 if there is none.
func (s *Service) threadLeader(ctx context.Context, tx *store.Q, th *torg.Thread) (int64, error) {
	leaders, err := tx.UnitEmployees(ctx, th.UnitID, torg.RoleLeader)
	if err != nil {
		return 0, err
	}
	clock, err := s.threadClock(ctx, th.MunicipalityID)
	if err != nil {
		return 0, err
	}
	for _, e := range leaders {
		if e.Clearance >= th.Protection && !s.Absent(ctx, e.ID, clock.today) {
			return e.ID, nil
		}
	}
	return 0, nil
}

// wrongRecipient sends the DM9 reply — write again, to the right
// recipient — and ends the thread.
func (s *Service) wrongRecipient(ctx context.Context, tx *store.Q, a *torg.Employee, th *torg.Thread) error {
	body, err := s.citizenReplyText(ctx, tx, th, store.TemplateWrongRecipient)
	if err != nil {
		return err
	}
	before, err := openThreadTasks(ctx, tx, th.ID)
	if err != nil {
		return err
	}
	if th.ResponsibleID == 0 {
		th.ResponsibleID = a.ID
	}
	if _, err := s.staffMessage(ctx, tx, a, th, body, nil, false); err != nil {
		return err
	}
	return s.finishThread(ctx, tx, a, th, before)
}

// SplitPart is the part of a message that another service answers (DM8).
type SplitPart struct {
	UnitID int64
	Body   string // what the other service is asked, in the citizen's words
}

// maxSplitParts bounds the parts one message is split into.
const maxSplitParts = 5

// Split hands the parts of a message that concern other services to them
// (DM8): each part is a new thread to its service, linked to this one,
// with the citizen's words and attachments, running the routine as an
// inquiry and due when this thread is. This thread keeps the service's
// own part and is in case handling until it is answered.
func (s *Service) Split(ctx context.Context, a *torg.Employee, id int64, parts []SplitPart) ([]*torg.Thread, error) {
	parts = slices.DeleteFunc(parts, func(p SplitPart) bool { return p.UnitID == 0 && strings.TrimSpace(p.Body) == "" })
	if len(parts) == 0 {
		return nil, torg.FieldError("parts", "inbox.split_required")
	}
	if len(parts) > maxSplitParts {
		return nil, torg.FieldError("parts", "inbox.split_too_many", "max", maxSplitParts)
	}
	var out []*torg.Thread
	err := s.db.Write(ctx, func(tx *store.Q) error {
		th, err := s.openStaffThread(ctx, tx, a, id)
		if err != nil {
			return err
		}
		out = nil
		if err := s.checkParts(ctx, tx, th, parts); err != nil {
			return err
		}
		var names []string
		for _, p := range parts {
			part, err := s.splitPart(ctx, tx, th, p)
			if err != nil {
				return err
			}
			out = append(out, part)
			names = append(names, part.UnitName)
		}
		if th.Kind != torg.MsgSeveralServices {
			if err := s.restartRoutine(ctx, tx, a, th, torg.MsgSeveralServices); err != nil {
				return err
			}
		}
		if err := s.threadStepDone(ctx, tx, a, th, "DM8.1", ""); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "thread.split", obj("thread", th.ID), th.PersonID, strings.Join(names, ", "))
	})
	return out, err
}

// checkParts checks each part: another service of the municipality, each
// once, with a text.
func (s *Service) checkParts(ctx context.Context, tx *store.Q, th *torg.Thread, parts []SplitPart) error {
	seen := map[int64]bool{}
	for i, p := range parts {
		field := "part_unit_" + strconv.Itoa(i)
		u, err := tx.Unit(ctx, p.UnitID)
		switch {
		case err != nil || u.MunicipalityID != th.MunicipalityID:
			return torg.FieldError(field, "inbox.split_unit_required")
		case u.ID == th.UnitID:
			return torg.FieldError(field, "inbox.split_own_unit")
		case seen[u.ID]:
			return torg.FieldError(field, "inbox.split_unit_twice")
		}
		seen[u.ID] = true
		msg := &torg.Message{Body: p.Body}
		if err := msg.Validate(); err != nil {
			e := torg.AsError(err)
			return torg.FieldError("part_body_"+strconv.Itoa(i), e.Key, e.Args...)
		}
	}
	return nil
}

// splitPart opens the thread of one part: to its service, linked to the
// thread, placed on the citizen's case there, with the citizen's words
// and the original's attachments.
func (s *Service) splitPart(ctx context.Context, tx *store.Q, th *torg.Thread, p SplitPart) (*torg.Thread, error) {
	person, err := tx.Person(ctx, th.MunicipalityID, th.PersonID)
	if err != nil {
		return nil, err
	}
	part := &torg.Thread{MunicipalityID: th.MunicipalityID, UnitID: p.UnitID, PersonID: th.PersonID, ParentID: th.ID,
		Kind: torg.MsgInquiry, Subject: th.Subject, Status: torg.ThreadNew, Due: th.Due}
	if err := s.placeThread(ctx, tx, person, part, 0); err != nil {
		return nil, err
	}
	if err := tx.CreateThread(ctx, part, s.now()); err != nil {
		return nil, err
	}
	msg := &torg.Message{ThreadID: part.ID, FromCitizen: true, Body: strings.TrimSpace(p.Body)}
	if msg.Documents, err = citizenDocuments(ctx, tx, th.ID); err != nil {
		return nil, err
	}
	if err := tx.AddMessage(ctx, msg, "", s.now()); err != nil {
		return nil, err
	}
	if err := s.journalMessage(ctx, tx, part, msg); err != nil {
		return nil, err
	}
	if err := s.startThreadRoutines(ctx, tx, part); err != nil {
		return nil, err
	}
	return tx.Thread(ctx, part.MunicipalityID, part.ID)
}

// citizenDocuments lists the attachments the citizen sent in a thread.
func citizenDocuments(ctx context.Context, tx *store.Q, threadID int64) ([]torg.Document, error) {
	msgs, err := tx.ThreadMessages(ctx, threadID)
	var docs []torg.Document
	for _, m := range msgs {
		if m.FromCitizen {
			docs = append(docs, m.Documents...)
		}
	}
	return docs, err
}
