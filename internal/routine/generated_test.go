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

func TestCreditorLetterWaitsUntilSent(t *testing.T) {
	r := MustSeed(t, "debt_counselling")
	env := MustEnv(t)
	st := &State{}
	handle := func(ev Event) []Action {
		t.Helper()
		acts, err := r.Handle(st, ev, env)
		if err != nil {
			t.Fatal(err)
		}
		return acts
	}
	handle(Event{Kind: EventCaseCreated, At: at("2027-01-11 09:00")})
	acts := handle(Event{Kind: EventStepDone, Step: "DC6.1", Outcome: "help", Reason: "r", At: at("2027-01-12 12:00")})
	for _, a := range acts {
		if a.Kind == ActSetTimer && a.Step == "DC6.2-wait" {
			t.Fatal("DC6.2 the 2 months' wait starts before the requests have gone")
		}
	}
	if st.Steps["DC6.2"].Status != StepActive {
		t.Fatalf("DC6.2 is %s, want active until the letters have gone", st.Steps["DC6.2"].Status)
	}
	acts = handle(Event{Kind: EventLetterSent, Step: "DC6.2", Outcome: "foresporsel_gjeldsopplysninger", At: at("2027-01-20 10:00")})
	var due string
	for _, a := range acts {
		if a.Kind == ActSetTimer && a.Step == "DC6.2-wait" {
			due = a.Due.String()
		}
	}
	if due != "2027-03-22" {
		t.Errorf("DC6.2-wait due %q, want 2 months after the letters went: 2027-03-22", due)
	}
}
