package casework

import (
	"cmp"
	"context"
	"encoding/json"
	"slices"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/routine"
	"github.com/torg-kommune/torg/internal/store"
)

// Closing returns when and why the handling of a case ended, for those who
// may read the case; nil while it is still open.
func (s *Service) Closing(ctx context.Context, a *torg.Employee, caseID int64) (*Closing, error) {
	c, err := s.readableCase(ctx, a, caseID)
	if err != nil {
		return nil, err
	}
	return s.closing(ctx, s.db.R(), c)
}

// CaseClosing is Closing for a case already read with Case.
func (s *Service) CaseClosing(ctx context.Context, v *CaseView) (*Closing, error) {
	return s.closing(ctx, s.db.R(), v.Case)
}

// closing reads a case's closing from its routine: the DC8.2 step done
// with the reason, else the routine's own close step (DC9.3, DC9.4); a
// case without the routine that is closed by hand has the closing note at
// the time it closed.
func (s *Service) closing(ctx context.Context, q *store.Q, c *torg.Case) (*Closing, error) {
	crs, err := q.CaseRoutines(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	var cl *Closing
	for _, cr := range crs {
		r, ok := s.Routine(cr.RoutineID, cr.Version)
		st := &routine.State{}
		if cr.RoutineID == debtRoutine && ok && json.Unmarshal(cr.State, st) == nil {
			cl = closingEntry(r, st)
		}
	}
	if cl == nil && c.Status.Active() {
		return nil, nil
	}
	if cl == nil {
		cl = &Closing{At: c.Closed}
	}
	if !c.Status.Active() {
		cl.Closed = c.Closed
	}
	cl.LettersGone = slices.Contains(c.Markers, MarkerPOAEnded)
	return cl, s.closingNote(ctx, q, c, cl)
}

// closingEntry finds in a routine's history why it ended the handling.
func closingEntry(r *routine.Routine, st *routine.State) *Closing {
	var cl *Closing
	for _, e := range st.History {
		if e.What != "done" {
			continue
		}
		switch s := r.Step(e.Step); {
		case e.Step == stepClosedNote && e.By != "" && e.Reason != "":
			return &Closing{At: e.At, Reason: e.Reason}
		case s != nil && s.Kind == routine.KindClose && len(s.Reasons) > 0 && cl == nil:
			cl = &Closing{At: e.At, Reason: s.Reasons[0].Name}
		}
	}
	return cl
}

// closingNote finds the note filed when the handling ended: the internal
// record made in the same instant.
func (s *Service) closingNote(ctx context.Context, q *store.Q, c *torg.Case, cl *Closing) error {
	recs, err := q.CaseRecords(ctx, c.ID)
	if err != nil {
		return err
	}
	for _, r := range recs {
		if r.Type == torg.RecordNote && r.Created.Equal(cl.At.Truncate(time.Microsecond)) {
			cl.Note, cl.By = r, r.CreatedByName
		}
	}
	return nil
}

// ApplyAgain registers a new application for the citizen of a case that
// takes no more contact (DC8.8), as a paper application is registered
// (DC1.2): a new debt counselling case, distributed and with its routine
// started, in which the routine flags the earlier case (DC2.10). Nothing
// is added to the closed case. The same key twice gives the first case.
func (s *Service) ApplyAgain(ctx context.Context, a *torg.Employee, caseID int64, key, summary string) (*torg.Case, error) {
	c, err := s.readableCase(ctx, a, caseID)
	if err != nil {
		return nil, err
	}
	if c.Type != torg.CaseTypeDebt || OpenForContact(c) {
		return nil, torg.Errorf(torg.ECONFLICT, "closing.still_open")
	}
	p, err := applicant(ctx, s.db.R(), c)
	if err != nil || p == nil {
		return nil, notFound()
	}
	m, err := s.municipality(ctx, c.MunicipalityID)
	if err != nil {
		return nil, err
	}
	u, err := s.db.R().Unit(ctx, c.UnitID)
	if err != nil {
		return nil, err
	}
	pr := s.printer(m)
	in := Application{RequestKey: key, NIN: p.NIN, GivenName: p.GivenName, FamilyName: p.FamilyName, Phone: p.Phone,
		Email: p.Email, Address: p.Address, Postcode: p.Postcode, City: p.City,
		Summary: cmp.Or(trimText(summary), pr.T("closing.apply_again_summary", "case", c.Number()))}
	nc, _, err := s.submitApplication(ctx, m, u, in, filing{by: a, title: pr.T("closing.apply_again_record", "case", c.Number()),
		action: "case.apply_again"})
	return nc, err
}

// earlierCase reports whether the applicant of a new debt counselling case
// had one before that is closed or whose closing letters have gone: the
// routine flags it (DC2.10).
func earlierCase(ctx context.Context, tx *store.Q, c *torg.Case) (bool, error) {
	for _, p := range c.Parties {
		if p.PersonID == 0 || p.Role != torg.PartyApplicant {
			continue
		}
		cases, err := tx.PersonCases(ctx, c.MunicipalityID, p.PersonID)
		if err != nil {
			return false, err
		}
		for _, o := range cases {
			if o.ID != c.ID && o.Type == c.Type && o.UnitID == c.UnitID && !OpenForContact(o) {
				return true, nil
			}
		}
	}
	return false, nil
}
