package casework

import (
	"cmp"
	"context"
	"errors"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/i18n"
	"github.com/torg-kommune/torg/internal/nin"
	"github.com/torg-kommune/torg/internal/store"
)

// Application is what a citizen fills in on the municipality's web form to
// apply for debt counselling (DC1.1).
type Application struct {
	RequestKey                                                                 string // from the form; a second submit with the same key returns the first case
	NIN, GivenName, FamilyName, Phone, Email, Address, Postcode, City, Summary string
	BirthDate                                                                  string // optional; checked against the national ID when given
	UnitCode                                                                   string // the unit applied to; "debt" if empty
}

// Apply files a citizen's application (DC1.1). Nobody is logged in: the
// citizen submits the municipality's public form. If the person already
// has an active debt counselling case in the unit the application joins it
// and the responsible gets a task; otherwise a new case is opened, given
// to a counsellor by the unit's distribution rules (DC1.4) and its
// routines are started. An application under a name the population
// register does not know for the national ID is filed but flagged for an
// identity check; the applicant is not told. It reports dup when the same
// form was submitted before.
func (s *Service) Apply(ctx context.Context, municipalityCode string, in Application) (*torg.Case, bool, error) {
	m, u, err := s.applyTarget(ctx, municipalityCode, in.UnitCode)
	if err != nil {
		return nil, false, err
	}
	return s.submitApplication(ctx, m, u, in, filing{received: s.today(m)})
}

// filing says who files an application: the zero value is the citizen on
// the public form; the document centre files paper forms (DC1.2).
type filing struct {
	by       *torg.Employee // the employee who registers it, or nil
	title    string         // the record's title; apply.record_title if empty
	action   string         // the audit action; case.apply if empty
	received torg.Date      // the day the application was received
}

// submitApplication validates an application and files it: Apply's work
// after the form's municipality and unit are known. Every check comes
// before the one transaction that files it, so a refused application
// leaves nothing behind.
func (s *Service) submitApplication(ctx context.Context, m *torg.Municipality, u *torg.Unit, in Application,
	f filing) (*torg.Case, bool, error) {
	if c := s.applied(ctx, m, in.RequestKey); c != nil {
		return c, true, nil
	}
	ap, err := s.checkApplication(ctx, m, in)
	if err != nil {
		return nil, false, err
	}
	key := requestKey(in.RequestKey)
	var c *torg.Case
	file := func() error {
		return s.db.Write(ctx, func(tx *store.Q) (err error) {
			c, err = s.fileApplication(ctx, tx, m, u, ap, key, f)
			return err
		})
	}
	err = file()
	if torg.ErrorCode(err) == torg.ECONFLICT {
		if prev := s.applied(ctx, m, key); prev != nil {
			return prev, true, nil // two submits raced; the first won
		}
		// Two forms for a new person raced: the other one created the
		// person, so this one now joins their case.
		err = file()
	}
	if err != nil {
		return nil, false, err
	}
	return c, false, nil
}

// checkApplication validates an application and looks the applicant up
// in the population register.
func (s *Service) checkApplication(ctx context.Context, m *torg.Municipality, in Application) (*checkedApplication, error) {
	n, err := s.parseNIN(m, in.NIN)
	if err != nil {
		return nil, err
	}
	p := applicationPerson(m, n, in)
	if err := checkBirthDate(p, n, in.BirthDate); err != nil {
		return nil, err
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	summary := trimText(in.Summary)
	if summary == "" {
		return nil, torg.FieldError("summary", "apply.summary_required")
	}
	ap := &checkedApplication{person: p, summary: summary}
	s.lookUpApplicant(ctx, m, ap)
	return ap, nil
}

func (s *Service) applyTarget(ctx context.Context, muniCode, unitCode string) (*torg.Municipality, *torg.Unit, error) {
	m, err := s.db.R().MunicipalityByCode(ctx, muniCode)
	if err != nil {
		return nil, nil, err
	}
	if unitCode == "" {
		unitCode = "debt"
	}
	u, err := s.db.R().UnitByCode(ctx, m.ID, unitCode)
	if err != nil {
		return nil, nil, err
	}
	return m, u, nil
}

// applied returns the case an application form's key already went to.
func (s *Service) applied(ctx context.Context, m *torg.Municipality, key string) *torg.Case {
	if key == "" {
		return nil
	}
	id, err := s.db.R().ApplicationCase(ctx, m.ID, key)
	if err != nil {
		return nil
	}
	c, err := s.db.R().Case(ctx, m.ID, id)
	if err != nil {
		return nil
	}
	return c
}

// parseNIN validates a national ID for a municipality's country.
func (s *Service) parseNIN(m *torg.Municipality, raw string) (nin.Number, error) {
	n, err := nin.Parse(raw, nin.Country(m.Country), s.now())
	var ne *nin.Error
	if errors.As(err, &ne) {
		return n, torg.FieldError("nin", ne.Key, ne.Args...)
	}
	return n, err
}

func applicationPerson(m *torg.Municipality, n nin.Number, in Application) *torg.Person {
	p := &torg.Person{MunicipalityID: m.ID, NIN: n.Digits, NINCountry: string(n.Country), NINKind: string(n.Kind),
		GivenName: clean(in.GivenName), FamilyName: clean(in.FamilyName), Address: clean(in.Address),
		Postcode: clean(in.Postcode), City: clean(in.City), Phone: clean(in.Phone), Email: clean(in.Email)}
	if !n.BirthDate.IsZero() {
		p.BirthDate = torg.DateOf(n.BirthDate)
	}
	return p
}

// fileApplication does Apply's work inside tx.
func (s *Service) fileApplication(ctx context.Context, tx *store.Q, m *torg.Municipality, u *torg.Unit,
	ap *checkedApplication, key string, f filing) (*torg.Case, error) {
	pr := i18n.New(i18n.Lang(m.Language))
	by, actor := f.by, f.by
	if by == nil {
		var err error
		if by, err = tx.SelfService(ctx, m, pr.T("apply.self_service"), s.now()); err != nil {
			return nil, err
		}
		actor = &torg.Employee{MunicipalityID: m.ID} // actor 0: the citizen, not logged in
	}
	p, err := s.findOrCreatePerson(ctx, tx, ap)
	if err != nil {
		return nil, err
	}
	c, err := s.openDebtCase(ctx, tx, u, p)
	if err != nil {
		return nil, err
	}
	joined := c != nil
	if !joined {
		if c, err = s.newDebtCase(ctx, tx, m, u, p, pr, f.received, by); err != nil {
			return nil, err
		}
	}
	title, action := cmp.Or(f.title, pr.T("apply.record_title")), cmp.Or(f.action, "case.apply")
	// The correspondent is the applicant as they named themselves: a known
	// person keeps the name they have, so this is where the form's name shows.
	rec := &torg.Record{MunicipalityID: m.ID, CaseID: c.ID, Type: torg.RecordIncoming, Status: torg.RecordJournalled,
		Title: title, Body: ap.summary, Correspondent: cmp.Or(ap.person.Name(), p.Name()), PersonID: p.ID,
		Outstanding: true, CreatedBy: by.ID}
	if err := tx.CreateRecord(ctx, rec, s.now()); err != nil {
		return nil, err
	}
	if err := tx.SaveApplication(ctx, m.ID, key, c.ID, rec.ID, s.now()); err != nil {
		return nil, err
	}
	if err := s.applicationTasks(ctx, tx, m, c, rec, ap, joined, by); err != nil {
		return nil, err
	}
	if !joined {
		if err := s.StartRoutines(ctx, tx, c); err != nil {
			return nil, err
		}
	}
	return c, s.audit(ctx, tx, actor, action, obj("case", c.ID), p.ID, "")
}

// findOrCreatePerson returns the applicant's person, creating them from
// the form if the municipality does not know them yet. A known person
// keeps their data: the form's address is never stored over it, and only
// a phone number or e-mail address torg lacks is taken (fillContact). Either
// way the person gets at least the protection the register gives them,
// and a strictly protected person's address is the register's forwarding
// address, never the one on the form (DC1.3).
func (s *Service) findOrCreatePerson(ctx context.Context, tx *store.Q, ap *checkedApplication) (*torg.Person, error) {
	p, err := tx.PersonByNIN(ctx, ap.person.MunicipalityID, ap.person.NIN)
	if torg.ErrorCode(err) == torg.ENOTFOUND {
		in := *ap.person
		protect(&in, ap.entry)
		return &in, tx.CreatePerson(ctx, &in, s.now())
	}
	if err != nil {
		return nil, err
	}
	// Two applications of one person at once must not open two cases.
	if err := tx.LockPerson(ctx, p.ID); err != nil {
		return nil, err
	}
	changed := protect(p, ap.entry)
	if fillContact(p, ap.person) || changed {
		if err := tx.UpdatePerson(ctx, p, s.now()); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// fillContact gives a known, unprotected person the phone number and
// e-mail address of their application where torg has none, and reports
// whether it did: the counsellor calls the number (DC2.2) and the
// meeting's SMS goes to it (DC4.3). What torg has is never replaced. A
// protected person gets nothing from a form anybody could send in their
// name, as messages about their meetings would go where the form says.
func fillContact(p, form *torg.Person) bool {
	if p.Protection != torg.ProtectionNone {
		return false
	}
	changed := false
	if p.Phone == "" && form.Phone != "" {
		p.Phone, changed = form.Phone, true
	}
	if p.Email == "" && form.Email != "" {
		p.Email, changed = form.Email, true
	}
	return changed
}

// openDebtCase returns the person's active debt counselling case in the
// unit, or nil.
func (s *Service) openDebtCase(ctx context.Context, tx *store.Q, u *torg.Unit, p *torg.Person) (*torg.Case, error) {
	cases, err := tx.PersonCases(ctx, p.MunicipalityID, p.ID)
	if err != nil {
		return nil, err
	}
	for _, c := range cases {
		if c.UnitID == u.ID && c.Type == torg.CaseTypeDebt && OpenForContact(c) { // DC8.8: not one whose closing letters have gone
			return c, nil
		}
	}
	return nil, nil
}

// newDebtCase opens the case of a new application: a protected applicant's
// goes to cleared staff (DC1.3), anyone else's by the distribution table
// (DC1.4), whose fallback the case's notes explain.
func (s *Service) newDebtCase(ctx context.Context, tx *store.Q, m *torg.Municipality, u *torg.Unit, p *torg.Person,
	pr *i18n.Printer, received torg.Date, by *torg.Employee) (*torg.Case, error) {
	var asg assignment
	var markers []string
	var err error
	if p.Protection != torg.ProtectionNone {
		// DC1.3: not by the table, but to someone cleared for the person.
		if asg.to, err = s.clearedStaff(ctx, tx, u, p.Protection); err == nil && asg.to == 0 {
			markers = []string{MarkerProtected}
		}
	} else {
		asg, err = s.distribute(ctx, tx, m, u, p, received)
	}
	if err != nil {
		return nil, err
	}
	c := &torg.Case{MunicipalityID: m.ID, UnitID: u.ID, Type: torg.CaseTypeDebt, Status: torg.CaseOpen,
		Title: pr.T("apply.case_title", "name", p.Name()), ResponsibleID: asg.to, Markers: markers}
	if err := tx.CreateCase(ctx, c, s.now()); err != nil {
		return nil, err
	}
	party := &torg.Party{CaseID: c.ID, PersonID: p.ID, Role: torg.PartyApplicant, Name: p.Name()}
	if err := tx.AddParty(ctx, party); err != nil {
		return nil, err
	}
	party.Name, party.Protection = p.Name(), p.Protection
	c.Parties = []torg.Party{*party}
	return c, s.explainFallback(ctx, tx, m, c, asg, by)
}

// clearedStaff picks the responsible for a protected applicant's case
// (DC1.3): an active counsellor of the unit whose clearance covers the
// protection, else such a leader, the lowest ID first. It returns 0 when
// nobody in the unit is cleared.
func (s *Service) clearedStaff(ctx context.Context, tx *store.Q, u *torg.Unit, p torg.Protection) (int64, error) {
	for _, r := range []torg.Role{torg.RoleCounsellor, torg.RoleLeader} {
		es, err := tx.UnitEmployees(ctx, u.ID, r)
		if err != nil {
			return 0, err
		}
		var best int64
		for _, e := range es {
			if e.Active && e.Clearance >= p && (best == 0 || e.ID < best) {
				best = e.ID
			}
		}
		if best != 0 {
			return best, nil
		}
	}
	return 0, nil
}

// today is the date in the municipality's time zone.
func (s *Service) today(m *torg.Municipality) torg.Date {
	if loc, err := loadLocation(m.TimeZone); err == nil {
		return torg.DateOf(s.now().In(loc))
	}
	return torg.DateOf(s.now())
}

// ApplicationForm returns the municipality and unit a public application
// form is for, so the form can name them; ENOTFOUND for an unknown one.
func (s *Service) ApplicationForm(ctx context.Context, municipalityCode, unitCode string) (*torg.Municipality, *torg.Unit, error) {
	return s.applyTarget(ctx, municipalityCode, unitCode)
}
