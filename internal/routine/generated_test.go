package routine

import (
	"slices"
	"strings"
	"testing"
)

func TestGeneratedAttachments(t *testing.T) {
	step := func(template, attachments string) string {
		return lintBase + "  - id: L\n    kind: letter\n    on: {step_done: A}\n    template: " + template +
			"\n    attachments: [" + attachments + "]\n    to: applicant\n    title: {nb: L, da: L, sv: L, en: L}\n"
	}
	known := KnownTemplates([]string{"svar_paa_soknad"})
	t.Run("DC6.6 the debt schedule is a known attachment", func(t *testing.T) {
		if errs := Check("r.yaml", []byte(step("svar_paa_soknad", "debt_schedule")), known); len(errs) > 0 {
			t.Errorf("lint: %v", errs)
		}
		r := MustParse(t, step("svar_paa_soknad", "debt_schedule"))
		if slices.Contains(r.Templates(), "debt_schedule") {
			t.Errorf("Templates() = %v: a generated attachment is not a letter template", r.Templates())
		}
	})
	t.Run("a generated attachment is no letter template", func(t *testing.T) {
		errs := Check("r.yaml", []byte(step("debt_schedule", "svar_paa_soknad")), known)
		if len(errs) != 1 || !strings.Contains(errs[0].Msg, `no letter or SMS template "debt_schedule"`) {
			t.Errorf("lint: %v, want the template refused", errs)
		}
	})
	t.Run("unknown attachments are still refused", func(t *testing.T) {
		if errs := Check("r.yaml", []byte(step("svar_paa_soknad", "debt_skedule")), known); len(errs) != 1 {
			t.Errorf("lint: %v, want one error", errs)
		}
	})
}
