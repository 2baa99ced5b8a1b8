package casework

import (
	"context"
	"slices"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/store"
)

// DistributionRule gives the new cases whose day (the applicant's day of
// birth) falls in From…To to one counsellor (DC1.4).
type DistributionRule = store.DistributionRule

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
	rules = slices.Clone(rules)
	slices.SortFunc(rules, func(x, y DistributionRule) int { return x.From - y.From })
	if err := s.checkRules(ctx, u, rules); err != nil {
		return err
	}
	return s.db.Write(ctx, func(tx *store.Q) error {
		if err := tx.SetDistributionRules(ctx, unitID, rules); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "unit.distribution", obj("unit", unitID), 0, "")
	})
}

func (s *Service) checkRules(ctx context.Context, u *torg.Unit, rules []DistributionRule) error {
	if len(rules) == 0 {
		return nil
	}
	next := 1
	for _, r := range rules {
		switch {
		case r.From < next:
			return torg.FieldError("rules", "apply.rules_overlap", "day", r.From)
		case r.From > next:
			return torg.FieldError("rules", "apply.rules_gap", "day", next)
		case r.To < r.From || r.To > 31:
			return torg.FieldError("rules", "apply.rules_range", "from", r.From, "to", r.To)
		}
		e, err := s.db.R().Employee(ctx, r.EmployeeID)
		if err != nil || e.MunicipalityID != u.MunicipalityID || !e.InUnit(u.ID) {
			return torg.FieldError("rules", "apply.rules_employee", "from", r.From)
		}
		next = r.To + 1
	}
	if next != 32 {
		return torg.FieldError("rules", "apply.rules_gap", "day", next)
	}
	return nil
}
