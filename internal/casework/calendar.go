package casework

import (
	"context"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/calendar"
)

// muniCalendar returns a municipality's business calendar: the country's
// public holidays and the municipality's own closed days. It is read once
// per process; a changed list of closed days applies after a restart.
func (s *Service) muniCalendar(ctx context.Context, m *torg.Municipality) (*calendar.Calendar, error) {
	if c, ok := s.cals.Load(m.ID); ok {
		return c.(*calendar.Calendar), nil
	}
	closed, err := s.db.R().ClosedDays(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	c, err := calendar.New(m.Country, closed...)
	if err != nil {
		return nil, err
	}
	s.cals.Store(m.ID, c)
	return c, nil
}

func loadLocation(name string) (*time.Location, error) {
	if name == "" {
		return time.UTC, nil
	}
	return time.LoadLocation(name)
}
