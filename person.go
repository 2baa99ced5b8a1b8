package torg

import "strings"

// Protection is a person's protection level in the population register:
// Norwegian adressebeskyttelse, Swedish skyddade personuppgifter and Danish
// navne- og adressebeskyttelse mapped onto one scale.
type Protection int

// Protection levels. Higher is stricter.
const (
	// ProtectionNone is an ungraded person.
	ProtectionNone Protection = 0
	// ProtectionConfidential is NO kode 7 (fortrolig), SE sekretessmarkering,
	// DK navne- og adressebeskyttelse: the address is hidden from anyone
	// without clearance.
	ProtectionConfidential Protection = 1
	// ProtectionStrict is NO kode 6 (strengt fortrolig, also utland), SE
	// skyddad folkbokföring, DK særlig adressebeskyttelse: the real address is
	// never stored; only cleared staff see the person at all.
	ProtectionStrict Protection = 2
)

// Valid reports whether p is a known level.
func (p Protection) Valid() bool { return p >= ProtectionNone && p <= ProtectionStrict }

// Person is a citizen known to the municipality.
type Person struct {
	ID              int64
	MunicipalityID  int64
	NIN             string // national identity number in canonical digits
	NINCountry      string // "NO", "SE" or "DK"
	NINKind         string // fnr, dnr, hnr, personnummer, samordningsnummer, cpr
	GivenName       string
	FamilyName      string
	BirthDate       Date
	Address         string
	Postcode        string
	City            string
	Protection      Protection
	DigitalReserved bool // reserved against digital post (KRR, Digital Post exemption)
	Phone           string
	Email           string
	Language        string // preferred language for letters and messages
	Interpreter     string // language an interpreter is needed for; empty if none
}

// Name returns the person's full name.
func (p *Person) Name() string {
	return strings.TrimSpace(p.GivenName + " " + p.FamilyName)
}

// Validate checks the fields a person must have.
func (p *Person) Validate() error {
	switch {
	case strings.TrimSpace(p.GivenName) == "":
		return FieldError("given_name", "person.given_name_required")
	case strings.TrimSpace(p.FamilyName) == "":
		return FieldError("family_name", "person.family_name_required")
	case p.NIN == "":
		return FieldError("nin", "person.nin_required")
	case !p.Protection.Valid():
		return FieldError("protection", "person.protection_invalid")
	}
	return nil
}

// SOT6 is the open postal address of a person with strict protection in
// Norway (kode 6): the police forward the post (domain reference §2.1).
const (
	SOT6Street   = "SOT6, Postboks 2094 Vika"
	SOT6Postcode = "0125"
	SOT6City     = "Oslo"
)

// Seal keeps a Norwegian strictly protected person's real address out of
// torg, whoever typed it or whichever register gave it: the address is
// replaced by SOT6, where their post goes. The store seals every person it
// saves. (Swedish and Danish forwarding addresses come from the register
// as they are.)
func (p *Person) Seal() {
	if p.Protection == ProtectionStrict && (p.NINCountry == "NO" || p.NINCountry == "") {
		p.Address, p.Postcode, p.City = SOT6Street, SOT6Postcode, SOT6City
	}
}

// SearchName is the lower-cased name that name search matches against.
func (p *Person) SearchName() string { return strings.ToLower(p.Name()) }
