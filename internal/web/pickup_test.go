package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/torg-kommune/torg/internal/casework/casetest"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

var pickupRE = regexp.MustCompile(`/pickups/(\d+)\?done=`)

func TestPickupPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f, base := newServer(t, db)
		c := newClient(t, base)
		c.login("skranke")
		_, desk := c.get("/desk")
		csrf := field(t, csrfRE, desk)
		newPath := "/persons/" + itoa(f.Kari.ID) + "/pickups/new"
		letter := func(form string) url.Values {
			return url.Values{"csrf": {csrf}, "request_key": {field(t, keyRE, form)}, "case": {itoa(f.KariCase.ID)},
				"responsible": {""}, "recipient": {"citizen"}, "description": {"Svar på søknad"},
				"location": {"Hovedskranken, hylle 2"}, "pickup_date": {"24.11.2026"}, "pickup_time": {"14:00"}}
		}
		var letterPath string

		t.Run("FD3.3 register a letter from the person's page", func(t *testing.T) {
			_, person := c.get("/persons/" + itoa(f.Kari.ID))
			if !strings.Contains(person, `href="`+newPath+`"`) {
				t.Fatal("the person page has no link to register a letter")
			}
			code, form := c.get(newPath)
			if code != http.StatusOK || !strings.Contains(form, f.KariCase.Number()) || !strings.Contains(form, "Eva Gran") {
				t.Fatalf("%d: the form lacks the case or the responsible", code)
			}
			noMissingText(t, form)
			v := letter(form)
			v.Set("pickup_date", "23.11.2026")
			v.Set("pickup_time", "08:00")
			code, body := c.post(newPath, v)
			if code != http.StatusUnprocessableEntity || !strings.Contains(body, "Avtalt hentetid må være fram i tid") ||
				!strings.Contains(body, `value="Hovedskranken, hylle 2"`) {
				t.Errorf("a pickup time in the past: %d, want 422 with the message and the form refilled", code)
			}
			v = letter(form)
			code, body = c.post(newPath, v)
			m := pickupRE.FindStringSubmatch(c.seen[len(c.seen)-1])
			if code != http.StatusOK || m == nil || !strings.Contains(body, "H-"+m[1]) || !strings.Contains(body, "på konvolutten") {
				t.Fatalf("%d at %s", code, c.seen[len(c.seen)-1])
			}
			letterPath = "/pickups/" + m[1]
			for _, want := range []string{"Kari Nordmann", "Eva Gran", "24.11.2026 14:00", "Hovedskranken, hylle 2", "Frida Skranke"} {
				if !strings.Contains(body, want) {
					t.Errorf("the letter's page lacks %q", want)
				}
			}
			noMissingText(t, body)
			code, _ = c.post(newPath, v)
			if code != http.StatusOK || c.seen[len(c.seen)-1] != base+letterPath+"?done=dup" {
				t.Errorf("double submit went to %s, want the first letter", c.seen[len(c.seen)-1])
			}
		})
		t.Run("FD3.2 the desk's list", func(t *testing.T) {
			code, body := c.get("/pickups")
			if code != http.StatusOK || strings.Count(body, `href="`+letterPath+`"`) != 1 || !strings.Contains(body, "Venter på henting (1)") {
				t.Errorf("%d: the list does not hold the letter once", code)
			}
			noMissingText(t, body)
			bv := newClient(t, base)
			bv.login("bv")
			if code, body := bv.get("/pickups"); code != http.StatusOK || strings.Contains(body, letterPath) {
				t.Errorf("another service's counsellor: %d, sees the letter %v", code, strings.Contains(body, letterPath))
			}
			if code, _ := bv.get(letterPath); code != http.StatusNotFound {
				t.Errorf("another service's counsellor opens the letter: %d", code)
			}
		})
		t.Run("FD3.1 hand over with the ID checked", func(t *testing.T) {
			v := url.Values{"csrf": {csrf}, "collector": {"citizen"}, "id_document": {"passport"}}
			code, body := c.post(letterPath+"/handover", v)
			if code != http.StatusUnprocessableEntity || !strings.Contains(body, "Kontroller legitimasjonen") {
				t.Errorf("without the ID checked: %d", code)
			}
			v.Set("id_checked", "yes")
			code, body = c.post(letterPath+"/handover", v)
			if code != http.StatusOK || !strings.Contains(body, "utleveringen er journalført") || !strings.Contains(body, "Pass") {
				t.Fatalf("handover: %d", code)
			}
			code, body = c.post(letterPath+"/handover", v)
			if code != http.StatusConflict || !strings.Contains(body, "allerede levert ut") || !strings.Contains(body, "Frida Skranke") {
				t.Errorf("handing over twice: %d", code)
			}
			eg := newClient(t, base)
			eg.login("eg")
			_, body = eg.get("/cases/" + itoa(f.KariCase.ID))
			if !strings.Contains(body, "Brev utlevert i skranken") {
				t.Errorf("the handover is not on the case")
			}
		})
		t.Run("FD3 a new time, then taken back", func(t *testing.T) {
			_, form := c.get(newPath)
			c.post(newPath, letter(form))
			path := strings.TrimSuffix(strings.TrimPrefix(c.seen[len(c.seen)-1], base), "?done=registered")
			code, body := c.post(path+"/reschedule", url.Values{"csrf": {csrf}, "pickup_date": {"31.11.2026"}, "pickup_time": {"12:00"}})
			if code != http.StatusUnprocessableEntity || !strings.Contains(body, "Skriv en dato som finnes") {
				t.Errorf("no such date: %d", code)
			}
			code, body = c.post(path+"/reschedule", url.Values{"csrf": {csrf}, "pickup_date": {"26.11.2026"}, "pickup_time": {"12:00"}})
			if code != http.StatusOK || !strings.Contains(body, "26.11.2026 12:00") {
				t.Errorf("reschedule: %d", code)
			}
			code, body = c.post(path+"/return", url.Values{"csrf": {csrf}, "reason": {"Sendes i posten"}})
			if code != http.StatusOK || !strings.Contains(body, "Tatt tilbake") || !strings.Contains(body, "Sendes i posten") {
				t.Errorf("return: %d", code)
			}
		})
		t.Run("DC1.3 kode 6: no address nor name at the desk, handed over against the number", func(t *testing.T) {
			pnew := "/persons/" + itoa(f.Protected.ID) + "/pickups/new"
			_, form := c.get(pnew)
			if strings.Contains(form, "Postboks") || strings.Contains(form, "SOT6") {
				t.Errorf("the form shows the address")
			}
			v := url.Values{"csrf": {csrf}, "request_key": {field(t, keyRE, form)}, "case": {"0"},
				"responsible": {itoa(f.Debt.ID) + "/" + itoa(f.KH.ID)}, "recipient": {"citizen"},
				"location": {"Hovedskranken"}, "pickup_date": {"24.11.2026"}, "pickup_time": {"14:00"}}
			code, body := c.post(pnew, v)
			m := pickupRE.FindStringSubmatch(c.seen[len(c.seen)-1])
			if code != http.StatusOK || m == nil {
				t.Fatalf("register: %d", code)
			}
			path := "/pickups/" + m[1]
			_, list := c.get("/pickups")
			for _, page := range []string{body, list} {
				for _, secret := range []string{"Postboks", "SOT6", "Sara", "Skjult"} {
					if strings.Contains(page, secret) {
						t.Errorf("the desk sees %q", secret)
					}
				}
				if !strings.Contains(page, "Skjermet person") {
					t.Errorf("the page does not mark the person as protected")
				}
			}
			h := url.Values{"csrf": {csrf}, "collector": {"citizen"}, "id_document": {"passport"}, "id_checked": {"yes"},
				"nin": {casetest.KariNIN}}
			code, body = c.post(path+"/handover", h)
			if code != http.StatusUnprocessableEntity || !strings.Contains(body, "er ikke mottakerens") ||
				strings.Contains(body, casetest.KariNIN) {
				t.Errorf("a wrong number: %d, or the number sent back", code)
			}
			h.Set("nin", casetest.ProtectedNIN)
			if code, body = c.post(path+"/handover", h); code != http.StatusOK || !strings.Contains(body, "Levert ut") {
				t.Errorf("handover: %d", code)
			}
			for _, u := range c.seen {
				if strings.Contains(u, casetest.ProtectedNIN) {
					t.Errorf("national ID in URL %s", u)
				}
			}
		})
	})
}
