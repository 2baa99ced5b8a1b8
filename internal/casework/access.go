package casework

import (
	"context"

	"github.com/torg-kommune/torg"
)

// Access rules. Each returns nil or a torg.Error. A case the actor may not
// see is reported as not found, so its existence is not given away.

var errForbidden = torg.Errorf(torg.EFORBIDDEN, "error.forbidden")

func notFound() error { return torg.Errorf(torg.ENOTFOUND, "error.not_found") }

// canSeePersons: the staff who meet citizens or handle their cases.
func canSeePersons(a *torg.Employee) error {
	if a.Has(torg.RoleFrontDesk) || a.Has(torg.RoleCounsellor) || a.Has(torg.RoleLeader) {
		return nil
	}
	return errForbidden
}

// canRegisterInquiry: front-desk work (FD1, FD2) may be done by the desk
// and by the unit's own staff.
func canRegisterInquiry(a *torg.Employee, unitID int64) error {
	if a.Has(torg.RoleFrontDesk) {
		return nil
	}
	if (a.Has(torg.RoleCounsellor) || a.Has(torg.RoleLeader)) && a.InUnit(unitID) {
		return nil
	}
	return errForbidden
}

// canReadCase: the full case — records, documents, notes — is for the
// counsellors and leaders of the case's unit. A case with a party whose
// protection is above the actor's clearance is not there for them (DC1.3);
// c must have its parties loaded (see withParties).
func canReadCase(a *torg.Employee, c *torg.Case) error {
	if a.MunicipalityID != c.MunicipalityID || !a.InUnit(c.UnitID) || !clearedFor(a, c) {
		return notFound()
	}
	if a.Has(torg.RoleCounsellor) || a.Has(torg.RoleLeader) {
		return nil
	}
	return notFound()
}

// canSeeAddress reports whether a may see the address of a person with
// protection p: only with clearance at or above the person's level.
func canSeeAddress(a *torg.Employee, p torg.Protection) bool {
	return p == torg.ProtectionNone || a.Clearance >= p
}

// clearedFor reports whether a's clearance covers every party of c (DC1.3).
func clearedFor(a *torg.Employee, c *torg.Case) bool {
	for _, p := range c.Parties {
		if p.Protection > a.Clearance {
			return false
		}
	}
	return true
}

// withParties loads the parties of cases read by queries that leave them
// out, so that canReadCase and clearedFor can judge them.
func (s *Service) withParties(ctx context.Context, cases []*torg.Case) error {
	for _, c := range cases {
		if c.Parties != nil {
			continue
		}
		ps, err := s.db.R().Parties(ctx, c.ID)
		if err != nil {
			return err
		}
		c.Parties = ps
	}
	return nil
}

// canCompleteTask: the assignee, or a leader or counsellor of the task's
// unit when nobody is assigned, or a leader of the unit.
func canCompleteTask(a *torg.Employee, t *torg.Task) error {
	switch {
	case a.MunicipalityID != t.MunicipalityID:
		return notFound()
	case t.AssigneeID == a.ID:
		return nil
	case a.InUnit(t.UnitID) && (a.Has(torg.RoleLeader) || (t.AssigneeID == 0 && a.Has(torg.RoleCounsellor))):
		return nil
	}
	return notFound()
}

// canRegisterPaper: the document centre registers paper applications for
// any unit (DC1.2); a leader for their own units.
func canRegisterPaper(a *torg.Employee, u *torg.Unit) error {
	switch {
	case a.MunicipalityID != u.MunicipalityID:
		return errForbidden
	case a.Has(torg.RoleDocumentCentre), a.Has(torg.RoleLeader) && a.InUnit(u.ID):
		return nil
	}
	return errForbidden
}

// canFillFromRegisters: the counsellors and leaders who handle cases fill
// in person data from the registers (DC1.5).
func canFillFromRegisters(a *torg.Employee) error {
	if a.Has(torg.RoleCounsellor) || a.Has(torg.RoleLeader) {
		return nil
	}
	return errForbidden
}
