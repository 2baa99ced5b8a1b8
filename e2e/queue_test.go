package e2e

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/torg-kommune/torg/internal/demo"
	"github.com/torg-kommune/torg/internal/i18n"
)

// TestQueueInBrowser is the acceptance walk of the queue (issue 6) in the
// demo municipality: a citizen draws a ticket at the kiosk; a counter
// employee opens a counter and calls until the ticket comes up, and marks
// it done. Every page is checked with axe-core.
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
	kiosk.submit(`button.kiosk-button[name=`+jsString(choice[0])+`][value=`+jsString(choice[1])+`]`, http.StatusOK)
	number := kiosk.text(`[data-testid="ticket-number"]`)
	if number == "" || !strings.Contains(kiosk.path(), "/ticket/") {
		t.Fatalf("no ticket number on %s: %q", kiosk.path(), kiosk.text("main"))
	}
	ticketPath := kiosk.path()
	kiosk.checkAccessibility("kiosk ticket")
	kiosk.screenshot("queue-kiosk-ticket")
	if got := kiosk.text(".kiosk-ticket"); !strings.Contains(got, p.T("queue.ticket_wait")) {
		t.Errorf("the ticket does not say to wait: %q", got)
	}

	// A counter employee calls until the ticket comes up: other tickets
	// drawn before it are called and done first.
	desk := newTab(t)
	desk.login("skranke")
	desk.chooseLanguage(string(i18n.DA))
	counterName := callUntil(t, desk, number)
	desk.checkAccessibility("counter with the ticket called")
	desk.screenshot("queue-counter")

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

// callUntil opens the counters in turn and calls the next ticket until
// number is called, marking the others done; it returns the counter's name.
func callUntil(t *testing.T, b *tab, number string) string {
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
			status := click(t, b, `button[name="action"][value="call"]`)
			if status != http.StatusOK {
				break // the queue this counter serves is empty
			}
			if got := b.text(`[data-testid="current-number"]`); got == number {
				return b.text("h1")
			}
		}
	}
	t.Fatalf("no counter called %s", number)
	return ""
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
