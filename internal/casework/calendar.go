package casework

import (
	"sync"
	"time"

	"github.com/torg-kommune/torg/internal/calendar"
)

var (
	calMu     sync.Mutex
	calendars = map[string]*calendar.Calendar{}
)

// calendar returns the business calendar of a country.
func (s *Service) calendar(country string) (*calendar.Calendar, error) {
	calMu.Lock()
	defer calMu.Unlock()
	if c, ok := calendars[country]; ok {
		return c, nil
	}
	c, err := calendar.New(country)
	if err != nil {
		return nil, err
	}
	calendars[country] = c
	return c, nil
}

func loadLocation(name string) (*time.Location, error) {
	if name == "" {
		return time.UTC, nil
	}
	return time.LoadLocation(name)
}
