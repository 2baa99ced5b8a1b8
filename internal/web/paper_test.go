package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/casework/casetest"
	"github.com/torg-kommune/torg/internal/registry"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

func TestPaperApplicationPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f, base := newServer(t, db)
		addDocumentCentre(t, f)
		t.Run("DC1.2 the document centre registers a paper application", func(t *testing.T) {
			c := newClient(t, base)
			c.login("dok")
			code, form := c.get("/applications/new")
			if code != http.StatusOK || !strings.Contains(form, `value="23.11.2026"`) {
				t.Fatalf("%d, want the form with today as date received", code)
			}
			noMissingText(t, form)
			v := url.Values{"csrf": {field(t, csrfRE, form)}, "request_key": {field(t, keyRE, form)},
				"received": {"2026-11-20"}, "nin": {"05038012345"}, "given_name": {"Petra"}, "family_name": {"Papir"},
				"address": {"Torggata 3"}, "postcode": {"4600"}, "city": {"Torgvik"}, "summary": {"Inkasso på tre regninger."}}
			code, body := c.post("/applications/new", v)
			if code != http.StatusUnprocessableEntity {
				t.Errorf("invalid national ID: %d, want 422", code)
			}
			v.Set("nin", "10915596784") // Kari: joins her open case
			if code, body = c.post("/applications/new", v); code != http.StatusOK ||
				!strings.Contains(body, "Søknaden er registrert i sak") {
				t.Fatalf("%d: %s", code, body)
			}
			if _, again := c.post("/applications/new", v); !strings.Contains(again, "Dette skjemaet var allerede sendt") {
				t.Error("double submit was not recognised")
			}
			recs, _ := f.DB.R().CaseRecords(context.Background(), f.KariCase.ID)
			n := 0
			for _, r := range recs {
				if strings.Contains(r.Title, "mottatt på papir 20.11.2026") {
					n++
				}
			}
			if n != 1 {
				t.Errorf("%d paper records in Kari's case, want 1", n)
			}
		})
		t.Run("DC1.2 only the document centre and leaders may", func(t *testing.T) {
			for user, ok := range map[string]bool{"leder": true, "eg": false, "skranke": false} {
				c := newClient(t, base)
				c.login(user)
				_, body := c.get("/applications/new")
				if strings.Contains(body, `action="/applications/new"`) != ok {
					t.Errorf("%s sees the form: %v, want %v", user, !ok, ok)
				}
			}
		})
	})
}

func addDocumentCentre(t *testing.T, f *casetest.Fixture) {
	t.Helper()
	e := &torg.Employee{MunicipalityID: f.Muni.ID, Username: "dok", Name: "Dina Dokument", Initials: "DD",
		Roles: []torg.Role{torg.RoleDocumentCentre}, Active: true}
	if err := f.DB.Write(context.Background(), func(q *store.Q) error {
		return q.CreateEmployee(context.Background(), e, casework.HashPassword(casetest.Password), casetest.Now)
	}); err != nil {
		t.Fatal(err)
	}
}

func TestFillInPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f, base := newServer(t, db)
		file := registry.File{Municipality: f.Muni.Code, Persons: []registry.FilePerson{
			{NIN: casetest.KariNIN, GivenName: "Kari", FamilyName: "Nordmann", Address: "Nygata 5", Postcode: "4610",
				City: "Torgvik", Properties: []registry.FileProperty{{ID: "9901-12/345", Address: "Nygata 5", Share: "1/2", Kind: "bolig"}}},
			{NIN: casetest.ProtectedNIN, GivenName: "Sara", FamilyName: "Skjult", Address: "Hemmelig vei 9", Protection: "strict",
				Properties: []registry.FileProperty{{ID: "9901-77/1", Address: "Hemmelig vei 9", Share: "1/1", Kind: "bolig"}}},
		}}
		if _, err := registry.Import(context.Background(), f.DB, file, casetest.Now); err != nil {
			t.Fatal(err)
		}
		c := newClient(t, base)
		c.login("leder")
		fill := func(id int64) (int, string) {
			_, page := c.get("/persons/" + itoa(id))
			if !strings.Contains(page, "Fyll ut fra registrene") {
				t.Fatal("no fill-in form on the person page")
			}
			return c.post("/persons/"+itoa(id)+"/fill-in", url.Values{"csrf": {field(t, csrfRE, page)}})
		}
		t.Run("DC1.5 before the fill-in the page says the data is not from the registers", func(t *testing.T) {
			_, page := c.get("/persons/" + itoa(f.Kari.ID))
			if !strings.Contains(page, "Ikke fylt ut fra registrene ennå") || strings.Contains(page, "9901-12/345") {
				t.Error("the page shows register data before the fill-in, or does not say there is none")
			}
		})
		t.Run("DC1.5 the counsellor fills in from the population and property registers", func(t *testing.T) {
			code, body := fill(f.Kari.ID)
			for _, want := range []string{"Opplysningene er fylt ut fra registrene", "Nygata 5, 4610 Torgvik", "9901-12/345", "1/2",
				"Fylt ut fra registrene 23.11.2026 09:00 av Lise Lund."} {
				if !strings.Contains(body, want) {
					t.Errorf("%d: page lacks %q", code, want)
				}
			}
			noMissingText(t, body)
		})
		t.Run("DC1.5 after the fill-in the person's page shows the register data and its date", func(t *testing.T) {
			eg := newClient(t, base)
			eg.login("eg")
			_, page := eg.get("/persons/" + itoa(f.Kari.ID))
			for _, want := range []string{"Fylt ut fra registrene 23.11.2026 09:00 av Lise Lund.", "9901-12/345", "Nygata 5"} {
				if !strings.Contains(page, want) {
					t.Errorf("page lacks %q", want)
				}
			}
		})
		t.Run("DC1.5 a protected person gets the forwarding address only", func(t *testing.T) {
			_, body := fill(f.Protected.ID)
			if !strings.Contains(body, "SOT6") || strings.Contains(body, "Hemmelig vei") || strings.Contains(body, "9901-77/1") ||
				!strings.Contains(body, "adressebeskyttelse") {
				t.Error("the page shows the real address or no forwarding address")
			}
		})
		t.Run("DC1.5 a person not in the register gets a clear message", func(t *testing.T) {
			_, body := fill(f.Confidential.ID)
			if !strings.Contains(body, "Personen finnes ikke i folkeregisteret.") {
				t.Error("no not-found message")
			}
		})
		t.Run("DC1.5 the front desk has no fill-in", func(t *testing.T) {
			d := newClient(t, base)
			d.login("skranke")
			if _, page := d.get("/persons/" + itoa(f.Kari.ID)); strings.Contains(page, "/fill-in") {
				t.Error("the front desk sees the fill-in form")
			}
		})
	})
}
