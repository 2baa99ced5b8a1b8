package casework

import (
	"cmp"
	"context"
	"slices"
	"unicode/utf8"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/store"
)

// Absence is a period in which an employee is away (FD4): whole days, in
// which a counsellor gets no new cases (DC1.4), or a reduced day's hours.
type Absence = store.Absence

// DistributionView is a unit's distribution page (DC1.4): the table, how
// it is applied, and the absences that keep it from stranding a case.
type DistributionView struct {
	Unit     *torg.Unit
	Rules    []DistributionRule
	Settings DistributionSettings
	Staff    []*torg.Employee // whom the table, the fallback and absences may name
	Absences []*Absence       // today's and coming ones; a counsellor sees their own
	Today    torg.Date
	// CanEdit: a leader of the unit, who edits the table and the settings
	// and records anyone's absence. A counsellor records their own only.
	CanEdit bool
}

// AbsentToday reports whether an absence keeps its employee away all of
// today.
func (v *DistributionView) AbsentToday(a *Absence) bool { return a.WholeDays() && a.Covers(v.Today) }

// canSeeDistribution: the unit's leaders and counsellors.
func canSeeDistribution(a *torg.Employee, u *torg.Unit) error {
	if a.MunicipalityID == u.MunicipalityID && a.InUnit(u.ID) && (a.Has(torg.RoleLeader) || a.Has(torg.RoleCounsellor)) {
		return nil
	}
	return errForbidden
}

func (s *Service) staffedUnit(ctx context.Context, a *torg.Employee, unitID int64) (*torg.Unit, error) {
	u, err := s.db.R().Unit(ctx, unitID)
	if err != nil || u.MunicipalityID != a.MunicipalityID {
		return nil, notFound()
	}
	return u, canSeeDistribution(a, u)
}

// Distribution returns a unit's distribution page for its leaders and
// counsellors.
func (s *Service) Distribution(ctx context.Context, a *torg.Employee, unitID int64) (*DistributionView, error) {
	u, err := s.staffedUnit(ctx, a, unitID)
	if err != nil {
		return nil, err
	}
	m, err := s.municipality(ctx, u.MunicipalityID)
	if err != nil {
		return nil, err
	}
	r := s.db.R()
	v := &DistributionView{Unit: u, Today: s.today(m), CanEdit: canLeadUnit(a, u) == nil}
	if v.Rules, err = r.DistributionRules(ctx, unitID); err != nil {
		return nil, err
	}
	if v.Settings, err = r.DistributionSettings(ctx, unitID); err != nil {
		return nil, err
	}
	if v.Staff, err = s.distributionStaff(ctx, unitID); err != nil {
		return nil, err
	}
	ids := []int64{a.ID}
	if v.CanEdit {
		ids = nil
		for _, e := range v.Staff {
			ids = append(ids, e.ID)
		}
	}
	v.Absences, err = r.Absences(ctx, ids, v.Today)
	return v, err
}

// distributionStaff lists the unit's active counsellors, then its leaders: the
// people a table, a fallback or an absence names.
func (s *Service) distributionStaff(ctx context.Context, unitID int64) ([]*torg.Employee, error) {
	var staff []*torg.Employee
	for _, role := range []torg.Role{torg.RoleCounsellor, torg.RoleLeader} {
		es, err := s.db.R().UnitEmployees(ctx, unitID, role)
		if err != nil {
			return nil, err
		}
		for _, e := range es {
			if !slices.ContainsFunc(staff, func(x *torg.Employee) bool { return x.ID == e.ID }) {
				staff = append(staff, e)
			}
		}
	}
	return staff, nil
}

// DistributionUnit returns the unit whose distribution page an employee
// opens first: of the units whose page they may see, the first with a
// table, else the first with counsellors, else the first. ENOTFOUND if
// none.
func (s *Service) DistributionUnit(ctx context.Context, a *torg.Employee) (int64, error) {
	var withStaff, first int64
	for _, id := range a.Units {
		u, err := s.db.R().Unit(ctx, id)
		if err != nil || canSeeDistribution(a, u) != nil {
			continue
		}
		if rules, err := s.db.R().DistributionRules(ctx, id); err == nil && len(rules) > 0 {
			return id, nil
		}
		if cs, err := s.db.R().UnitEmployees(ctx, id, torg.RoleCounsellor); err == nil && len(cs) > 0 && withStaff == 0 {
			withStaff = id
		}
		first = cmp.Or(first, id)
	}
	if id := cmp.Or(withStaff, first); id != 0 {
		return id, nil
	}
	return 0, notFound()
}

// AbsenceInput is an absence as the distribution page and the absence
// board send it.
type AbsenceInput struct {
	EmployeeID int64
	Kind       string // one of store.AbsenceKinds; empty: other
	From, To   string // both days included
	// A reduced day's hours away on each day of the period, 15:04 (FD4.5);
	// ignored for the other kinds.
	AwayFrom, AwayTo string
	Note             string
}

// AddAbsence records a period in which a counsellor of the unit is away
// (DC1.4): a leader of the unit records anyone's, a counsellor their own.
func (s *Service) AddAbsence(ctx context.Context, a *torg.Employee, unitID int64, in AbsenceInput) (*Absence, error) {
	u, err := s.staffedUnit(ctx, a, unitID)
	if err != nil {
		return nil, err
	}
	ab, err := s.checkAbsence(ctx, a, u, in)
	if err != nil {
		return nil, err
	}
	err = s.db.Write(ctx, func(tx *store.Q) error {
		if err := tx.AddAbsence(ctx, ab, s.now()); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, a, "employee.absence", obj("employee", ab.EmployeeID), 0,
			ab.Kind+" "+ab.From.String()+"/"+ab.To.String()); err != nil {
			return err
		}
		return s.tellLeaders(ctx, tx, a, u, ab)
	})
	return ab, err
}

func (s *Service) checkAbsence(ctx context.Context, a *torg.Employee, u *torg.Unit, in AbsenceInput) (*Absence, error) {
	if err := canRecordAbsence(a, u, in.EmployeeID); err != nil {
		return nil, err
	}
	e, err := s.db.R().Employee(ctx, in.EmployeeID)
	if err != nil || e.MunicipalityID != u.MunicipalityID || !e.InUnit(u.ID) {
		return nil, torg.FieldError("absence_employee", "absence.employee_invalid")
	}
	ab := &Absence{EmployeeID: e.ID, Kind: cmp.Or(clean(in.Kind), store.AbsenceOther), Note: clean(in.Note), CreatedBy: a.ID}
	if !slices.Contains(store.AbsenceKinds, ab.Kind) {
		return nil, torg.FieldError("absence_kind", "absence.kind_invalid")
	}
	if ab.From, err = torg.ParseFormDate(in.From); err != nil {
		return nil, torg.FieldError("absence_from", "absence.date_invalid")
	}
	if ab.To, err = torg.ParseFormDate(in.To); err != nil {
		return nil, torg.FieldError("absence_to", "absence.date_invalid")
	}
	switch {
	case ab.To.Before(ab.From):
		return nil, torg.FieldError("absence_to", "absence.to_before_from")
	case utf8.RuneCountInString(ab.Note) > 200:
		return nil, torg.FieldError("absence_note", "absence.note_too_long")
	}
	if !ab.WholeDays() {
		if err := awayHours(ab, in); err != nil {
			return nil, err
		}
	}
	others, err := s.db.R().Absences(ctx, []int64{e.ID}, ab.From) // those that end before From cannot overlap
	if err != nil {
		return nil, err
	}
	for _, o := range others {
		// A reduced day may run on through a holiday or a course; two
		// whole-day absences, or two reduced days, may not overlap.
		if !ab.To.Before(o.From) && o.WholeDays() == ab.WholeDays() {
			return nil, torg.FieldError("absence_from", "absence.overlap", "from", o.From.String(), "to", o.To.String())
		}
	}
	return ab, nil
}

// canRecordAbsence: a leader of the unit for anyone, an employee of the
// unit for themselves.
func canRecordAbsence(a *torg.Employee, u *torg.Unit, employeeID int64) error {
	if canLeadUnit(a, u) == nil || (a.ID == employeeID && canSeeDistribution(a, u) == nil) {
		return nil
	}
	return errForbidden
}

// DeleteAbsence removes an absence recorded for someone of the unit, by
// whoever may record it.
func (s *Service) DeleteAbsence(ctx context.Context, a *torg.Employee, unitID, absenceID int64) error {
	u, err := s.staffedUnit(ctx, a, unitID)
	if err != nil {
		return err
	}
	ab, err := s.db.R().Absence(ctx, absenceID)
	if err != nil {
		return notFound()
	}
	e, err := s.db.R().Employee(ctx, ab.EmployeeID)
	if err != nil || e.MunicipalityID != u.MunicipalityID || !e.InUnit(u.ID) {
		return notFound()
	}
	if err := canRecordAbsence(a, u, ab.EmployeeID); err != nil {
		return err
	}
	return s.db.Write(ctx, func(tx *store.Q) error {
		if err := tx.DeleteAbsence(ctx, absenceID); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "employee.absence_delete", obj("employee", ab.EmployeeID), 0,
			ab.From.String()+"/"+ab.To.String())
	})
}
