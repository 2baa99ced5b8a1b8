// Package casework holds torg's use cases. Each one authorises the actor,
// validates the input, does its work in one transaction and writes the
// audit trail in that same transaction.
package casework

import (
	"sync"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/i18n"
	"github.com/torg-kommune/torg/internal/store"
)

// Config tunes the use cases.
type Config struct {
	MaxUploadBytes int64         // largest accepted document
	SessionIdle    time.Duration // a session ends after this long without use
	SessionMax     time.Duration // and after this long in any case
	BaseURL        string        // the server's public address for links in SMS, no trailing slash; "": paths only
}

// DefaultConfig returns the settings torg ships with.
func DefaultConfig() Config {
	return Config{MaxUploadBytes: 10 << 20, SessionIdle: 30 * time.Minute, SessionMax: 12 * time.Hour}
}

// Service runs the use cases against a database.
type Service struct {
	db    *store.DB
	clock torg.Clock
	cfg   Config
	munis sync.Map // municipality ID → *torg.Municipality; they rarely change
	cals  sync.Map // municipality ID → *calendar.Calendar with its closed days

	routines routineSet
	notices  noticeHub // wakes the employees' live notice pages (DM3)
	queue    queueHub  // wakes the pages that show the queue (CG3)
}

// New returns a Service.
func New(db *store.DB, clock torg.Clock, cfg Config) *Service {
	return &Service{db: db, clock: clock, cfg: cfg}
}

// Config returns the service's settings.
func (s *Service) Config() Config { return s.cfg }

func (s *Service) now() time.Time { return s.clock.Now().UTC() }

// printer returns the i18n printer of a municipality's language, for text
// that torg writes into its cases.
func (s *Service) printer(m *torg.Municipality) *i18n.Printer { return i18n.New(i18n.Lang(m.Language)) }
