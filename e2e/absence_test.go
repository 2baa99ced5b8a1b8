package e2e

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/torg-kommune/torg/internal/i18n"
)

// TestAbsenceBoard walks the absence board (FD4) and the notice page (DM3)
// in the demo municipality: a counsellor with a meeting tomorrow reports
// sick; the leader, whose notice page is open, sees the notice come in by
// itself, finds the meeting on the list of whom to tell and marks it told;
// the leader records the other two counsellors away, and the front desk
// sees on every page that no counsellor is at work. Every page is checked
// with axe-core. The absences are deleted again at the end, so that the
// other tests' cases are distributed as usual.
func TestAbsenceBoard(t *testing.T) {
	p := i18n.New(i18n.NB)
	oslo, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		t.Fatal(err)
	}
	today := time.Now().In(oslo)
	day := func(t time.Time) string { return t.Format("02.01.2006") }
	tomorrow := today.AddDate(0, 0, 1)

	leader := newTab(t)
	leader.login("leder")
	leader.chooseLanguage(string(i18n.NB))
	t.Cleanup(func() { clearAbsences(leader) })
	eg := newTab(t)
	eg.login("eg")
	eg.chooseLanguage(string(i18n.NB))

	// EG has a meeting tomorrow in one of her cases.
	eg.open("/absences")
	egID := eval[string](eg, `document.querySelector('input[name="absence_employee"]')?.value ?? ""`)
	if egID == "" {
		t.Fatal("the counsellor's board has no form for her own absence")
	}
	eg.open("/cases?responsible=" + egID)
	casePath := eval[string](eg, `document.querySelector('table.data a[href^="/cases/"]')?.getAttribute("href") ?? ""`)
	if casePath == "" {
		t.Fatal("EG has no case")
	}
	eg.open(casePath + "/appointments/new")
	eg.do("fill in the meeting",
		chromedp.SendKeys(chromedp.ID("date"), day(tomorrow)),
		chromedp.SetValue(chromedp.ID("start"), "10:00"),
		chromedp.SetValue(chromedp.ID("end"), "11:00"),
		chromedp.SendKeys(chromedp.ID("place"), "Hjemmebesøk, Storgata 1"),
		chromedp.SendKeys(chromedp.ID("with_agency"), "NAV Torgvik"),
	)
	eg.submit(`form[action$="/appointments/new"] button[type=submit]`, http.StatusOK)
	if path := eg.path(); path != casePath {
		t.Fatalf("booking the meeting: on %s: %s", path, eg.text(".error-summary"))
	}

	// The leader's notice page is open, with its live updates.
	leader.open("/m")
	leader.checkAccessibility("notice page")
	if h := leader.text("h1"); h != p.T("notice.title") {
		t.Errorf("notice page heading %q", h)
	}

	t.Run("FD4.5 a reduced day without sensible hours is refused on the board", func(t *testing.T) {
		b := eg.in(t)
		b.open("/absences")
		b.checkAccessibility("absence board, a counsellor")
		b.do("fill in a reduced day back to front",
			chromedp.SetValue(chromedp.CSS(`select[name="absence_kind"]`), "reduced_day"),
			chromedp.SetValue(chromedp.CSS(`input[name="absence_from"]`), day(today)),
			chromedp.SetValue(chromedp.CSS(`input[name="absence_to"]`), day(today)),
			chromedp.SetValue(chromedp.CSS(`input[name="absence_away_from"]`), "15:00"),
			chromedp.SetValue(chromedp.CSS(`input[name="absence_away_to"]`), "12:00"),
		)
		b.submit(`form[action$="/absences"] button[type=submit]`, http.StatusUnprocessableEntity)
		if got := b.text("#absence_away_to"); got != p.T("absence.time_order") {
			t.Errorf("error at the field: %q", got)
		}
		if b.text(".error-summary") == "" {
			t.Error("no error summary")
		}
		b.checkAccessibility("absence board with an error")
	})

	t.Run("FD4.2 the counsellor reports sick; the leader is told at once", func(t *testing.T) {
		b := eg.in(t)
		b.do("fill in sick leave",
			chromedp.SetValue(chromedp.CSS(`select[name="absence_kind"]`), "sick"),
			chromedp.SetValue(chromedp.CSS(`input[name="absence_from"]`), day(today)),
			chromedp.SetValue(chromedp.CSS(`input[name="absence_to"]`), day(tomorrow)),
		)
		eval[bool](b, `document.querySelectorAll('input[name^="absence_away_"]').forEach(i => i.value = ""), true`)
		b.submit(`form[action$="/absences"] button[type=submit]`, http.StatusOK)
		if got := b.text(".alert-success"); got != p.T("absence.saved") {
			t.Errorf("after saving: %q", got)
		}
		if row := b.text("table.data tbody tr"); !strings.Contains(row, "Eva Gran") || !strings.Contains(row, p.T("absence.kind_sick")) {
			t.Errorf("own row %q", row)
		}
		b.checkAccessibility("absence board with the counsellor's own absence")
		b.screenshot("absence-board-own")

		l := leader.in(t)
		// DM3: the notice comes into the open page over Server-Sent Events.
		var got string
		for end := time.Now().Add(stepTimeout); time.Now().Before(end); time.Sleep(200 * time.Millisecond) {
			if got = l.text("#notices li"); strings.Contains(got, "Eva Gran") {
				break
			}
		}
		if !strings.Contains(got, "Eva Gran") || !strings.Contains(got, p.T("notice.new")) {
			t.Fatalf("the leader's open page did not get the notice: %q", got)
		}
		if live := l.text("#notices-live"); !strings.Contains(live, "Eva Gran") {
			t.Errorf("the live region says %q", live)
		}
		if status := l.text("#notices-status"); status != p.T("notice.live") {
			t.Errorf("live status %q", status)
		}
		l.checkAccessibility("notice page with a live notice")
		l.do("use a phone's screen", chromedp.EmulateViewport(mobileWidth, mobileHeight, chromedp.EmulateMobile))
		if w := eval[int](l, `document.documentElement.scrollWidth`); w > mobileWidth {
			t.Errorf("the notice page is %dpx wide on a %dpx screen", w, mobileWidth)
		}
		l.screenshot("notices-mobile")
		l.do("back to the desktop", chromedp.EmulateViewport(desktopWidth, desktopHeight))
		// Without JavaScript, a reload shows the same.
		l.open("/m")
		if got := l.text("#notices li"); !strings.Contains(got, "Eva Gran") {
			t.Errorf("after reload: %q", got)
		}
	})

	t.Run("FD4.2 FD4.4 the leader's list of whom to tell", func(t *testing.T) {
		b := leader.in(t)
		b.open("/absences")
		b.checkAccessibility("absence board, the leader")
		b.screenshot("absence-board")
		b.load("open the list", http.StatusOK, chromedp.Click(chromedp.CSS(`a[href*="/absences/"]`)))
		if h := b.text("h1"); h != p.T("absence.impact_title") {
			t.Fatalf("list heading %q", h)
		}
		kv := b.kv()
		if kv[p.T("absence.agency")] != "NAV Torgvik" || kv[p.T("absence.place")] != "Hjemmebesøk, Storgata 1" ||
			kv[p.T("absence.citizen")] == "" {
			t.Errorf("the meeting's people: %v", kv)
		}
		b.checkAccessibility("whom to tell")
		b.screenshot("absence-inform")
		b.submit(`form[action$="/informed"] button[type=submit]`, http.StatusOK)
		if got := b.text(".alert-success"); got != p.T("absence.informed_saved") {
			t.Errorf("after marking: %q", got)
		}
		b.checkAccessibility("whom to tell, told")
	})

	t.Run("FD4.1 all counsellors away: the front desk sees it on every page", func(t *testing.T) {
		b := leader.in(t)
		for _, who := range []struct{ initials, kind string }{{"KH", "course"}, {"AG", "vacation"}} {
			b.open("/absences")
			b.do("fill in "+who.initials+"'s absence",
				chromedp.SetValue(chromedp.CSS(`select[name="absence_employee"]`), eval[string](b,
					`[...document.querySelectorAll('select[name="absence_employee"] option')].find(o => o.text.startsWith(`+
						jsString(who.initials)+`))?.value ?? ""`)),
				chromedp.SetValue(chromedp.CSS(`select[name="absence_kind"]`), who.kind),
				chromedp.SetValue(chromedp.CSS(`input[name="absence_from"]`), day(today)),
				chromedp.SetValue(chromedp.CSS(`input[name="absence_to"]`), day(today)),
			)
			b.submit(`form[action$="/absences"] button[type=submit]`, http.StatusOK)
			if got := b.text(".alert-success"); got != p.T("absence.saved") {
				t.Fatalf("%s: %q %q", who.initials, got, b.text(".error-summary"))
			}
		}
		if b.text("#absence-alert-heading") != "" {
			t.Error("the leader sees the front desk's banner")
		}
		desk := newTab(t)
		desk.login("skranke")
		desk.chooseLanguage(string(i18n.NB))
		for _, path := range []string{"/desk", "/work", "/absences"} {
			desk.open(path)
			banner := desk.text(`section[aria-labelledby="absence-alert-heading"]`)
			if !strings.Contains(banner, p.T("absence.alert_heading")) || !strings.Contains(banner, "Gjeldsrådgivning") {
				t.Errorf("%s: banner %q", path, banner)
			}
			desk.checkAccessibility("front desk with the absence banner: " + path)
		}
		desk.open("/desk")
		desk.screenshot("absence-banner")
		desk.open("/absences")
		if board := desk.text("main"); strings.Contains(board, p.T("absence.kind_sick")) || !strings.Contains(board, "Eva Gran") {
			t.Errorf("the desk's board shows why, or not who: %q", board)
		}
		desk.screenshot("absence-board-desk")
	})
}

// clearAbsences deletes every absence the leader's board lists, so that
// the tests after this one distribute their cases as usual.
func clearAbsences(b *tab) {
	for range 20 {
		b.open("/absences")
		if eval[int](b, `document.querySelectorAll('form[action$="/delete"]').length`) == 0 {
			return
		}
		b.submit(`form[action$="/delete"] button[type=submit]`, http.StatusOK)
	}
}
