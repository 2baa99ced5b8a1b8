package routine

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/torg-kommune/torg/internal/calendar"
)

// run hands events to a routine one by one, as the case store would.
type run struct {
	tb  testing.TB
	r   *Routine
	st  *State
	env Env
}

// newRun starts r on a case created at start.
func newRun(tb testing.TB, r *Routine, env Env, start time.Time) (*run, []Action) {
	tb.Helper()
	ru := &run{tb: tb, r: r, st: &State{Run: "case/7/dc"}, env: env}
	acts, err := r.Start(ru.st, start, env)
	if err != nil {
		tb.Fatal(err)
	}
	return ru, acts
}

// do handles ev or fails.
func (ru *run) do(ev Event) []Action {
	ru.tb.Helper()
	acts, err := ru.r.Handle(ru.st, ev, ru.env)
	if err != nil {
		ru.tb.Fatal(err)
	}
	return acts
}

// timer returns the pending timer of step with role.
func (ru *run) timer(step, role string) Timer {
	ru.tb.Helper()
	for _, t := range ru.st.Timers {
		if t.Step == step && t.Role == role {
			return t
		}
	}
	ru.tb.Fatalf("no %s timer of %s in %+v", role, step, ru.st.Timers)
	return Timer{}
}

// fire delivers the timer as the scheduler would.
func (ru *run) fire(t Timer) []Action {
	ru.tb.Helper()
	return ru.do(Event{Kind: EventTimer, Key: t.Key, At: t.At})
}

// kinds lists "kind step" of each action.
func kinds(acts []Action) []string {
	out := make([]string, len(acts))
	for i, a := range acts {
		out[i] = a.Kind + " " + a.Step
	}
	return out
}

// toDC26 brings a debt counselling run to the DC2.6 wait.
func toDC26(tb testing.TB, env Env) *run {
	ru, _ := newRun(tb, MustSeed(tb, "debt_counselling"), env, at("2026-12-21 09:00"))
	for _, ev := range dcEvents() {
		ru.do(ev)
	}
	return ru
}

func TestTimerKeysAreDeterministic(t *testing.T) {
	ru := toDC26(t, MustEnv(t, "2026-12-24"))
	tm := ru.timer("DC2.6", TimerAct)
	if tm.Key != "case/7/dc/DC2.6/1/act" || !tm.At.Equal(at("2026-12-29 08:00")) {
		t.Errorf("timer %+v", tm)
	}
}

func TestTimerDeliveredTwiceActsOnce(t *testing.T) {
	ru := toDC26(t, MustEnv(t, "2026-12-24"))
	tm := ru.timer("DC2.6", TimerAct)
	first := ru.fire(tm)
	if !slices.Contains(kinds(first), "send_letter DC2.6-letter") {
		t.Fatalf("first delivery: %v", kinds(first))
	}
	before, _ := json.Marshal(ru.st)
	if again := ru.fire(tm); len(again) != 0 {
		t.Errorf("second delivery of %s: %v, want no actions", tm.Key, kinds(again))
	}
	if after, _ := json.Marshal(ru.st); string(after) != string(before) {
		t.Errorf("second delivery changed the state")
	}
}

func TestContactCancelsPendingTimers(t *testing.T) {
	ru := toDC26(t, MustEnv(t))
	acts := ru.do(Event{Kind: EventContactLogged, Outcome: OutcomeAnswered, At: at("2026-12-24 09:00")})
	want := []string{"cancel_timer DC2.6", "ask_decision DC2.3"}
	if diff := cmp.Diff(want, kinds(acts)); diff != "" {
		t.Errorf("actions (-want +got):\n%s", diff)
	}
	if len(ru.st.Timers) != 0 || ru.st.Steps["DC2.6"].Outcome != EventContactLogged {
		t.Errorf("state after contact: timers %v, DC2.6 %+v", ru.st.Timers, ru.st.Steps["DC2.6"])
	}
}

func TestStepDoneByHandAheadOfTheRoutine(t *testing.T) {
	ru := toDC26(t, MustEnv(t))
	acts := ru.do(Event{Kind: EventStepDone, Step: "DC2.6-letter", At: at("2026-12-24 09:00"), By: "eg",
		Reason: "sent the letter with a deadline myself"})
	got := kinds(acts)
	if !slices.Contains(got, "cancel_timer DC2.6") || slices.Contains(got, "send_letter DC2.6-letter") {
		t.Errorf("actions %v: want DC2.6's timer cancelled and no letter sent by the routine", got)
	}
	if !slices.Contains(got, "set_timer DC9.1") {
		t.Errorf("actions %v: the routine should go on from the letter (DC9.1)", got)
	}
	var superseded, done bool
	for _, e := range ru.st.History {
		superseded = superseded || (e.What == "superseded" && e.Step == "DC2.6" && e.By == "eg")
		done = done || (e.What == "done" && e.Step == "DC2.6-letter" && e.By == "eg" && e.Reason != "")
	}
	if !superseded || !done {
		t.Errorf("history lacks the manual step: %+v", ru.st.History)
	}
}

func TestWaitDoneByHandAtTheReminder(t *testing.T) {
	ru := toDC26(t, MustEnv(t))
	ru.fire(ru.timer("DC2.6", TimerAct))
	remind := ru.fire(ru.timer("DC9.1", TimerRemind))
	if diff := cmp.Diff([]string{"notify DC9.1"}, kinds(remind)); diff != "" || !remind[0].Remind {
		t.Errorf("reminder (-want +got):\n%s", diff)
	}
	acts := ru.do(Event{Kind: EventStepDone, Step: "DC9.1", At: at("2027-01-19 10:00"), By: "eg"})
	want := []string{"cancel_timer DC9.1", "create_task DC9.1-call"}
	if diff := cmp.Diff(want, kinds(acts)); diff != "" {
		t.Errorf("acting at the reminder (-want +got):\n%s", diff)
	}
}

func TestStateRoundTripsThroughJSON(t *testing.T) {
	env := MustEnv(t)
	plain := toDC26(t, env)
	stored := toDC26(t, env)
	b, err := json.Marshal(stored.st)
	if err != nil {
		t.Fatal(err)
	}
	var back State
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(*stored.st, back); diff != "" {
		t.Fatalf("state after JSON (-want +got):\n%s", diff)
	}
	stored.st = &back
	a := plain.fire(plain.timer("DC2.6", TimerAct))
	b2 := stored.fire(stored.timer("DC2.6", TimerAct))
	if diff := cmp.Diff(a, b2); diff != "" {
		t.Errorf("actions after a JSON round trip differ (-plain +stored):\n%s", diff)
	}
}

func TestUpcoming(t *testing.T) {
	r := MustSeed(t, "debt_counselling")
	ru := toDC26(t, MustEnv(t, "2026-12-24"))
	up := r.Upcoming(ru.st)
	if len(up) == 0 {
		t.Fatal("nothing upcoming")
	}
	got := up[0].String()
	want := "2026-12-29 08:00 DC2.6: letter DC2.6-letter svar_paa_soknad; wait DC9.1, unless " +
		"contact_logged: answered or document_received or status_changed: F"
	if got != want {
		t.Errorf("Upcoming[0] = %q\nwant          %q", got, want)
	}
	person := up[len(up)-1]
	if person.Role != RolePerson || person.Step != "DC1.5" {
		t.Errorf("last upcoming %+v, want DC1.5 waiting for a person", person)
	}
}

func TestHandleRejectsBadEvents(t *testing.T) {
	env := MustEnv(t)
	tests := []struct {
		name string
		ev   Event
		want string
	}{
		{"decision without outcome", Event{Kind: EventStepDone, Step: "DC2.1", At: at("2026-12-21 10:00")}, "needs one of its outcomes"},
		{"outcome the step lacks", Event{Kind: EventStepDone, Step: "DC2.1", Outcome: "maybe", At: at("2026-12-21 10:00")}, "has no outcome"},
		{"ahead of the routine without reason", Event{Kind: EventStepDone, Step: "DC2.4", At: at("2026-12-21 10:00"), By: "eg"}, "say why"},
		{"unknown step", Event{Kind: EventStepDone, Step: "DC99", At: at("2026-12-21 10:00")}, "has no step"},
		{"contact without outcome", Event{Kind: EventContactLogged, At: at("2026-12-21 10:00")}, "answered or not_answered"},
		{"unknown event", Event{Kind: "case_deleted", At: at("2026-12-21 10:00")}, "unknown event kind"},
		{"event without time", Event{Kind: EventDocumentReceived}, "no time"},
		{"cancel a step that is not running", Event{Kind: EventStepCancelled, Step: "DC2.6", Reason: "x", At: at("2026-12-21 10:00")}, "not running"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ru, _ := newRun(t, MustSeed(t, "debt_counselling"), env, at("2026-12-21 09:00"))
			before, _ := json.Marshal(ru.st)
			_, err := ru.r.Handle(ru.st, tt.ev, env)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want …%s…", err, tt.want)
			}
			if after, _ := json.Marshal(ru.st); string(after) != string(before) {
				t.Error("a rejected event changed the state")
			}
		})
	}
}

func TestStepCancelledByHand(t *testing.T) {
	ru := toDC26(t, MustEnv(t))
	acts := ru.do(Event{Kind: EventStepCancelled, Step: "DC2.6", At: at("2026-12-24 09:00"), By: "eg", Reason: "moved abroad"})
	if diff := cmp.Diff([]string{"cancel_timer DC2.6"}, kinds(acts)); diff != "" {
		t.Errorf("actions (-want +got):\n%s", diff)
	}
}

func TestClosedRunIgnoresEvents(t *testing.T) {
	r := MustParse(t, lintBase+`  - id: C
    kind: close
    on: document_received
    reasons:
      done: {nb: F, da: F, sv: F, en: F}
    title: {nb: C, da: C, sv: C, en: C}
`)
	ru, _ := newRun(t, r, MustEnv(t), at("2026-12-21 09:00"))
	acts := ru.do(Event{Kind: EventDocumentReceived, At: at("2026-12-21 10:00")})
	if diff := cmp.Diff([]string{"close_case C"}, kinds(acts)); diff != "" || acts[0].Reason != "done" {
		t.Errorf("close (-want +got):\n%s", diff)
	}
	if again := ru.do(Event{Kind: EventDocumentReceived, At: at("2026-12-22 10:00")}); len(again) != 0 {
		t.Errorf("closed run acted: %v", kinds(again))
	}
}

func TestRunawayLoopIsAnError(t *testing.T) {
	// Built by hand, so it skipped Lint's loop check.
	r := &Routine{ID: "loop", Version: 1, Steps: []*Step{
		{ID: "A", Kind: KindNotify, On: []Trigger{{Event: EventCaseCreated}, {Event: EventStepDone, Step: "B"}}},
		{ID: "B", Kind: KindNotify, On: []Trigger{{Event: EventStepDone, Step: "A"}}},
	}}
	if errs := Lint(r, nil); !strings.Contains(errs.Error(), "loop with no way out") {
		t.Errorf("Lint: %v", errs)
	}
	st := &State{}
	if _, err := r.Start(st, at("2026-12-21 09:00"), MustEnv(t)); err == nil || st.Routine != "" {
		t.Errorf("Start on a loop: %v, state %+v", err, st)
	}
}

func TestNothingStartsAfterTheCaseCloses(t *testing.T) {
	r := MustParse(t, lintBase+`  - id: C
    kind: close
    on: document_received
    reasons:
      done: {nb: F, da: F, sv: F, en: F}
    title: {nb: C, da: C, sv: C, en: C}
  - id: N
    kind: notify
    on: document_received
    title: {nb: N, da: N, sv: N, en: N}
`)
	ru, _ := newRun(t, r, MustEnv(t), at("2026-12-21 09:00"))
	acts := ru.do(Event{Kind: EventDocumentReceived, At: at("2026-12-21 10:00")})
	if diff := cmp.Diff([]string{"close_case C"}, kinds(acts)); diff != "" {
		t.Errorf("actions (-want +got):\n%s", diff)
	}
}

func TestWaitInWorkingHours(t *testing.T) {
	r := MustParse(t, lintBase+`  - id: W
    kind: wait
    on: document_received
    duration: 2 working hours
    title: {nb: W, da: W, sv: W, en: W}
  - id: N
    kind: notify
    on: {step_done: W}
    title: {nb: N, da: N, sv: N, en: N}
`)
	other := MustEnv(t)
	other.Hours = calendar.Hours{Open: 9 * time.Hour, Close: 15 * time.Hour}
	tests := []struct {
		name string
		env  Env
		got  string
		want string
	}{
		{"Friday 14:30 + 2 working hours is Monday 09:00", MustEnv(t), "2026-03-13 14:30", "2026-03-16 09:00"},
		{"opening 09:00-15:00 gives Monday 10:30", other, "2026-03-13 14:30", "2026-03-16 10:30"},
		{"before Easter counts from Tuesday", MustEnv(t), "2026-04-01 15:00", "2026-04-07 09:30"},
		{"before opening counts from 08:00", MustEnv(t), "2026-03-10 06:00", "2026-03-10 10:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tl := MustSimulate(t, r, Scenario{Start: at("2026-03-09 09:00"), Events: []Event{
				{Kind: EventDocumentReceived, At: at(tt.got)}}}, tt.env)
			set := only(t, tl, ActSetTimer, "W").Action
			if !set.At.Equal(at(tt.want)) || set.Due.String() != tt.want[:10] {
				t.Errorf("timer at %s due %s, want %s", set.At.In(oslo).Format("2006-01-02 15:04"), set.Due, tt.want)
			}
			if n := only(t, tl, ActNotify, "N"); !n.At.Equal(at(tt.want)) {
				t.Errorf("N at %s, want %s", n.At.In(oslo).Format("2006-01-02 15:04"), tt.want)
			}
		})
	}
}
