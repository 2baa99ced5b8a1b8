package gen

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
)

// tokenValid is how long the generated API tokens last.
const tokenValid = 365 * 24 * time.Hour

// minProtectedSamples is how many protected persons the samples hold at
// least, when there are so many: enough for the harness to check that
// staff without clearance are refused, though the population's rate
// would give fewer.
const minProtectedSamples = 100

// manifest gives every employee an API token and describes the run.
func (g *generator) manifest(ctx context.Context, password string) (*Manifest, error) {
	m := &Manifest{Created: g.now, Country: g.cfg.Country, Persons: int64(g.cfg.Persons), Cases: int64(g.cfg.Cases),
		Records: int64(g.cfg.Records), Notes: int64(g.cfg.Notes), Tasks: int64(g.cfg.Tasks),
		Inquiries: int64(g.cfg.Inquiries)}
	var all []*employee
	all = append(all, g.desk...)
	for _, u := range g.caseUnits {
		all = append(all, u.staff...)
		all = append(all, u.leader)
	}
	tokens, err := g.tokens(ctx, all)
	if err != nil {
		return nil, err
	}
	byID := map[int64]*Staff{}
	for i, e := range all {
		m.Staff = append(m.Staff, Staff{Username: e.Username, Password: password, Token: tokens[i], Role: e.role,
			UnitID: e.unit, CaseIDs: []int64{}})
	}
	for i, e := range all {
		byID[e.ID] = &m.Staff[i]
	}
	// Counsellors and social workers: their own cases without a protected
	// party. Leaders, cleared for all: up to half their unit's protected
	// cases, then the others.
	leaders := map[int64]*Staff{}
	for _, u := range g.caseUnits {
		leaders[u.id] = byID[u.leader.ID]
	}
	for pass := range 2 {
		for i := range g.cfg.Cases {
			protected := g.persons[g.casePerson[i]].protection != torg.ProtectionNone
			id := g.caseBase + int64(i) + 1
			limit := maxCaseIDs
			if pass == 0 {
				limit = maxCaseIDs / 2
			}
			if l := leaders[g.caseUnits[g.caseUnit[i]].id]; len(l.CaseIDs) < limit && protected == (pass == 0) {
				l.CaseIDs = append(l.CaseIDs, id)
			}
			if s := byID[g.caseResp[i]]; pass == 1 && !protected && len(s.CaseIDs) < maxCaseIDs {
				s.CaseIDs = append(s.CaseIDs, id)
			}
		}
	}
	m.Samples = g.samples()
	return m, nil
}

// samples picks persons with a case evenly over the cases, which are
// spread over the register, and tops up the protected among them to
// minProtectedSamples.
func (g *generator) samples() []Sample {
	n := min(g.cfg.Samples, g.cfg.Cases)
	out := make([]Sample, 0, n)
	taken := map[int]bool{}
	protected := 0
	sample := func(c int) Sample {
		taken[c] = true
		p := g.casePerson[c]
		s := Sample{NIN: g.persons[p].nin, PersonID: g.personBase + int64(p) + 1, CaseID: g.caseBase + int64(c) + 1,
			UnitID: g.caseUnits[g.caseUnit[c]].id, Protected: g.persons[p].protection != torg.ProtectionNone}
		if s.Protected {
			protected++
		}
		return s
	}
	for k := range n {
		out = append(out, sample(caseOf(k, n, g.cfg.Cases)))
	}
	// Replace unprotected samples, from the end, by protected ones.
	last := len(out) - 1
	for c := 0; c < g.cfg.Cases && protected < min(minProtectedSamples, n/2); c++ {
		if taken[c] || g.persons[g.casePerson[c]].protection == torg.ProtectionNone {
			continue
		}
		for last >= 0 && out[last].Protected {
			last--
		}
		if last < 0 {
			break
		}
		out[last] = sample(c)
		last--
	}
	return out
}

// tokens creates an API token for each employee, as "torg token create"
// does, some at a time so that their commits are shared.
func (g *generator) tokens(ctx context.Context, staff []*employee) ([]string, error) {
	svc := casework.New(g.db, torg.SystemClock{}, casework.DefaultConfig())
	out := make([]string, len(staff))
	errs := make([]error, len(staff))
	next := make(chan int)
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			for i := range next {
				out[i], errs[i] = svc.CreateToken(ctx, staff[i].ID, "bench", tokenValid)
			}
		})
	}
	for i := range staff {
		next <- i
	}
	close(next)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("bench gen: token for %s: %w", staff[i].Username, err)
		}
	}
	return out, nil
}
