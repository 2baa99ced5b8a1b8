package casework

import (
	"cmp"
	"context"
	"slices"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/store"
)

// DistributionRule gives the new cases whose day (the applicant's day of
// birth or the day of receipt, as the unit's settings say) falls in
// From…To to one counsellor (DC1.4).
type DistributionRule = store.DistributionRule

// DistributionSettings say which day a unit's table is applied to and who
// takes the cases of an absent counsellor (DC1.4).
type DistributionSettings = store.DistributionSettings

// Which day of the month the table is applied to.
const (
	ByBirthDay   = store.ByBirthDay
	ByReceiptDay = store.ByReceiptDay
)

// canLeadUnit: a leader of the unit.
func canLeadUnit(a *torg.Employee, u *torg.Unit) error {
	if a.MunicipalityID == u.MunicipalityID && a.Has(torg.RoleLeader) && a.InUnit(u.ID) {
		return nil
	}
	return errForbidden
}

func (s *Service) ledUnit(ctx context.Context, a *torg.Employee, unitID int64) (*torg.Unit, error) {
	u, err := s.db.R().Unit(ctx, unitID)
	if err != nil || u.MunicipalityID != a.MunicipalityID {
		return nil, notFound()
	}
	return u, canLeadUnit(a, u)
}

// DistributionRules returns a unit's distribution table and the
// counsellors it may name, for a leader of the unit.
func (s *Service) DistributionRules(ctx context.Context, a *torg.Employee, unitID int64) ([]DistributionRule, []*torg.Employee, error) {
	if _, err := s.ledUnit(ctx, a, unitID); err != nil {
		return nil, nil, err
	}
	rules, err := s.db.R().DistributionRules(ctx, unitID)
	if err != nil {
		return nil, nil, err
	}
	staff, err := s.db.R().UnitEmployees(ctx, unitID, torg.RoleCounsellor)
	return rules, staff, err
}

// SetDistributionRules replaces a unit's distribution table. The ranges
// must cover the days 1–31 without gaps or overlaps, each with a
// counsellor of the unit. An empty table leaves new cases unassigned.
func (s *Service) SetDistributionRules(ctx context.Context, a *torg.Employee, unitID int64, rules []DistributionRule) error {
	u, err := s.ledUnit(ctx, a, unitID)
	if err != nil {
		return err
	}
	rules, err = s.checkRules(ctx, u, rules)
	if err != nil {
		return err
	}
	return s.db.Write(ctx, func(tx *store.Q) error {
		if err := tx.SetDistributionRules(ctx, unitID, rules); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "unit.distribution", obj("unit", unitID), 0, "")
	})
}

// SetDistribution saves a unit's table and its settings together, for a
// leader of the unit: both or, if either is wrong, neither (DC1.4).
func (s *Service) SetDistribution(ctx context.Context, a *torg.Employee, unitID int64, rules []DistributionRule,
	set DistributionSettings) error {
	u, err := s.ledUnit(ctx, a, unitID)
	if err != nil {
		return err
	}
	if rules, err = s.checkRules(ctx, u, rules); err != nil {
		return err
	}
	if err := s.checkSettings(ctx, u, set); err != nil {
		return err
	}
	return s.db.Write(ctx, func(tx *store.Q) error {
		if err := tx.SetDistributionRules(ctx, unitID, rules); err != nil {
			return err
		}
		if err := tx.SetDistributionSettings(ctx, unitID, set, s.now()); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "unit.distribution", obj("unit", unitID), 0, set.By)
	})
}

func (s *Service) checkSettings(ctx context.Context, u *torg.Unit, set DistributionSettings) error {
	if set.By != ByBirthDay && set.By != ByReceiptDay {
		return torg.FieldError("by", "absence.by_invalid")
	}
	if set.FallbackID == 0 {
		return nil
	}
	e, err := s.db.R().Employee(ctx, set.FallbackID)
	if err != nil || e.MunicipalityID != u.MunicipalityID || !e.InUnit(u.ID) || !e.Active {
		return torg.FieldError("fallback", "absence.fallback_invalid")
	}
	return nil
}

// checkRules sorts a table and checks it covers 1–31 with the unit's staff.
func (s *Service) checkRules(ctx context.Context, u *torg.Unit, rules []DistributionRule) ([]DistributionRule, error) {
	rules = slices.Clone(rules)
	slices.SortFunc(rules, func(x, y DistributionRule) int { return x.From - y.From })
	if len(rules) == 0 {
		return rules, nil
	}
	next := 1
	for _, r := range rules {
		switch {
		case r.From < next:
			return nil, torg.FieldError("rules", "apply.rules_overlap", "day", r.From)
		case r.From > next:
			return nil, torg.FieldError("rules", "apply.rules_gap", "day", next)
		case r.To < r.From || r.To > 31:
			return nil, torg.FieldError("rules", "apply.rules_range", "from", r.From, "to", r.To)
		}
		e, err := s.db.R().Employee(ctx, r.EmployeeID)
		if err != nil || e.MunicipalityID != u.MunicipalityID || !e.InUnit(u.ID) {
			return nil, torg.FieldError("rules", "apply.rules_employee", "from", r.From)
		}
		next = r.To + 1
	}
	if next != 32 {
		return nil, torg.FieldError("rules", "apply.rules_gap", "day", next)
	}
	return rules, nil
}

// assignment is whom a new case goes to by the distribution table, and
// why when it is not the counsellor the table names (DC1.4).
type assignment struct {
	to    int64 // the responsible; 0: the unit's shared list
	day   int   // the day of the month the table was applied to
	named *DistributionRule
	away  *Absence // the named counsellor's absence, if that is why
}

// redirected reports whether the named counsellor did not get the case.
func (a assignment) redirected() bool { return a.named != nil && a.to != a.named.EmployeeID }

// distribute picks the responsible counsellor of a new case by the unit's
// table, applied to the applicant's day of birth or to the day of receipt
// as the unit chose (the day of receipt when the birth date is unknown).
// A counsellor absent on the day of receipt or today, or no longer active,
// gets no new case: it goes to the unit's fallback if they are there, else
// to the shared list. Without a rule for the day the case goes to the
// shared list too: the unit's staff see it.
func (s *Service) distribute(ctx context.Context, tx *store.Q, m *torg.Municipality, u *torg.Unit, p *torg.Person,
	received torg.Date) (assignment, error) {
	rules, err := tx.DistributionRules(ctx, u.ID)
	if err != nil {
		return assignment{}, err
	}
	set, err := tx.DistributionSettings(ctx, u.ID)
	if err != nil {
		return assignment{}, err
	}
	today := s.today(m)
	received = cmp.Or(received, today)
	asg := assignment{day: received.Day}
	if set.By != ByReceiptDay && !p.BirthDate.IsZero() {
		asg.day = p.BirthDate.Day
	}
	i := slices.IndexFunc(rules, func(r DistributionRule) bool { return r.From <= asg.day && asg.day <= r.To })
	if i < 0 {
		return asg, nil
	}
	asg.named = &rules[i]
	if asg.away, err = absentOn(ctx, tx, asg.named.EmployeeID, received, today); err != nil {
		return asg, err
	}
	if asg.named.Active && asg.away == nil {
		asg.to = asg.named.EmployeeID
		return asg, nil
	}
	if set.FallbackID == 0 || set.FallbackID == asg.named.EmployeeID {
		return asg, nil
	}
	fb, err := tx.Employee(ctx, set.FallbackID)
	if err != nil || !fb.Active || !fb.InUnit(u.ID) {
		return asg, nil // the fallback left the unit: the shared list
	}
	if away, err := absentOn(ctx, tx, fb.ID, received, today); err != nil || away != nil {
		return asg, err
	}
	asg.to = fb.ID
	return asg, nil
}

// absentOn returns an employee's absence covering any of days, or nil.
func absentOn(ctx context.Context, tx *store.Q, employeeID int64, days ...torg.Date) (*Absence, error) {
	for _, d := range days {
		if a, err := tx.AbsentOn(ctx, employeeID, d); a != nil || err != nil {
			return a, err
		}
	}
	return nil, nil
}

// explainFallback says in the case's notes why a new case did not go to
// the counsellor the table names, and, when it went to the shared list,
// gives the unit's leaders a task to assign it. The note's author is the
// one who filed the application (the self-service account for the web).
func (s *Service) explainFallback(ctx context.Context, tx *store.Q, m *torg.Municipality, c *torg.Case, asg assignment,
	by *torg.Employee) error {
	if !asg.redirected() {
		return nil
	}
	pr := s.printer(m)
	why := pr.T("absence.why_inactive")
	if asg.away != nil {
		why = pr.T("absence.why_away", "from", pr.Date(asg.away.From.Time()), "to", pr.Date(asg.away.To.Time()))
	}
	name := asg.named.EmployeeName
	body := pr.T("absence.note_shared", "why", why, "day", asg.day, "name", name)
	if asg.to != 0 {
		fb, err := tx.Employee(ctx, asg.to)
		if err != nil {
			return err
		}
		body = pr.T("absence.note_fallback", "why", why, "day", asg.day, "name", name, "fallback", fb.Name)
	}
	if err := tx.CreateNote(ctx, &torg.Note{CaseID: c.ID, AuthorID: by.ID, Body: body}, s.now()); err != nil {
		return err
	}
	if asg.to != 0 {
		return nil
	}
	return tx.CreateTask(ctx, &torg.Task{MunicipalityID: c.MunicipalityID, UnitID: c.UnitID, CaseID: c.ID,
		Title: pr.T("absence.task_title"), Detail: body, Due: s.today(m), CreatedBy: by.ID}, s.now())
}
