package gen

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/nin"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

// small is a run small enough for a test and large enough to hold
// protected households: 20,000 persons are some 8,700 households.
var small = Config{Persons: 20_000, Cases: 3_000, Records: 12_000, Notes: 4_000, Tasks: 5_000, Inquiries: 1_500,
	Samples: 500, Seed: 7}

func TestGenerate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
		cfg := small
		cfg.Country, cfg.Now = Norway, now
		before, _, err := db.R().Indexes(ctx, tables)
		if err != nil || len(before) < 10 {
			t.Fatalf("indexes before: %v, %v", before, err)
		}
		m, err := Generate(ctx, db, cfg, nil)
		if err != nil {
			t.Fatal(err)
		}
		if after, _, err := db.R().Indexes(ctx, tables); err != nil || !reflect.DeepEqual(after, before) {
			t.Errorf("indexes after the load: %v (%v), before: %v", after, err, before)
		}
		checkCounts(t, db, m, cfg)
		persons := checkPersons(t, db, cfg, now)
		checkSamples(t, db, m, persons)
		checkStaff(t, db, m)

		if _, err := Generate(ctx, db, cfg, nil); err == nil {
			t.Error("a second run into the same database: no error")
		}
	})
}

// TestCountries generates a small population of each country and checks
// that every national ID parses as that country's, each once.
func TestCountries(t *testing.T) {
	for _, country := range []string{Norway, Sweden, Denmark} {
		t.Run(country, func(t *testing.T) {
			db := storetest.Open(t, store.SQLite, "")
			now := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
			cfg := Config{Country: country, Persons: 3000, Cases: 300, Records: 600, Notes: 10, Tasks: 10,
				Inquiries: 10, Now: now, Seed: 3}
			if _, err := Generate(context.Background(), db, cfg, nil); err != nil {
				t.Fatal(err)
			}
			ps := allPersons(t, db)
			if len(ps) != cfg.Persons {
				t.Fatalf("%d persons, want %d", len(ps), cfg.Persons)
			}
			seen := map[string]bool{}
			for _, p := range ps {
				n, err := nin.Parse(p.NIN, nin.Country(country), now)
				if err != nil {
					t.Fatalf("%s: %v", nin.Mask(p.NIN), err)
				}
				if n.Digits != p.NIN || n.Warning != "" || seen[p.NIN] {
					t.Fatalf("%s: digits %s, warning %q, repeated %v", nin.Mask(p.NIN), nin.Mask(n.Digits), n.Warning,
						seen[p.NIN])
				}
				if want := country != Sweden; n.Synthetic != want {
					t.Fatalf("%s: synthetic %v, want %v", nin.Mask(p.NIN), n.Synthetic, want)
				}
				if torg.DateOf(n.BirthDate) != p.BirthDate {
					t.Fatalf("%s: the number says born %s, the person %s", nin.Mask(p.NIN), n.BirthDate, p.BirthDate)
				}
				seen[p.NIN] = true
			}
		})
	}
}

func allPersons(t *testing.T, db *store.DB) []*torg.Person {
	t.Helper()
	var out []*torg.Person
	ctx := context.Background()
	m, err := db.R().MunicipalityByCode(ctx, "9902")
	if err != nil {
		m, err = db.R().MunicipalityByCode(ctx, "992")
	}
	if err != nil {
		t.Fatal(err)
	}
	var after int64
	for {
		ps, err := db.R().PersonsAfter(ctx, m.ID, after, 5000)
		if err != nil {
			t.Fatal(err)
		}
		if len(ps) == 0 {
			return out
		}
		out = append(out, ps...)
		after = ps[len(ps)-1].ID
	}
}

func checkCounts(t *testing.T, db *store.DB, m *Manifest, cfg Config) {
	t.Helper()
	want := map[string]int64{"persons": int64(cfg.Persons), "cases": int64(cfg.Cases), "parties": int64(cfg.Cases),
		"records": int64(cfg.Records), "notes": int64(cfg.Notes), "tasks": int64(cfg.Tasks),
		"inquiries": int64(cfg.Inquiries)}
	for table, n := range want {
		got, err := db.R().CountRows(context.Background(), table)
		if err != nil || got != n {
			t.Errorf("%s: %d rows (%v), want %d", table, got, err, n)
		}
	}
	if m.Persons != want["persons"] || m.Cases != want["cases"] || m.Records != want["records"] ||
		m.Notes != want["notes"] || m.Tasks != want["tasks"] || m.Inquiries != want["inquiries"] {
		t.Errorf("manifest counts %+v", m)
	}
	if len(m.Samples) != cfg.Samples {
		t.Errorf("%d samples, want %d", len(m.Samples), cfg.Samples)
	}
}

// checkPersons checks the national IDs, the households and the rate of
// protected persons, and returns the persons by ID.
func checkPersons(t *testing.T, db *store.DB, cfg Config, now time.Time) map[int64]*torg.Person {
	t.Helper()
	ps := allPersons(t, db)
	byID := map[int64]*torg.Person{}
	type home struct{ adults, children int }
	homes := map[string]*home{}
	protected := 0
	adult := torg.DateOf(now.AddDate(-18, 0, 0))
	for _, p := range ps {
		byID[p.ID] = p
		n, err := nin.Parse(p.NIN, nin.Norway, now)
		if err != nil || !n.Synthetic {
			t.Fatalf("%s: %v, synthetic %v", nin.Mask(p.NIN), err, n.Synthetic)
		}
		if p.Protection != torg.ProtectionNone {
			protected++
			if p.Protection == torg.ProtectionStrict && p.Address != torg.SOT6Street {
				t.Errorf("a strictly protected person has a real address")
			}
			continue
		}
		h := homes[p.Address+"|"+p.Postcode]
		if h == nil {
			h = &home{}
			homes[p.Address+"|"+p.Postcode] = h
		}
		if p.BirthDate.Before(adult) {
			h.adults++
		} else {
			h.children++
		}
	}
	withChildren := 0
	for _, h := range homes {
		if h.adults == 0 || h.adults > 2 {
			t.Fatalf("a household of %d adults and %d children", h.adults, h.children)
		}
		if h.children > 0 {
			withChildren++
		}
	}
	if withChildren < len(homes)/5 {
		t.Errorf("%d of %d households have children", withChildren, len(homes))
	}
	// 0.12% expected: some 24 of 20,000.
	if rate := float64(protected) / float64(len(ps)); rate < 0.0005 || rate > 0.003 {
		t.Errorf("%d of %d persons protected", protected, len(ps))
	}
	return byID
}

// checkSamples reads every sample as the front desk would, and its case
// as the unit's leader; a counsellor sees a protected person's case not.
func checkSamples(t *testing.T, db *store.DB, m *Manifest, persons map[int64]*torg.Person) {
	t.Helper()
	ctx := context.Background()
	svc := casework.New(db, torg.SystemClock{}, casework.DefaultConfig())
	actor := func(role string, unit int64) *torg.Employee {
		for _, s := range m.Staff {
			if s.Role == role && (unit == 0 || s.UnitID == unit) {
				e, err := svc.EmployeeByUsername(ctx, s.Username)
				if err != nil {
					t.Fatal(err)
				}
				return e
			}
		}
		t.Fatalf("no %s of unit %d", role, unit)
		return nil
	}
	desk := actor(RoleFrontDesk, 0)
	protected := 0
	for _, s := range m.Samples {
		v, err := svc.FindPersonByNIN(ctx, desk, s.NIN)
		if err != nil || v.ID != s.PersonID {
			t.Fatalf("sample person %d: %v, %v", s.PersonID, v, err)
		}
		if p := persons[s.PersonID]; p == nil || (p.Protection != torg.ProtectionNone) != s.Protected {
			t.Fatalf("sample person %d: protected %v in the manifest", s.PersonID, s.Protected)
		}
		c, err := svc.Case(ctx, actor(RoleLeader, s.UnitID), s.CaseID)
		if err != nil || c.UnitID != s.UnitID || len(c.Parties) == 0 || c.Parties[0].PersonID != s.PersonID {
			t.Fatalf("sample case %d: %v", s.CaseID, err)
		}
		if s.Protected {
			protected++
			role := RoleCounsellor
			if c.Type != torg.CaseTypeDebt {
				role = RoleSocialWorker
			}
			if _, err := svc.Case(ctx, actor(role, s.UnitID), s.CaseID); torg.ErrorCode(err) != torg.ENOTFOUND {
				t.Errorf("a protected person's case for staff without clearance: %v", err)
			}
		}
	}
	if protected == 0 {
		t.Error("no protected samples")
	}
}

// checkStaff logs every employee in with password and token, and opens
// their cases.
func checkStaff(t *testing.T, db *store.DB, m *Manifest) {
	t.Helper()
	ctx := context.Background()
	svc := casework.New(db, torg.SystemClock{}, casework.DefaultConfig())
	roles := map[string]int{}
	for i, s := range m.Staff {
		roles[s.Role]++
		e, err := svc.TokenEmployee(ctx, s.Token)
		if err != nil || e.Username != s.Username || !e.InUnit(s.UnitID) {
			t.Fatalf("token of %s: %v, %v", s.Username, e, err)
		}
		if i%5 == 0 { // argon2 is slow: some logins suffice
			if _, _, _, err := svc.Login(ctx, s.Username, s.Password); err != nil {
				t.Errorf("login %s: %v", s.Username, err)
			}
		}
		if s.Role != RoleFrontDesk && len(s.CaseIDs) == 0 {
			t.Errorf("%s has no cases", s.Username)
		}
		for _, id := range s.CaseIDs {
			if _, err := svc.Case(ctx, e, id); err != nil {
				t.Fatalf("%s opens case %d: %v", s.Username, id, err)
			}
		}
		if s.Role == RoleCounsellor || s.Role == RoleSocialWorker {
			tasks, err := svc.WorkList(ctx, e)
			if err != nil || len(tasks) == 0 {
				t.Errorf("%s: work list of %d tasks, %v", s.Username, len(tasks), err)
			}
		}
	}
	for _, r := range []string{RoleFrontDesk, RoleCounsellor, RoleSocialWorker, RoleLeader} {
		if roles[r] == 0 {
			t.Errorf("no staff with role %s", r)
		}
	}
}

func TestManifestRoundTrip(t *testing.T) {
	m := &Manifest{Created: time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC), Country: "DK", Persons: 10, Cases: 3,
		Records: 30, Notes: 4, Tasks: 5, Inquiries: 2,
		Staff: []Staff{{Username: "bcoun0001", Password: "pw", Token: "torg_x", Role: RoleCounsellor, UnitID: 2,
			CaseIDs: []int64{4, 5}}},
		Samples: []Sample{{NIN: "7111111116", PersonID: 1, CaseID: 4, UnitID: 2, Protected: true}}}
	path := filepath.Join(t.TempDir(), "sub", "bench.json")
	if err := WriteManifest(path, m); err != nil {
		t.Fatal(err)
	}
	got, err := ReadManifest(path)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, m) {
		t.Errorf("read %+v, wrote %+v", got, m)
	}
	if _, err := ReadManifest(filepath.Join(t.TempDir(), "none.json")); err == nil {
		t.Error("a missing manifest: no error")
	}
}

func TestSpread(t *testing.T) {
	for _, c := range []struct{ n, total int }{{1, 0}, {1, 5}, {7, 3}, {10, 100}, {1001, 10_000}} {
		s := spread(c.n, c.total, true, 9)
		if s[0] != 0 || s[c.n] != int64(c.total) {
			t.Errorf("spread(%d, %d): from %d to %d", c.n, c.total, s[0], s[c.n])
		}
		for i := range c.n {
			if d := s[i+1] - s[i]; d < 0 || (c.total >= c.n && d < 1) {
				t.Errorf("spread(%d, %d): index %d gets %d", c.n, c.total, i, d)
			}
		}
	}
}

// TestClosedCasesSpread checks that staff who take cases in turn each get
// open cases, whatever their number: closing every fifth block of ten
// cases once left one counsellor in five with only closed cases, and so
// an empty work list.
func TestClosedCasesSpread(t *testing.T) {
	for _, staff := range []int{5, 6, 30, 600} {
		open := make([]int, staff)
		closed := 0
		for i := range staff * 40 {
			if caseClosed(i) {
				closed++
			} else {
				open[i%staff]++
			}
		}
		if share := float64(closed) / float64(staff*40); share < 0.15 || share > 0.25 {
			t.Errorf("%d staff: %.2f of cases closed, want about 0.2", staff, share)
		}
		for s, n := range open {
			if n == 0 {
				t.Fatalf("%d staff: employee %d has no open case", staff, s)
			}
		}
	}
}
