package casework

import (
	"context"
	"sort"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/store"
)

// displayCalls is how many called tickets the display shows.
const displayCalls = 8

// DisplayCall is one called ticket on the waiting room's display: its
// number and its counter, nothing about the person.
type DisplayCall struct {
	ID      int64     `json:"id"`
	Number  string    `json:"number"`
	Counter string    `json:"counter"`
	Called  time.Time `json:"-"`
	Recalls int       `json:"recalls"` // a recall is announced again
}

// DisplayView is the waiting room's display: the tickets at a counter now,
// the latest call first, and how many wait.
type DisplayView struct {
	Municipality *torg.Municipality
	Calls        []DisplayCall
	Waiting      int
	Updated      time.Time
}

// Display returns the display of the municipality with a code, for the
// page with no login: today's tickets at a counter and how many wait.
func (s *Service) Display(ctx context.Context, code string) (*DisplayView, error) {
	m, err := s.publicMunicipality(ctx, code)
	if err != nil {
		return nil, err
	}
	ts, err := s.db.R().Tickets(ctx, m.ID, store.TicketFilter{Day: s.today(m),
		Status: []string{torg.TicketCalled, torg.TicketWaiting}, Limit: 10000})
	if err != nil {
		return nil, err
	}
	v := &DisplayView{Municipality: m, Updated: s.now()}
	for _, t := range ts {
		if t.Status == torg.TicketWaiting {
			v.Waiting++
			continue
		}
		v.Calls = append(v.Calls, DisplayCall{ID: t.ID, Number: t.Number, Counter: t.CounterName, Called: t.Called,
			Recalls: t.Recalls})
	}
	sort.SliceStable(v.Calls, func(i, j int) bool { return v.Calls[i].Called.After(v.Calls[j].Called) })
	if len(v.Calls) > displayCalls {
		v.Calls = v.Calls[:displayCalls]
	}
	return v, nil
}
