package e2e

import (
	"net/http"
	"strings"
	"testing"

	"github.com/torg-kommune/torg/internal/i18n"
)

// TestGuideInBrowser walks the citizen guide's page (CG1, CG5) in Danish:
// the errand and whether the citizen is digital, then the checklist and
// the conclusion; a child's passport without the absent parent's consent
// is refused with the message, and with it the ticket shows with the
// child's height. Every page is checked with axe-core.
func TestGuideInBrowser(t *testing.T) {
	p := i18n.New(i18n.DA)
	b := newTab(t)
	b.login("skranke")
	b.open("/guide")
	b.chooseLanguage(string(i18n.DA))
	b.checkAccessibility("guide")
	if h := b.text("h1"); h != p.T("guide.title") {
		t.Fatalf("guide heading %q", h)
	}
	// CG1 clarification: the errand and whether the citizen is digital.
	eval[bool](b, `(document.querySelector('input[name=errand][value=passport_child]').checked = true,
		document.querySelector('input[name=digital][value=no]').checked = true)`)
	b.submit(`form[action="/guide"][method=get] button[type=submit]`, http.StatusOK)
	b.checkAccessibility("guide, a child's passport")
	if got := b.text("#guide-conclude"); got != p.T("guide.phase.conclude") {
		t.Errorf("conclusion heading %q", got)
	}
	// CG5: joint custody, the absent parent's consent missing.
	eval[bool](b, `(document.querySelector('input[name=outcome][value=counter]').checked = true,
		document.querySelector('input[name=both_present][value=no]').checked = true,
		document.querySelector('input[name=joint][value=yes]').checked = true,
		document.querySelector('input[name=consent][value=no]').checked = true,
		document.getElementById('height').value = '112', true)`)
	b.submit(`form[action="/guide"][method=post] button[type=submit]`, http.StatusUnprocessableEntity)
	b.checkAccessibility("guide, consent missing")
	if got := b.text(".error-summary"); !strings.Contains(got, p.T("guide.passport_child.consent_missing")) {
		t.Errorf("no consent message: %q", got)
	}
	eval[bool](b, `(document.querySelector('input[name=consent][value=yes]').checked = true)`)
	b.submit(`form[action="/guide"][method=post] button[type=submit]`, http.StatusOK)
	b.checkAccessibility("guide, ticket handed out")
	if got := b.text("#guide-ticket-heading"); !strings.HasPrefix(got, "Kønummer A") {
		t.Errorf("no ticket shown: %q", got)
	}
	if got := b.text("main"); !strings.Contains(got, "112 cm") {
		t.Error("the child's height is not on the ticket")
	}
	b.screenshot("guide-ticket")
}
