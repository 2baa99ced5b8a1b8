package casework

import (
	"context"
	"encoding/json"
	"slices"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/routine"
	"github.com/torg-kommune/torg/internal/store"
)

// Reasons to close a debt counselling case: after the first meeting one
// of the three of DC5, for a mapped case that handling is finished or
// that the citizen no longer answers (DC8.2).
const (
	ReasonAdviceGiven      = "advice_given"
	ReasonUnresolved       = "unresolved_matters"
	ReasonNotSuitable      = "not_suitable"
	ReasonHandlingFinished = "handling_finished"
	ReasonNoContact        = "no_contact"
)

// MarkerPOAEnded marks a case whose closing letters have gone: the power
// of attorney has ended (DC8.7) and a citizen who makes contact must apply
// again (DC8.8).
const MarkerPOAEnded = "power_of_attorney_ended"

var (
	dc5Reasons    = []string{ReasonAdviceGiven, ReasonUnresolved, ReasonNotSuitable}
	mappedReasons = []string{ReasonHandlingFinished, ReasonNoContact}
)

// The debt counselling routine and the steps closing works with.
const (
	debtRoutine    = "debt_counselling"
	stepDC5        = "DC5"   // after the first meeting: close or map the debt
	stepDC68       = "DC6.8" // after mapping: apply, another solution, or done
	stepClosedNote = "DC8.2" // the note on why the case is closed
	stepSchedule   = "DC8.3" // the debt schedule filed
	stepCombined   = "DC8.4" // the documentation filed as one document
	stepCreditors  = "DC8.5" // the closing letters to the creditors
)

// ClosingStep is the routine step that the close page does: a task for it
// on the work list links there.
const ClosingStep = stepClosedNote

// CloseForm is what the page that closes a case shows.
type CloseForm struct {
	Case              *torg.Case
	Reasons           []string // what the case may be closed with now, the first the likeliest
	AfterFirstMeeting bool     // the routine waits for the DC5 decision
	Claims            bool     // the case has a debt schedule to file (DC8.3)
	Closing           *Closing // set once handling has ended with a note
}

// Closing says when and why the handling of a case ended and, once the
// routine has closed it, when the case was closed.
type Closing struct {
	At          time.Time    // handling ended: the closing note was filed
	Reason      string       // one of the Reason constants
	By          string       // the name of who closed it
	Note        *torg.Record // the closing note
	Closed      time.Time    // the case was closed (status S or A); zero while it is held open (DC8.6)
	LettersGone bool         // the closing letters have gone and the power of attorney has ended (DC8.7)
}

// canCloseCase: the responsible counsellor closes their own cases (DC8.1);
// a leader of the unit may close any.
func canCloseCase(a *torg.Employee, c *torg.Case) error {
	if a.ID == c.ResponsibleID && a.Has(torg.RoleCounsellor) || a.Has(torg.RoleLeader) && a.InUnit(c.UnitID) {
		return nil
	}
	return errForbidden
}

// MayClose reports whether a may close c now: c is active, not closed
// before, and a is its responsible counsellor or a leader of its unit.
func (s *Service) MayClose(a *torg.Employee, c *torg.Case, cl *Closing) bool {
	return cl == nil && c.Status.Active() && canCloseCase(a, c) == nil
}

// OpenForContact reports whether a citizen's contact belongs in the case.
// A closed case, or one whose closing letters have gone, takes none: the
// citizen must apply again (DC8.8).
func OpenForContact(c *torg.Case) bool {
	return c.Status.Active() && !slices.Contains(c.Markers, MarkerPOAEnded)
}

// errApplyAgain is the answer to a contact on a case that takes none (DC8.8).
func errApplyAgain() error { return torg.Errorf(torg.ECONFLICT, "closing.apply_again") }

// CloseForm returns what closing a case offers, for the employee who may
// close it.
func (s *Service) CloseForm(ctx context.Context, a *torg.Employee, caseID int64) (*CloseForm, error) {
	c, err := s.readableCase(ctx, a, caseID)
	if err != nil {
		return nil, err
	}
	if err := canCloseCase(a, c); err != nil {
		return nil, err
	}
	if err := s.auditRead(ctx, a, "closing.read", obj("case", c.ID), partyPersons(c)...); err != nil {
		return nil, err
	}
	return s.closeForm(ctx, s.db.R(), c)
}

func (s *Service) closeForm(ctx context.Context, q *store.Q, c *torg.Case) (*CloseForm, error) {
	f := &CloseForm{Case: c}
	var err error
	if f.Closing, err = s.closing(ctx, q, c); err != nil || f.Closing != nil {
		return f, err
	}
	waits, err := s.waitingSteps(ctx, q, c.ID)
	if err != nil {
		return nil, err
	}
	switch {
	case waits[stepDC5]:
		f.AfterFirstMeeting, f.Reasons = true, dc5Reasons
	case c.Status == torg.CaseFinished:
		// The routine ended the handling (DC5 on the work list, DC9.5):
		// the note says which reason.
		f.Reasons = append(slices.Clone(mappedReasons), dc5Reasons...)
	default:
		f.Reasons = mappedReasons
	}
	f.Claims, err = s.hasClaims(ctx, q, c.ID)
	return f, err
}

// waitingSteps returns the steps of the debt counselling routine that wait
// for a person on the case.
func (s *Service) waitingSteps(ctx context.Context, q *store.Q, caseID int64) (map[string]bool, error) {
	crs, err := q.CaseRoutines(ctx, caseID)
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for _, cr := range crs {
		r, ok := s.Routine(cr.RoutineID, cr.Version)
		st := &routine.State{}
		if cr.RoutineID != debtRoutine || !ok || json.Unmarshal(cr.State, st) != nil {
			continue
		}
		for _, u := range r.Upcoming(st) {
			if u.Role == routine.RolePerson {
				out[u.Step] = true
			}
		}
	}
	return out, nil
}

// CloseCase ends the handling of a case (DC5, DC8) in one transaction:
// the closing note, which is required, is filed as an internal record
// (DC8.2); the routine's DC5 decision, if it waits, is taken with the
// matching outcome, or else the case is set to finished (F) through the
// routine, which starts DC8: the closing letters to the citizen and the
// creditors, the power of attorney ended and the case held open 2 months
// before it closes. The debt schedule (DC8.3) and the case's documents as
// one PDF (DC8.4) are filed, and those steps done.
func (s *Service) CloseCase(ctx context.Context, a *torg.Employee, caseID int64, reason, note string) error {
	c, err := s.readableCase(ctx, a, caseID)
	if err != nil {
		return err
	}
	if err := canCloseCase(a, c); err != nil {
		return err
	}
	n := &torg.Note{Body: trimText(note)}
	if err := n.Validate(); err != nil {
		return torg.FieldError("note", "closing.note_required")
	}
	m, err := s.municipality(ctx, c.MunicipalityID)
	if err != nil {
		return err
	}
	return s.db.Write(ctx, func(tx *store.Q) error {
		if c, err = tx.Case(ctx, c.MunicipalityID, c.ID); err != nil {
			return err
		}
		f, err := s.closeForm(ctx, tx, c)
		switch {
		case err != nil:
			return err
		case f.Closing != nil || !c.Status.Active():
			return torg.Errorf(torg.ECONFLICT, "closing.already_closed")
		case !slices.Contains(f.Reasons, reason):
			return torg.FieldError("reason", "closing.reason_required")
		}
		cl := closer{s: s, tx: tx, a: a, c: c, m: m, now: s.now()}
		return cl.close(ctx, reason, n.Body, f.Claims)
	})
}
