package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

func TestRosterPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f, base := newServer(t, db)
		desk, leader, eg := newClient(t, base), newClient(t, base), newClient(t, base)
		desk.login("skranke")
		leader.login("leder")
		eg.login("eg")
		id := fmtInt(f.FrontDesk.ID)

		t.Run("CG13 the counter employee ticks their hours as guide", func(t *testing.T) {
			code, body := desk.get("/roster")
			if code != http.StatusOK || !strings.Contains(body, "Frida Skranke") || !strings.Contains(body, `form="roster-`+id+`"`) ||
				!strings.Contains(body, "Ingen guide kl. 08–09") || !strings.Contains(body, `href="/roster"`) {
				t.Fatalf("roster: %d\n%s", code, mainRE.FindString(body))
			}
			noMissingText(t, body)
			csrf := field(t, csrfRE, body)
			code, body = desk.post("/roster", url.Values{"csrf": {csrf}, "roster_day": {"2026-11-23"},
				"roster_employee": {id}, "roster_hours": {"9", "10"}})
			main := mainRE.FindString(body)
			if code != http.StatusOK || !strings.Contains(main, "Timene er lagret.") ||
				!strings.Contains(main, `value="9" form="roster-`+id+`" checked`) ||
				strings.Contains(main, `value="8" form="roster-`+id+`" checked`) {
				t.Errorf("after saving: %d\n%s", code, main)
			}
			// 09:00 in Oslo: Frida is guide now.
			if !strings.Contains(main, "Guide nå: Frida Skranke") || !strings.Contains(main, "Du er guide nå.") {
				t.Errorf("who is guide now is missing:\n%s", main)
			}
		})

		t.Run("CG13 the leader sees everyone's hours; a counsellor has no roster", func(t *testing.T) {
			_, body := leader.get("/roster?day=23.11.2026")
			if !strings.Contains(body, "Guide nå: Frida Skranke") || !strings.Contains(body, `name="roster_employee" value="`+id+`"`) {
				t.Errorf("leader's roster:\n%s", mainRE.FindString(body))
			}
			if code, _ := eg.get("/roster"); code != http.StatusForbidden {
				t.Errorf("a counsellor's roster: %d, want 403", code)
			}
			code, body := leader.post("/roster", url.Values{"csrf": {field(t, csrfRE, body)}, "roster_day": {"2026-11-23"},
				"roster_employee": {id}, "roster_hours": {"18"}})
			if code != http.StatusUnprocessableEntity || !strings.Contains(body, "Velg timer innenfor åpningstiden 08–16.") {
				t.Errorf("an hour after closing: %d", code)
			}
		})
	})
}
