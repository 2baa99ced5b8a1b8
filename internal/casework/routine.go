package casework

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sync"

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
	set := map[string]map[int]*routine.Routine{}
	for _, seed := range seeds {
		vs, err := s.db.R().RoutineVersions(ctx, seed.ID)
		if err != nil {
			return nil, err
		}
		set[seed.ID] = map[int]*routine.Routine{}
		for _, v := range vs {
			r, err := routine.Parse(fmt.Sprintf("%s v%d", v.RoutineID, v.Version), []byte(v.Source))
			if err != nil {
				problems = append(problems, err)
				continue
			}
			set[seed.ID][v.Version] = r
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
