package routine

import (
	"fmt"
	"slices"
	"time"
)

// Scenario is a story to run a routine through: the case is created at
// Start, the Events happen at their times, and the simulation stops at
// Until (if zero: when no timer is left, at most maxSimYears after Start).
// If no event is case_created, the case is created at Start.
type Scenario struct {
	Start  time.Time
	Until  time.Time
	Events []Event
}

// maxSimYears bounds a simulation without an end, and maxMoments one that
// loops on timers that take no time.
const (
	maxSimYears = 5
	maxMoments  = 100_000
)

// Moment is one line of a timeline: an event (from the scenario, a timer
// firing, or the world answering an action) or an action of the routine.
type Moment struct {
	At     time.Time `json:"at"`
	Event  *Event    `json:"event,omitempty"`
	Action *Action   `json:"action,omitempty"`
}

// Timeline is what happened in a simulation, in order.
type Timeline []Moment

// Simulate runs sc on a simulated clock: it hands the routine the
// scenario's events in time order and fires each timer when its time
// comes, before any event at the same time. Letters the routine sends come
// back as letter_sent and statuses it sets as status_changed, as the case
// store would report them. Nothing sleeps.
func Simulate(r *Routine, sc Scenario, env Env) (Timeline, error) {
	events := slices.Clone(sc.Events)
	slices.SortStableFunc(events, func(a, b Event) int { return a.At.Compare(b.At) })
	if len(events) > 0 && events[0].At.Before(sc.Start) {
		return nil, fmt.Errorf("simulate: event %s at %s is before the start", events[0], events[0].At.Format(time.DateTime))
	}
	if !slices.ContainsFunc(events, func(e Event) bool { return e.Kind == EventCaseCreated }) {
		events = append([]Event{{Kind: EventCaseCreated, At: sc.Start}}, events...)
	}
	until := sc.Until
	if until.IsZero() {
		until = sc.Start.AddDate(maxSimYears, 0, 0)
	}
	sim := &simulator{r: r, env: env, st: &State{Run: "sim"}}
	for {
		ev, ok := sim.next(&events, until)
		if !ok {
			return sim.tl, nil
		}
		if err := sim.handle(ev); err != nil {
			return sim.tl, err
		}
		if len(sim.tl) > maxMoments {
			return sim.tl, fmt.Errorf("simulate: more than %d moments; the routine loops", maxMoments)
		}
	}
}

// simulator holds a running simulation.
type simulator struct {
	r   *Routine
	env Env
	st  *State
	tl  Timeline
}

// next returns the next thing to happen before until: the earliest timer,
// or the next scenario event, whichever comes first (a timer on a tie).
func (sim *simulator) next(events *[]Event, until time.Time) (Event, bool) {
	var timer *Timer
	for i := range sim.st.Timers {
		if t := &sim.st.Timers[i]; timer == nil || t.At.Before(timer.At) {
			timer = t
		}
	}
	if timer != nil && !timer.At.After(until) && (len(*events) == 0 || !timer.At.After((*events)[0].At)) {
		return Event{Kind: EventTimer, Step: timer.Step, Key: timer.Key, Outcome: timer.Role, At: timer.At}, true
	}
	if len(*events) == 0 || (*events)[0].At.After(until) {
		return Event{}, false
	}
	ev := (*events)[0]
	*events = (*events)[1:]
	return ev, true
}

// handle applies ev and the world's answers to the actions it causes.
func (sim *simulator) handle(ev Event) error {
	queue := []Event{ev}
	for len(queue) > 0 {
		ev, queue = queue[0], queue[1:]
		evc := ev
		sim.tl = append(sim.tl, Moment{At: ev.At, Event: &evc})
		actions, err := sim.r.Handle(sim.st, ev, sim.env)
		if err != nil {
			return fmt.Errorf("simulate: %w", err)
		}
		for _, a := range actions {
			sim.tl = append(sim.tl, Moment{At: ev.At, Action: &a})
			queue = append(queue, answer(a, ev.At)...)
		}
	}
	return nil
}

// answer returns the events a case store reports after carrying out a.
func answer(a Action, at time.Time) []Event {
	switch a.Kind {
	case ActSendLetter:
		return []Event{{Kind: EventLetterSent, Step: a.Step, Outcome: a.Template, At: at}}
	case ActSetStatus:
		return []Event{{Kind: EventStatusChanged, Outcome: a.Status, At: at}}
	}
	return nil
}
