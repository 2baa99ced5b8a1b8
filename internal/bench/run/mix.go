// Package run is the workload of `torg bench run`: a day at a municipality's front desk and
// in its counselling units, driven over HTTP against a running torg, and the machine's limits
// it is compared with (a bare HTTP server and SQLite's raw commit rate).
package run

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"strings"

	"github.com/torg-kommune/torg/internal/bench/load"
)

// Staff is an employee the workload acts as.
type Staff struct {
	Username, Password string
	Token              string // bearer token for /api/v1
	Role               string // "frontdesk", "counsellor", "leader", …
	UnitID             int64
	CaseIDs            []int64 // cases of the unit the employee may open
}

// Sample is a person in the database with a case.
type Sample struct {
	NIN       string // never logged, never in a URL
	PersonID  int64
	CaseID    int64
	UnitID    int64 // the unit that owns CaseID
	Protected bool
}

// Fixture is what the workload knows about the database under test.
type Fixture struct {
	Staff   []Staff
	Samples []Sample
}

// Mixed is one op of the mix with what it is for.
type Mixed struct {
	load.Op
	Commits bool   // the server commits durably before it answers (a write, or an audited read)
	Write   bool   // the op changes the case file (not only the audit log)
	Doc     string // what the op does, for the report
}

// The mix: a front-desk-and-counsellor day. Of 100 operations, the desk looks up 20 persons
// and registers 8 walk-ins; the counsellors look up 12 persons' cases by national ID, open 15
// cases over the API and 10 as web pages, check their work list 15 times, write 12 notes and
// complete 8 tasks.
func mix() []Mixed {
	return []Mixed{
		{load.Op{Name: "lookup", Weight: 20, Do: lookup}, true, false,
			"front desk: POST /api/v1/persons/lookup with a national ID"},
		{load.Op{Name: "cases_by_nin", Weight: 12, Do: casesByNIN}, true, false,
			"counsellor: POST /api/v1/persons/lookup, then GET /api/v1/persons/{id}/cases"},
		{load.Op{Name: "case", Weight: 15, Do: caseJSON}, true, false,
			"counsellor: GET /api/v1/cases/{id}, a case with parties, records, notes and tasks"},
		{load.Op{Name: "case_page", Weight: 10, Do: casePage}, true, false,
			"counsellor: GET /cases/{id}, the case as an HTML page in a web session"},
		{load.Op{Name: "work_list", Weight: 15, Do: workList}, false, false,
			"counsellor: GET /api/v1/tasks"},
		{load.Op{Name: "inquiry", Weight: 8, Do: inquiry}, true, true,
			"front desk: POST /api/v1/inquiries, a walk-in with an Idempotency-Key"},
		{load.Op{Name: "note", Weight: 12, Do: note}, true, true,
			"counsellor: POST /api/v1/cases/{id}/notes"},
		{load.Op{Name: "complete_task", Weight: 8, Do: completeTask}, true, true,
			"counsellor: POST /api/v1/tasks/{id}/complete, a task from their own work list"},
	}
}

// Mix returns the ops of the workload and what each is for, and the NewWorker that gives
// every client a front-desk employee and a counsellor, logged in to the web, to act as.
func Mix(baseURL string, f *Fixture) ([]Mixed, func(ctx context.Context, id int, w *load.Worker) error, error) {
	desk, couns, err := cast(f)
	if err != nil {
		return nil, nil, err
	}
	base := strings.TrimRight(baseURL, "/")
	nonce := fmt.Sprintf("%x", randomUint())
	newWorker := func(ctx context.Context, id int, w *load.Worker) error {
		s := &state{base: base, run: nonce, desk: desk[id%len(desk)], coun: couns[id%len(couns)]}
		s.samples = f.Samples
		jar, _ := cookiejar.New(nil)
		w.HTTP = &http.Client{Transport: w.HTTP.Transport, Timeout: w.HTTP.Timeout, Jar: jar,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		w.State = s
		if err := s.login(ctx, w); err != nil {
			return err
		}
		return s.learn(ctx, w)
	}
	return mix(), newWorker, nil
}

// cast splits the staff into the front desk and the counsellors (leaders count as
// counsellors). Without a front-desk employee, counsellors do the desk's work too, as
// torg lets them for their own units.
func cast(f *Fixture) (desk, couns []*Staff, err error) {
	for i := range f.Staff {
		s := &f.Staff[i]
		if s.Token == "" {
			continue
		}
		switch s.Role {
		case "frontdesk":
			desk = append(desk, s)
		case "counsellor", "socialworker", "leader":
			if s.Password != "" && s.UnitID != 0 {
				couns = append(couns, s)
			}
		}
	}
	if len(couns) == 0 {
		return nil, nil, errors.New("the manifest has no counsellor with a token, a password and a unit")
	}
	if len(f.Samples) == 0 {
		return nil, nil, errors.New("the manifest has no sample persons")
	}
	if len(desk) == 0 {
		desk = couns
	}
	return desk, couns, nil
}

// Ops returns the load ops of a mix.
func Ops(m []Mixed) []load.Op {
	ops := make([]load.Op, len(m))
	for i, x := range m {
		ops[i] = x.Op
	}
	return ops
}
