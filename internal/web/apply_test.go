package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

func TestApplyPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f, base := newServer(t, db)
		path := "/apply/" + f.Muni.Code
		t.Run("DC1.1 the form renders in every language", func(t *testing.T) {
			for _, lang := range []string{"nb", "da", "sv", "en"} {
				c := newClient(t, base)
				c.lang = lang
				code, body := c.get(path)
				if code != http.StatusOK || !strings.Contains(body, `name="request_key"`) || !strings.Contains(body, `for="nin"`) {
					t.Errorf("%s: %d", lang, code)
				}
				noMissingText(t, body)
			}
		})
		t.Run("DC1.1 a submit creates the case and shows its number", func(t *testing.T) {
			c := newClient(t, base)
			_, form := c.get(path)
			v := url.Values{"request_key": {field(t, keyRE, form)}, "nin": {"05038010044"},
				"given_name": {"Anna"}, "family_name": {"Søker"}, "phone": {"+4791234567"}, "summary": {"Inkasso"}}
			code, body := c.post(path, v)
			if code != http.StatusOK || !strings.Contains(body, "Saksnummeret er 2026/") || !strings.Contains(body, "eDialog") {
				t.Fatalf("submit: %d\n%s", code, body)
			}
			noMissingText(t, body)
			code, again := c.post(path, v)
			if code != http.StatusOK || !strings.Contains(again, "allerede sendt") {
				t.Errorf("second submit: %d", code)
			}
		})
		t.Run("DC1.1 an invalid national ID shows the field error", func(t *testing.T) {
			c := newClient(t, base)
			_, form := c.get(path)
			code, body := c.post(path, url.Values{"request_key": {field(t, keyRE, form)}, "nin": {"10915596785"},
				"given_name": {"Feil"}, "family_name": {"Nummer"}, "summary": {"x"}})
			if code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="nin-error"`) ||
				!strings.Contains(body, `href="#nin"`) || !strings.Contains(body, `value="Feil"`) {
				t.Errorf("invalid number: %d", code)
			}
			noMissingText(t, body)
		})
		t.Run("DC1.4 a leader edits the distribution table", func(t *testing.T) {
			leader := newClient(t, base)
			leader.login("leder")
			dpath := "/units/" + itoa(f.Debt.ID) + "/distribution"
			code, page := leader.get(dpath)
			if code != http.StatusOK {
				t.Fatalf("page: %d", code)
			}
			noMissingText(t, page)
			v := url.Values{"csrf": {field(t, csrfRE, page)}, "from": {"1", "13", ""}, "to": {"12", "31", ""},
				"employee": {itoa(f.EG.ID), itoa(f.KH.ID), "0"}}
			code, body := leader.post(dpath, v)
			if code != http.StatusOK || !strings.Contains(body, "Fordelingen er lagret.") {
				t.Errorf("save: %d", code)
			}
			v["to"] = []string{"10", "31", ""}
			if code, body := leader.post(dpath, v); code != http.StatusUnprocessableEntity || !strings.Contains(body, "Dag 11 mangler") {
				t.Errorf("gap: %d", code)
			}
			eg := newClient(t, base)
			eg.login("eg")
			if code, _ := eg.get(dpath); code != http.StatusForbidden {
				t.Errorf("counsellor: %d, want 403", code)
			}
		})
	})
}
