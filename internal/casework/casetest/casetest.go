// Package casetest builds a small municipality for tests of the use cases
// and of the layers above them.
package casetest

import (
	"context"
	"testing"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/store"
)

// Now is the fixture's time: Monday 23 November 2026, 09:00 in Oslo.
var Now = time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)

// Password is every fixture employee's password.
const Password = "correct horse"

// Fixture is a municipality with a front desk and a debt counselling unit.
type Fixture struct {
	DB    *store.DB
	Svc   *casework.Service
	Clock *torg.FixedClock

	Muni       *torg.Municipality
	Desk, Debt *torg.Unit
	Other      *torg.Unit // a unit the debt counsellors do not belong to

	FrontDesk, EG, KH, Leader, Admin, Outsider *torg.Employee

	Kari         *torg.Person // has an active debt case with EG responsible
	KariCase     *torg.Case
	Protected    *torg.Person // kode 6
	Confidential *torg.Person // kode 7
}

// New builds the fixture on db.
func New(tb testing.TB, db *store.DB) *Fixture {
	tb.Helper()
	f := &Fixture{DB: db, Clock: &torg.FixedClock{T: Now}}
	f.Svc = casework.New(db, f.Clock, casework.DefaultConfig())
	ctx := context.Background()
	if err := db.Write(ctx, func(q *store.Q) error { return f.build(ctx, q) }); err != nil {
		tb.Fatalf("casetest: %v", err)
	}
	return f
}

func (f *Fixture) build(ctx context.Context, q *store.Q) error {
	f.Muni = &torg.Municipality{Code: "9901", Name: "Torgvik kommune", Country: "NO", Language: "nb", TimeZone: "Europe/Oslo"}
	if err := q.CreateMunicipality(ctx, f.Muni); err != nil {
		return err
	}
	if err := f.units(ctx, q); err != nil {
		return err
	}
	if err := f.employees(ctx, q); err != nil {
		return err
	}
	return f.persons(ctx, q)
}

func (f *Fixture) units(ctx context.Context, q *store.Q) error {
	m := f.Muni.ID
	f.Desk = &torg.Unit{MunicipalityID: m, Code: "desk", Name: "Innbyggertorget"}
	f.Debt = &torg.Unit{MunicipalityID: m, Code: "debt", Name: "Gjeldsrådgivning", InquiryTitle: "Gjeldsrådgivningssak",
		Shelf: "Gjeldsrådgivning", MessageChannel: "eDialog", Phone: "38 00 12 34",
		RequiredDocs: []string{"Fullmakt", "Lønnsslipper siste 3 måneder", "Skattemelding", "Utskrift fra Gjeldsregisteret"}}
	f.Other = &torg.Unit{MunicipalityID: m, Code: "child", Name: "Barnevern"}
	for _, u := range []*torg.Unit{f.Desk, f.Debt, f.Other} {
		if err := q.CreateUnit(ctx, u); err != nil {
			return err
		}
	}
	return nil
}

func (f *Fixture) employees(ctx context.Context, q *store.Q) error {
	mk := func(user, name, email string, role torg.Role, clearance torg.Protection, units ...int64) *torg.Employee {
		return &torg.Employee{MunicipalityID: f.Muni.ID, Username: user, Name: name, Initials: user,
			Email: email, Roles: []torg.Role{role}, Units: units, Clearance: clearance, Active: true}
	}
	f.FrontDesk = mk("skranke", "Frida Skranke", "frida@torgvik.example", torg.RoleFrontDesk, 0, f.Desk.ID, f.Debt.ID)
	f.EG = mk("eg", "Eva Gran", "eva.gran@torgvik.example", torg.RoleCounsellor, 0, f.Debt.ID)
	f.KH = mk("kh", "Knut Hansen", "knut.hansen@torgvik.example", torg.RoleCounsellor, 0, f.Debt.ID)
	f.Leader = mk("leder", "Lise Lund", "lise.lund@torgvik.example", torg.RoleLeader, torg.ProtectionStrict, f.Debt.ID, f.Desk.ID)
	f.Admin = mk("admin", "Ola Admin", "admin@torgvik.example", torg.RoleAdmin, 0)
	f.Outsider = mk("bv", "Berit Vern", "berit@torgvik.example", torg.RoleCounsellor, 0, f.Other.ID)
	hash := casework.HashPassword(Password)
	for _, e := range []*torg.Employee{f.FrontDesk, f.EG, f.KH, f.Leader, f.Admin, f.Outsider} {
		if err := q.CreateEmployee(ctx, e, hash, Now); err != nil {
			return err
		}
	}
	return nil
}

// Synthetic national IDs (Test-Norge, month + 80).
const (
	KariNIN         = "10915596784"
	ProtectedNIN    = "01819040180"
	ConfidentialNIN = "01819040261"
)

func (f *Fixture) persons(ctx context.Context, q *store.Q) error {
	mk := func(nin, given, family, addr string, p torg.Protection) *torg.Person {
		return &torg.Person{MunicipalityID: f.Muni.ID, NIN: nin, NINCountry: "NO", NINKind: "fnr", GivenName: given,
			FamilyName: family, Address: addr, Postcode: "4600", City: "Torgvik", Protection: p, Phone: "+4799999999"}
	}
	f.Kari = mk(KariNIN, "Kari", "Nordmann", "Storgata 1", torg.ProtectionNone)
	f.Protected = mk(ProtectedNIN, "Sara", "Skjult", "SOT6, Postboks 2094 Vika", torg.ProtectionStrict)
	f.Confidential = mk(ConfidentialNIN, "Tore", "Tausen", "Hemmeligveien 7", torg.ProtectionConfidential)
	for _, p := range []*torg.Person{f.Kari, f.Protected, f.Confidential} {
		if err := q.CreatePerson(ctx, p, Now); err != nil {
			return err
		}
	}
	f.KariCase = &torg.Case{MunicipalityID: f.Muni.ID, UnitID: f.Debt.ID, Type: torg.CaseTypeDebt,
		Title: "Gjeldsrådgivning – Kari Nordmann", ResponsibleID: f.EG.ID, Status: torg.CaseOpen}
	if err := q.CreateCase(ctx, f.KariCase, Now); err != nil {
		return err
	}
	return q.AddParty(ctx, &torg.Party{CaseID: f.KariCase.ID, PersonID: f.Kari.ID, Role: torg.PartyApplicant})
}
