// Package outboxtest has fixtures and recording receivers for tests of the
// outbox and the scheduler: a municipality to send from, an SMS gateway
// and an SMTP server that record what they receive.
package outboxtest

import (
	"context"
	"testing"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/store"
)

// Fixture is a municipality with a unit, its leader, a person and a case.
type Fixture struct {
	M      *torg.Municipality
	Unit   *torg.Unit
	Leader *torg.Employee
	Person *torg.Person
	Case   *torg.Case
}

// MustFixture creates a Fixture in db.
func MustFixture(tb testing.TB, db *store.DB, now time.Time) Fixture {
	tb.Helper()
	ctx := context.Background()
	f := Fixture{
		M:      &torg.Municipality{Code: "4204", Name: "Kristiansand", Country: "NO", Language: "nb", TimeZone: "Europe/Oslo"},
		Unit:   &torg.Unit{Code: "debt", Name: "Gjeldsrådgivning"},
		Leader: &torg.Employee{Username: "leder", Name: "Liv Leder", Roles: []torg.Role{torg.RoleLeader}, Active: true},
	}
	err := db.Write(ctx, func(q *store.Q) error {
		if err := q.CreateMunicipality(ctx, f.M); err != nil {
			return err
		}
		f.Unit.MunicipalityID, f.Leader.MunicipalityID = f.M.ID, f.M.ID
		if err := q.CreateUnit(ctx, f.Unit); err != nil {
			return err
		}
		f.Leader.Units = []int64{f.Unit.ID}
		if err := q.CreateEmployee(ctx, f.Leader, "", now); err != nil {
			return err
		}
		f.Person = &torg.Person{MunicipalityID: f.M.ID, NIN: "31129956715", NINCountry: "NO", NINKind: "fnr",
			GivenName: "Kari", FamilyName: "Nordmann", Phone: "+4791234567", Email: "kari@example.no"}
		if err := q.CreatePerson(ctx, f.Person, now); err != nil {
			return err
		}
		f.Case = &torg.Case{MunicipalityID: f.M.ID, UnitID: f.Unit.ID, Type: torg.CaseTypeDebt, Title: "Gjeld"}
		return q.CreateCase(ctx, f.Case, now)
	})
	if err != nil {
		tb.Fatal(err)
	}
	return f
}

// Message returns a message on channel from the fixture's case to its
// person, with the person's phone or e-mail as recipient.
func (f Fixture) Message(channel, key string) *store.OutboxMessage {
	m := &store.OutboxMessage{MunicipalityID: f.M.ID, CaseID: f.Case.ID, PersonID: f.Person.ID, Channel: channel,
		Recipient: "Kari Nordmann\nStorgata 1\n4611 Kristiansand", Subject: "Innkalling til møte",
		Body: "Hei Kari,\n\nDu er innkalt til møte om gjeldsrådgivning. Ta med lønnsslipper.", IdempotencyKey: key}
	switch channel {
	case store.ChannelSMS:
		m.Recipient = f.Person.Phone
	case store.ChannelEmail:
		m.Recipient = f.Person.Email
	}
	return m
}

// MustEnqueue writes messages to the outbox at now.
func MustEnqueue(tb testing.TB, db *store.DB, now time.Time, ms ...*store.OutboxMessage) {
	tb.Helper()
	ctx := context.Background()
	err := db.Write(ctx, func(q *store.Q) error {
		for _, m := range ms {
			if _, err := q.Enqueue(ctx, m, now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
}
