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
	opens, closes, err := s.db.R().OpeningHours(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	if h, ok := parseHours(opens, closes); ok {
		c = c.WithHours(h)
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

// parseHours reads opening hours written as "08:00" and "15:30".
func parseHours(opens, closes string) (calendar.Hours, bool) {
	o, err1 := time.Parse("15:04", opens)
	c, err2 := time.Parse("15:04", closes)
	if err1 != nil || err2 != nil {
		return calendar.Hours{}, false
	}
	h := calendar.Hours{Open: time.Duration(o.Hour())*time.Hour + time.Duration(o.Minute())*time.Minute,
		Close: time.Duration(c.Hour())*time.Hour + time.Duration(c.Minute())*time.Minute}
	return h, h.Validate() == nil
}
