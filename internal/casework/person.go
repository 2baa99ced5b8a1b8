package casework

import (
	"context"
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/nin"
	"github.com/torg-kommune/torg/internal/store"
)

// PersonView is a person as a given employee may see them: the address is
// blanked unless the employee has clearance for the person's protection.
type PersonView struct {
	torg.Person
	AddressHidden bool
	NINDisplay    string
}

func (s *Service) view(a *torg.Employee, p *torg.Person) *PersonView {
	v := &PersonView{Person: *p, NINDisplay: displayNIN(p)}
	if !canSeeAddress(a, p.Protection) {
		v.Address, v.Postcode, v.City, v.AddressHidden = "", "", "", true
	}
	return v
}

func displayNIN(p *torg.Person) string {
	n, err := nin.Parse(p.NIN, nin.Country(p.NINCountry), p.BirthDate.Time())
	if err != nil {
		return p.NIN
	}
	return n.Display()
}

// ParseNIN validates a national ID typed by a person, for the actor's
// municipality's country. The error names the field "nin" and says what
// is wrong (length, date, control digit) as an i18n key.
func (s *Service) ParseNIN(ctx context.Context, a *torg.Employee, raw string) (nin.Number, error) {
	m, err := s.municipality(ctx, a.MunicipalityID)
	if err != nil {
		return nin.Number{}, err
	}
	n, err := nin.Parse(raw, nin.Country(m.Country), s.now())
	var ne *nin.Error
	if errors.As(err, &ne) {
		return n, torg.FieldError("nin", ne.Key, ne.Args...)
	}
	return n, err
}

// FindPersonByNIN looks a person up by national ID (FD1.1, FD2.2). The
// number is never logged or put in a URL; the lookup is audited.
func (s *Service) FindPersonByNIN(ctx context.Context, a *torg.Employee, raw string) (*PersonView, error) {
	if err := canSeePersons(a); err != nil {
		return nil, err
	}
	n, err := s.ParseNIN(ctx, a, raw)
	if err != nil {
		return nil, err
	}
	p, err := s.db.R().PersonByNIN(ctx, a.MunicipalityID, n.Digits)
	if torg.ErrorCode(err) == torg.ENOTFOUND {
		return nil, &torg.Error{Code: torg.ENOTFOUND, Key: "person.not_found_nin", Field: "nin"}
	} else if err != nil {
		return nil, err
	}
	if err := s.auditRead(ctx, a, "person.lookup", obj("person", p.ID), p.ID); err != nil {
		return nil, err
	}
	return s.view(a, p), nil
}

// SearchPersons finds persons by the start of their name (FD1.1). Persons
// with strict protection are left out unless the actor has clearance; they
// can still be found by national ID when they stand at the desk.
func (s *Service) SearchPersons(ctx context.Context, a *torg.Employee, query string) ([]*PersonView, error) {
	if err := canSeePersons(a); err != nil {
		return nil, err
	}
	query = strings.TrimSpace(query)
	if utf8.RuneCountInString(query) < 2 {
		return nil, torg.FieldError("q", "person.search_too_short")
	}
	found, err := s.db.R().SearchPersons(ctx, a.MunicipalityID, query, 50)
	if err != nil {
		return nil, err
	}
	var out []*PersonView
	var ids []int64
	for _, p := range found {
		if p.Protection == torg.ProtectionStrict && a.Clearance < torg.ProtectionStrict {
			continue
		}
		out = append(out, s.view(a, p))
		ids = append(ids, p.ID)
	}
	return out, s.auditRead(ctx, a, "person.search", "person:*", ids...)
}

// Person returns one person; the read is audited.
func (s *Service) Person(ctx context.Context, a *torg.Employee, id int64) (*PersonView, error) {
	if err := canSeePersons(a); err != nil {
		return nil, err
	}
	p, err := s.db.R().Person(ctx, a.MunicipalityID, id)
	if err != nil {
		return nil, err
	}
	if err := s.auditRead(ctx, a, "person.read", obj("person", id), id); err != nil {
		return nil, err
	}
	return s.view(a, p), nil
}

// PersonInput is what the desk types in for a new person (FD1.1).
type PersonInput struct {
	NIN, GivenName, FamilyName, Address, Postcode, City, Phone, Email, Language, Interpreter string
}

// CreatePerson registers a person not yet known to the municipality.
func (s *Service) CreatePerson(ctx context.Context, a *torg.Employee, in PersonInput) (*PersonView, error) {
	if err := canSeePersons(a); err != nil {
		return nil, err
	}
	n, err := s.ParseNIN(ctx, a, in.NIN)
	if err != nil {
		return nil, err
	}
	p := &torg.Person{MunicipalityID: a.MunicipalityID, NIN: n.Digits, NINCountry: string(n.Country),
		NINKind: string(n.Kind), GivenName: clean(in.GivenName), FamilyName: clean(in.FamilyName),
		Address: clean(in.Address), Postcode: clean(in.Postcode), City: clean(in.City), Phone: clean(in.Phone),
		Email: clean(in.Email), Language: in.Language, Interpreter: clean(in.Interpreter)}
	if !n.BirthDate.IsZero() {
		p.BirthDate = torg.DateOf(n.BirthDate)
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	// The register's protection holds from the start: the person is
	// graded as the register grades them, and a strictly protected
	// person's typed-in address is replaced by the forwarding address,
	// never stored (DC1.3).
	if e, err := s.registers().Population.Lookup(ctx, a.MunicipalityID, p.NIN); err == nil {
		protect(p, &e)
	}
	err = s.db.Write(ctx, func(q *store.Q) error {
		if err := q.CreatePerson(ctx, p, s.now()); err != nil {
			return err
		}
		return s.audit(ctx, q, a, "person.create", obj("person", p.ID), p.ID, "")
	})
	if torg.ErrorCode(err) == torg.ECONFLICT {
		return nil, &torg.Error{Code: torg.ECONFLICT, Key: "person.exists", Field: "nin"}
	}
	if err != nil {
		return nil, err
	}
	return s.view(a, p), nil
}

// clean trims a one-line text field.
func clean(s string) string { return strings.TrimSpace(s) }

func (s *Service) municipality(ctx context.Context, id int64) (*torg.Municipality, error) {
	if m, ok := s.munis.Load(id); ok {
		return m.(*torg.Municipality), nil
	}
	m, err := s.db.R().Municipality(ctx, id)
	if err != nil {
		return nil, err
	}
	s.munis.Store(id, m)
	return m, nil
}
