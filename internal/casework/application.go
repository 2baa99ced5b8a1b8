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
	UnitCode                                                                   string // the unit applied to; "debt" if empty
}

// Apply files a citizen's application (DC1.1). Nobody is logged in: the
// citizen submits the municipality's public form. If the person already
// has an active debt counselling case in the unit the application joins it;
// otherwise a new case is opened, given to a counsellor by the unit's
// distribution rules (DC1.4) and its routines are started. It reports dup
// when the same form was submitted before.
func (s *Service) Apply(ctx context.Context, municipalityCode string, in Application) (*torg.Case, bool, error) {
	m, u, err := s.applyTarget(ctx, municipalityCode, in.UnitCode)
	if err != nil {
		return nil, false, err
	}
	return s.submitApplication(ctx, m, u, in, filing{})
}

// filing says who files an application: the zero value is the citizen on
// the public form; the document centre files paper forms (DC1.2).
type filing struct {
	by     *torg.Employee // the employee who registers it, or nil
	title  string         // the record's title; apply.record_title if empty
	action string         // the audit action; case.apply if empty
}

// submitApplication validates an application and files it: Apply's work
// after the form's municipality and unit are known.
func (s *Service) submitApplication(ctx context.Context, m *torg.Municipality, u *torg.Unit, in Application,
	f filing) (*torg.Case, bool, error) {
	if c := s.applied(ctx, m, in.RequestKey); c != nil {
		return c, true, nil
	}
	n, err := s.parseNIN(m, in.NIN)
	if err != nil {
		return nil, false, err
	}
	p := applicationPerson(m, n, in)
	if err := p.Validate(); err != nil {
		return nil, false, err
	}
	if in.Summary = trimText(in.Summary); in.Summary == "" {
		return nil, false, torg.FieldError("summary", "apply.summary_required")
	}
	key := requestKey(in.RequestKey)
	var c *torg.Case
	err = s.db.Write(ctx, func(tx *store.Q) (err error) {
		c, err = s.fileApplication(ctx, tx, m, u, p, key, in.Summary, f)
		return err
	})
	if torg.ErrorCode(err) == torg.ECONFLICT {
		if prev := s.applied(ctx, m, key); prev != nil {
			return prev, true, nil // two submits raced; the first won
		}
	}
	if err != nil {
		return nil, false, err
	}
	return c, false, nil
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
	in *torg.Person, key, summary string, f filing) (*torg.Case, error) {
	p, err := s.findOrCreatePerson(ctx, tx, in)
	if err != nil {
		return nil, err
	}
	pr := i18n.New(i18n.Lang(m.Language))
	c, err := s.openDebtCase(ctx, tx, u, p)
	if err != nil {
		return nil, err
	}
	joined := c != nil
	if !joined {
		if c, err = s.newDebtCase(ctx, tx, m, u, p, pr); err != nil {
			return nil, err
		}
	}
	by, actor := f.by, f.by
	if by == nil {
		if by, err = tx.SelfService(ctx, m, pr.T("apply.self_service"), s.now()); err != nil {
			return nil, err
		}
		actor = &torg.Employee{MunicipalityID: m.ID} // actor 0: the citizen, not logged in
	}
	title, action := cmp.Or(f.title, pr.T("apply.record_title")), cmp.Or(f.action, "case.apply")
	rec := &torg.Record{MunicipalityID: m.ID, CaseID: c.ID, Type: torg.RecordIncoming, Status: torg.RecordJournalled,
		Title: title, Body: summary, Correspondent: p.Name(), PersonID: p.ID, Outstanding: true,
		CreatedBy: by.ID}
	if err := tx.CreateRecord(ctx, rec, s.now()); err != nil {
		return nil, err
	}
	if err := tx.SaveApplication(ctx, m.ID, key, c.ID, rec.ID, s.now()); err != nil {
		return nil, err
	}
	if !joined {
		if err := s.StartRoutines(ctx, tx, c); err != nil {
			return nil, err
		}
	}
	return c, s.audit(ctx, tx, actor, action, obj("case", c.ID), p.ID, "")
}

func (s *Service) findOrCreatePerson(ctx context.Context, tx *store.Q, in *torg.Person) (*torg.Person, error) {
	p, err := tx.PersonByNIN(ctx, in.MunicipalityID, in.NIN)
	if torg.ErrorCode(err) != torg.ENOTFOUND {
		// A known person keeps the registry's data: the form's address
		// is never stored, least of all a strictly protected person's
		// (DC1.3), whose forwarding address comes from the registry.
		return p, err
	}
	return in, tx.CreatePerson(ctx, in, s.now())
}

// openDebtCase returns the person's active debt counselling case in the
// unit, or nil.
func (s *Service) openDebtCase(ctx context.Context, tx *store.Q, u *torg.Unit, p *torg.Person) (*torg.Case, error) {
	cases, err := tx.PersonCases(ctx, p.MunicipalityID, p.ID)
	if err != nil {
		return nil, err
	}
	for _, c := range cases {
		if c.UnitID == u.ID && c.Type == torg.CaseTypeDebt && c.Status.Active() {
			return c, nil
		}
	}
	return nil, nil
}

func (s *Service) newDebtCase(ctx context.Context, tx *store.Q, m *torg.Municipality, u *torg.Unit, p *torg.Person,
	pr *i18n.Printer) (*torg.Case, error) {
	var resp int64
	var markers []string
	var err error
	if p.Protection != torg.ProtectionNone {
		// DC1.3: not by the table, but to someone cleared for the person.
		if resp, err = s.clearedStaff(ctx, tx, u, p.Protection); err == nil && resp == 0 {
			markers = []string{MarkerProtected}
		}
	} else {
		resp, err = s.distribute(ctx, tx, m, u, p)
	}
	if err != nil {
		return nil, err
	}
	c := &torg.Case{MunicipalityID: m.ID, UnitID: u.ID, Type: torg.CaseTypeDebt, Status: torg.CaseOpen,
		Title: pr.T("apply.case_title", "name", p.Name()), ResponsibleID: resp, Markers: markers}
	if err := tx.CreateCase(ctx, c, s.now()); err != nil {
		return nil, err
	}
	party := &torg.Party{CaseID: c.ID, PersonID: p.ID, Role: torg.PartyApplicant, Name: p.Name()}
	if err := tx.AddParty(ctx, party); err != nil {
		return nil, err
	}
	party.Name, party.Protection = p.Name(), p.Protection
	c.Parties = []torg.Party{*party}
	return c, nil
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

// distribute picks the responsible counsellor of a new case by the unit's
// distribution rules on the applicant's day of birth, or the day of
// receipt when the birth date is unknown (DC1.4). Without a matching rule
// for an active counsellor it returns 0: the unit's staff see the case.
func (s *Service) distribute(ctx context.Context, tx *store.Q, m *torg.Municipality, u *torg.Unit, p *torg.Person) (int64, error) {
	rules, err := tx.DistributionRules(ctx, u.ID)
	if err != nil {
		return 0, err
	}
	day := p.BirthDate.Time().Day()
	if p.BirthDate.IsZero() {
		day = s.today(m).Time().Day()
	}
	for _, r := range rules {
		if r.From <= day && day <= r.To && r.Active {
			return r.EmployeeID, nil
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
