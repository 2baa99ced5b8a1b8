package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/torg-kommune/torg/internal/i18n"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

func TestAppointmentPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f, base := newServer(t, db)
		eg := newClient(t, base)
		eg.login("eg")
		casePath := "/cases/" + itoa(f.KariCase.ID)
		newPath := casePath + "/appointments/new"

		t.Run("DC4.2 the booking form renders in every language", func(t *testing.T) {
			for _, lang := range i18n.Supported {
				eg.lang = string(lang)
				for _, path := range []string{newPath, casePath} {
					code, body := eg.get(path)
					if code != http.StatusOK || !strings.Contains(body, `<html lang="`+string(lang)+`">`) {
						t.Errorf("%s %s: %d", lang, path, code)
					}
					noMissingText(t, body)
				}
			}
			eg.lang = "nb"
		})
		t.Run("DC4.2 a wrong form shows its errors", func(t *testing.T) {
			for _, lang := range i18n.Supported {
				eg.lang = string(lang)
				_, page := eg.get(newPath)
				code, body := eg.post(newPath, url.Values{"csrf": {field(t, csrfRE, page)}, "date": {"2026-11-30"},
					"start": {"10:00"}, "end": {"09:00"}, "place": {"Rådhuset"}})
				if code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="end-error"`) {
					t.Errorf("%s: %d, want the end time's error", lang, code)
				}
				noMissingText(t, body)
			}
			eg.lang = "nb"
		})
		t.Run("DC4.2 the appointment is booked and marked from the case page", func(t *testing.T) {
			_, page := eg.get(newPath)
			code, body := eg.post(newPath, url.Values{"csrf": {field(t, csrfRE, page)}, "date": {"2026-11-30"},
				"start": {"10:00"}, "end": {"11:00"}, "place": {"Rådhuset"}, "with_agency": {"NAV"}})
			if code != http.StatusOK || !strings.Contains(body, "Rådhuset") || !strings.Contains(body, "Møtebekreftelse") ||
				!strings.Contains(body, "Avtalt") {
				t.Fatalf("%d: the case page shows no appointment", code)
			}
			m := regexp.MustCompile(`action="/appointments/(\d+)"`).FindStringSubmatch(body)
			if m == nil {
				t.Fatal("no held/missed buttons")
			}
			code, body = eg.post("/appointments/"+m[1], url.Values{"csrf": {field(t, csrfRE, body)}, "action": {"held"}})
			if code != http.StatusOK || !strings.Contains(body, "Gjennomført") {
				t.Errorf("%d: not marked held", code)
			}
			bv := newClient(t, base)
			bv.login("bv")
			_, other := bv.get("/cases")
			if code, _ := bv.post("/appointments/"+m[1], url.Values{"csrf": {field(t, csrfRE, other)}, "action": {"missed"}}); code != http.StatusNotFound {
				t.Errorf("outsider marked the appointment: %d", code)
			}
		})
		t.Run("the calendar feed needs no session and 404s an unknown token", func(t *testing.T) {
			path, err := f.Svc.FeedURL(t.Context(), f.EG)
			if err != nil {
				t.Fatal(err)
			}
			anon := newClient(t, base)
			req, _ := http.NewRequest("GET", base+path, nil)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/calendar") {
				t.Errorf("feed: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
			}
			_, body := anon.get(path)
			if !strings.Contains(body, "BEGIN:VEVENT\r\n") || strings.Contains(body, f.Kari.NIN) {
				t.Errorf("feed body:\n%s", body)
			}
			if code, _ := anon.get("/calendar/" + strings.Repeat("ab", 32) + ".ics"); code != http.StatusNotFound {
				t.Errorf("unknown token: %d", code)
			}
		})
	})
}

func TestCalendarAddressFromTheWorkList(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		_, base := newServer(t, db)
		eg := newClient(t, base)
		eg.login("eg")
		_, page := eg.get("/work")
		code, body := eg.post("/work", url.Values{"csrf": {field(t, csrfRE, page)}, "action": {"feed"}})
		m := regexp.MustCompile(`<code>http://[^/]+(/calendar/[0-9a-f]+\.ics)</code>`).FindStringSubmatch(body)
		if code != http.StatusOK || m == nil {
			t.Fatalf("DC4.2 calendar address: %d, none shown", code)
		}
		if code, ics := eg.get(m[1]); code != http.StatusOK || !strings.HasPrefix(ics, "BEGIN:VCALENDAR") {
			t.Errorf("the feed at the new address: %d", code)
		}
	})
}
