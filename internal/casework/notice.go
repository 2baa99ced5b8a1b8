package casework

import (
	"context"
	"sync"
	"unicode/utf8"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/store"
)

// Notice is a short message to an employee, read on the mobile page (DM3).
type Notice = store.Notice

// maxNotice is the longest notice kept, in characters; a longer one is cut.
const maxNotice = 1000

// NotifyEmployee leaves a notice for an employee in the caller's
// transaction and wakes their mobile page if it is open: so a changed or
// cancelled home visit reaches the employee on the way there (DM3). Say
// what happened and what to do; the notice is shown as plain text.
func (s *Service) NotifyEmployee(ctx context.Context, tx *store.Q, employeeID int64, text string) error {
	text = clean(text)
	if text == "" {
		return torg.Errorf(torg.EINVALID, "notice.empty")
	}
	if utf8.RuneCountInString(text) > maxNotice {
		text = string([]rune(text)[:maxNotice-1]) + "…"
	}
	if err := tx.AddNotice(ctx, &Notice{EmployeeID: employeeID, Body: text}, s.now()); err != nil {
		return err
	}
	// The page looks when woken and, the transaction being maybe not yet
	// committed, looks again shortly after (see WatchNotices).
	s.notices.wake(employeeID)
	return nil
}

// NoticePage is the employee's mobile page: their notices, newest first,
// and their meetings today and tomorrow, to check before leaving.
type NoticePage struct {
	Notices  []*Notice
	Unread   int
	Last     int64 // the newest notice's ID: what "mark read" and the live updates start from
	Meetings []*torg.Appointment
}

// noticesShown is how many notices the page lists.
const noticesShown = 50

// Notices returns the actor's mobile page.
func (s *Service) Notices(ctx context.Context, a *torg.Employee) (*NoticePage, error) {
	r := s.db.R()
	ns, err := r.Notices(ctx, a.ID, noticesShown)
	if err != nil {
		return nil, err
	}
	p := &NoticePage{Notices: ns}
	for _, n := range ns {
		p.Last = max(p.Last, n.ID)
		if n.Read.IsZero() {
			p.Unread++
		}
	}
	m, err := s.municipality(ctx, a.MunicipalityID)
	if err != nil {
		return nil, err
	}
	loc, err := loadLocation(m.TimeZone)
	if err != nil {
		return nil, err
	}
	today := s.today(m)
	p.Meetings, err = r.CounsellorAppointments(ctx, a.ID, midnight(today, loc), midnight(today.AddDays(2), loc))
	return p, err
}

// NoticesAfter returns the actor's notices newer than after, oldest
// first: what a live page has not shown yet.
func (s *Service) NoticesAfter(ctx context.Context, a *torg.Employee, after int64) ([]*Notice, error) {
	return s.db.R().NoticesAfter(ctx, a.ID, after)
}

// UnreadNotices counts the actor's unread notices, for the navigation.
func (s *Service) UnreadNotices(ctx context.Context, a *torg.Employee) (int, error) {
	return s.db.R().UnreadNotices(ctx, a.ID)
}

// ReadNotices marks the actor's notices up to ID upTo read: those the page
// showed, not any that came after.
func (s *Service) ReadNotices(ctx context.Context, a *torg.Employee, upTo int64) error {
	return s.db.Write(ctx, func(tx *store.Q) error { return tx.MarkNoticesRead(ctx, a.ID, upTo, s.now()) })
}

// WatchNotices returns a channel that receives a signal when a notice may
// have come for the employee, and a function to stop watching. The channel
// is closed when the service stops its watchers (StopNotices), so that a
// live page ends when the server shuts down. A signal comes when the
// notice is written, which may be before its transaction commits: look,
// and if nothing is there yet, look again shortly after.
func (s *Service) WatchNotices(employeeID int64) (<-chan struct{}, func()) {
	return s.notices.subscribe(employeeID)
}

// StopNotices closes every watcher's channel, now and from now on.
func (s *Service) StopNotices() { s.notices.stop() }

// noticeHub is the watchers of each employee's notices in this process.
// Its zero value is ready to use.
type noticeHub struct {
	mu      sync.Mutex
	subs    map[int64]map[chan struct{}]bool
	stopped bool
}

func (h *noticeHub) subscribe(id int64) (<-chan struct{}, func()) {
	h.mu.Lock()
	defer h.mu.Unlock()
	c := make(chan struct{}, 1)
	if h.stopped {
		close(c)
		return c, func() {}
	}
	if h.subs == nil {
		h.subs = map[int64]map[chan struct{}]bool{}
	}
	if h.subs[id] == nil {
		h.subs[id] = map[chan struct{}]bool{}
	}
	h.subs[id][c] = true
	return c, func() {
		h.mu.Lock()
		defer h.mu.Unlock()
		if h.subs[id][c] {
			delete(h.subs[id], c)
			if len(h.subs[id]) == 0 {
				delete(h.subs, id)
			}
		}
	}
}

func (h *noticeHub) wake(id int64) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.subs[id] {
		select {
		case c <- struct{}{}:
		default: // already signalled
		}
	}
}

func (h *noticeHub) stop() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.stopped = true
	for _, cs := range h.subs {
		for c := range cs {
			close(c)
		}
	}
	h.subs = nil
}
