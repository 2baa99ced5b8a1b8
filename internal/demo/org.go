package demo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/store"
)

// MunicipalityCode is the code of the demo municipality, Torgvik kommune.
// No Norwegian municipality has it.
const MunicipalityCode = "9901"

// Password is every demo employee's password.
const Password = "demo"

// Login is a demo employee's login, for printing at start-up and on the
// login page of a demo server.
type Login struct {
	Username string
	Name     string
	Roles    string // the roles, comma-separated, with the units in brackets
	Password string
}

// staffMember describes a demo employee.
type staffMember struct {
	username, name, initials string
	roles                    []torg.Role
	units                    []string // unit codes
	clearance                torg.Protection
}

var staff = []staffMember{
	{"skranke", "Frida Skranke", "FS", []torg.Role{torg.RoleFrontDesk}, []string{"desk", "debt"}, torg.ProtectionNone},
	{"eg", "Eva Gran", "EG", []torg.Role{torg.RoleCounsellor}, []string{"debt"}, torg.ProtectionNone},
	{"kh", "Knut Hansen", "KH", []torg.Role{torg.RoleCounsellor}, []string{"debt"}, torg.ProtectionNone},
	{"ag", "Anne Grønli", "AG", []torg.Role{torg.RoleCounsellor}, []string{"debt"}, torg.ProtectionNone},
	{"leder", "Lise Lund", "LL", []torg.Role{torg.RoleLeader}, []string{"debt", "desk"}, torg.ProtectionStrict},
	{"admin", "Ola Admin", "OA", []torg.Role{torg.RoleAdmin}, nil, torg.ProtectionNone},
	// Debt notices (DN): the financial-assistance case worker and the 1st
	// social secretary of the child, youth and family unit.
	{"eb", "Elin Berg", "EB", []torg.Role{torg.RoleCounsellor}, []string{UnitFinancialAssistance}, torg.ProtectionNone},
	{"bf", "Björn Falk", "BF", []torg.Role{torg.RoleCounsellor}, []string{UnitChildYouthFamily}, torg.ProtectionConfidential},
}

// The units that debt notices (DN, Swedish practice) go to. Torgvik is
// Norwegian; the demo gives it these two so that the DN routine runs.
const (
	UnitFinancialAssistance = torg.UnitFinancialAssistance
	UnitChildYouthFamily    = torg.UnitChildYouthFamily
)

// Logins lists the demo employees' logins, in the order to print them.
var Logins = logins()

func logins() []Login {
	out := make([]Login, len(staff))
	for i, s := range staff {
		roles := make([]string, len(s.roles))
		for j, r := range s.roles {
			roles[j] = string(r)
		}
		desc := strings.Join(roles, ", ")
		if len(s.units) > 0 {
			desc += " (" + strings.Join(s.units, ", ") + ")"
		}
		out[i] = Login{Username: s.username, Name: s.name, Roles: desc, Password: Password}
	}
	return out
}

// municipality is Torgvik kommune.
func municipality() *torg.Municipality {
	return &torg.Municipality{Code: MunicipalityCode, Name: "Torgvik kommune", Country: "NO", Language: "nb",
		TimeZone: "Europe/Oslo"}
}

// units are the front desk and the debt counselling service (FD1.2,
// FD2.3–FD2.5), and the social-services units of debt notices (DN).
func units(municipalityID int64) []*torg.Unit {
	return []*torg.Unit{
		{MunicipalityID: municipalityID, Code: "desk", Name: "Innbyggertorget", Phone: "38 00 00 00"},
		{MunicipalityID: municipalityID, Code: "debt", Name: "Gjeldsrådgivning", InquiryTitle: "Gjeldsrådgivningssak",
			Shelf: "Gjeldsrådgivning", MessageChannel: "eDialog", Phone: "38 00 12 34", RequiredDocs: []string{
				"Fullmakt, fullstendig utfylt og signert",
				"Lønnsslipper eller annen inntekt, siste 3 måneder",
				"Skattemelding og skatteoppgjør for siste år",
				"Utskrift fra Gjeldsregisteret",
				"Inkassokrav og purringer",
				"Husleiekontrakt eller oversikt over boutgifter",
				"Kontoutskrifter, siste 3 måneder",
			}},
		{MunicipalityID: municipalityID, Code: UnitFinancialAssistance, Name: "Ekonomiskt bistånd", Phone: "38 00 12 40"},
		{MunicipalityID: municipalityID, Code: UnitChildYouthFamily, Name: "Barn, unga och familj", Phone: "38 00 12 50"},
	}
}

// employee returns s as an employee of a municipality, its units resolved.
func (s staffMember) employee(municipalityID int64, unitIDs map[string]int64) *torg.Employee {
	e := &torg.Employee{MunicipalityID: municipalityID, Username: s.username, Name: s.name, Initials: s.initials,
		Email: asciiLower(strings.ReplaceAll(s.name, " ", ".")) + "@" + emailDomain, Roles: s.roles,
		Clearance: s.clearance, Language: "nb", Active: true}
	for _, u := range s.units {
		e.Units = append(e.Units, unitIDs[u])
	}
	return e
}

// org holds what createOrg made, by code and username.
type org struct {
	municipality *torg.Municipality
	units        map[string]*torg.Unit
	staff        map[string]*torg.Employee
}

// createOrg writes the municipality, its units and staff, and the debt
// unit's general-inquiries case of now's year, in one transaction.
// Password hashes are made before, so that argon2 does not hold the writer.
func createOrg(ctx context.Context, db *store.DB, now time.Time) (*org, error) {
	hashes := make([]string, len(staff))
	for i := range staff {
		hashes[i] = casework.HashPassword(Password)
	}
	o := &org{municipality: municipality(), units: map[string]*torg.Unit{}, staff: map[string]*torg.Employee{}}
	err := db.Write(ctx, func(q *store.Q) error {
		if err := o.write(ctx, q, hashes, now); err != nil {
			return err
		}
		if err := o.writeQueue(ctx, q); err != nil {
			return err
		}
		return generalCase(ctx, q, o, now)
	})
	if err != nil {
		return nil, fmt.Errorf("demo: municipality: %w", err)
	}
	return o, nil
}

func (o *org) write(ctx context.Context, q *store.Q, hashes []string, now time.Time) error {
	if err := q.CreateMunicipality(ctx, o.municipality); err != nil {
		return err
	}
	ids := map[string]int64{}
	for _, u := range units(o.municipality.ID) {
		if err := q.CreateUnit(ctx, u); err != nil {
			return err
		}
		o.units[u.Code], ids[u.Code] = u, u.ID
	}
	for i, s := range staff {
		e := s.employee(o.municipality.ID, ids)
		if err := q.CreateEmployee(ctx, e, hashes[i], now); err != nil {
			return err
		}
		o.staff[s.username] = e
	}
	// DC1.4: the debt unit's distribution table, EG 1–12, KH 13–16, AG 17–31.
	return q.SetDistributionRules(ctx, o.units["debt"].ID, []store.DistributionRule{
		{From: 1, To: 12, EmployeeID: o.staff["eg"].ID},
		{From: 13, To: 16, EmployeeID: o.staff["kh"].ID},
		{From: 17, To: 31, EmployeeID: o.staff["ag"].ID},
	})
}

// generalCase creates the debt unit's folder of general inquiries for
// now's year (FD1.2), dated the first of January.
func generalCase(ctx context.Context, q *store.Q, o *org, now time.Time) error {
	start := time.Date(now.Year(), time.January, 1, 8, 0, 0, 0, time.UTC)
	if start.After(now) {
		start = now
	}
	c := &torg.Case{MunicipalityID: o.municipality.ID, UnitID: o.units["debt"].ID, Type: torg.CaseTypeGeneral,
		Title: fmt.Sprintf("Generelle henvendelser %d", now.Year()), ResponsibleID: o.staff["eg"].ID,
		Status: torg.CaseOpen}
	return q.CreateCase(ctx, c, start)
}
