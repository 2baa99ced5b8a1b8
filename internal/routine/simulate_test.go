package routine

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

func TestParseScenario(t *testing.T) {
	src := `start: 2026-12-21T09:00
until: 2027-01-31
events:
  - {at: 2026-12-21T10:00, kind: step_done, step: DC2.1, outcome: unresolved_matters, by: eg}
  - {at: "2026-12-22 10:00", kind: contact_logged, outcome: not_answered}
  - at: 2026-12-23T14:00:00+01:00
    kind: contact_logged
    outcome: not_answered
`
	sc, err := ParseScenario([]byte(src), oslo)
	if err != nil {
		t.Fatal(err)
	}
	if !sc.Start.Equal(at("2026-12-21 09:00")) || !sc.Until.Equal(at("2027-01-31 00:00")) || len(sc.Events) != 3 {
		t.Fatalf("scenario %+v", sc)
	}
	if ev := sc.Events[2]; !ev.At.Equal(at("2026-12-23 14:00")) || ev.Outcome != OutcomeNotAnswered {
		t.Errorf("third event %+v", ev)
	}
	tl := MustSimulate(t, MustSeed(t, "debt_counselling"), sc, MustEnv(t, "2026-12-24"))
	if got := day(only(t, tl, ActSendLetter, "DC2.6-letter").At); got != "2026-12-29" {
		t.Errorf("letter on %s", got)
	}
}

func TestParseScenarioErrors(t *testing.T) {
	tests := map[string]string{
		"start: soon\n":                                   `start "soon" is no time`,
		"until: 2027-01-01\n":                             "start is missing",
		"start: 2026-12-21\nevnts: []\n":                  "field evnts not found",
		"start: 2026-12-21\nevents: [{at: 2026-12-22}]\n": "event 1: kind is missing",
	}
	for src, want := range tests {
		if _, err := ParseScenario([]byte(src), oslo); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseScenario(%q) error %v, want …%s…", src, err, want)
		}
	}
}

func TestSimulateRejectsEventsBeforeStart(t *testing.T) {
	sc := Scenario{Start: at("2026-12-21 09:00"), Events: []Event{{Kind: EventDocumentReceived, At: at("2026-12-20 09:00")}}}
	if _, err := Simulate(MustSeed(t, "debt_counselling"), sc, MustEnv(t)); err == nil {
		t.Error("no error for an event before the start")
	}
}

func TestTimelineOutput(t *testing.T) {
	sc := Scenario{Start: at("2026-12-21 09:00"), Until: at("2027-01-01 00:00"), Events: dcEvents()}
	tl := MustSimulate(t, MustSeed(t, "debt_counselling"), sc, MustEnv(t))
	var jl bytes.Buffer
	if err := tl.WriteJSONL(&jl); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(jl.String()), "\n")
	if len(lines) != len(tl) {
		t.Fatalf("%d JSON lines for %d moments", len(lines), len(tl))
	}
	var m Moment
	if err := json.Unmarshal([]byte(lines[0]), &m); err != nil || m.Event == nil || m.Event.Kind != EventCaseCreated {
		t.Errorf("first line %s: %+v %v", lines[0], m, err)
	}
	var tb bytes.Buffer
	if err := tl.WriteTable(&tb, oslo); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(tb.String(), "Mon 2026-12-28 08:00    → send_letter") {
		t.Errorf("table lacks the DC2.6 letter:\n%s", tb.String())
	}
}

func TestDescribe(t *testing.T) {
	r := MustSeed(t, "debt_counselling")
	for lang, want := range map[string][]string{
		"nb": {"Gjeldsrådgivning – saksbehandling", fmt.Sprintf("versjon %d", r.Version), "DC2.6", "Vent: Ikke svar – vent minst 2 virkedager", "venter: 2 virkedager"},
		"sv": {"Skuldrådgivning – ärendehandläggning", "Vänta: Inget svar – vänta minst 2 arbetsdagar"},
		"en": {"Debt counselling – case handling", "Wait: No answer – wait at least 2 working days", "stops on: contact_logged: answered"},
		"da": {"Gældsrådgivning – sagsbehandling", "3–4 uger"},
	} {
		var b bytes.Buffer
		if err := r.Describe(&b, lang); err != nil {
			t.Fatal(err)
		}
		for _, w := range want {
			if !strings.Contains(b.String(), w) {
				t.Errorf("Describe(%s) lacks %q", lang, w)
			}
		}
	}
}
