package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

func TestUnreadInboxCountLeavesOutProtectedPersons(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		m, u, e := mustMunicipality(t, db)
		err := db.Write(ctx, func(q *store.Q) error {
			for i, prot := range []torg.Protection{torg.ProtectionNone, torg.ProtectionStrict} {
				p := &torg.Person{MunicipalityID: m.ID, NIN: "nin" + string(rune('a'+i)), NINCountry: "NO", NINKind: "fnr",
					GivenName: "Kari", FamilyName: "Nordmann", Protection: prot}
				if err := q.CreatePerson(ctx, p, now); err != nil {
					return err
				}
				th := &torg.Thread{MunicipalityID: m.ID, UnitID: u.ID, PersonID: p.ID, Kind: torg.MsgInquiry, Subject: "Spørsmål"}
				if err := q.CreateThread(ctx, th, now); err != nil {
					return err
				}
				msg := &torg.Message{ThreadID: th.ID, FromCitizen: true, Body: "Hei"}
				if err := q.AddMessage(ctx, msg, "", now); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, tt := range []struct {
			clearance torg.Protection
			want      int
		}{{torg.ProtectionNone, 1}, {torg.ProtectionStrict, 2}} {
			n, err := db.R().UnreadInboxCount(ctx, e.ID, []int64{u.ID}, tt.clearance)
			if err != nil || n != tt.want {
				t.Errorf("clearance %d: %d unread, %v; want %d", tt.clearance, n, err, tt.want)
			}
		}
	})
}

func TestThreadEventsAndAppointmentMove(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		m, u, e := mustMunicipality(t, db)
		p := &torg.Person{MunicipalityID: m.ID, NIN: "nin1", NINCountry: "NO", NINKind: "fnr", GivenName: "Kari", FamilyName: "Nordmann"}
		c := &torg.Case{MunicipalityID: m.ID, UnitID: u.ID, Type: torg.CaseTypeDebt, Title: "Sak", Status: torg.CaseOpen}
		th := &torg.Thread{MunicipalityID: m.ID, UnitID: u.ID, Kind: torg.MsgAppointmentChange, Subject: "Flytte møtet"}
		ap := &torg.Appointment{MunicipalityID: m.ID, CounsellorID: e.ID, Start: now.Add(48 * time.Hour),
			End: now.Add(49 * time.Hour), Place: "Rådhuset"}
		err := db.Write(ctx, func(q *store.Q) error {
			if err := q.CreatePerson(ctx, p, now); err != nil {
				return err
			}
			if err := q.CreateCase(ctx, c, now); err != nil {
				return err
			}
			if err := q.AddParty(ctx, &torg.Party{CaseID: c.ID, PersonID: p.ID, Role: torg.PartyApplicant}); err != nil {
				return err
			}
			ap.CaseID = c.ID
			if err := q.CreateAppointment(ctx, ap, now); err != nil {
				return err
			}
			th.PersonID = p.ID
			if err := q.CreateThread(ctx, th, now); err != nil {
				return err
			}
			for _, action := range []string{"thread.read", "thread.forward", "case.read"} {
				ev := &torg.AuditEvent{MunicipalityID: m.ID, At: now, ActorID: e.ID, Action: action,
					Object: fmt.Sprintf("thread:%d", th.ID), PersonID: p.ID, Detail: "til Knut"}
				if err := q.AppendAudit(ctx, ev); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		evs, err := db.R().ThreadEvents(ctx, p.ID, th.ID)
		if err != nil || len(evs) != 1 || evs[0].Action != "thread.forward" || evs[0].ActorName != e.Name || evs[0].Detail != "til Knut" {
			t.Errorf("thread events = %+v, %v; want the forward only", evs, err)
		}
		list, err := db.R().PersonAppointments(ctx, p.ID, now)
		if err != nil || len(list) != 1 || list[0].ID != ap.ID {
			t.Fatalf("DM3 the person's appointments = %v, %v", list, err)
		}
		ap.Start, ap.End, ap.Place = ap.Start.Add(24*time.Hour), ap.End.Add(24*time.Hour), "Innbyggertorget"
		if err := db.Write(ctx, func(q *store.Q) error { return q.MoveAppointment(ctx, ap) }); err != nil {
			t.Fatal(err)
		}
		got, err := db.R().Appointment(ctx, m.ID, ap.ID)
		if err != nil || !got.Start.Equal(ap.Start) || got.Place != "Innbyggertorget" {
			t.Errorf("DM3 moved appointment = %+v, %v", got, err)
		}
	})
}
