package web_test

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/i18n"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

func TestExpiredSessionKeepsTheForm(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f, base := newServer(t, db)
		c := newClient(t, base)
		c.login("skranke")
		_, form := c.get("/persons/" + itoa(f.Kari.ID) + "/walk-in")
		v := url.Values{"csrf": {field(t, csrfRE, form)}, "request_key": {field(t, keyRE, form)},
			"unit": {itoa(f.Debt.ID)}, "from": {"citizen"}, "summary": {"Lang tekst som ikke må gå tapt"}}
		f.Clock.Advance(casework.DefaultConfig().SessionIdle + 1)

		code, body := c.post("/persons/"+itoa(f.Kari.ID)+"/walk-in", v)
		if code != http.StatusUnauthorized || !strings.Contains(body, `value="Lang tekst som ikke må gå tapt"`) {
			t.Fatalf("expired post: %d; the login page must keep the form", code)
		}
		login := url.Values{"username": {"skranke"}, "password": {"correct horse"}, "next": {"/persons/" + itoa(f.Kari.ID) + "/walk-in"}}
		for _, m := range regexp.MustCompile(`name="(resume\.[a-z_]+)" value="([^"]*)"`).FindAllStringSubmatch(body, -1) {
			login.Add(m[1], m[2])
		}
		code, body = c.post("/login", login)
		if code != http.StatusOK || !strings.Contains(body, "Skjemaet du fylte ut er tatt vare på") {
			t.Fatalf("after login: %d", code)
		}
		resend := url.Values{}
		for _, m := range regexp.MustCompile(`name="([a-z_]+)" value="([^"]*)"`).FindAllStringSubmatch(body, -1) {
			resend.Add(m[1], m[2])
		}
		code, body = c.post("/persons/"+itoa(f.Kari.ID)+"/walk-in", resend)
		if code != http.StatusOK || !strings.Contains(body, "Henvendelsen er registrert") {
			t.Errorf("resent form: %d", code)
		}
	})
}

func TestCSRF(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f, base := newServer(t, db)
		c := newClient(t, base)
		c.login("skranke")
		code, _ := c.post("/persons/"+itoa(f.Kari.ID)+"/walk-in", url.Values{"csrf": {"forged"}, "summary": {"x"}})
		if code != http.StatusForbidden {
			t.Errorf("forged CSRF token: %d, want 403", code)
		}
	})
}

func TestNotLoggedInGoesToLogin(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		_, base := newServer(t, db)
		c := newClient(t, base)
		code, body := c.get("/work")
		if code != http.StatusOK || !strings.Contains(body, `action="/login"`) || !strings.Contains(body, `value="/work"`) {
			t.Errorf("%d: want the login page that returns to /work", code)
		}
	})
}

// TestPagesInEveryLanguage renders every page in every language and fails
// on any text that lacks a translation.
func TestPagesInEveryLanguage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f, base := newServer(t, db)
		desk := newClient(t, base)
		desk.login("skranke")
		_, form := desk.get("/persons/" + itoa(f.Kari.ID) + "/walk-in")
		csrf := field(t, csrfRE, form)
		desk.post("/persons/"+itoa(f.Kari.ID)+"/walk-in", url.Values{"csrf": {csrf}, "request_key": {"k1"},
			"unit": {itoa(f.Debt.ID)}, "from": {"citizen"}, "summary": {"x"}})
		receipt := strings.TrimPrefix(desk.seen[len(desk.seen)-1], base)
		eg := newClient(t, base)
		eg.login("eg")
		for _, lang := range i18n.Supported {
			desk.lang, eg.lang = string(lang), string(lang)
			for _, p := range []struct {
				c    *client
				path string
			}{
				{desk, "/desk"}, {desk, "/persons/new"}, {desk, "/persons/" + itoa(f.Kari.ID)},
				{desk, "/persons/" + itoa(f.Protected.ID)}, {desk, "/persons/" + itoa(f.Kari.ID) + "/walk-in"},
				{desk, "/persons/" + itoa(f.Kari.ID) + "/drop-off"}, {desk, receipt}, {desk, "/cases/999"},
				{eg, "/work"}, {eg, "/cases/" + itoa(f.KariCase.ID)}, {newClient(t, base), "/login"},
				{eg, "/routines"}, {eg, "/routines/debt_counselling"}, {eg, "/routines/front_desk_debt"},
			} {
				p.c.lang = string(lang)
				code, body := p.c.get(p.path)
				if code >= 500 {
					t.Errorf("%s %s: %d", lang, p.path, code)
				}
				if !strings.Contains(body, `<html lang="`+string(lang)+`">`) {
					t.Errorf("%s %s: page not in the asked language", lang, p.path)
				}
				noMissingText(t, body)
			}
			code, body := desk.post("/desk", url.Values{"csrf": {csrf}, "action": {"nin"}, "nin": {"123"}})
			if code != http.StatusUnprocessableEntity {
				t.Errorf("%s: bad national ID: %d", lang, code)
			}
			noMissingText(t, body)
		}
	})
}

// TestTemplateKeysExist checks every literal message key in the templates
// and handlers against the catalogue.
func TestTemplateKeysExist(t *testing.T) {
	re := regexp.MustCompile(`(?:\.T|newPage\(r,) "([a-z_]+\.[a-z_.0-9]+)"`)
	files, _ := filepath.Glob("templates/*.html")
	gofiles, _ := filepath.Glob("*.go")
	for _, name := range append(files, gofiles...) {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			if !i18n.Has(m[1]) {
				t.Errorf("%s: key %q is not in the catalogue", name, m[1])
			}
		}
	}
}
