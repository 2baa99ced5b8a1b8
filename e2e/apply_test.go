package e2e

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/torg-kommune/torg/internal/demo"
	"github.com/torg-kommune/torg/internal/i18n"
)

// TestApplyEveryLanguage opens the public application form (DC1.1) in each
// language without logging in, sends it with a wrong national ID and a
// date of birth it does not have, and checks that the errors are told in
// that language and that both pages are accessible.
func TestApplyEveryLanguage(t *testing.T) {
	b := newTab(t)
	for _, lang := range i18n.Supported {
		t.Run(string(lang), func(t *testing.T) {
			b := b.in(t)
			p := i18n.New(lang)
			b.open("/apply/" + demo.MunicipalityCode)
			b.chooseLanguage(string(lang))
			if h := b.text("h1"); h != p.T("apply.title") {
				t.Errorf("heading %q, want %q", h, p.T("apply.title"))
			}
			if body := b.text("body"); strings.Contains(body, "⟦") {
				t.Errorf("untranslated keys: %q", untranslated(body))
			}
			b.checkAccessibility("application form " + string(lang))
			b.do("fill in a wrong national ID",
				chromedp.SendKeys(chromedp.ID("nin"), "12838540057"),
				chromedp.SendKeys(chromedp.ID("given_name"), "Test"),
				chromedp.SendKeys(chromedp.ID("family_name"), "Søker"),
				chromedp.SendKeys(chromedp.ID("summary"), "Inkasso"),
			)
			b.submit(`form[action^="/apply/"] button[type=submit]`, http.StatusUnprocessableEntity)
			if got, want := b.text("#nin-error"), p.T("nin.control2"); got != want {
				t.Errorf("national ID error %q, want %q", got, want)
			}
			b.checkAccessibility("application form with a wrong national ID " + string(lang))
			b.do("type a valid national ID and another birth date",
				chromedp.SetValue(chromedp.ID("nin"), demo.DemoNIN),
				chromedp.SetValue(chromedp.ID("birth_date"), "01.01.1901"),
			)
			b.submit(`form[action^="/apply/"] button[type=submit]`, http.StatusUnprocessableEntity)
			if got, want := b.text("#birth_date-error"), p.T("apply.birth_date_mismatch"); got != want {
				t.Errorf("birth date error %q, want %q", got, want)
			}
			if got := b.texts(`#error-summary a[href="#birth_date"]`); len(got) != 1 {
				t.Errorf("error summary links %q, want one to the date of birth", got)
			}
		})
	}
}

// TestDistributionPage opens the debt unit's distribution page as the
// leader (DC1.4), records a counsellor's absence some weeks ahead, so
// that today's distribution stays as it is, checks the page and takes
// its screenshot, and deletes the absence again.
func TestDistributionPage(t *testing.T) {
	b := newTab(t)
	b.login("leder")
	b.open("/distribution")
	b.chooseLanguage(string(i18n.NB))
	if !strings.HasSuffix(b.path(), "/distribution") || !strings.HasPrefix(b.path(), "/units/") {
		t.Fatalf("/distribution led to %s", b.path())
	}
	b.checkAccessibility("distribution page")
	oslo, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		t.Fatal(err)
	}
	from := time.Now().In(oslo).AddDate(0, 0, 21)
	to := from.AddDate(0, 0, 4)
	b.do("fill in an absence",
		chromedp.SetValue(chromedp.ID("absence_employee"), eval[string](b,
			`[...document.querySelectorAll("#absence_employee option")].find(o => o.text.startsWith("AG"))?.value ?? ""`)),
		chromedp.SetValue(chromedp.ID("absence_from"), from.Format("2006-01-02")),
		chromedp.SetValue(chromedp.ID("absence_to"), to.Format("2006-01-02")),
		chromedp.SetValue(chromedp.ID("absence_note"), "Ferie"),
	)
	b.submit(`form[action$="/absences"] button[type=submit]`, http.StatusOK)
	p := i18n.New(i18n.NB)
	if got := b.text(".alert-success"); got != p.T("absence.saved") {
		t.Errorf("after saving: %q, want %q", got, p.T("absence.saved"))
	}
	row := b.text("#absences tbody tr")
	if !strings.Contains(row, "Anne Grønli") || !strings.Contains(row, from.Format("02.01.2006")+"–"+to.Format("02.01.2006")) {
		t.Errorf("absence row %q", row)
	}
	b.checkAccessibility("distribution page with an absence")
	b.screenshot("distribution")
	b.submit(`form[action*="/absences/"] button[type=submit]`, http.StatusOK)
	if got := b.text(".alert-success"); got != p.T("absence.deleted") {
		t.Errorf("after deleting: %q, want %q", got, p.T("absence.deleted"))
	}
}
