package store_test

import (
	"context"
	"testing"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

func TestMessageTemplates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		m, u, e := mustMunicipality(t, db)
		save := func(tm *store.MessageTemplate) {
			t.Helper()
			if err := db.Write(ctx, func(q *store.Q) error { return q.SaveMessageTemplate(ctx, tm, now) }); err != nil {
				t.Fatal(err)
			}
		}
		first := &store.MessageTemplate{MunicipalityID: m.ID, UnitID: u.ID, Purpose: store.TemplateForwarded, Lang: "nb",
			Body: "Vi har sendt meldingen videre.", UpdatedBy: e.ID}
		save(first)
		again := &store.MessageTemplate{MunicipalityID: m.ID, UnitID: u.ID, Purpose: store.TemplateForwarded, Lang: "nb",
			Body: "Meldingen er sendt videre til rett person.", UpdatedBy: e.ID}
		save(again)
		if again.ID != first.ID {
			t.Errorf("a second text for the same purpose and language is a new template (%d, %d)", first.ID, again.ID)
		}
		save(&store.MessageTemplate{MunicipalityID: m.ID, UnitID: u.ID, Purpose: store.TemplateAnswer, Lang: "nb",
			Title: "Åpningstider", Body: "Vi har åpent 8–15.30.", UpdatedBy: e.ID})
		got, err := db.R().MessageTemplate(ctx, u.ID, store.TemplateForwarded, "nb", "")
		if err != nil || got.Body != again.Body || got.UpdatedByName != e.Name {
			t.Fatalf("template = %+v, %v; want the second text", got, err)
		}
		if _, err := db.R().MessageTemplate(ctx, u.ID, store.TemplateForwarded, "en", ""); torg.ErrorCode(err) != torg.ENOTFOUND {
			t.Errorf("a language without a text: %v, want ENOTFOUND", err)
		}
		list, err := db.R().MessageTemplates(ctx, u.ID)
		if err != nil || len(list) != 2 || list[0].Purpose != store.TemplateAnswer {
			t.Fatalf("templates = %v, %v", list, err)
		}
		if err := db.Write(ctx, func(q *store.Q) error { return q.DeleteMessageTemplate(ctx, u.ID, first.ID) }); err != nil {
			t.Fatal(err)
		}
		err = db.Write(ctx, func(q *store.Q) error { return q.DeleteMessageTemplate(ctx, u.ID, first.ID) })
		if torg.ErrorCode(err) != torg.ENOTFOUND {
			t.Errorf("deleting twice: %v, want ENOTFOUND", err)
		}
	})
}

func TestHandlingWeeks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		_, u, e := mustMunicipality(t, db)
		if n, err := db.R().HandlingWeeks(ctx, u.ID); err != nil || n != 0 {
			t.Fatalf("DM4 unset handling time = %d, %v", n, err)
		}
		for _, weeks := range []int{3, 6} {
			if err := db.Write(ctx, func(q *store.Q) error { return q.SetHandlingWeeks(ctx, u.ID, weeks, e.ID, now) }); err != nil {
				t.Fatal(err)
			}
			if n, err := db.R().HandlingWeeks(ctx, u.ID); err != nil || n != weeks {
				t.Errorf("DM4 handling time = %d, %v; want %d", n, err, weeks)
			}
		}
	})
}
