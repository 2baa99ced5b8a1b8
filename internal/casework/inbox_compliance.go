package casework

import (
	"context"
	"slices"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/store"
)

// The leader's view of how a service keeps the DM routine's answer
// deadlines: of the messages received in a period, per kind, how many had
// their first full answer in time, late, were closed without an answer
// (an improper message), and how many are still open, within time or past
// it. A thread waiting for the citizen has its clock paused.

// Compliance outcomes of one thread.
const (
	OutcomeInTime   = "in_time"   // first full answer by the due time
	OutcomeLate     = "late"      // first full answer after it
	OutcomeNoAnswer = "no_answer" // done without an answer
	OutcomeOverdue  = "overdue"   // open, unanswered, past due
	OutcomePending  = "pending"   // open, unanswered, within time or waiting for the citizen
)

// complianceShown bounds the threads the view lists one by one.
const complianceShown = 300

// ComplianceView is a service's deadline compliance over a period.
type ComplianceView struct {
	Unit     *torg.Unit
	Units    []*torg.Unit // the services the leader leads
	From, To torg.Date    // the days the messages were received, inclusive
	Rows     []ComplianceRow
	Total    ComplianceRow
	Threads  []ComplianceThread // the period's threads, latest first; persons beyond clearance left out
	Now      time.Time
}

// ComplianceRow counts one kind's threads by outcome.
type ComplianceRow struct {
	Kind                                               string
	Received, InTime, Late, NoAnswer, Overdue, Pending int
}

// Percent is the share of the messages that were due and were answered in
// time, rounded down; -1 when none was due yet.
func (r ComplianceRow) Percent() int {
	due := r.InTime + r.Late + r.Overdue
	if due == 0 {
		return -1
	}
	return r.InTime * 100 / due
}

func (r *ComplianceRow) add(outcome string) {
	r.Received++
	switch outcome {
	case OutcomeInTime:
		r.InTime++
	case OutcomeLate:
		r.Late++
	case OutcomeNoAnswer:
		r.NoAnswer++
	case OutcomeOverdue:
		r.Overdue++
	default:
		r.Pending++
	}
}

// ComplianceThread is one thread with its outcome.
type ComplianceThread struct {
	*torg.Thread
	Outcome string
}

// canSeeCompliance: the service's leaders.
func canSeeCompliance(a *torg.Employee, unitID int64) error {
	if a.Has(torg.RoleLeader) && a.InUnit(unitID) {
		return nil
	}
	return notFound()
}

// ThreadOutcome is how a thread stands against its deadline at now.
func ThreadOutcome(t *torg.Thread, now time.Time) string {
	switch {
	case t.AnsweredInTime():
		return OutcomeInTime
	case !t.FirstAnswer.IsZero():
		return OutcomeLate
	case !t.Open():
		return OutcomeNoAnswer
	case t.Overdue(now):
		return OutcomeOverdue
	}
	return OutcomePending
}

// Compliance returns a service's deadline compliance for the messages
// received from one day to another, for its leaders. A zero period is
// the last 30 days.
func (s *Service) Compliance(ctx context.Context, a *torg.Employee, unitID int64, from, to torg.Date) (*ComplianceView, error) {
	u, err := s.inboxUnit(ctx, a, unitID)
	if err != nil {
		return nil, err
	}
	if err := canSeeCompliance(a, u.ID); err != nil {
		return nil, err
	}
	_, loc, err := s.muniLocation(ctx, a.MunicipalityID)
	if err != nil {
		return nil, err
	}
	v := &ComplianceView{Unit: u, From: from, To: to, Now: s.now()}
	if v.To.IsZero() {
		v.To = torg.DateOf(v.Now.In(loc))
	}
	if v.From.IsZero() {
		v.From = v.To.AddDays(-29)
	}
	if v.To.Before(v.From) {
		return nil, torg.FieldError("to", "inbox.period_invalid")
	}
	if v.Units, err = s.ledUnits(ctx, a); err != nil {
		return nil, err
	}
	list, err := s.db.R().Threads(ctx, store.ThreadQuery{MunicipalityID: a.MunicipalityID, UnitIDs: []int64{u.ID},
		CreatedFrom: startOfDay(v.From, loc), CreatedTo: startOfDay(v.To.AddDays(1), loc)})
	if err != nil {
		return nil, err
	}
	v.tally(list, a)
	return v, s.auditRead(ctx, a, "thread.compliance", obj("unit", u.ID))
}

// tally counts the threads per kind and lists those the reader may see.
func (v *ComplianceView) tally(list []*torg.Thread, a *torg.Employee) {
	rows := map[string]*ComplianceRow{}
	v.Total.Kind = "total"
	for _, t := range list {
		out := ThreadOutcome(t, v.Now)
		if rows[t.Kind] == nil {
			rows[t.Kind] = &ComplianceRow{Kind: t.Kind}
		}
		rows[t.Kind].add(out)
		v.Total.add(out)
		if t.Protection <= a.Clearance {
			v.Threads = append(v.Threads, ComplianceThread{Thread: t, Outcome: out})
		}
	}
	for _, k := range torg.MessageKinds {
		if r := rows[k]; r != nil {
			v.Rows = append(v.Rows, *r)
		}
	}
	slices.SortFunc(v.Threads, func(x, y ComplianceThread) int { return y.Created.Compare(x.Created) })
	v.Threads = v.Threads[:min(len(v.Threads), complianceShown)]
}

// ledUnits lists the services a leader leads.
func (s *Service) ledUnits(ctx context.Context, a *torg.Employee) ([]*torg.Unit, error) {
	if !a.Has(torg.RoleLeader) {
		return nil, nil
	}
	return s.InboxUnits(ctx, a)
}

// startOfDay is the first moment of a day in loc.
func startOfDay(d torg.Date, loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}
