package casework

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/letter"
	"github.com/torg-kommune/torg/internal/routine"
	"github.com/torg-kommune/torg/internal/store"
)

// Draft is a letter a routine waits for a person to finish and send
// (DC3.5, DC3.6, DC4.8, DC6.6): its text as torg composes it, for the
// counsellor to read and, where the template allows, edit.
type Draft struct {
	RoutineID string
	Step      string
	Title     routine.Text
	Template  string
	Editable  bool // the template's text may be edited before sending
	Subject   string
	Body      string
	Blocks    []letter.Block // the composed letter, for the preview
	// Notice is an i18n key the counsellor reads before sending, or "":
	// "checklist.nothing_missing" when the letter that asks for the missing
	// documentation would ask for nothing (DC3.5).
	Notice string
}

// Drafts lists the letters the case's routines wait for a person to send.
func (s *Service) Drafts(ctx context.Context, a *torg.Employee, caseID int64) ([]Draft, error) {
	c, err := s.readableCase(ctx, a, caseID)
	if err != nil {
		return nil, err
	}
	crs, err := s.caseRoutines(ctx, caseID)
	if err != nil {
		return nil, err
	}
	// The drafts are letters about the case's persons: reading them is audited.
	if err := s.auditRead(ctx, a, "draft.read", obj("case", c.ID), partyPersons(c)...); err != nil {
		return nil, err
	}
	return s.drafts(ctx, c, crs)
}

func (s *Service) drafts(ctx context.Context, c *torg.Case, crs []CaseRoutine) ([]Draft, error) {
	var out []Draft
	for _, cr := range crs {
		for _, u := range cr.Upcoming {
			st := findStep(cr.Routine, u.Step)
			if u.Role != routine.RolePerson || st == nil || st.Kind != routine.KindLetter {
				continue
			}
			d, err := s.draft(ctx, c, cr.Routine.ID, st)
			if err != nil {
				return nil, err
			}
			out = append(out, d)
		}
	}
	return out, nil
}

func findStep(r *routine.Routine, id string) *routine.Step {
	for _, st := range r.Steps {
		if st.ID == id {
			return st
		}
	}
	return nil
}

// draft composes a letter step's letter for the case's applicant.
func (s *Service) draft(ctx context.Context, c *torg.Case, routineID string, st *routine.Step) (Draft, error) {
	l, _, err := s.letterFor(ctx, s.db.R(), c, st.Template)
	if err == nil && slices.Contains(st.To, toCreditors) {
		l, err = s.creditorPreview(ctx, c, st.Template)
	}
	if err != nil {
		return Draft{}, err
	}
	d := Draft{RoutineID: routineID, Step: st.ID, Title: st.Title, Template: st.Template}
	if t, ok := letter.Lookup(st.Template, l.Lang); ok {
		d.Editable = t.Editable
	}
	if nothingMissing(l) != nil {
		d.Notice = "checklist.nothing_missing"
	}
	if d.Subject, d.Body, err = letter.Compose(l); err != nil {
		return Draft{}, err
	}
	_, d.Blocks, err = letter.Preview(l)
	return d, err
}

// letterFor prepares a template's letter to the case's applicant.
func (s *Service) letterFor(ctx context.Context, q *store.Q, c *torg.Case, template string) (*letter.Letter, *torg.Person, error) {
	p, err := applicant(ctx, q, c)
	if err != nil || p == nil {
		return nil, nil, torg.Errorf(torg.EINVALID, "letter.no_recipient")
	}
	m, err := s.municipality(ctx, c.MunicipalityID)
	if err != nil {
		return nil, nil, err
	}
	data, err := letterData(ctx, q, c, m, p, torg.DateOf(s.now()))
	if err != nil {
		return nil, nil, err
	}
	l := &letter.Letter{Template: template, Lang: letterLang(m, p), Data: data}
	return l, p, withChecklist(ctx, q, c, l)
}

// SendDraft sends a letter the routine waits for, with the counsellor's
// edited text where the template allows editing: rendered to PDF, filed on
// the case as sent by the counsellor, queued for the citizen (DC2.9), and
// handed to the routine as letter_sent, which moves it on.
func (s *Service) SendDraft(ctx context.Context, a *torg.Employee, caseID int64, routineID, step, body string) error {
	c, err := s.readableCase(ctx, a, caseID)
	if err != nil {
		return err
	}
	r, ok := s.Routine(routineID, 0)
	var st *routine.Step
	if ok {
		st = findStep(r, step)
	}
	if st == nil || st.Kind != routine.KindLetter {
		return notFound()
	}
	if slices.Contains(st.To, toCreditors) {
		return s.sendCreditorStep(ctx, a, c, routineID, st)
	}
	return s.db.Write(ctx, func(tx *store.Q) error {
		if !s.waitsForLetter(ctx, tx, c.ID, routineID, step) {
			return torg.Errorf(torg.ECONFLICT, "letter.not_waiting")
		}
		l, p, err := s.letterFor(ctx, tx, c, st.Template)
		if err != nil {
			return err
		}
		if err := nothingMissing(l); err != nil {
			return err // DC3.5: no letter that asks for nothing
		}
		if t, ok := letter.Lookup(st.Template, l.Lang); ok && t.Editable && trimText(body) != "" {
			l.EditedBody = trimText(body)
		}
		key := fmt.Sprintf("case/%d/%s/%s/by/%d/%d", c.ID, routineID, step, a.ID, s.now().UnixMicro())
		if err := s.fileLetter(ctx, tx, c, p, l, st.Attachments, key, st.Channel, a.ID); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, a, "letter.send", obj("case", c.ID), p.ID, st.Template); err != nil {
			return err
		}
		if err := tx.CompleteStepTasks(ctx, c.ID, routineID, step, s.now()); err != nil {
			return err
		}
		return s.routineStepEvent(ctx, tx, c, routineID, routine.Event{Kind: routine.EventLetterSent, Step: step,
			Outcome: st.Template, At: s.now(), By: a.Username})
	})
}

// waitsForLetter reports whether a case's routine still waits for a person
// to do a step (send a letter, decide), so a second submit does not do it
// twice.
func (s *Service) waitsForLetter(ctx context.Context, tx *store.Q, caseID int64, routineID, step string) bool {
	crs, err := tx.CaseRoutines(ctx, caseID)
	if err != nil {
		return false
	}
	for _, cr := range crs {
		if cr.RoutineID != routineID {
			continue
		}
		r, ok := s.Routine(cr.RoutineID, cr.Version)
		st := &routine.State{}
		if !ok || json.Unmarshal(cr.State, st) != nil {
			return false
		}
		for _, u := range r.Upcoming(st) {
			if u.Step == step && u.Role == routine.RolePerson {
				return true
			}
		}
	}
	return false
}
