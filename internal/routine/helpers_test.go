package routine

import (
	"strings"
	"testing"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/calendar"
)

// oslo is the time zone of the Norwegian tests.
var oslo = mustLoc("Europe/Oslo")

func mustLoc(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// MustEnv returns a Norwegian municipality's environment with closed days.
func MustEnv(tb testing.TB, closed ...string) Env {
	tb.Helper()
	var days []torg.Date
	for _, s := range closed {
		d, err := torg.ParseDate(s)
		if err != nil {
			tb.Fatal(err)
		}
		days = append(days, d)
	}
	cal, err := calendar.New("NO", days...)
	if err != nil {
		tb.Fatal(err)
	}
	return Env{Calendar: cal, Location: oslo}
}

// at returns a local Oslo time written as 2006-01-02 15:04.
func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, oslo)
	if err != nil {
		panic(err)
	}
	return t
}

// MustSeed returns the shipped routine with id.
func MustSeed(tb testing.TB, id string) *Routine {
	tb.Helper()
	r, err := FindSeed(id)
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

// MustParse parses a routine from text or fails.
func MustParse(tb testing.TB, src string) *Routine {
	tb.Helper()
	r, err := Parse("test.yaml", []byte(src))
	if err != nil {
		tb.Fatalf("Parse:\n%v", err)
	}
	return r
}

// MustSimulate runs a scenario or fails.
func MustSimulate(tb testing.TB, r *Routine, sc Scenario, env Env) Timeline {
	tb.Helper()
	tl, err := Simulate(r, sc, env)
	if err != nil {
		tb.Fatalf("Simulate: %v\n%s", err, tableOf(tl))
	}
	return tl
}

// tableOf renders a timeline for failure messages.
func tableOf(tl Timeline) string {
	var b strings.Builder
	_ = tl.WriteTable(&b, oslo)
	return b.String()
}

// actions returns the actions of kind (and step, if not "") in tl.
func actions(tl Timeline, kind, step string) []Moment {
	var out []Moment
	for _, m := range tl {
		if m.Action != nil && m.Action.Kind == kind && (step == "" || m.Action.Step == step) {
			out = append(out, m)
		}
	}
	return out
}

// only returns the single action of kind and step, or fails.
func only(tb testing.TB, tl Timeline, kind, step string) Moment {
	tb.Helper()
	ms := actions(tl, kind, step)
	if len(ms) != 1 {
		tb.Fatalf("want one %s %s, got %d\n%s", kind, step, len(ms), tableOf(tl))
	}
	return ms[0]
}

// none fails if tl has an action of kind and step.
func none(tb testing.TB, tl Timeline, kind, step string) {
	tb.Helper()
	if ms := actions(tl, kind, step); len(ms) > 0 {
		tb.Fatalf("want no %s %s, got %d\n%s", kind, step, len(ms), tableOf(tl))
	}
}

// day returns the local date of t as 2006-01-02.
func day(t time.Time) string { return t.In(oslo).Format(time.DateOnly) }
