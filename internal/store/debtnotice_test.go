package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

func TestDebtNotices(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		m, u, _ := mustMunicipality(t, db)
		p := &torg.Person{MunicipalityID: m.ID, NIN: "191212121212", NINCountry: "SE", NINKind: "personnummer", GivenName: "Tolvan", FamilyName: "Tolvansson"}
		c := &torg.Case{MunicipalityID: m.ID, UnitID: u.ID, Type: torg.CaseTypeDebtNotice, Title: "Hyresskuld"}
		received, _ := torg.ParseDate("2026-11-02")
		n := &torg.DebtNotice{MunicipalityID: m.ID, SenderKind: torg.SenderLandlord, SenderName: "Bostads AB",
			Kind: torg.NoticeRent, Amount: 1_250_000, Received: received,
			Deadline: torg.NoticeDeadline(torg.NoticeRent, received), Status: torg.NoticeOpen, Note: "Uppsägning",
			RequestKey: "k1"}
		err := db.Write(ctx, func(q *store.Q) error {
			if err := q.CreatePerson(ctx, p, now); err != nil {
				return err
			}
			if err := q.CreateCase(ctx, c, now); err != nil {
				return err
			}
			n.PersonID, n.CaseID = p.ID, c.ID
			return q.CreateDebtNotice(ctx, n, now)
		})
		if err != nil {
			t.Fatal(err)
		}
		got, err := db.R().DebtNoticeOfCase(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != n.ID || got.Amount != n.Amount || got.Deadline.String() != "2026-11-23" || got.RequestKey != "k1" ||
			got.RepeatOf != 0 || len(got.Children) != 0 || got.Note != "Uppsägning" {
			t.Errorf("got %+v", got)
		}
		// The same request key registers one notice.
		again := *n
		again.ID = 0
		err = db.Write(ctx, func(q *store.Q) error { return q.CreateDebtNotice(ctx, &again, now) })
		if e := (*torg.Error)(nil); !errors.As(err, &e) || e.Code != torg.ECONFLICT {
			t.Errorf("second insert with same key: %v", err)
		}
		list, err := db.R().PersonDebtNotices(ctx, m.ID, p.ID, received.AddDays(-365))
		if err != nil || len(list) != 1 {
			t.Fatalf("person notices: %v %v", list, err)
		}
		n.Status, n.Children = torg.NoticeForInformation, []string{"201501012384"}
		if err := db.Write(ctx, func(q *store.Q) error { return q.SetDebtNoticePath(ctx, n, now) }); err != nil {
			t.Fatal(err)
		}
		fi, err := db.R().DebtNoticesByStatus(ctx, m.ID, torg.NoticeForInformation)
		if err != nil || len(fi) != 1 || len(fi[0].Children) != 1 {
			t.Fatalf("for information: %+v %v", fi, err)
		}
		if err := db.Write(ctx, func(q *store.Q) error { return q.ShredDebtNotice(ctx, m.ID, n.ID, now) }); err != nil {
			t.Fatal(err)
		}
		got, _ = db.R().DebtNotice(ctx, m.ID, n.ID)
		if got.Note != "" || len(got.Children) != 0 || got.ShreddedAt.IsZero() {
			t.Errorf("after shredding: %+v", got)
		}
	})
}
