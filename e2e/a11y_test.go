package e2e

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/torg-kommune/torg/internal/demo"
	"github.com/torg-kommune/torg/internal/i18n"
)

// TestDeskValidationError submits a national ID with a wrong control digit
// and checks that the error is told in the field and in the summary, and
// that the page with the error is accessible.
func TestDeskValidationError(t *testing.T) {
	b := newTab(t)
	b.open("/login")
	b.chooseLanguage(string(i18n.NB))
	b.login("skranke")
	b.do("enter a wrong national ID", chromedp.SendKeys(chromedp.ID("nin"), "12838540057"))
	b.submit(`form:has(input[name=action][value=nin]) button[type=submit]`, http.StatusUnprocessableEntity)
	msg := b.text("#nin-error")
	if msg == "" {
		t.Fatal("no error at the national ID field")
	}
	if got := b.texts(`#error-summary a[href="#nin"]`); len(got) != 1 || got[0] != msg {
		t.Errorf("error summary links %q, want one link to the field saying %q", got, msg)
	}
	invalid := eval[string](b, `document.getElementById("nin").getAttribute("aria-invalid") ?? ""`)
	described := eval[string](b, `document.getElementById("nin").getAttribute("aria-describedby") ?? ""`)
	if invalid != "true" || !strings.Contains(described, "nin-error") {
		t.Errorf("national ID field: aria-invalid=%q aria-describedby=%q, want true and nin-error", invalid, described)
	}
	if v := eval[string](b, `document.getElementById("nin").value`); v != "12838540057" {
		t.Errorf("the field lost what was typed: %q", v)
	}
	b.checkAccessibility("desk with a validation error")
}

// TestEveryLanguage switches the language with the header form and checks
// the desk, the person page and the drop-off form in each: the page says
// which language it is in, shows no untranslated key and is accessible.
func TestEveryLanguage(t *testing.T) {
	b := newTab(t)
	b.login("skranke")
	b.do("enter the national ID", chromedp.SendKeys(chromedp.ID("nin"), demo.DemoNIN))
	b.submit(`form:has(input[name=action][value=nin]) button[type=submit]`, http.StatusOK)
	person := b.path()
	dropOff := eval[string](b, `document.querySelector('a[href*="/drop-off?case="]')?.getAttribute("href") ?? ""`)
	if dropOff == "" {
		t.Fatal("person page offers no drop-off")
	}
	for _, lang := range i18n.Supported {
		t.Run(string(lang), func(t *testing.T) {
			b := b.in(t)
			p := i18n.New(lang)
			b.open("/desk")
			b.chooseLanguage(string(lang))
			if h := b.text("h1"); h != p.T("desk.title") {
				t.Errorf("desk heading %q, want %q", h, p.T("desk.title"))
			}
			for _, path := range []string{"/desk", person, dropOff} {
				b.open(path)
				if body := b.text("body"); strings.Contains(body, "⟦") {
					t.Errorf("%s shows untranslated keys: %q", path, untranslated(body))
				}
				b.checkAccessibility(string(lang) + " " + path)
			}
		})
	}
}

// untranslated returns the ⟦keys⟧ in s.
func untranslated(s string) []string {
	var keys []string
	for {
		_, rest, ok := strings.Cut(s, "⟦")
		if !ok {
			return keys
		}
		key, after, _ := strings.Cut(rest, "⟧")
		keys, s = append(keys, key), after
	}
}

// TestSkipLinkReachesMain checks that a keyboard user's first Tab on the
// desk lands on the skip link, which is then visible, and that following
// it puts the focus on the main content, so that the next Tab goes to the
// first field there rather than through the header.
func TestSkipLinkReachesMain(t *testing.T) {
	b := newTab(t)
	b.login("skranke")
	b.open("/desk")
	b.do("press Tab", chromedp.KeyEvent(kb.Tab), settle)
	type focus struct {
		Class, Href, ID string
		Visible, InMain bool
	}
	const focused = `(() => { const e = document.activeElement, r = e.getBoundingClientRect();
		return {Class: e.className, Href: e.getAttribute("href") ?? "", ID: e.id,
			Visible: r.width > 1 && r.height > 1 && r.bottom > 0 && r.right > 0 && r.top < innerHeight,
			InMain: !!e.closest("#main") && e.id !== "main"}; })()`
	if f := eval[focus](b, focused); f.Class != "skip-link" || f.Href != "#main" || !f.Visible {
		t.Fatalf("after one Tab the focus is on %+v, want the visible skip link to #main", f)
	}
	b.do("follow the skip link", chromedp.KeyEvent(kb.Enter), settle)
	if f := eval[focus](b, focused); f.ID != "main" {
		t.Fatalf("after following the skip link the focus is on %+v, want #main", f)
	}
	b.do("press Tab", chromedp.KeyEvent(kb.Tab))
	if f := eval[focus](b, focused); !f.InMain {
		t.Errorf("the Tab after the skip link goes to %+v, want a field in the main content", f)
	}
}

// settle waits for the page's transitions to end, such as the skip link's
// slide into view.
var settle = chromedp.Evaluate[chromedp.Void](`Promise.all(document.getAnimations().map(a => a.finished))`,
	chromedp.EvalAwaitPromise)

// TestDeskOnMobile checks the desk at a phone's width: nothing is wider
// than the screen (WCAG 1.4.10 Reflow) and the page is accessible.
func TestDeskOnMobile(t *testing.T) {
	b := newTab(t)
	b.do("use a phone's screen", chromedp.EmulateViewport(mobileWidth, mobileHeight, chromedp.EmulateMobile))
	b.open("/login")
	b.chooseLanguage(string(i18n.NB))
	b.login("skranke")
	if p := b.path(); p != "/desk" {
		t.Fatalf("front desk lands on %s, want /desk", p)
	}
	if w := eval[int](b, `document.documentElement.scrollWidth`); w > mobileWidth {
		wide := eval[[]string](b, `[...document.querySelectorAll("body *")]
			.filter(e => e.getBoundingClientRect().right > innerWidth + 1)
			.slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className ? "." + e.className : ""))`)
		t.Errorf("desk is %dpx wide on a %dpx screen; too wide: %q", w, mobileWidth, wide)
	}
	b.checkAccessibility("desk on mobile")
	b.screenshot("desk-mobile")
}

// TestRoutinePages opens the routine list and the debt counselling
// routine in every language: every step is shown with its ID, and the
// pages are accessible.
func TestRoutinePages(t *testing.T) {
	b := newTab(t)
	b.login("eg")
	for _, lang := range i18n.Supported {
		t.Run(string(lang), func(t *testing.T) {
			b := b.in(t)
			b.open("/routines")
			b.chooseLanguage(string(lang))
			b.checkAccessibility("routine list " + string(lang))
			b.open("/routines/debt_counselling")
			if ids := b.texts(`li[id^="step-"] h2 code`); len(ids) < 20 || ids[0] == "" {
				t.Errorf("routine page shows %d step IDs", len(ids))
			}
			b.checkAccessibility("debt counselling routine " + string(lang))
			if lang == i18n.NB {
				b.screenshot("routine")
			}
		})
	}
}

// TestOutboxPage opens the outgoing-messages page as the leader: the print
// batches, failed messages and the SMS and e-mail log are accessible.
func TestOutboxPage(t *testing.T) {
	b := newTab(t)
	b.login("leder")
	b.open("/outbox")
	b.checkAccessibility("outbox")
}

// TestApplicationForm opens the public application form (DC1.1) without
// logging in, and after a wrong national ID: both are accessible.
func TestApplicationForm(t *testing.T) {
	b := newTab(t)
	b.open("/apply/" + demo.MunicipalityCode)
	b.checkAccessibility("application form")
	b.do("enter a wrong national ID", chromedp.SendKeys(chromedp.ID("nin"), "12838540057"))
	b.submit(`form[action^="/apply/"] button[type=submit]`, http.StatusUnprocessableEntity)
	b.checkAccessibility("application form with an error")
}

// TestCaseworkPages opens the pages a counsellor and a leader use beside
// the front-desk routine: the case list, booking a meeting and paper
// applications. Each must be accessible.
func TestCaseworkPages(t *testing.T) {
	b := newTab(t)
	b.login("leder")
	b.open("/cases")
	b.checkAccessibility("case list")
	b.screenshot("caselist")
	caseLink := eval[string](b, `document.querySelector('table.data a[href^="/cases/"]')?.getAttribute("href") ?? ""`)
	if caseLink == "" {
		t.Fatal("the case list shows no case")
	}
	b.open(caseLink)
	b.checkAccessibility("case page with the documentation checklist")
	// DC4.9: a document marked not relevant without a reason comes back
	// with the error at its row; nothing is saved.
	eval[bool](b, `(document.querySelector('input[name="state-0"][value="not_relevant"]').checked = true,
		document.getElementById("reason-0").value = "", true)`)
	b.submit(`form[action$="/checklist"]:not(#checklist-decision) button[type=submit]`, http.StatusUnprocessableEntity)
	if b.text("#reason-0-error") == "" {
		t.Error("DC4.9: no error at the checklist row without a reason")
	}
	b.checkAccessibility("case page with a checklist error")
	b.open(caseLink + "/appointments/new")
	b.checkAccessibility("book a meeting")
	b.screenshot("appointment")
	b.open("/applications/new")
	b.checkAccessibility("paper application")
	b.screenshot("paper")
}
