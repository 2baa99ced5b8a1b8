package registry

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/nin"
	"github.com/torg-kommune/torg/internal/store"
)

// SOT6 is the Norwegian forwarding address of strictly protected persons
// (kode 6): the police forward the post (domain reference §2.1).
const SOT6 = torg.SOT6Street + ", " + torg.SOT6Postcode + " " + torg.SOT6City

// File is an import file of register entries for one municipality: the
// format of `torg registry import`, described in docs/operator.md.
type File struct {
	Municipality string       `json:"municipality"` // municipality number, e.g. "4204"
	Persons      []FilePerson `json:"persons"`
}

// FilePerson is a person in a File.
type FilePerson struct {
	NIN        string         `json:"nin"`
	GivenName  string         `json:"given_name"`
	FamilyName string         `json:"family_name"`
	BirthDate  string         `json:"birth_date"` // 2006-01-02; empty: taken from the national ID
	Address    string         `json:"address"`
	Postcode   string         `json:"postcode"`
	City       string         `json:"city"`
	Forward    string         `json:"forward"`    // forwarding address of strictly protected persons
	Protection string         `json:"protection"` // none, confidential, strict or the register's own name
	Deceased   bool           `json:"deceased"`
	Reserved   bool           `json:"reserved"`
	Properties []FileProperty `json:"properties"`
}

// FileProperty is a property a FilePerson holds a share of.
type FileProperty struct {
	ID      string `json:"id"`
	Address string `json:"address"`
	Share   string `json:"share"`
	Kind    string `json:"kind"`
}

// Result says what an import did.
type Result struct {
	Code, Name string
	Persons    int
	Properties int
	Reserved   int
	Protected  int // persons with any protection
	Withheld   int // addresses of strictly protected persons dropped, not stored
	Replaced   store.RegisterCounts
}

// ParseFile decodes an import file, refusing unknown fields.
func ParseFile(r io.Reader) (File, error) {
	var f File
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return File{}, fmt.Errorf("registry: read import file: %w", err)
	}
	return f, nil
}

// Import replaces the register copy of f's municipality with f's entries in
// one transaction. Any invalid entry refuses the whole file, naming the
// entry by its position (1-based) in "persons"; nothing is then changed.
func Import(ctx context.Context, db *store.DB, f File, now time.Time) (Result, error) {
	m, err := db.R().MunicipalityByCode(ctx, strings.TrimSpace(f.Municipality))
	if err != nil {
		return Result{}, fmt.Errorf("registry: municipality %q: %w", f.Municipality, err)
	}
	res := Result{Code: m.Code, Name: m.Name}
	persons, props, err := convert(f.Persons, nin.Country(m.Country), now, &res)
	if err != nil {
		return Result{}, err
	}
	err = db.Write(ctx, func(q *store.Q) error {
		if res.Replaced, err = q.CountRegister(ctx, m.ID); err != nil {
			return err
		}
		return q.ReplaceRegister(ctx, m.ID, persons, props, now)
	})
	if err != nil {
		return Result{}, fmt.Errorf("registry: import: %w", err)
	}
	return res, nil
}

// convert validates the file's persons and turns them into store rows,
// counting into res.
func convert(in []FilePerson, country nin.Country, now time.Time, res *Result) ([]store.RegisterPerson,
	[]store.RegisterProperty, error) {
	var persons []store.RegisterPerson
	var props []store.RegisterProperty
	seen := map[string]int{}
	for i, fp := range in {
		p, err := convertPerson(fp, country, now, res)
		if err == nil && seen[p.NIN] > 0 {
			err = fmt.Errorf("same national ID as person %d", seen[p.NIN])
		}
		if err == nil {
			var ps []store.RegisterProperty
			ps, err = convertProperties(p.NIN, fp.Properties)
			props = append(props, ps...)
		}
		if err != nil {
			return nil, nil, fmt.Errorf("registry: person %d (%s): %w", i+1, nin.Mask(fp.NIN), err)
		}
		seen[p.NIN] = i + 1
		persons = append(persons, p)
	}
	res.Persons, res.Properties = len(persons), len(props)
	return persons, props, nil
}

func convertPerson(fp FilePerson, country nin.Country, now time.Time, res *Result) (store.RegisterPerson, error) {
	n, err := nin.Parse(fp.NIN, country, now)
	if err != nil {
		return store.RegisterPerson{}, fmt.Errorf("invalid national ID: %w", err)
	}
	prot, ok := protections[strings.ToLower(strings.TrimSpace(fp.Protection))]
	if !ok {
		return store.RegisterPerson{}, fmt.Errorf("unknown protection %q", fp.Protection)
	}
	if strings.TrimSpace(fp.GivenName) == "" || strings.TrimSpace(fp.FamilyName) == "" {
		return store.RegisterPerson{}, fmt.Errorf("given_name and family_name are required")
	}
	birth := torg.DateOf(n.BirthDate)
	if n.BirthDate.IsZero() {
		birth = torg.Date{}
	}
	if fp.BirthDate != "" {
		if birth, err = torg.ParseDate(fp.BirthDate); err != nil {
			return store.RegisterPerson{}, fmt.Errorf("birth_date: %w", err)
		}
	}
	p := store.RegisterPerson{NIN: n.Digits, NINCountry: string(n.Country), GivenName: strings.TrimSpace(fp.GivenName),
		FamilyName: strings.TrimSpace(fp.FamilyName), BirthDate: birth, Address: fp.Address, Postcode: fp.Postcode,
		City: fp.City, Forward: fp.Forward, Protection: prot, Deceased: fp.Deceased, Reserved: fp.Reserved}
	count(&p, res)
	return p, nil
}

// count counts p into res and, for a strictly protected person, drops the
// real address: it is never stored (domain reference §2).
func count(p *store.RegisterPerson, res *Result) {
	if p.Reserved {
		res.Reserved++
	}
	if p.Protection > torg.ProtectionNone {
		res.Protected++
	}
	if p.Protection < torg.ProtectionStrict {
		p.Forward = ""
		return
	}
	if p.Address != "" || p.Postcode != "" || p.City != "" {
		res.Withheld++
	}
	p.Address, p.Postcode, p.City = "", "", ""
	if p.Forward == "" && p.NINCountry == string(nin.Norway) {
		p.Forward = SOT6
	}
}

func convertProperties(digits string, in []FileProperty) ([]store.RegisterProperty, error) {
	var out []store.RegisterProperty
	seen := map[string]bool{}
	for _, fp := range in {
		id := strings.TrimSpace(fp.ID)
		switch {
		case id == "":
			return nil, fmt.Errorf("a property without id")
		case seen[id]:
			return nil, fmt.Errorf("property %s listed twice", id)
		}
		seen[id] = true
		out = append(out, store.RegisterProperty{NIN: digits, PropertyID: id, Address: fp.Address,
			Share: fp.Share, Kind: fp.Kind})
	}
	return out, nil
}

// protections maps the protection names an import file may use, torg's own
// and the registers', to levels.
var protections = map[string]torg.Protection{
	"": torg.ProtectionNone, "none": torg.ProtectionNone, "ugradert": torg.ProtectionNone,
	"confidential": torg.ProtectionConfidential, "fortrolig": torg.ProtectionConfidential,
	"kode7": torg.ProtectionConfidential, "sekretessmarkering": torg.ProtectionConfidential,
	"adressebeskyttelse": torg.ProtectionConfidential,
	"strict":             torg.ProtectionStrict, "strengt_fortrolig": torg.ProtectionStrict,
	"strengt_fortrolig_utland": torg.ProtectionStrict, "kode6": torg.ProtectionStrict,
	"skyddad_folkbokforing": torg.ProtectionStrict, "saerlig_adressebeskyttelse": torg.ProtectionStrict,
}
