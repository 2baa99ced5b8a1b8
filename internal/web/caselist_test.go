package web_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/i18n"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

func TestCaseListPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f, base := newServer(t, db)
		eg := newClient(t, base)
		eg.login("eg")

		t.Run("DC1.6 the case list renders in every language", func(t *testing.T) {
			for _, lang := range i18n.Supported {
				eg.lang = string(lang)
				for _, path := range []string{"/cases", "/cases?status=B&responsible=" + itoa(f.EG.ID) + "&q=kari",
					"/cases?q=" + url.QueryEscape(f.KariCase.Number()), "/cases?year=2025&page=3", "/cases/" + itoa(f.KariCase.ID)} {
					code, body := eg.get(path)
					if code != http.StatusOK || !strings.Contains(body, `<html lang="`+string(lang)+`">`) {
						t.Errorf("%s %s: %d", lang, path, code)
					}
					noMissingText(t, body)
				}
				code, body := eg.get("/cases?q=" + url.QueryEscape("abc 10915596784"))
				if code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="q-error"`) {
					t.Errorf("%s: search by national ID: %d", lang, code)
				}
				noMissingText(t, body)
			}
			eg.lang = "nb"
			_, body := eg.get("/cases")
			for _, want := range []string{"Saksliste 2026", `href="/cases/` + itoa(f.KariCase.ID) + `"`, f.KariCase.Number(),
				"Gjeldsrådgivning – Kari Nordmann", "Under behandling", "Eva Gran", `href="/cases" aria-current="page"`} {
				if !strings.Contains(body, want) {
					t.Errorf("case list lacks %q", want)
				}
			}
		})
		t.Run("DC1.6 an outsider sees none of the debt unit's cases", func(t *testing.T) {
			bv := newClient(t, base)
			bv.login("bv")
			code, body := bv.get("/cases")
			if code != http.StatusOK || strings.Contains(body, f.KariCase.Number()) || strings.Contains(body, "Kari") {
				t.Errorf("%d: the outsider's list shows Kari's case", code)
			}
			desk := newClient(t, base)
			desk.login("skranke")
			if code, body := desk.get("/cases"); code != http.StatusForbidden || strings.Contains(body, "Kari") {
				t.Errorf("front desk: %d, want 403", code)
			}
		})
		t.Run("DC1.7 the Drop-In toggle marks the case on the list", func(t *testing.T) {
			eg.lang = "nb"
			path := "/cases/" + itoa(f.KariCase.ID)
			_, page := eg.get(path)
			csrf := field(t, csrfRE, page)
			code, body := eg.post(path, url.Values{"csrf": {csrf}, "action": {"drop_in"}, "on": {"1"}})
			if code != http.StatusOK || !strings.Contains(body, "badge-drop-in") || !strings.Contains(body, "Ikke lenger i Drop-In") {
				t.Fatalf("%d: case page shows no Drop-In badge", code)
			}
			_, list := eg.get("/cases")
			if !strings.Contains(list, `class="is-drop-in"`) || !strings.Contains(list, "badge-drop-in") {
				t.Error("the list shows no Drop-In marking")
			}
			eg.post(path, url.Values{"csrf": {csrf}, "action": {"drop_in"}, "on": {"0"}})
			if _, list := eg.get("/cases"); strings.Contains(list, "badge-drop-in") {
				t.Error("Drop-In still shown after clearing")
			}
			bv := newClient(t, base)
			bv.login("bv")
			_, other := bv.get("/cases")
			code, _ = bv.post(path, url.Values{"csrf": {field(t, csrfRE, other)}, "action": {"drop_in"}, "on": {"1"}})
			c, _ := db.R().Case(t.Context(), f.Muni.ID, f.KariCase.ID)
			if code != http.StatusNotFound || len(c.Markers) != 0 {
				t.Errorf("outsider toggled Drop-In: %d, markers %v", code, c.Markers)
			}
		})
		t.Run("DC1.4 a counsellor finds the unit's distribution table and absences in the navigation", func(t *testing.T) {
			eg.lang = "nb"
			href := `href="/units/` + itoa(f.Debt.ID) + `/distribution"`
			if _, page := eg.get("/work"); !strings.Contains(page, href) {
				t.Error("no link to the debt unit's distribution table for its counsellor")
			}
			desk := newClient(t, base)
			desk.login("skranke")
			if _, page := desk.get("/work"); strings.Contains(page, "/distribution") {
				t.Error("the front desk is offered the distribution table")
			}
		})
		t.Run("DC1.1 the counsellor clears the identity check once done", func(t *testing.T) {
			if err := db.Write(t.Context(), func(q *store.Q) error {
				return q.AddMarker(t.Context(), f.KariCase.ID, casework.MarkerCheckIdentity, time.Now())
			}); err != nil {
				t.Fatal(err)
			}
			path := "/cases/" + itoa(f.KariCase.ID)
			_, page := eg.get(path)
			if !strings.Contains(page, "Identiteten er kontrollert") {
				t.Fatal("the case page offers no way to clear the identity check")
			}
			eg.post(path, url.Values{"csrf": {field(t, csrfRE, page)}, "action": {"check_identity"}, "on": {"0"}})
			if c, _ := db.R().Case(t.Context(), f.Muni.ID, f.KariCase.ID); slices.Contains(c.Markers, casework.MarkerCheckIdentity) {
				t.Errorf("markers %v after clearing the identity check", c.Markers)
			}
		})
	})
}
