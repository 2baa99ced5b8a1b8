// Package registry looks citizens up in the national registers a case
// worker fills case data from (DC1.5): the population register
// (Folkeregisteret, Navet, CPR), the property register (matrikkel and
// grunnbok) and the contact and reservation register (KRR).
//
// Each register is a small interface. Local is the embedded default: a copy
// of the registers in torg's own database, filled by Import (`torg registry
// import`). A municipality plugs in a real adapter — FIKS folkeregister,
// Navet, the CPR service, Kartverket's matrikkel, KRR — by implementing the
// same interface; docs/operator.md describes the seams.
package registry

import (
	"context"
	"fmt"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/store"
)

// KeyNotFound is the message key of the ENOTFOUND error every register
// returns for a national ID it does not know.
const KeyNotFound = "registry.not_found"

// Entry is a person as the population register has them. For a strictly
// protected person (kode 6, skyddad folkbokföring, særlig
// adressebeskyttelse) Address, Postcode and City are empty and Forward is
// the address post must go to instead, such as SOT6 in Oslo.
type Entry struct {
	NIN        string // canonical digits
	GivenName  string
	FamilyName string
	Address    string
	Postcode   string
	City       string
	Forward    string
	Protection torg.Protection
	BirthDate  torg.Date
	Deceased   bool
}

// Holding is a property a person holds a share of.
type Holding struct {
	PropertyID string // NO "4204-12/345" (kommune-gnr/bnr[/fnr[/snr]]), SE fastighetsbeteckning, DK matrikelnummer
	Address    string
	Share      string // the person's share, e.g. "1/2"; "1/1" for sole ownership
	Kind       string // e.g. "bolig", "fritidseiendom", "tomt"
}

// Population looks persons up in the population register.
type Population interface {
	// Lookup returns the register entry of a national ID (canonical digits),
	// or an ENOTFOUND *torg.Error with key KeyNotFound.
	Lookup(ctx context.Context, municipalityID int64, nin string) (Entry, error)
}

// Property lists what persons own in the property register.
type Property interface {
	// Holdings returns the properties a national ID holds shares of: none
	// is an empty slice; a national ID the register does not know is
	// ENOTFOUND with key KeyNotFound.
	Holdings(ctx context.Context, municipalityID int64, nin string) ([]Holding, error)
}

// Reservation asks the contact and reservation register (KRR, the Danish
// and Swedish digital post exemptions) whether a person is reserved
// against digital post. Ask at each dispatch: the answer may change.
type Reservation interface {
	// Reserved reports whether a national ID is reserved; a national ID the
	// register does not know is ENOTFOUND with key KeyNotFound.
	Reserved(ctx context.Context, municipalityID int64, nin string) (bool, error)
}

// Local is the embedded default of all three registers: the register copy
// in torg's database that Import fills.
type Local struct {
	DB *store.DB
}

var (
	_ Population  = Local{}
	_ Property    = Local{}
	_ Reservation = Local{}
)

// Lookup implements Population.
func (l Local) Lookup(ctx context.Context, municipalityID int64, nin string) (Entry, error) {
	p, err := l.person(ctx, municipalityID, nin)
	if err != nil {
		return Entry{}, err
	}
	return Entry{NIN: p.NIN, GivenName: p.GivenName, FamilyName: p.FamilyName, Address: p.Address,
		Postcode: p.Postcode, City: p.City, Forward: p.Forward, Protection: p.Protection,
		BirthDate: p.BirthDate, Deceased: p.Deceased}, nil
}

// Holdings implements Property.
func (l Local) Holdings(ctx context.Context, municipalityID int64, nin string) ([]Holding, error) {
	if _, err := l.person(ctx, municipalityID, nin); err != nil {
		return nil, err
	}
	rows, err := l.DB.R().RegisterProperties(ctx, municipalityID, nin)
	if err != nil {
		return nil, fmt.Errorf("registry: holdings: %w", err)
	}
	hs := make([]Holding, len(rows))
	for i, r := range rows {
		hs[i] = Holding{PropertyID: r.PropertyID, Address: r.Address, Share: r.Share, Kind: r.Kind}
	}
	return hs, nil
}

// Reserved implements Reservation.
func (l Local) Reserved(ctx context.Context, municipalityID int64, nin string) (bool, error) {
	p, err := l.person(ctx, municipalityID, nin)
	if err != nil {
		return false, err
	}
	return p.Reserved, nil
}

func (l Local) person(ctx context.Context, municipalityID int64, nin string) (*store.RegisterPerson, error) {
	p, err := l.DB.R().RegisterPerson(ctx, municipalityID, nin)
	if torg.ErrorCode(err) == torg.ENOTFOUND {
		return nil, torg.Errorf(torg.ENOTFOUND, KeyNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("registry: lookup: %w", err)
	}
	return p, nil
}
