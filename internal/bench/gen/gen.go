// Package gen fills a database with a synthetic municipality of national
// size for benchmarks: a population in households, staff in units, and
// cases with records, notes, tasks and front-desk inquiries. It writes a
// manifest that the load harness reads to log in and to find persons.
//
// The tables are written with IDs that gen chooses, above those already
// there, in large transactions of multi-row INSERTs: no row is read back.
package gen

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"math/bits"
	mrand "math/rand/v2"
	"sync"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/store"
)

// Config says how much to generate.
type Config struct {
	Country   string // NO, SE or DK
	Persons   int
	Cases     int
	Records   int
	Notes     int
	Tasks     int
	Inquiries int
	Samples   int       // persons with a case in the manifest; 0 means MaxSamples
	Now       time.Time // the generation's "today"; zero means the current time
	Seed      uint64    // seeds names, households and dates
	// KeepIndexes keeps the tables' secondary indexes during the load;
	// by default they are dropped before and built again after it.
	KeepIndexes bool
}

// tables are the tables that gen fills in bulk.
var tables = []string{"persons", "cases", "parties", "records", "notes", "tasks", "inquiries"}

// Defaults are the counts of a quick run.
var Defaults = Config{Country: Norway, Persons: 100_000, Cases: 100_000, Records: 1_000_000, Notes: 200_000,
	Tasks: 200_000, Inquiries: 50_000}

// MaxSamples is the most samples a manifest holds.
const MaxSamples = 20_000

// maxCaseIDs is the most case IDs a manifest gives one employee.
const maxCaseIDs = 200

// Rates of protected persons, per household. Norway has some thousands
// of persons with kode 6 or 7 among 5.5 million (domain reference §2):
// gen grades 1 household in 1,000 fortrolig (kode 7) and 1 in 5,000
// strengt fortrolig (kode 6), about 0.1% and 0.02% of persons, and uses
// the same rates for SE and DK.
const (
	confidentialEvery = 1000
	strictEvery       = 5000
)

// Staffing: one counsellor per casesPerCounsellor cases, one front-desk
// employee per personsPerDesk persons, and a leader per case unit.
const (
	casesPerCounsellor = 1000
	personsPerDesk     = 50_000
	openTasksPerStaff  = 40 // open tasks per counsellor, when there are tasks enough
)

// rowsPerWrite is how many rows one transaction writes. On SQLite every
// commit writes each page the transaction touched to the WAL once, and the
// inserts into the persons' national-ID index touch pages all over it:
// large transactions write those pages fewer times.
const rowsPerWrite = 50_000

// bulkCacheMiB is SQLite's page cache during the load: enough to hold the
// persons' indexes of a 1M register, which take inserts in random order.
const bulkCacheMiB = 512

// Validate checks the counts against each other.
func (c *Config) Validate() error {
	if _, ok := materials[c.Country]; !ok {
		return fmt.Errorf("bench gen: country %q: give NO, SE or DK", c.Country)
	}
	switch {
	case c.Persons < 1 || c.Cases < 1:
		return errors.New("bench gen: --persons and --cases must be at least 1")
	case c.Records < 0 || c.Notes < 0 || c.Tasks < 0 || c.Inquiries < 0:
		return errors.New("bench gen: counts cannot be negative")
	case c.Inquiries > 0 && c.Records < c.Cases:
		return errors.New("bench gen: inquiries are filed as records: --records must be at least --cases")
	case c.Samples < 0:
		return errors.New("bench gen: samples cannot be negative")
	}
	return nil
}

// Total returns the rows that Generate writes for c, for progress.
func (c *Config) Total() int64 {
	return int64(c.Persons) + 2*int64(c.Cases) + int64(c.Records) + int64(c.Notes) + int64(c.Tasks) +
		int64(c.Inquiries)
}

// generator holds what one run has decided.
type generator struct {
	cfg      Config
	mat      material
	db       *store.DB
	progress *Progress
	now      time.Time
	mid      int64 // the municipality

	// Units: the front desk, then the case units.
	deskUnit  int64
	caseUnits []caseUnit

	desk    []*employee
	persons []person // by index; ID is personBase + index + 1
	adults  []int32  // indexes of adult persons

	// Cases, by index; ID is caseBase + index + 1.
	caseUnit   []uint8 // index into caseUnits
	caseResp   []int64 // employee ID
	casePerson []int32
	recStart   []int64 // per case: records before it; recStart[len] = all records
	noteStart  []int64

	personBase, caseBase, partyBase, recordBase, noteBase, taskBase, inquiryBase int64
}

// caseUnit is a unit that owns cases.
type caseUnit struct {
	code, name, caseType, role string
	share                      int // of every 10 cases
	id                         int64
	staff                      []*employee // counsellors or social workers
	leader                     *employee
}

type employee struct {
	torg.Employee
	role string // the manifest's role
	unit int64  // the manifest's unit
}

type person struct {
	nin        string
	protection torg.Protection
}

// Generate writes a synthetic municipality into db and returns its
// manifest. progress may be nil. The database must not hold one already.
func Generate(ctx context.Context, db *store.DB, cfg Config, progress *Progress) (*Manifest, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.Samples == 0 {
		cfg.Samples = MaxSamples
	}
	now := cfg.Now
	if now.IsZero() {
		now = time.Now()
	}
	g := &generator{cfg: cfg, mat: materials[cfg.Country], db: db, progress: progress, now: now.UTC().Truncate(time.Microsecond)}
	if _, err := db.R().MunicipalityByCode(ctx, g.mat.code); err == nil {
		return nil, fmt.Errorf("bench gen: the database already holds %s (%s): generate into an empty one",
			g.mat.municipality, g.mat.code)
	} else if torg.ErrorCode(err) != torg.ENOTFOUND {
		return nil, err
	}
	password := randomPassword()
	err := g.org(ctx, password)
	if err != nil {
		return nil, err
	}
	if err := g.bases(ctx); err != nil {
		return nil, err
	}
	if err := db.BulkCache(ctx, bulkCacheMiB); err != nil {
		return nil, err
	}
	defer db.BulkCache(context.WithoutCancel(ctx), 0)
	recreate := func(context.Context) error { return nil }
	if !cfg.KeepIndexes {
		if recreate, err = db.DropIndexes(ctx, tables); err != nil {
			return nil, err
		}
	}
	steps := []struct {
		name string
		run  func(context.Context) error
	}{
		{"persons", g.writePersons},
		{"cases", g.writeCases},
		{"parties", g.writeParties},
		{"records", g.writeRecords},
		{"notes", g.writeNotes},
		{"tasks", g.writeTasks},
		{"inquiries", g.writeInquiries},
	}
	for _, s := range steps {
		progress.Phase(s.name)
		if err := s.run(ctx); err != nil {
			return nil, err
		}
	}
	progress.Phase("indexes")
	if err := recreate(ctx); err != nil {
		return nil, err
	}
	// Full planner statistics, as a database that grew in use would have
	// (the limited analysis at open estimates a million rows roughly).
	progress.Phase("statistics")
	if err := db.Analyze(ctx); err != nil {
		return nil, err
	}
	progress.Phase("done")
	if err := g.finish(ctx); err != nil {
		return nil, err
	}
	return g.manifest(ctx, password)
}

// randomPassword returns the password every generated employee gets: one
// per run, so that argon2 runs once, not once per employee.
func randomPassword() string {
	b := make([]byte, 12)
	rand.Read(b)
	return "bench-" + base64.RawURLEncoding.EncodeToString(b)
}

// org writes the municipality, its units and staff.
func (g *generator) org(ctx context.Context, password string) error {
	g.caseUnits = []caseUnit{
		{code: "debt", name: "Debt counselling", caseType: torg.CaseTypeDebt, role: RoleCounsellor, share: 6},
		{code: torg.UnitFinancialAssistance, name: "Financial assistance", caseType: torg.CaseTypeDebtNotice,
			role: RoleSocialWorker, share: 3},
		{code: torg.UnitChildYouthFamily, name: "Child, youth and family", caseType: torg.CaseTypeDebtNotice,
			role: RoleSocialWorker, share: 1},
	}
	counsellors := max(len(g.caseUnits), (g.cfg.Cases+casesPerCounsellor-1)/casesPerCounsellor)
	desks := max(2, g.cfg.Persons/personsPerDesk)
	hash := casework.HashPassword(password)
	return g.db.Write(ctx, func(q *store.Q) error {
		m := &torg.Municipality{Code: g.mat.code, Name: g.mat.municipality, Country: g.cfg.Country,
			Language: g.mat.language, TimeZone: g.mat.timeZone}
		if err := q.CreateMunicipality(ctx, m); err != nil {
			return err
		}
		g.mid = m.ID
		desk := &torg.Unit{MunicipalityID: m.ID, Code: "desk", Name: "Front desk"}
		if err := q.CreateUnit(ctx, desk); err != nil {
			return err
		}
		g.deskUnit = desk.ID
		all := []int64{desk.ID}
		for i := range g.caseUnits {
			u := &g.caseUnits[i]
			unit := &torg.Unit{MunicipalityID: m.ID, Code: u.code, Name: u.name, InquiryTitle: u.name}
			if err := q.CreateUnit(ctx, unit); err != nil {
				return err
			}
			u.id = unit.ID
			all = append(all, unit.ID)
		}
		add := func(username, role string, roles []torg.Role, units []int64, clearance torg.Protection) (*employee, error) {
			e := &employee{Employee: torg.Employee{MunicipalityID: m.ID, Username: username,
				Name: "Bench " + username, Initials: username, Email: username + "@bench.example", Roles: roles,
				Units: units, Clearance: clearance, Language: g.mat.language, Active: true}, role: role, unit: units[0]}
			return e, q.CreateEmployee(ctx, &e.Employee, hash, g.now)
		}
		for i := range desks {
			e, err := add(fmt.Sprintf("bdesk%04d", i+1), RoleFrontDesk, []torg.Role{torg.RoleFrontDesk}, all, torg.ProtectionNone)
			if err != nil {
				return err
			}
			g.desk = append(g.desk, e)
		}
		for i := range g.caseUnits {
			u := &g.caseUnits[i]
			n := max(1, counsellors*u.share/10)
			for range n {
				e, err := add(fmt.Sprintf("b%s%04d", u.role[:4], len(g.staffOf(u.role))+1), u.role,
					[]torg.Role{torg.RoleCounsellor}, []int64{u.id}, torg.ProtectionNone)
				if err != nil {
					return err
				}
				u.staff = append(u.staff, e)
			}
			e, err := add(fmt.Sprintf("blead%02d", i+1), RoleLeader, []torg.Role{torg.RoleLeader}, []int64{u.id},
				torg.ProtectionStrict)
			if err != nil {
				return err
			}
			u.leader = e
		}
		return nil
	})
}

// staffOf returns the case-unit staff made so far with a manifest role.
func (g *generator) staffOf(role string) []*employee {
	var out []*employee
	for _, u := range g.caseUnits {
		if u.role == role {
			out = append(out, u.staff...)
		}
	}
	return out
}

// bases reads where the IDs of each table start.
func (g *generator) bases(ctx context.Context) error {
	q := g.db.R()
	for _, b := range []struct {
		table string
		id    *int64
	}{{"persons", &g.personBase}, {"cases", &g.caseBase}, {"parties", &g.partyBase}, {"records", &g.recordBase},
		{"notes", &g.noteBase}, {"tasks", &g.taskBase}, {"inquiries", &g.inquiryBase}} {
		id, err := q.MaxID(ctx, b.table)
		if err != nil {
			return err
		}
		*b.id = id
	}
	return nil
}

// load writes n rows into table: fill gives row i's values, in columns
// cols, and runs in one goroutine that works ahead of the writers. On
// PostgreSQL several transactions write at a time; on SQLite the single
// writer takes them in turn.
func (g *generator) load(ctx context.Context, table string, cols []string, n int, fill func(i int, row []any)) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	writers := 1
	if g.db.Dialect() == store.Postgres {
		writers = 4
	}
	chunks := make(chan []any, writers)
	var wg sync.WaitGroup
	for range writers {
		wg.Go(func() {
			for args := range chunks {
				err := g.db.Write(ctx, func(q *store.Q) error { return q.InsertRows(ctx, table, cols, args) })
				if err != nil {
					cancel(err)
					continue
				}
				g.progress.Add(len(args) / len(cols))
			}
		})
	}
	nc := len(cols)
produce:
	for start := 0; start < n; start += rowsPerWrite {
		rows := min(rowsPerWrite, n-start)
		args := make([]any, rows*nc)
		for k := range rows {
			fill(start+k, args[k*nc:(k+1)*nc:(k+1)*nc])
		}
		select {
		case chunks <- args:
		case <-ctx.Done():
			break produce
		}
	}
	close(chunks)
	wg.Wait()
	if err := context.Cause(ctx); err != nil {
		return fmt.Errorf("bench gen: %s: %w", table, err)
	}
	return nil
}

// rng returns a random source for one stream of decisions.
func (g *generator) rng(stream uint64) *mrand.Rand {
	return mrand.New(mrand.NewPCG(g.cfg.Seed, stream))
}

// spread returns a count per index, n indexes sharing total: evenly, then
// moved between neighbours by a pseudo-random amount, so that some have
// about twice the mean and some next to none, with min at least each
// (when the total allows). The result is the prefix sums: index i has
// start[i+1]-start[i].
func spread(n, total int, min1 bool, seed uint64) []int64 {
	start := make([]int64, n+1)
	base, extra := total/n, total%n
	count := func(i int) int {
		if i < extra {
			return base + 1
		}
		return base
	}
	floor := 0
	if min1 && base >= 1 {
		floor = 1
	}
	var sum int64
	for i := 0; i < n; i += 2 {
		a, b := count(i), 0
		if i+1 < n {
			b = count(i + 1)
			room := min(a, b) - floor
			if room > 0 {
				d := int(mix(seed, uint64(i)) % uint64(room+1))
				a, b = a+d, b-d
			}
		}
		start[i] = sum
		sum += int64(a)
		if i+1 < n {
			start[i+1] = sum
			sum += int64(b)
		}
	}
	start[n] = sum
	return start
}

// mix is a cheap hash of a seed and a number (SplitMix64's finaliser).
func mix(seed, x uint64) uint64 {
	z := seed ^ (x+1)*0x9e3779b97f4a7c15
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// caseOf returns which case of n the i-th of total items belongs to: the
// items in case order, spread evenly.
func caseOf(i, total, n int) int {
	hi, lo := bits.Mul64(uint64(i), uint64(n))
	q, _ := bits.Div64(hi, lo, uint64(total))
	return int(q)
}
