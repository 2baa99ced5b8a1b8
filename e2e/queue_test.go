package e2e

import (
	"context"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/torg-kommune/torg/internal/demo"
	"github.com/torg-kommune/torg/internal/i18n"
)

// TestQueueInBrowser is the acceptance walk of the queue (issue 6) in the
// demo municipality: a citizen draws a ticket at the kiosk; the waiting
// room's display, open all along, shows it when a counter employee calls
// it, without a reload; the employee marks it done; the leader's
// statistics show the waiting time the ticket had. The counter employee
// then ticks her hours on the guide roster (CG13). Every page is checked
// with axe-core.
func TestQueueInBrowser(t *testing.T) {
	p := i18n.New(i18n.DA) // Danish first: the guide and the queue come from Danish practice
	kioskPath := "/kiosk/" + demo.MunicipalityCode

	// CG3: the citizen draws a ticket; nobody logs in at the kiosk.
	kiosk := newTab(t)
	kiosk.open(kioskPath)
	kiosk.chooseLanguage(string(i18n.DA))
	kiosk.checkAccessibility("kiosk")
	if h := kiosk.text("h1"); h != p.T("queue.kiosk_heading") {
		t.Errorf("kiosk heading %q", h)
	}
	// The kiosk's buttons are errands, or the queue services where no errand
	// leads to a counter.
	choice := eval[[]string](kiosk, `(b => b ? [b.name, b.value, b.innerText.trim()] : [])(document.querySelector('button.kiosk-button[type=submit]'))`)
	if len(choice) != 3 {
		t.Fatal("the kiosk offers nothing to choose")
	}
	kiosk.screenshot("queue-kiosk")
	drawStart := time.Now()
	kiosk.submit(`button.kiosk-button[name=`+jsString(choice[0])+`][value=`+jsString(choice[1])+`]`, http.StatusOK)
	number := kiosk.text(`[data-testid="ticket-number"]`)
	if number == "" || !strings.Contains(kiosk.path(), "/ticket/") {
		t.Fatalf("no ticket number on %s: %q", kiosk.path(), kiosk.text("main"))
	}
	drawEnd := time.Now()
	ticketPath := kiosk.path()
	kiosk.checkAccessibility("kiosk ticket")
	kiosk.screenshot("queue-kiosk-ticket")
	if got := kiosk.text(".kiosk-ticket"); !strings.Contains(got, p.T("queue.ticket_wait")) {
		t.Errorf("the ticket does not say to wait: %q", got)
	}

	// The waiting room's display is open before the call; it shows no
	// personal data, only numbers and counters.
	display := newTab(t)
	display.open("/display/" + demo.MunicipalityCode)
	display.chooseLanguage(string(i18n.DA))
	display.checkAccessibility("display")
	if h := display.text("h1"); !strings.HasPrefix(h, p.T("display.title")) {
		t.Errorf("display heading %q", h)
	}
	if got := display.text("#display-calls"); strings.Contains(got, number) {
		t.Errorf("the display shows %s before it is called: %q", number, got)
	}

	// A counter employee calls until the ticket comes up: other tickets
	// drawn before it are called and done first. The ticket waits a few
	// seconds, so that the statistics have a waiting time to show.
	desk := newTab(t)
	desk.login("skranke")
	desk.chooseLanguage(string(i18n.DA))
	time.Sleep(time.Until(drawEnd.Add(minWait)))
	call := callUntil(t, desk, number)
	counterName := call.counter
	desk.checkAccessibility("counter with the ticket called")
	desk.screenshot("queue-counter")

	t.Run("CG3 the display shows the call without a reload and announces it", func(t *testing.T) {
		b := display.in(t)
		var row string
		for end := time.Now().Add(stepTimeout); time.Now().Before(end); time.Sleep(200 * time.Millisecond) {
			if row = b.text("#display-calls tr"); strings.Contains(row, number) {
				break
			}
		}
		if !strings.Contains(row, number) || !strings.Contains(row, counterName) {
			t.Fatalf("the open display did not get the call of %s at %s: %q", number, counterName, row)
		}
		if live := b.text("#display-live"); !strings.Contains(live, number) || !strings.Contains(live, counterName) {
			t.Errorf("the live region says %q", live)
		}
		b.checkAccessibility("display with a call")
		b.screenshot("queue-display")
		// Without JavaScript, the page reloads itself and shows the same.
		b.open("/display/" + demo.MunicipalityCode)
		if got := b.text("#display-calls"); !strings.Contains(got, number) {
			t.Errorf("after reload: %q", got)
		}
	})

	t.Run("CG3 the kiosk ticket says where to go once called", func(t *testing.T) {
		b := kiosk.in(t)
		b.open(ticketPath)
		if got := b.text(".kiosk-ticket"); !strings.Contains(got, counterName) {
			t.Errorf("the called ticket does not name %q: %q", counterName, got)
		}
	})

	t.Run("CG3 the counter marks the ticket done", func(t *testing.T) {
		b := desk.in(t)
		b.submit(`button[name="action"][value="done"]`, http.StatusOK)
		if got := b.text(".alert-success"); got != p.T("queue.done_saved") {
			t.Errorf("after done: %q", got)
		}
		if got := b.text(`[data-testid="current-number"]`); got != "" {
			t.Errorf("the counter still serves %q", got)
		}
		b.checkAccessibility("counter after done")
	})

	t.Run("CG3 the statistics show the waiting time the ticket had", func(t *testing.T) {
		lo, hi := call.start.Sub(drawEnd), call.end.Sub(drawStart)
		leader := newTab(t)
		leader.login("leder")
		leader.chooseLanguage(string(i18n.DA))
		leader.open("/queue/stats")
		leader.checkAccessibility("queue statistics")
		if h := leader.text("h1"); h != p.T("stats.title") {
			t.Errorf("statistics heading %q", h)
		}
		rows := eval[[][]string](leader, `[...document.querySelectorAll('section[aria-labelledby="errand-heading"] table.data tbody tr')]
			.map(tr => [...tr.querySelectorAll("th, td")].map(c => c.innerText.trim()))`)
		var mine []string
		for _, r := range rows {
			if len(r) >= 4 && r[0] != "" && strings.HasSuffix(choice[2], r[0]) {
				mine = r
			}
		}
		if mine == nil {
			t.Fatalf("no row for %q in %v", choice[2], rows)
		}
		want := waitTexts(p, lo, hi)
		if mine[1] != "1" || !want[mine[2]] || mine[3] != mine[2] {
			t.Errorf("row %v: want 1 ticket waiting one of %v (between %v and %v)", mine, keys(want), lo, hi)
		}
		leader.screenshot("queue-stats")
	})

	t.Run("CG13 the guide roster", func(t *testing.T) {
		b := desk.in(t)
		b.open("/roster")
		b.checkAccessibility("guide roster")
		if h := b.text("h1"); h != p.T("roster.title") {
			t.Errorf("roster heading %q", h)
		}
		// Frida's own row is the one she may change: she ticks every hour.
		form := eval[string](b, `document.querySelector('form[id^="roster-"]')?.id ?? ""`)
		if form == "" {
			t.Fatal("the roster has no row Frida may change")
		}
		if n := eval[int](b, `[...document.querySelectorAll('input[name="roster_hours"][form=`+jsString(form)+`]')].map(i => i.checked = true).length`); n == 0 {
			t.Fatal("the roster has no hours to tick")
		}
		b.submit(`form[id^="roster-"] button[type=submit]`, http.StatusOK)
		if got := b.text(".alert-success"); got != p.T("roster.saved") {
			t.Errorf("after saving the roster: %q", got)
		}
		b.checkAccessibility("guide roster saved")
		b.screenshot("guide-roster")
	})
}

// minWait is how long the test's ticket waits at least before it is
// called: long enough to show in the statistics, which count tenths of a
// minute.
const minWait = 8 * time.Second

// counterCall is the call that brought up the test's ticket: where, and
// the times between which the server made it.
type counterCall struct {
	counter    string
	start, end time.Time
}

// callUntil opens the counters in turn and calls the next ticket until
// number is called, marking the others done.
func callUntil(t *testing.T, b *tab, number string) counterCall {
	t.Helper()
	b.open("/counters")
	b.checkAccessibility("counters")
	counters := eval[[]string](b, `[...document.querySelectorAll('main a[href^="/counters/"]')].map(a => a.getAttribute("href"))`)
	if len(counters) == 0 {
		t.Fatal("no counters to work at")
	}
	for _, c := range counters {
		b.open(c)
		if eval[bool](b, `!!document.querySelector('button[name="action"][value="open"]')`) {
			b.submit(`button[name="action"][value="open"]`, http.StatusOK)
		}
		b.checkAccessibility("counter")
		for range 100 {
			start := time.Now()
			status := click(t, b, `button[name="action"][value="call"]`)
			end := time.Now()
			if status != http.StatusOK {
				break // the queue this counter serves is empty
			}
			if got := b.text(`[data-testid="current-number"]`); got == number {
				return counterCall{counter: b.text("h1"), start: start, end: end}
			}
		}
	}
	t.Fatalf("no counter called %s", number)
	return counterCall{}
}

// waitTexts lists how the statistics may print a waiting time between lo
// and hi: in minutes with one decimal, a comma in Danish.
func waitTexts(p *i18n.Printer, lo, hi time.Duration) map[string]bool {
	out := map[string]bool{}
	for d := lo - time.Second; d <= hi+time.Second; d += 100 * time.Millisecond {
		n := strings.Replace(strconv.FormatFloat(math.Round(d.Minutes()*10)/10, 'f', 1, 64), ".", ",", 1)
		out[p.T("stats.minutes", "n", n)] = true
	}
	return out
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// click submits a form with a button and returns the status of the page
// that loads.
func click(t *testing.T, b *tab, button string) int64 {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	res, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(button)))
	if err != nil || res == nil {
		t.Fatalf("click %s: %v", button, err)
	}
	return res.Status
}
