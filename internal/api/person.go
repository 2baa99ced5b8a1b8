package api

import (
	"net/http"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
)

// personDTO is a person as the actor may see them. The address fields are
// null, and address_hidden true, when the actor lacks clearance.
type personDTO struct {
	ID              int64      `json:"id"`
	NIN             string     `json:"nin"`
	NINCountry      string     `json:"nin_country"`
	NINKind         string     `json:"nin_kind"`
	GivenName       string     `json:"given_name"`
	FamilyName      string     `json:"family_name"`
	Name            string     `json:"name"`
	BirthDate       *torg.Date `json:"birth_date"`
	Address         *string    `json:"address"`
	Postcode        *string    `json:"postcode"`
	City            *string    `json:"city"`
	AddressHidden   bool       `json:"address_hidden"`
	Protection      string     `json:"protection"`
	DigitalReserved bool       `json:"digital_reserved"`
	Phone           string     `json:"phone"`
	Email           string     `json:"email"`
	Language        string     `json:"language"`
	Interpreter     string     `json:"interpreter"`
}

func personOut(v *casework.PersonView) personDTO {
	p := personDTO{ID: v.ID, NIN: v.NIN, NINCountry: v.NINCountry, NINKind: v.NINKind, GivenName: v.GivenName,
		FamilyName: v.FamilyName, Name: v.Name(), BirthDate: optDate(v.BirthDate), AddressHidden: v.AddressHidden,
		Protection: protection(v.Protection), DigitalReserved: v.DigitalReserved, Phone: v.Phone, Email: v.Email,
		Language: v.Language, Interpreter: v.Interpreter}
	if !v.AddressHidden {
		p.Address, p.Postcode, p.City = &v.Address, &v.Postcode, &v.City
	}
	return p
}

// protection names a protection level on the wire.
func protection(p torg.Protection) string {
	switch p {
	case torg.ProtectionConfidential:
		return "confidential"
	case torg.ProtectionStrict:
		return "strict"
	}
	return "none"
}

// personLookup is the body of POST /persons/lookup. The national ID goes in
// the body because it must never be in a URL.
type personLookup struct {
	NIN string `json:"nin"`
}

// lookupPerson finds a person by national ID (FD1.1, FD2.2).
func (a *api) lookupPerson(w http.ResponseWriter, r *http.Request, actor *torg.Employee) error {
	var in personLookup
	if err := decode(w, r, &in); err != nil {
		return err
	}
	p, err := a.svc.FindPersonByNIN(r.Context(), actor, in.NIN)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, personOut(p))
}

// personList is the answer to a name search.
type personList struct {
	Persons []personDTO `json:"persons"`
}

// searchPersons finds persons by the start of their name.
func (a *api) searchPersons(w http.ResponseWriter, r *http.Request, actor *torg.Employee) error {
	found, err := a.svc.SearchPersons(r.Context(), actor, r.URL.Query().Get("q"))
	if err != nil {
		return err
	}
	out := personList{Persons: make([]personDTO, 0, len(found))}
	for _, p := range found {
		out.Persons = append(out.Persons, personOut(p))
	}
	return writeJSON(w, http.StatusOK, out)
}

// person returns one person.
func (a *api) person(w http.ResponseWriter, r *http.Request, actor *torg.Employee) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := a.svc.Person(r.Context(), actor, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, personOut(p))
}

// personInput is the body of POST /persons.
type personInput struct {
	NIN         string `json:"nin"`
	GivenName   string `json:"given_name"`
	FamilyName  string `json:"family_name"`
	Address     string `json:"address"`
	Postcode    string `json:"postcode"`
	City        string `json:"city"`
	Phone       string `json:"phone"`
	Email       string `json:"email"`
	Language    string `json:"language"`
	Interpreter string `json:"interpreter"`
}

// createPerson registers a person not yet known (FD1.1).
func (a *api) createPerson(w http.ResponseWriter, r *http.Request, actor *torg.Employee) error {
	var in personInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	p, err := a.svc.CreatePerson(r.Context(), actor, casework.PersonInput{NIN: in.NIN, GivenName: in.GivenName,
		FamilyName: in.FamilyName, Address: in.Address, Postcode: in.Postcode, City: in.City, Phone: in.Phone,
		Email: in.Email, Language: in.Language, Interpreter: in.Interpreter})
	if err != nil {
		return err
	}
	w.Header().Set("Location", location("/persons/%d", p.ID))
	return writeJSON(w, http.StatusCreated, personOut(p))
}

// personCases lists the cases of a person that the actor may open.
func (a *api) personCases(w http.ResponseWriter, r *http.Request, actor *torg.Employee) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	cases, err := a.svc.PersonCases(r.Context(), actor, id)
	if err != nil {
		return err
	}
	out := caseList{Cases: make([]caseDTO, 0, len(cases))}
	for _, c := range cases {
		out.Cases = append(out.Cases, caseOut(c))
	}
	return writeJSON(w, http.StatusOK, out)
}
