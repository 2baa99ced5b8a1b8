package casework

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sync"
	"time"

	"github.com/torg-kommune/torg/internal/letter"
	"github.com/torg-kommune/torg/internal/routine"
	"github.com/torg-kommune/torg/internal/store"
)

// routineSet holds every published version of every routine. A case runs
// the version it started with; new cases start the newest.
type routineSet struct {
	mu       sync.RWMutex
	versions map[string]map[int]*routine.Routine
}

// LoadRoutines publishes the shipped routine files that are not yet
// published and loads every published version. A stored version that no
// longer parses is left out with an error in the result; the versions that
// do parse stay in force.
func (s *Service) LoadRoutines(ctx context.Context) (problems []error, err error) {
	seeds, err := routine.Seeds()
	if err != nil {
		return nil, fmt.Errorf("casework: seed routines: %w", err)
	}
	err = s.db.Write(ctx, func(q *store.Q) error {
		for _, r := range seeds {
			src, err := fs.ReadFile(routine.SeedFiles(), path.Base(r.File))
			if err != nil {
				return err
			}
			v := store.RoutineVersion{RoutineID: r.ID, Version: r.Version, Source: string(src), Published: s.now()}
			if err := q.PublishRoutine(ctx, v); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	ids, err := s.db.R().RoutineIDs(ctx)
	if err != nil {
		return nil, err
	}
	set := map[string]map[int]*routine.Routine{}
	for _, id := range ids {
		vs, err := s.db.R().RoutineVersions(ctx, id)
		if err != nil {
			return nil, err
		}
		set[id] = map[int]*routine.Routine{}
		for _, v := range vs {
			r, err := routine.Parse(fmt.Sprintf("%s v%d", v.RoutineID, v.Version), []byte(v.Source))
			if err != nil {
				problems = append(problems, err)
				continue
			}
			set[id][v.Version] = r
		}
	}
	s.routines.mu.Lock()
	s.routines.versions = set
	s.routines.mu.Unlock()
	return problems, nil
}

// Routine returns a version of a routine; version 0 means the newest.
func (s *Service) Routine(id string, version int) (*routine.Routine, bool) {
	s.routines.mu.RLock()
	defer s.routines.mu.RUnlock()
	vs := s.routines.versions[id]
	if version == 0 {
		for v := range vs {
			version = max(version, v)
		}
	}
	r, ok := vs[version]
	return r, ok
}

// Routines lists the newest version of every routine, by id.
func (s *Service) Routines() []*routine.Routine {
	s.routines.mu.RLock()
	var ids []string
	for id := range s.routines.versions {
		ids = append(ids, id)
	}
	s.routines.mu.RUnlock()
	slices.Sort(ids)
	var out []*routine.Routine
	for _, id := range ids {
		if r, ok := s.Routine(id, 0); ok {
			out = append(out, r)
		}
	}
	return out
}

// RoutineVersions lists the published versions of a routine, newest first.
func (s *Service) RoutineVersions(id string) []int {
	s.routines.mu.RLock()
	defer s.routines.mu.RUnlock()
	var vs []int
	for v := range s.routines.versions[id] {
		vs = append(vs, v)
	}
	slices.Sort(vs)
	slices.Reverse(vs)
	return vs
}

// PublishRoutine lints a routine file against the letter templates and
// publishes it as a new version. A file with problems is refused with
// them (file:line: message) and nothing changes; the version must be
// newer than the published ones. Running servers apply it to new cases
// after a restart; cases already running keep their version.
func PublishRoutine(ctx context.Context, db *store.DB, name string, src []byte, now time.Time) (*routine.Routine, error) {
	if errs := routine.Check(name, src, routine.KnownTemplates(letter.Names())); len(errs) > 0 {
		return nil, errs
	}
	r, err := routine.Parse(name, src)
	if err != nil {
		return nil, err
	}
	err = db.Write(ctx, func(q *store.Q) error {
		vs, err := q.RoutineVersions(ctx, r.ID)
		if err != nil {
			return err
		}
		if len(vs) > 0 && vs[0].Version >= r.Version {
			return fmt.Errorf("%s: version %d is not newer than the published version %d of %s", name, r.Version, vs[0].Version, r.ID)
		}
		return q.PublishRoutine(ctx, store.RoutineVersion{RoutineID: r.ID, Version: r.Version, Source: string(src), Published: now})
	})
	return r, err
}
