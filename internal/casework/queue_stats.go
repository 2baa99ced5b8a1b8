package casework

import (
	"context"
	"sort"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/store"
)

// QueueStats is the leader's view of the queue over a period: waiting and
// service time by errand and by hour against the services' targets, the
// guide's errands by channel, how often guidance ended in self-service,
// and the satisfaction by errand (CG14).
type QueueStats struct {
	From, To torg.Date
	Tickets  int
	Errands  []ErrandStats
	Hours    []HourStats // the hours of the day in which tickets were drawn, in order
	Channels []ChannelCount
	Guidance int // guidance sessions recorded
	// SelfService and SelfServiceHelp count the guidance that ended in
	// self-service, on the citizen's own or with help.
	SelfService, SelfServiceHelp int
	Surveys                      []SurveyResult

	errands map[string]*torg.Errand // the catalogue, for the errands' titles
}

// SelfServiceShare is the share of guidance that ended in self-service.
func (q *QueueStats) SelfServiceShare() float64 {
	if q.Guidance == 0 {
		return 0
	}
	return float64(q.SelfService+q.SelfServiceHelp) / float64(q.Guidance)
}

// ErrandStats is the tickets of one errand ("" : drawn without one).
type ErrandStats struct {
	Errand  string
	Tickets int
	Called  int // the tickets a counter called: their waiting time counts
	Served  int // the tickets done: their service time counts
	// WaitMean and WaitMax are over the called tickets; Within counts those
	// that waited no longer than their service's target.
	WaitMean, WaitMax time.Duration
	Within            int
	ServiceMean       time.Duration
	// The targets of the errand's queue service (of its most tickets).
	TargetWait, TargetService time.Duration
}

// WithinShare is the share of called tickets that waited within target.
func (e *ErrandStats) WithinShare() float64 {
	if e.Called == 0 {
		return 0
	}
	return float64(e.Within) / float64(e.Called)
}

// HourStats is the tickets drawn in one hour of the day, local time.
type HourStats struct {
	Hour     int
	Tickets  int
	Called   int
	WaitMean time.Duration
	Within   int
}

// WithinShare is the share of called tickets that waited within target.
func (h *HourStats) WithinShare() float64 {
	if h.Called == 0 {
		return 0
	}
	return float64(h.Within) / float64(h.Called)
}

// ChannelCount is how many guidance sessions ended in a channel.
type ChannelCount struct {
	Channel string
	Count   int
}

// ComputeQueueStats computes the statistics of tickets and guidance; loc
// is the municipality's time zone, for the hours.
func ComputeQueueStats(tickets []*torg.Ticket, services []*torg.QueueService, guidance []*torg.Guidance,
	loc *time.Location) *QueueStats {
	svc := map[int64]*torg.QueueService{}
	for _, s := range services {
		svc[s.ID] = s
	}
	st := &QueueStats{Tickets: len(tickets)}
	type acc struct {
		waitSum, serviceSum time.Duration
		bySvc               map[int64]int
	}
	errands, accs := map[string]*ErrandStats{}, map[string]*acc{}
	hours, hourWait := map[int]*HourStats{}, map[int]time.Duration{}
	for _, t := range tickets {
		e := errands[t.Errand]
		if e == nil {
			e = &ErrandStats{Errand: t.Errand}
			errands[t.Errand], accs[t.Errand] = e, &acc{bySvc: map[int64]int{}}
		}
		a := accs[t.Errand]
		e.Tickets++
		a.bySvc[t.ServiceID]++
		hr := t.Issued.In(loc).Hour()
		h := hours[hr]
		if h == nil {
			h = &HourStats{Hour: hr}
			hours[hr] = h
		}
		h.Tickets++
		if !t.Called.IsZero() {
			w := t.Wait()
			e.Called++
			h.Called++
			a.waitSum += w
			hourWait[hr] += w
			e.WaitMax = max(e.WaitMax, w)
			if s := svc[t.ServiceID]; s == nil || s.TargetWait == 0 || w <= s.TargetWait {
				e.Within++
				h.Within++
			}
		}
		if t.Status == torg.TicketDone && !t.Done.IsZero() {
			e.Served++
			a.serviceSum += t.ServiceTime()
		}
	}
	for code, e := range errands {
		a := accs[code]
		if e.Called > 0 {
			e.WaitMean = a.waitSum / time.Duration(e.Called)
		}
		if e.Served > 0 {
			e.ServiceMean = a.serviceSum / time.Duration(e.Served)
		}
		var most int64
		for id, n := range a.bySvc {
			if n > a.bySvc[most] || (n == a.bySvc[most] && id < most) {
				most = id
			}
		}
		if s := svc[most]; s != nil {
			e.TargetWait, e.TargetService = s.TargetWait, s.TargetService
		}
		st.Errands = append(st.Errands, *e)
	}
	sort.Slice(st.Errands, func(i, j int) bool { return st.Errands[i].Errand < st.Errands[j].Errand })
	for hr, h := range hours {
		if h.Called > 0 {
			h.WaitMean = hourWait[hr] / time.Duration(h.Called)
		}
		st.Hours = append(st.Hours, *h)
	}
	sort.Slice(st.Hours, func(i, j int) bool { return st.Hours[i].Hour < st.Hours[j].Hour })

	channels := map[string]int{}
	for _, g := range guidance {
		st.Guidance++
		channels[g.Outcome]++
		switch g.Outcome {
		case torg.ChannelSelfService:
			st.SelfService++
		case torg.ChannelSelfServiceHelp:
			st.SelfServiceHelp++
		}
	}
	for _, c := range torg.Channels {
		if n := channels[c]; n > 0 {
			st.Channels = append(st.Channels, ChannelCount{c, n})
		}
	}
	return st
}

// maxStatsDays is the longest period the statistics cover at once.
const maxStatsDays = 366

// QueueStatistics returns the queue statistics of the days from to to,
// both included, for leaders. A zero to is today, a zero from a week
// before to.
func (s *Service) QueueStatistics(ctx context.Context, a *torg.Employee, from, to torg.Date) (*QueueStats, error) {
	if !a.Has(torg.RoleLeader) && !a.Has(torg.RoleAdmin) {
		return nil, errForbidden
	}
	m, err := s.municipality(ctx, a.MunicipalityID)
	if err != nil {
		return nil, err
	}
	if to.IsZero() {
		to = s.today(m)
	}
	if from.IsZero() {
		from = to.AddDays(-6)
	}
	if to.Before(from) {
		return nil, torg.FieldError("to", "stats.bad_period")
	}
	if to.Time().Sub(from.Time()) > maxStatsDays*24*time.Hour {
		return nil, torg.FieldError("to", "stats.too_long")
	}
	loc, err := loadLocation(m.TimeZone)
	if err != nil {
		loc = time.UTC
	}
	start := time.Date(from.Year, from.Month, from.Day, 0, 0, 0, 0, loc)
	end := time.Date(to.Year, to.Month, to.Day+1, 0, 0, 0, 0, loc)
	r := s.db.R()
	tickets, err := r.Tickets(ctx, m.ID, store.TicketFilter{From: start, To: end, Limit: 200000})
	if err != nil {
		return nil, err
	}
	services, err := r.QueueServices(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	guidance, err := r.Guidances(ctx, m.ID, start, end)
	if err != nil {
		return nil, err
	}
	st := ComputeQueueStats(tickets, services, guidance, loc)
	st.From, st.To = from, to
	errands, err := r.Errands(ctx, m.ID, false)
	if err != nil {
		return nil, err
	}
	st.errands = map[string]*torg.Errand{}
	for _, e := range errands {
		st.errands[e.Code] = e
	}
	cs, err := r.SurveyCounts(ctx, m.ID, from, to)
	if err != nil {
		return nil, err
	}
	st.Surveys = surveyResults(cs)
	return st, nil
}

// ErrandTitle is an errand's title in lang from the municipality's
// catalogue; its code when the catalogue no longer has it.
func (q *QueueStats) ErrandTitle(code, lang string) string {
	if e := q.errands[code]; e != nil {
		return e.Title(lang)
	}
	return code
}
