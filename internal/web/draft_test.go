package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/casework/casetest"
	"github.com/torg-kommune/torg/internal/i18n"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

func TestDraftLetterPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f, base := newServer(t, db)
		c := routineCase(t, f, db)
		drop := casework.DropOff{RequestKey: "k", PersonID: f.Kari.ID, CaseID: c.ID, From: torg.FromCitizen, Delivered: []string{"Fullmakt"}, POA: torg.POAComplete}
		if _, _, err := f.Svc.RegisterDropOff(ctx, f.FrontDesk, drop); err != nil {
			t.Fatal(err)
		}
		if err := f.Svc.CompleteStep(ctx, f.EG, c.ID, "debt_counselling", "DC3.4", "missing", "Mangler lønnsslipper"); err != nil {
			t.Fatal(err)
		}
		eg := newClient(t, base)
		eg.login("eg")
		path := "/cases/" + itoa(c.ID) + "/letters/debt_counselling/DC3.5"
		_, casePage := eg.get("/cases/" + itoa(c.ID))
		if !strings.Contains(casePage, `href="`+path+`"`) {
			t.Fatalf("DC3.5: the case page does not offer the waiting letter")
		}
		for _, lang := range i18n.Supported {
			eg.lang = string(lang)
			code, body := eg.get(path)
			if code != http.StatusOK || !strings.Contains(body, "<textarea") {
				t.Errorf("%s: draft page %d", lang, code)
			}
			noMissingText(t, body)
		}
		eg.lang = "nb"
		_, form := eg.get(path)
		code, body := eg.post(path, url.Values{"csrf": {field(t, csrfRE, form)}, "body": {"Hei Kari.\n\nVi mangler lønnsslipper <b>nå</b>."}})
		timeline := body[max(0, strings.Index(body, `id="timeline"`)):] // the checklist above links records too
		links := regexp.MustCompile(`href="(/records/\d+)"`).FindAllStringSubmatch(timeline, -1)
		if code != http.StatusOK || len(links) == 0 {
			t.Fatalf("after sending: %d, %d records", code, len(links))
		}
		_, rec := eg.get(links[0][1]) // the case's timeline shows the newest first
		if !strings.Contains(rec, "Vi mangler lønnsslipper &lt;b&gt;nå&lt;/b&gt;.") || !strings.Contains(rec, ".pdf") {
			t.Errorf("DC3.6: the sent letter's record lacks the edited text (as text) or its PDF")
		}
		if code, _ := eg.get(path); code != http.StatusNotFound {
			t.Errorf("after sending, the draft page answers %d, want 404", code)
		}
	})
}

// routineCase opens a debt case for Kari with its routines started.
func routineCase(t *testing.T, f *casetest.Fixture, db *store.DB) *torg.Case {
	t.Helper()
	ctx := context.Background()
	c := &torg.Case{MunicipalityID: f.Muni.ID, UnitID: f.Debt.ID, Type: torg.CaseTypeDebt, Title: "Gjeldsrådgivning",
		ResponsibleID: f.EG.ID, Status: torg.CaseOpen}
	err := db.Write(ctx, func(q *store.Q) error {
		if err := q.CreateCase(ctx, c, f.Clock.Now()); err != nil {
			return err
		}
		p := torg.Party{CaseID: c.ID, PersonID: f.Kari.ID, Role: torg.PartyApplicant}
		c.Parties = []torg.Party{p}
		if err := q.AddParty(ctx, &p); err != nil {
			return err
		}
		return f.Svc.StartRoutines(ctx, q, c)
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestStepAheadOfTheRoutine(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f, base := newServer(t, db)
		c := routineCase(t, f, db)
		eg := newClient(t, base)
		eg.login("eg")
		_, page := eg.get("/cases/" + itoa(c.ID))
		v := url.Values{"csrf": {field(t, csrfRE, page)}, "action": {"step"}, "routine": {"debt_counselling"}, "step": {"DC6.3"}, "outcome": {"granted"}}
		code, body := eg.post("/cases/"+itoa(c.ID), v)
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, "reason-error") {
			t.Errorf("a step ahead of the routine without a reason: %d, want 422 with the reason field marked", code)
		}
		v.Set("reason", "Innbyggeren ga tilgang tidlig")
		if code, _ := eg.post("/cases/"+itoa(c.ID), v); code != http.StatusOK {
			t.Errorf("with a reason: %d", code)
		}
	})
}
