package web_test

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/torg-kommune/torg/internal/casework/casetest"
	"github.com/torg-kommune/torg/internal/i18n"
	"github.com/torg-kommune/torg/internal/registry"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

// mainRE is a page's main content, without the header that shows
// where the language switch returns to.
var mainRE = regexp.MustCompile(`(?s)<main.*</main>`)

func TestApplyPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f, base := newServer(t, db)
		path := "/apply/" + f.Muni.Code
		// The register knows Kari under the name she has now.
		file := registry.File{Municipality: f.Muni.Code, Persons: []registry.FilePerson{
			{NIN: casetest.KariNIN, GivenName: "Kari", FamilyName: "Nordmann-Berg", Address: "Nygata 5"}}}
		if _, err := registry.Import(context.Background(), f.DB, file, casetest.Now); err != nil {
			t.Fatal(err)
		}
		submit := func(c *client, v url.Values) (int, string) {
			_, form := c.get(path)
			v.Set("request_key", field(t, keyRE, form))
			return c.post(path, v)
		}
		t.Run("DC1.1 the form renders in every language", func(t *testing.T) {
			for _, lang := range i18n.Supported {
				c := newClient(t, base)
				c.lang = string(lang)
				code, body := c.get(path)
				if code != http.StatusOK || !strings.Contains(body, `name="request_key"`) || !strings.Contains(body, `for="nin"`) ||
					!strings.Contains(body, `for="birth_date"`) {
					t.Errorf("%s: %d", lang, code)
				}
				noMissingText(t, body)
			}
		})
		var receipt string
		t.Run("DC1.1 a submit files the application; the receipt names no case", func(t *testing.T) {
			c := newClient(t, base)
			_, form := c.get(path)
			v := url.Values{"request_key": {field(t, keyRE, form)}, "nin": {"05038010044"}, "birth_date": {"05.03.1980"},
				"given_name": {"Anna"}, "family_name": {"Søker"}, "phone": {"+4791234567"}, "summary": {"Inkasso"}}
			code, body := c.post(path, v)
			if code != http.StatusOK || !strings.Contains(body, "Vi har mottatt søknaden din.") || !strings.Contains(body, "eDialog") ||
				strings.Contains(body, "2026/") {
				t.Fatalf("submit: %d\n%s", code, body)
			}
			noMissingText(t, body)
			receipt = mainRE.FindString(body)
			code, again := c.post(path, v)
			if code != http.StatusOK || !strings.Contains(again, "allerede sendt") {
				t.Errorf("second submit: %d", code)
			}
		})
		t.Run("DC1.1 an application that joins an open case gets the same receipt, under any name", func(t *testing.T) {
			c := newClient(t, base)
			code, body := submit(c, url.Values{"nin": {casetest.KariNIN}, "given_name": {"Anna"}, "family_name": {"Søker"},
				"phone": {"+4791234567"}, "summary": {"Inkasso"}})
			if code != http.StatusOK || mainRE.FindString(body) != receipt {
				t.Errorf("%d: the receipt differs from a new case's:\n%s", code, mainRE.FindString(body))
			}
			for _, secret := range []string{"Nordmann", "Nygata", f.KariCase.Number()} {
				if strings.Contains(body, secret) {
					t.Errorf("the receipt tells %q", secret)
				}
			}
		})
		t.Run("DC1.1 a wrong national ID or date of birth is told in the applicant's language", func(t *testing.T) {
			for _, lang := range i18n.Supported {
				p := i18n.New(lang)
				for _, tc := range []struct{ nin, birth, field, key string }{
					{"10915596785", "", "nin", "nin.control2"},
					{"05038010044", "06.03.1980", "birth_date", "apply.birth_date_mismatch"},
				} {
					c := newClient(t, base)
					c.lang = string(lang)
					code, body := submit(c, url.Values{"nin": {tc.nin}, "birth_date": {tc.birth}, "given_name": {"Feil"},
						"family_name": {"Nummer"}, "summary": {"x"}})
					msg := template.HTMLEscapeString(p.T(tc.key))
					if code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="`+tc.field+`-error">`+msg) ||
						!strings.Contains(body, `href="#`+tc.field+`"`) || !strings.Contains(body, `value="Feil"`) {
						t.Errorf("%s %s: %d, want %q at the field", lang, tc.key, code, msg)
					}
					noMissingText(t, body)
				}
			}
		})
	})
}

func TestDistributionPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f, base := newServer(t, db)
		dpath := "/units/" + itoa(f.Debt.ID) + "/distribution"
		leader := newClient(t, base)
		leader.login("leder")
		t.Run("DC1.4 /distribution leads to the unit's page", func(t *testing.T) {
			code, _ := leader.get("/distribution")
			if last := leader.seen[len(leader.seen)-1]; code != http.StatusOK || !strings.HasSuffix(last, dpath) {
				t.Errorf("%d at %s, want %s", code, last, dpath)
			}
		})
		t.Run("DC1.4 a leader edits the table, the day it is applied to and the fallback", func(t *testing.T) {
			code, page := leader.get(dpath)
			if code != http.StatusOK || !strings.Contains(page, `value="birth" checked`) {
				t.Fatalf("page: %d, want by day of birth checked", code)
			}
			noMissingText(t, page)
			v := url.Values{"csrf": {field(t, csrfRE, page)}, "from": {"1", "13", ""}, "to": {"12", "31", ""},
				"employee": {itoa(f.EG.ID), itoa(f.KH.ID), "0"}, "by": {"received"}, "fallback": {itoa(f.KH.ID)}}
			code, body := leader.post(dpath, v)
			if code != http.StatusOK || !strings.Contains(body, "Fordelingen er lagret.") || !strings.Contains(body, `value="received" checked`) ||
				!strings.Contains(body, `<option value="`+itoa(f.KH.ID)+`" selected>kh – Knut Hansen`) {
				t.Errorf("save: %d", code)
			}
			v["to"] = []string{"10", "31", ""}
			code, body = leader.post(dpath, v)
			if code != http.StatusUnprocessableEntity || !strings.Contains(body, "Dag 11 mangler") || !strings.Contains(body, `value="10"`) {
				t.Errorf("gap: %d", code)
			}
			v["to"], v["by"] = []string{"12", "31", ""}, []string{""}
			if code, body = leader.post(dpath, v); code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="by-error"`) {
				t.Errorf("no day chosen: %d", code)
			}
		})
		t.Run("DC1.4 a leader records a counsellor's absence", func(t *testing.T) {
			_, page := leader.get(dpath)
			v := url.Values{"csrf": {field(t, csrfRE, page)}, "absence_employee": {itoa(f.EG.ID)},
				"absence_from": {"2026-11-23"}, "absence_to": {"2026-11-27"}, "absence_note": {"Ferie"}}
			code, body := leader.post("/units/"+itoa(f.Debt.ID)+"/absences", v)
			if code != http.StatusOK || !strings.Contains(body, "Fraværet er registrert.") ||
				!strings.Contains(body, "23.11.2026–27.11.2026") || !strings.Contains(body, "Borte i dag") {
				t.Errorf("absence: %d", code)
			}
			v.Set("absence_to", "2026-11-01")
			code, body = leader.post("/units/"+itoa(f.Debt.ID)+"/absences", v)
			if code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="absence_to-error"`) ||
				!strings.Contains(body, `value="received" checked`) {
				t.Errorf("back to front: %d, want the error and the rest of the page as saved", code)
			}
			v.Set("absence_employee", "")
			if code, body := leader.post("/units/"+itoa(f.Debt.ID)+"/absences", v); code != http.StatusUnprocessableEntity ||
				!strings.Contains(body, `id="absence_employee-error"`) {
				t.Errorf("nobody chosen: %d", code)
			}
		})
		t.Run("DC1.4 a counsellor sees the table and records only their own absence", func(t *testing.T) {
			kh := newClient(t, base)
			kh.login("kh")
			code, page := kh.get(dpath)
			if code != http.StatusOK || strings.Contains(page, `name="from"`) || !strings.Contains(page, "kh – Knut Hansen</td>") ||
				!strings.Contains(page, `<input type="hidden" name="absence_employee" value="`+itoa(f.KH.ID)+`">`) ||
				strings.Contains(page, "23.11.2026–27.11.2026") {
				t.Fatalf("page: %d, want the table read-only and no one else's absence", code)
			}
			noMissingText(t, page)
			v := url.Values{"csrf": {field(t, csrfRE, page)}, "absence_employee": {itoa(f.KH.ID)},
				"absence_from": {"2026-12-01"}, "absence_to": {"2026-12-02"}}
			if code, body := kh.post("/units/"+itoa(f.Debt.ID)+"/absences", v); code != http.StatusOK ||
				!strings.Contains(body, "01.12.2026–02.12.2026") {
				t.Errorf("own absence: %d", code)
			}
			v.Set("absence_employee", itoa(f.EG.ID))
			if code, _ := kh.post("/units/"+itoa(f.Debt.ID)+"/absences", v); code != http.StatusForbidden {
				t.Errorf("a colleague's absence: %d, want 403", code)
			}
			if code, _ := kh.post(dpath, url.Values{"csrf": {field(t, csrfRE, page)}, "by": {"birth"}}); code != http.StatusForbidden {
				t.Errorf("the table: %d, want 403", code)
			}
		})
		t.Run("DC1.4 someone outside the unit does not see the page", func(t *testing.T) {
			bv := newClient(t, base)
			bv.login("bv")
			if code, _ := bv.get(dpath); code != http.StatusForbidden {
				t.Errorf("%d, want 403", code)
			}
		})
	})
}
