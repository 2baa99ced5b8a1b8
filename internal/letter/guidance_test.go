package letter_test

import (
	"strings"
	"testing"

	"github.com/torg-kommune/torg/internal/letter"
)

// TestDocumentationGuidance checks what the letters asking for
// documentation tell the citizen in every language: to fetch the papers
// themselves, at the front desk's public PC if they need one (DC3.3), and
// that nobody at the service will use their BankID or password (DC3.2).
func TestDocumentationGuidance(t *testing.T) {
	d := letter.Sample(letter.ToCitizen)
	for _, lang := range []string{"nb", "da", "sv", "en"} {
		for _, tmpl := range []string{"manglende_dokumentasjon", "vedlegg_svar_paa_soknad"} {
			t.Run("DC3.2 DC3.3 "+tmpl+" "+lang, func(t *testing.T) {
				_, body, err := letter.Compose(&letter.Letter{Template: tmpl, Lang: lang, Data: d})
				if err != nil {
					t.Fatal(err)
				}
				if !strings.Contains(body, d.Unit.FrontDesk) {
					t.Errorf("the letter does not point to the public PC at %s:\n%s", d.Unit.FrontDesk, body)
				}
				if strings.Count(body, "BankID") < 2 {
					t.Errorf("the letter does not say the citizen logs in with their own BankID, which the service never uses:\n%s", body)
				}
			})
		}
	}
}
