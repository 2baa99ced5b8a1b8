package routine

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"gopkg.in/yaml.v3"
)

// scenarioFile is a scenario as written, in YAML or JSON.
type scenarioFile struct {
	Start  string      `yaml:"start"`
	Until  string      `yaml:"until"`
	Events []eventFile `yaml:"events"`
}

// eventFile is one event as written in a scenario.
type eventFile struct {
	At      string `yaml:"at"`
	Kind    string `yaml:"kind"`
	Step    string `yaml:"step"`
	Outcome string `yaml:"outcome"`
	By      string `yaml:"by"`
	Reason  string `yaml:"reason"`
	Ref     string `yaml:"ref"`
}

// timeLayouts are the forms a scenario may write a time in; without a
// zone, a time is local to the municipality.
var timeLayouts = []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04", time.DateOnly}

// ParseScenario reads a scenario (YAML or JSON): start, until (optional)
// and events, each with at, kind and optionally step, outcome, by,
// reason and ref. Times without a zone are taken in loc.
func ParseScenario(src []byte, loc *time.Location) (sc Scenario, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("scenario: cannot be read: %v", p)
		}
	}()
	var f scenarioFile
	dec := yaml.NewDecoder(bytes.NewReader(src))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil && !errors.Is(err, io.EOF) {
		return sc, fmt.Errorf("scenario: %w", err)
	}
	if sc.Start, err = parseTime(f.Start, "start", loc); err != nil {
		return sc, err
	}
	if f.Until != "" {
		if sc.Until, err = parseTime(f.Until, "until", loc); err != nil {
			return sc, err
		}
	}
	for i, e := range f.Events {
		ev, err := e.event(loc)
		if err != nil {
			return sc, fmt.Errorf("scenario: event %d: %w", i+1, err)
		}
		sc.Events = append(sc.Events, ev)
	}
	return sc, nil
}

// event converts one written event.
func (e eventFile) event(loc *time.Location) (Event, error) {
	ev := Event{Kind: e.Kind, Step: e.Step, Outcome: e.Outcome, By: e.By, Reason: e.Reason}
	if e.Kind == "" {
		return ev, errors.New("kind is missing")
	}
	var err error
	if ev.At, err = parseTime(e.At, "at", loc); err != nil {
		return ev, err
	}
	if e.Ref != "" {
		ev.Ref, err = parseTime(e.Ref, "ref", loc)
	}
	return ev, err
}

// parseTime parses a scenario time in one of timeLayouts.
func parseTime(s, field string, loc *time.Location) (time.Time, error) {
	if loc == nil {
		loc = time.UTC
	}
	for _, layout := range timeLayouts {
		if t, err := time.ParseInLocation(layout, strings.TrimSpace(s), loc); err == nil {
			return t, nil
		}
	}
	if s == "" {
		return time.Time{}, fmt.Errorf("scenario: %s is missing", field)
	}
	return time.Time{}, fmt.Errorf("scenario: %s %q is no time; write 2026-12-21T09:00", field, s)
}

// WriteJSONL writes the timeline as one JSON object per line.
func (tl Timeline) WriteJSONL(w io.Writer) error {
	enc := json.NewEncoder(w)
	for _, m := range tl {
		if err := enc.Encode(m); err != nil {
			return err
		}
	}
	return nil
}

// WriteTable writes the timeline as a table for people, times in loc.
func (tl Timeline) WriteTable(w io.Writer, loc *time.Location) error {
	if loc == nil {
		loc = time.UTC
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "WHEN\tWHAT\tSTEP\tDETAIL")
	for _, m := range tl {
		when := m.At.In(loc).Format("Mon 2006-01-02 15:04")
		if m.Event != nil {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", when, m.Event.Kind, m.Event.Step, eventDetail(*m.Event))
			continue
		}
		a := *m.Action
		a.At = a.At.In(loc)
		fmt.Fprintf(tw, "%s\t  → %s\t%s\t%s\n", when, a.Kind, a.Step, a.Detail())
	}
	return tw.Flush()
}

// eventDetail returns an event's outcome, key, who and why.
func eventDetail(ev Event) string {
	var parts []string
	for _, p := range [][2]string{{"", ev.Outcome}, {"key=", ev.Key}, {"by=", ev.By}, {"reason=", ev.Reason}} {
		if p[1] != "" {
			parts = append(parts, p[0]+p[1])
		}
	}
	if !ev.Ref.IsZero() {
		parts = append(parts, "ref="+ev.Ref.Format("2006-01-02 15:04"))
	}
	return strings.Join(parts, " ")
}
