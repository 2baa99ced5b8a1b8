package casework

import (
	"context"
	"slices"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/store"
)

// The staff inbox (DM1–DM9): each service reads and answers the messages
// citizens write to it. A thread is there for the staff of its service;
// a thread of a person whose protection is above the reader's clearance
// is not there for them at all (DC1.3).

// InboxFilter picks the threads an inbox lists.
type InboxFilter string

// Inbox filters.
const (
	FilterOpen       InboxFilter = "open"       // every thread not done
	FilterMine       InboxFilter = "mine"       // open, the reader is responsible
	FilterUnassigned InboxFilter = "unassigned" // open, nobody is responsible, or the responsible is absent today
	FilterDueSoon    InboxFilter = "due_soon"   // open and due within dueSoon working hours
	FilterOverdue    InboxFilter = "overdue"    // open and past due
	FilterWaiting    InboxFilter = "waiting"    // waiting for the citizen: the clock is paused
	FilterDone       InboxFilter = "done"       // done, newest first (received in the last 90 days)
)

// InboxFilters lists the filters in the order the inbox shows them.
var InboxFilters = []InboxFilter{FilterOpen, FilterMine, FilterUnassigned, FilterDueSoon, FilterOverdue, FilterWaiting, FilterDone}

// dueSoon is how close, in the service's working hours, an answer's due
// time must be for the thread to count as due soon.
const dueSoon = 2 * time.Hour

// doneShown and doneDays bound the done threads an inbox lists: the
// newest of those received in the last doneDays days. Older ones are on
// the citizen's case and in the compliance view.
const (
	doneShown = 200
	doneDays  = 90
)

// InboxView is a service's inbox as one filter shows it.
type InboxView struct {
	Unit     *torg.Unit
	Units    []*torg.Unit // the services whose inbox the reader uses
	Filter   InboxFilter
	Threads  []*InboxThread
	Counts   map[InboxFilter]int // open threads per filter (not done)
	Now      time.Time
	IsLeader bool // the reader leads the service: the compliance view is theirs
}

// InboxThread is a thread in an inbox list, with how its clock stands.
type InboxThread struct {
	*torg.Thread
	DueSoon         bool
	Overdue         bool
	ResponsibleAway bool // the responsible is absent today: the service picks it up
}

// canUseInbox: the counsellors, leaders and front-desk staff of the service.
func canUseInbox(a *torg.Employee, unitID int64) error {
	if a.InUnit(unitID) && (a.Has(torg.RoleCounsellor) || a.Has(torg.RoleLeader) || a.Has(torg.RoleFrontDesk)) {
		return nil
	}
	return notFound()
}

// inboxUnit returns a service whose inbox a uses; another service's inbox
// is not found.
func (s *Service) inboxUnit(ctx context.Context, a *torg.Employee, unitID int64) (*torg.Unit, error) {
	u, err := s.db.R().Unit(ctx, unitID)
	if torg.ErrorCode(err) == torg.ENOTFOUND || err == nil && u.MunicipalityID != a.MunicipalityID {
		return nil, notFound()
	}
	if err != nil {
		return nil, err
	}
	return u, canUseInbox(a, u.ID)
}

// InboxUnits lists the services whose inbox a uses, for the navigation.
func (s *Service) InboxUnits(ctx context.Context, a *torg.Employee) ([]*torg.Unit, error) {
	var out []*torg.Unit
	for _, id := range a.Units {
		if canUseInbox(a, id) != nil {
			continue
		}
		u, err := s.db.R().Unit(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, nil
}

// UnreadCount counts the open threads in a's inboxes with a citizen's
// message a has not opened: the navigation's badge.
func (s *Service) UnreadCount(ctx context.Context, a *torg.Employee) (int, error) {
	var ids []int64
	for _, id := range a.Units {
		if canUseInbox(a, id) == nil {
			ids = append(ids, id)
		}
	}
	return s.db.R().UnreadInboxCount(ctx, a.ID, ids, a.Clearance)
}

// Inbox lists a service's threads under a filter, the earliest due first.
func (s *Service) Inbox(ctx context.Context, a *torg.Employee, unitID int64, f InboxFilter) (*InboxView, error) {
	u, err := s.inboxUnit(ctx, a, unitID)
	if err != nil {
		return nil, err
	}
	if !slices.Contains(InboxFilters, f) {
		f = FilterOpen
	}
	v := &InboxView{Unit: u, Filter: f, Now: s.now(), Counts: map[InboxFilter]int{},
		IsLeader: a.Has(torg.RoleLeader)}
	if v.Units, err = s.InboxUnits(ctx, a); err != nil {
		return nil, err
	}
	open, err := s.inboxThreads(ctx, a, store.ThreadQuery{MunicipalityID: a.MunicipalityID, UnitIDs: []int64{u.ID},
		Open: true, Reader: a.ID})
	if err != nil {
		return nil, err
	}
	for _, t := range open {
		for _, g := range InboxFilters {
			if t.in(g, a) {
				v.Counts[g]++
				if g == f {
					v.Threads = append(v.Threads, t)
				}
			}
		}
	}
	if f == FilterDone {
		v.Threads, err = s.inboxThreads(ctx, a, store.ThreadQuery{MunicipalityID: a.MunicipalityID, UnitIDs: []int64{u.ID},
			Statuses: []string{torg.ThreadDone}, CreatedFrom: v.Now.AddDate(0, 0, -doneDays), Reader: a.ID})
		slices.SortFunc(v.Threads, func(x, y *InboxThread) int { return y.Done.Compare(x.Done) })
		v.Threads = v.Threads[:min(len(v.Threads), doneShown)]
	}
	return v, err
}

// in reports whether the thread belongs under a filter for reader a.
func (t *InboxThread) in(f InboxFilter, a *torg.Employee) bool {
	switch f {
	case FilterOpen:
		return t.Open()
	case FilterMine:
		return t.Open() && t.ResponsibleID == a.ID
	case FilterUnassigned:
		return t.Open() && (t.ResponsibleID == 0 || t.ResponsibleAway)
	case FilterDueSoon:
		return t.DueSoon
	case FilterOverdue:
		return t.Overdue
	case FilterWaiting:
		return t.Status == torg.ThreadWaiting
	case FilterDone:
		return t.Status == torg.ThreadDone
	}
	return false
}

// inboxThreads runs a thread query, leaves out the persons a may not see,
// and works out each thread's clock and whether its responsible is away.
func (s *Service) inboxThreads(ctx context.Context, a *torg.Employee, q store.ThreadQuery) ([]*InboxThread, error) {
	list, err := s.db.R().Threads(ctx, q)
	if err != nil {
		return nil, err
	}
	clock, err := s.threadClock(ctx, a.MunicipalityID)
	if err != nil {
		return nil, err
	}
	away := map[int64]bool{}
	var out []*InboxThread
	for _, t := range list {
		if t.Protection > a.Clearance {
			continue
		}
		it := &InboxThread{Thread: t, Overdue: t.Overdue(clock.now)}
		it.DueSoon = !it.Overdue && t.Open() && t.Status != torg.ThreadWaiting && !t.Due.IsZero() && t.Due.Before(clock.soon)
		if id := t.ResponsibleID; id != 0 && t.Open() {
			if _, ok := away[id]; !ok {
				away[id] = s.Absent(ctx, id, clock.today)
			}
			it.ResponsibleAway = away[id]
		}
		out = append(out, it)
	}
	return out, nil
}

// threadClock is now as the inbox sees it in a municipality: the day, and
// the time dueSoon working hours ahead.
type threadClock struct {
	now, soon time.Time
	today     torg.Date
}

func (s *Service) threadClock(ctx context.Context, municipalityID int64) (threadClock, error) {
	m, err := s.municipality(ctx, municipalityID)
	if err != nil {
		return threadClock{}, err
	}
	cal, err := s.muniCalendar(ctx, m)
	if err != nil {
		return threadClock{}, err
	}
	loc, err := loadLocation(m.TimeZone)
	if err != nil {
		return threadClock{}, err
	}
	now := s.now()
	return threadClock{now: now, soon: cal.AddWorkingHours(now, loc, dueSoon), today: torg.DateOf(now.In(loc))}, nil
}
