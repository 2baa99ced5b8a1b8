package casework

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/torg-kommune/torg"
)

// OrgQueueService is a queue service of an OrgFile (CG3), matched by Code
// within the municipality. Targets are in minutes.
type OrgQueueService struct {
	Code          string `json:"code"`
	Name          string `json:"name"`
	Prefix        string `json:"prefix"` // one to three letters: "A"
	TargetWait    int    `json:"target_wait_minutes"`
	TargetService int    `json:"target_service_minutes"`
}

// OrgCounter is a counter of an OrgFile, matched by Name within the
// municipality. Services names queue services by code, of the file or
// already in the municipality. A counter is imported closed and keeps
// whether it is open when it exists.
type OrgCounter struct {
	Name     string   `json:"name"`
	Services []string `json:"services"`
}

func (p *OrgProblems) queue(f OrgFile) {
	codes, prefixes := map[string]bool{}, map[string]bool{}
	for _, s := range f.QueueServices {
		what := fmt.Sprintf("queue service %q", s.Code)
		if !isKey(s.Code) {
			p.add("%s: the code must be one word, such as passport", what)
		}
		if codes[s.Code] {
			p.add("%s: given twice", what)
		}
		codes[s.Code] = true
		if strings.TrimSpace(s.Name) == "" {
			p.add("%s: no name", what)
		}
		if n := len(s.Prefix); n < 1 || n > 3 || strings.ToUpper(s.Prefix) != s.Prefix || !isKey(s.Prefix) {
			p.add("%s: the prefix must be one to three capital letters, such as A", what)
		}
		if prefixes[s.Prefix] {
			p.add("%s: prefix %q is used by another queue service", what, s.Prefix)
		}
		prefixes[s.Prefix] = true
		if s.TargetWait < 0 || s.TargetService < 0 {
			p.add("%s: targets are minutes, zero or more", what)
		}
	}
	names := map[string]bool{}
	for _, c := range f.Counters {
		what := fmt.Sprintf("counter %q", c.Name)
		if strings.TrimSpace(c.Name) == "" {
			p.add("counter: no name")
		}
		if names[c.Name] {
			p.add("%s: given twice", what)
		}
		names[c.Name] = true
		if len(c.Services) == 0 {
			p.add("%s: it serves no queue service", what)
		}
	}
}

// queue imports the queue services and counters.
func (im *orgImport) queue(ctx context.Context) error {
	if len(im.in.QueueServices) == 0 && len(im.in.Counters) == 0 {
		return nil
	}
	have, err := im.q.QueueServices(ctx, im.muni.ID)
	if err != nil {
		return err
	}
	byCode := map[string]*torg.QueueService{}
	for _, s := range have {
		byCode[s.Code] = s
	}
	for _, os := range im.in.QueueServices {
		want := &torg.QueueService{MunicipalityID: im.muni.ID, Code: os.Code, Name: strings.TrimSpace(os.Name),
			Prefix: os.Prefix, TargetWait: time.Duration(os.TargetWait) * time.Minute,
			TargetService: time.Duration(os.TargetService) * time.Minute}
		old := byCode[os.Code]
		if old != nil && old.Name == want.Name && old.Prefix == want.Prefix && old.TargetWait == want.TargetWait &&
			old.TargetService == want.TargetService {
			im.res.Queue.add(OrgUnchanged)
			continue
		}
		if err := im.q.PutQueueService(ctx, want); err != nil {
			return err
		}
		byCode[os.Code] = want
		im.res.Queue.add(map[bool]OrgChange{true: OrgUpdated, false: OrgCreated}[old != nil])
	}
	counters, err := im.q.Counters(ctx, im.muni.ID)
	if err != nil {
		return err
	}
	byName := map[string]*torg.Counter{}
	for _, c := range counters {
		byName[c.Name] = c
	}
	var problems OrgProblems
	for _, oc := range im.in.Counters {
		want := &torg.Counter{MunicipalityID: im.muni.ID, Name: strings.TrimSpace(oc.Name)}
		for _, code := range oc.Services {
			s, ok := byCode[code]
			if !ok {
				problems.add("counter %q: no queue service %q in the file or the municipality", oc.Name, code)
				continue
			}
			want.Services = append(want.Services, s.ID)
		}
		slices.Sort(want.Services)
		old := byName[want.Name]
		if old != nil {
			want.Open, want.EmployeeID = old.Open, old.EmployeeID
			if slices.Equal(old.Services, want.Services) {
				im.res.Queue.add(OrgUnchanged)
				continue
			}
		}
		if err := im.q.PutCounter(ctx, want); err != nil {
			return err
		}
		im.res.Queue.add(map[bool]OrgChange{true: OrgUpdated, false: OrgCreated}[old != nil])
	}
	return problems.err()
}
