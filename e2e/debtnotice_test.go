package e2e

import (
	"net/http"
	"regexp"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/torg-kommune/torg/internal/demo"
	"github.com/torg-kommune/torg/internal/i18n"
)

var noticePathRE = regexp.MustCompile(`^/debt-notices/\d+$`)

// TestDNInBrowser walks the not-current path without children in
// a browser: the financial-assistance officer registers a notice of rent
// debt for a Swedish person living alone (DN1), finds them not current
// (DN2), checks the population register (DN4), and sends the letter and closes the intake (DN5), which
// files one PDF bundle on the case. Every page is checked with axe-core.
func TestDNInBrowser(t *testing.T) {
	b := newTab(t)
	p := i18n.New(i18n.SV)
	var notice string
	steps := []struct {
		name string
		run  func(*tab)
	}{
		{"DN1 register a notice of rent debt", func(b *tab) {
			b.open("/login")
			b.chooseLanguage(string(i18n.SV))
			b.login("eb")
			b.open("/debt-notices/new")
			b.checkAccessibility("debt notice intake form")
			// The first sender and kind, landlord and rent, are chosen already.
			b.do("fill in the notice",
				chromedp.SendKeys(chromedp.ID("nin"), demo.SwedishNoChildrenNIN),
				chromedp.SendKeys(chromedp.ID("sender_name"), "Torgvik Bostäder AB"),
				chromedp.SendKeys(chromedp.ID("amount"), "10 724,50"),
				chromedp.SendKeys(chromedp.ID("received"), "2026-11-20"),
			)
			b.submit(`form[action="/debt-notices/new"] button[type=submit]`, http.StatusOK)
			if notice = b.path(); !noticePathRE.MatchString(notice) {
				b.t.Fatalf("after registering the page is %s (%s)", notice, b.text(".error-summary"))
			}
			if got, want := b.text("#notice-status"), p.T("dn.status.open"); got != want {
				b.t.Errorf("status %q, want %q", got, want)
			}
			b.checkAccessibility("debt notice page")
		}},
		{"DN2 the person is not current", func(b *tab) {
			b.submit(`form[action="`+notice+`/current"] button[type=submit]`, http.StatusOK)
			if got, want := b.text("#current + p"), p.T("dn.current_no"); got != want {
				b.t.Errorf("current %q, want %q", got, want)
			}
		}},
		{"DN4 the register finds no children", func(b *tab) {
			b.submit(`form[action="`+notice+`/check"] button[type=submit]`, http.StatusOK)
			if got, want := b.text("#household + p"), p.T("dn.household_no_children"); got != want {
				b.t.Errorf("household %q, want %q", got, want)
			}
			b.checkAccessibility("debt notice after the register check")
		}},
		{"DN5 letter, intake record and the bundle filed, the case closed", func(b *tab) {
			b.submit(`form[action="`+notice+`/close"] button[type=submit]`, http.StatusOK)
			if got := b.text("#bundle"); got == "" {
				b.t.Fatalf("no PDF bundle filed (%s)", b.text("main"))
			}
			if got, want := b.text("#notice-status"), p.T("dn.status.intake_closed"); got != want {
				b.t.Errorf("status %q, want %q", got, want)
			}
			b.checkAccessibility("debt notice closed")
		}},
	}
	for _, s := range steps {
		if !t.Run(s.name, func(t *testing.T) { s.run(b.in(t)) }) {
			t.FailNow()
		}
	}
}
