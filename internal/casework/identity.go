package casework

import (
	"context"
	"slices"
	"strings"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/nin"
	"github.com/torg-kommune/torg/internal/registry"
	"github.com/torg-kommune/torg/internal/store"
)

// MarkerCheckIdentity marks a case whose application came under a name the
// population register does not give the national ID, or while the
// register did not answer: the counsellor checks who applied.
const MarkerCheckIdentity = "check_identity"

// checkedApplication is an application that passed its checks: the
// person as the form gives them, the population register's entry of the
// national ID, and what the counsellor must check.
type checkedApplication struct {
	person  *torg.Person
	summary string
	entry   *registry.Entry // nil: the register does not know the number or did not answer
	// check is why the counsellor must check the applicant's identity, an
	// i18n key, or "" if the register agrees.
	check string
}

// lookUpApplicant asks the population register about the applicant. A
// number the register does not know is not flagged: the embedded register
// is a copy a municipality may not have filled. The register's name is
// never shown to the applicant.
func (s *Service) lookUpApplicant(ctx context.Context, m *torg.Municipality, ap *checkedApplication) {
	e, err := s.registers().Population.Lookup(ctx, m.ID, ap.person.NIN)
	switch {
	case torg.ErrorCode(err) == torg.ENOTFOUND:
	case err != nil:
		ap.check = "apply.identity_unchecked"
	default:
		ap.entry = &e
		if !sameName(ap.person.GivenName, ap.person.FamilyName, e.GivenName, e.FamilyName) {
			ap.check = "apply.identity_mismatch"
		}
	}
}

// sameName reports whether the name on a form is the register's: the
// first given name and every family name on the form must be among the
// register's names, so that leaving out a middle name or one of two family
// names is no mismatch. Case, hyphens and extra spaces do not count.
func sameName(given, family, regGiven, regFamily string) bool {
	reg := nameParts(regGiven + " " + regFamily)
	g, f := nameParts(given), nameParts(family)
	if len(g) == 0 || len(f) == 0 || !slices.Contains(reg, g[0]) {
		return false
	}
	for _, part := range f {
		if !slices.Contains(reg, part) {
			return false
		}
	}
	return true
}

func nameParts(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return r == ' ' || r == '-' || r == '\t' || r == ','
	})
}

// protect gives p the protection the register entry has, if higher, and
// reports whether p changed. A strictly protected person's address is the
// register's forwarding address (DC1.3).
func protect(p *torg.Person, e *registry.Entry) bool {
	if e == nil || e.Protection <= p.Protection {
		return false
	}
	p.Protection = e.Protection
	if e.Protection == torg.ProtectionStrict {
		p.Address, p.Postcode, p.City = e.Forward, "", ""
	}
	return true
}

// checkBirthDate compares the birth date given on the form, if any, with
// the national ID's. A D-number or a samordningsnummer may carry another
// date than the birth date: there the given date is taken as the birth
// date.
func checkBirthDate(p *torg.Person, n nin.Number, raw string) error {
	if strings.TrimSpace(raw) == "" {
		return nil
	}
	d, err := torg.ParseFormDate(raw)
	if err != nil {
		return torg.FieldError("birth_date", "apply.birth_date_invalid")
	}
	switch {
	case n.Kind == nin.KindDnr || n.Kind == nin.KindSamordningsnummer || n.BirthDate.IsZero():
		p.BirthDate = d
	case d != torg.DateOf(n.BirthDate):
		return torg.FieldError("birth_date", "apply.birth_date_mismatch")
	}
	return nil
}

// applicationTasks tells the case's responsible, or the unit's leaders,
// what an application needs beyond the routine: an application joined to
// the open case is to be read, and a flagged one's identity checked. The
// titles name nobody, as the applicant may be protected (DC1.3).
func (s *Service) applicationTasks(ctx context.Context, tx *store.Q, m *torg.Municipality, c *torg.Case,
	rec *torg.Record, ap *checkedApplication, joined bool, by *torg.Employee) error {
	pr := s.printer(m)
	task := func(title, detail string) error {
		return tx.CreateTask(ctx, &torg.Task{MunicipalityID: c.MunicipalityID, UnitID: c.UnitID, CaseID: c.ID,
			RecordID: rec.ID, AssigneeID: c.ResponsibleID, Title: pr.T(title), Detail: pr.T(detail),
			Due: s.today(m), CreatedBy: by.ID}, s.now())
	}
	if joined {
		if err := task("apply.joined_task", "apply.joined_detail"); err != nil {
			return err
		}
	}
	if ap.check == "" {
		return nil
	}
	if err := tx.AddMarker(ctx, c.ID, MarkerCheckIdentity, s.now()); err != nil {
		return err
	}
	if !slices.Contains(c.Markers, MarkerCheckIdentity) {
		c.Markers = append(c.Markers, MarkerCheckIdentity)
	}
	return task("apply.identity_task", ap.check)
}
