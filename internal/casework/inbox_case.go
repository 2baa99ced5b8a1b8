package casework

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/i18n"
	"github.com/torg-kommune/torg/internal/letter"
	"github.com/torg-kommune/torg/internal/store"
)

// LinkThread links a thread to one of the citizen's cases and journals
// every message on it: the citizen's as incoming records (I), the staff's
// as outgoing (U). The thread's later messages are journaled as they come.
func (s *Service) LinkThread(ctx context.Context, a *torg.Employee, id, caseID int64) error {
	th, err := s.staffThread(ctx, s.db.R(), a, id)
	if err != nil {
		return err
	}
	if th.CaseID != 0 {
		return torg.Errorf(torg.ECONFLICT, "inbox.already_linked")
	}
	c, err := s.readableCase(ctx, a, caseID)
	if torg.ErrorCode(err) == torg.ENOTFOUND {
		return torg.FieldError("case", "inbox.case_required")
	} else if err != nil {
		return err
	}
	switch {
	case !slices.Contains(partyPersons(c), th.PersonID):
		return torg.FieldError("case", "inbox.case_not_theirs")
	case !OpenForContact(c):
		return torg.FieldError("case", "inbox.case_closed")
	}
	return s.db.Write(ctx, func(tx *store.Q) error {
		th, err := s.staffThread(ctx, tx, a, id)
		if err != nil {
			return err
		}
		th.CaseID = c.ID
		if err := tx.UpdateThread(ctx, th, s.now()); err != nil {
			return err
		}
		msgs, err := tx.ThreadMessages(ctx, th.ID)
		if err != nil {
			return err
		}
		for _, m := range msgs {
			if err := s.journalMessage(ctx, tx, th, m); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, a, "thread.link", obj("thread", th.ID), th.PersonID, c.Number())
	})
}

// AnswerAsRecord answers a complaint through a formal record (DM6.4): a
// leader of the service sends the answer as a letter, filed as an
// outgoing record on the citizen's case and delivered to their digital
// mailbox (or by post if they have reserved against digital post). The
// thread says where the answer went and is done; the leader's step of
// considering a formal answer is done with it.
func (s *Service) AnswerAsRecord(ctx context.Context, a *torg.Employee, id int64, body string) error {
	th, err := s.staffThread(ctx, s.db.R(), a, id)
	if err != nil {
		return err
	}
	switch {
	case canEditTemplates(a, th.UnitID) != nil:
		return errForbidden
	case th.Kind != torg.MsgComplaint:
		return torg.Errorf(torg.ECONFLICT, "inbox.record_complaint_only")
	case th.CaseID == 0:
		return torg.FieldError("record_body", "inbox.record_needs_case")
	}
	body = trimText(body)
	if err := (&torg.Message{Body: body}).Validate(); err != nil {
		return torg.FieldError("record_body", torg.AsError(err).Key, torg.AsError(err).Args...)
	}
	return s.db.Write(ctx, func(tx *store.Q) error {
		th, err := s.staffThread(ctx, tx, a, id)
		if err != nil {
			return err
		}
		rec, err := s.complaintLetter(ctx, tx, a, th, body)
		if err != nil {
			return err
		}
		if err := s.recordMessage(ctx, tx, a, th, rec); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, a, "thread.record", obj("thread", th.ID), th.PersonID, obj("record", rec.ID)); err != nil {
			return err
		}
		if th.Open() {
			before, err := openThreadTasks(ctx, tx, th.ID)
			if err != nil {
				return err
			}
			if err := s.finishThread(ctx, tx, a, th, before); err != nil {
				return err
			}
		}
		return s.threadStepDone(ctx, tx, a, th, "DM6.4", "")
	})
}

// complaintLetter writes the answer to a complaint as the letter
// svar_paa_klage, files it as an outgoing record on the thread's case and
// puts it in the outbox for the citizen.
func (s *Service) complaintLetter(ctx context.Context, tx *store.Q, a *torg.Employee, th *torg.Thread, body string) (*torg.Record, error) {
	c, err := tx.Case(ctx, th.MunicipalityID, th.CaseID)
	if err != nil {
		return nil, err
	}
	p, err := tx.Person(ctx, th.MunicipalityID, th.PersonID)
	if err != nil {
		return nil, err
	}
	m, err := s.municipality(ctx, th.MunicipalityID)
	if err != nil {
		return nil, err
	}
	d, err := letterData(ctx, tx, c, m, p, torg.DateOf(s.now()))
	if err != nil {
		return nil, err
	}
	if u, err := tx.Unit(ctx, th.UnitID); err == nil { // the service answering, which may not be the case's
		d.Unit.Name, d.Unit.Phone = u.Name, u.Phone
	}
	d.Counsellor = letter.Counsellor{Name: a.Name}
	d.Note = body
	l := &letter.Letter{Template: "svar_paa_klage", Lang: letterLang(m, p), Data: d}
	subject, text, err := letter.Compose(l)
	if err != nil {
		return nil, err
	}
	docs, err := s.letterDocs(ctx, tx, c, l, nil)
	if err != nil {
		return nil, err
	}
	rec := &torg.Record{MunicipalityID: c.MunicipalityID, CaseID: c.ID, Type: torg.RecordOutgoing, Status: torg.RecordSent,
		Title: subject, Body: text, Correspondent: p.Name(), PersonID: p.ID, CreatedBy: a.ID, Documents: docs}
	if err := tx.CreateRecord(ctx, rec, s.now()); err != nil {
		return nil, err
	}
	out := &store.OutboxMessage{MunicipalityID: c.MunicipalityID, CaseID: c.ID, PersonID: p.ID,
		Channel: letterChannel("", p), Recipient: postalAddress(p), Subject: subject, Body: text,
		DocumentSHA256: docs[0].SHA256, IdempotencyKey: fmt.Sprintf("thread/%d/record/%d", th.ID, rec.ID)}
	_, err = tx.Enqueue(ctx, out, s.now())
	return rec, err
}

// recordMessage tells the citizen in the thread that the answer was sent
// as a letter. The message is the letter's record on the case, so it is
// not journaled twice.
func (s *Service) recordMessage(ctx context.Context, tx *store.Q, a *torg.Employee, th *torg.Thread, rec *torg.Record) error {
	m, err := s.municipality(ctx, th.MunicipalityID)
	if err != nil {
		return err
	}
	p, err := tx.Person(ctx, th.MunicipalityID, th.PersonID)
	if err != nil {
		return err
	}
	pr := i18n.New(i18n.Lang(letterLang(m, p)))
	where := pr.T("inbox.record_sent_mailbox")
	if letterChannel("", p) == store.ChannelPrint {
		where = pr.T("inbox.record_sent_post")
	}
	msg := &torg.Message{ThreadID: th.ID, AuthorID: a.ID, RecordID: rec.ID,
		Body: strings.TrimSpace(where + "\n\n" + rec.Body)}
	if err := tx.AddMessage(ctx, msg, "", s.now()); err != nil {
		return err
	}
	if th.FirstAnswer.IsZero() {
		th.FirstAnswer = s.now()
	}
	if th.ResponsibleID == 0 {
		th.ResponsibleID = a.ID
	}
	if err := s.notifyCitizen(ctx, tx, th, msg.ID); err != nil {
		return err
	}
	return tx.UpdateThread(ctx, th, s.now())
}
