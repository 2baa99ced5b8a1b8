package casework_test

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/casework/casetest"
	"github.com/torg-kommune/torg/internal/registry"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

// badInputFixture is the fixture with EG taking every new case and a
// population register that knows Anna Marie Annesen (born 24.12.1985) and
// Sara Skjult, strictly protected, whom the municipality does not know yet.
type badInputFixture struct {
	*casetest.Fixture
	AnnaNIN, HiddenNIN string
}

func newBadInputFixture(t *testing.T, db *store.DB) *badInputFixture {
	t.Helper()
	f := &badInputFixture{Fixture: casetest.New(t, db), AnnaNIN: testNIN(t, 24, 12, 85), HiddenNIN: testNIN(t, 2, 2, 92)}
	if _, err := f.Svc.LoadRoutines(ctx); err != nil {
		t.Fatal(err)
	}
	rules := []casework.DistributionRule{{From: 1, To: 31, EmployeeID: f.EG.ID}}
	if err := f.Svc.SetDistributionRules(ctx, f.Leader, f.Debt.ID, rules); err != nil {
		t.Fatal(err)
	}
	file := registry.File{Municipality: f.Muni.Code, Persons: []registry.FilePerson{
		{NIN: f.AnnaNIN, GivenName: "Anna Marie", FamilyName: "Annesen", Address: "Elvegata 2", Postcode: "4600", City: "Torgvik"},
		{NIN: f.HiddenNIN, GivenName: "Hedda", FamilyName: "Gjemt", Address: "Skjulestien 1", Protection: "strict"},
	}}
	if _, err := registry.Import(ctx, f.DB, file, casetest.Now); err != nil {
		t.Fatal(err)
	}
	return f
}

func TestApplicationBadInput(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newBadInputFixture(t, db)
		t.Run("DC1.1 a wrong application is refused with a field error and nothing is saved", func(t *testing.T) {
			testRefusedLeavesNothing(t, f)
		})
		t.Run("DC1.1 a date of birth the national ID does not have is refused", func(t *testing.T) { testBirthDateMismatch(t, f) })
		t.Run("DC1.1 a date of birth written the Nordic way is read", func(t *testing.T) { testBirthDateForms(t, f) })
		t.Run("DC1.1 a name the register does not give the number is filed, flagged for an identity check", func(t *testing.T) {
			testNameMismatch(t, f)
		})
		t.Run("DC1.1 leaving out a middle name is no mismatch", func(t *testing.T) { testNameMatch(t, f) })
		t.Run("DC1.3 a person the register protects is protected from the first application", func(t *testing.T) {
			testRegisterProtects(t, f)
		})
		t.Run("DC1.1 two applications of one person sent at once open one case", func(t *testing.T) { testConcurrentApply(t, f) })
		t.Run("DC1.1 a form submitted twice at once opens one case", func(t *testing.T) { testConcurrentSameKey(t, f) })
		t.Run("DC1.2 a paper application is checked the same way", func(t *testing.T) { testPaperBadInput(t, f) })
	})
}

// nothingSaved fails if an application left a person, a case or a form
// key behind.
func nothingSaved(t *testing.T, f *badInputFixture, key, nin string) {
	t.Helper()
	if _, err := f.DB.R().ApplicationCase(ctx, f.Muni.ID, key); torg.ErrorCode(err) != torg.ENOTFOUND {
		t.Errorf("the application form was saved: %v", err)
	}
	if _, err := f.DB.R().PersonByNIN(ctx, f.Muni.ID, nin); torg.ErrorCode(err) != torg.ENOTFOUND {
		t.Errorf("the person was saved: %v", err)
	}
}

func testRefusedLeavesNothing(t *testing.T, f *badInputFixture) {
	nin := testNIN(t, 11, 6, 77)
	for _, tc := range []struct {
		name, field, key string
		edit             func(*casework.Application)
	}{
		{"a wrong control digit", "nin", "nin.control2", func(a *casework.Application) { a.NIN = "10915596785" }},
		{"too short a number", "nin", "nin.length", func(a *casework.Application) { a.NIN = "1091559678" }},
		{"no family name", "family_name", "person.family_name_required", func(a *casework.Application) { a.FamilyName = " " }},
		{"no summary", "summary", "apply.summary_required", func(a *casework.Application) { a.Summary = "\r\n " }},
		{"a date of birth that is no date", "birth_date", "apply.birth_date_invalid", func(a *casework.Application) { a.BirthDate = "31.02.1977" }},
	} {
		in := application("refused-"+tc.field, nin, "Rolf")
		tc.edit(&in)
		_, _, err := f.Svc.Apply(ctx, f.Muni.Code, in)
		if e := torg.AsError(err); e == nil || e.Code != torg.EINVALID || e.Field != tc.field || e.Key != tc.key {
			t.Errorf("%s: err = %v, want %s on %s", tc.name, err, tc.key, tc.field)
		}
		nothingSaved(t, f, in.RequestKey, nin)
	}
}

func testBirthDateMismatch(t *testing.T, f *badInputFixture) {
	nin := testNIN(t, 12, 6, 77)
	in := application("birth-mismatch", nin, "Berit")
	in.BirthDate = "13.06.1977"
	_, _, err := f.Svc.Apply(ctx, f.Muni.Code, in)
	if e := torg.AsError(err); e == nil || e.Field != "birth_date" || e.Key != "apply.birth_date_mismatch" {
		t.Fatalf("err = %v, want apply.birth_date_mismatch on birth_date", err)
	}
	nothingSaved(t, f, in.RequestKey, nin)
}

func testBirthDateForms(t *testing.T, f *badInputFixture) {
	for i, raw := range []string{"12.06.1977", "12/6/1977", "1977-06-12", " 12-06-1977 "} {
		nin := testNIN(t, 12, 6, 70+i)
		in := application(fmt.Sprint("birth-form-", i), nin, "Berit")
		in.BirthDate = strings.Replace(raw, "1977", fmt.Sprint(1970+i), 1)
		if _, _, err := f.Svc.Apply(ctx, f.Muni.Code, in); err != nil {
			t.Errorf("%q: %v", in.BirthDate, err)
		}
	}
}

func testNameMismatch(t *testing.T, f *badInputFixture) {
	in := application("anna-other-name", f.AnnaNIN, "Anna")
	in.FamilyName = "Søker"
	c, _ := mustApply(t, f.Fixture, in)
	if !slices.Contains(c.Markers, casework.MarkerCheckIdentity) {
		t.Errorf("markers %v, want %q", c.Markers, casework.MarkerCheckIdentity)
	}
	stored, err := f.DB.R().Case(ctx, f.Muni.ID, c.ID)
	if err != nil || !slices.Contains(stored.Markers, casework.MarkerCheckIdentity) {
		t.Errorf("stored markers %v, %v", stored.Markers, err)
	}
	tasks, _ := f.DB.R().CaseTasks(ctx, c.ID)
	var check *torg.Task
	for _, tk := range tasks {
		if tk.Title == "Kontroller søkerens identitet" {
			check = tk
		}
	}
	if check == nil || check.AssigneeID != f.EG.ID || !strings.Contains(check.Detail, "folkeregisteret") ||
		strings.Contains(check.Title+check.Detail, "Annesen") {
		t.Errorf("identity task %+v", check)
	}
	// The case is filed under the name the applicant gave: the register's
	// name is for the counsellor to fetch (DC1.5), never told the applicant.
	recs, _ := f.DB.R().CaseRecords(ctx, c.ID)
	if len(recs) != 1 || recs[0].Correspondent != "Anna Søker" || strings.Contains(c.Title, "Annesen") {
		t.Errorf("case %q, records %+v", c.Title, recs)
	}
}

func testNameMatch(t *testing.T, f *badInputFixture) {
	closeAll(t, f.Fixture, f.AnnaNIN)
	in := application("anna-own-name", f.AnnaNIN, "anna")
	in.FamilyName, in.BirthDate = "ANNESEN", "24.12.1985"
	c, _ := mustApply(t, f.Fixture, in)
	if slices.Contains(c.Markers, casework.MarkerCheckIdentity) {
		t.Errorf("markers %v: the name is the register's", c.Markers)
	}
}

// closeAll closes a person's cases, so that their next application opens
// a new one.
func closeAll(t *testing.T, f *casetest.Fixture, nin string) {
	t.Helper()
	p, err := f.DB.R().PersonByNIN(ctx, f.Muni.ID, nin)
	if err != nil {
		t.Fatal(err)
	}
	cases, _ := f.DB.R().PersonCases(ctx, f.Muni.ID, p.ID)
	for _, c := range cases {
		if err := f.DB.Write(ctx, func(q *store.Q) error { return q.SetCaseStatus(ctx, c.ID, torg.CaseClosed, casetest.Now) }); err != nil {
			t.Fatal(err)
		}
	}
}

func testRegisterProtects(t *testing.T, f *badInputFixture) {
	in := application("hidden", f.HiddenNIN, "Hedda")
	in.FamilyName, in.Address = "Gjemt", "Skjulestien 1"
	c, _ := mustApply(t, f.Fixture, in)
	p, err := f.DB.R().PersonByNIN(ctx, f.Muni.ID, f.HiddenNIN)
	if err != nil {
		t.Fatal(err)
	}
	if p.Protection != torg.ProtectionStrict || p.Address != torg.SOT6Street || p.City != torg.SOT6City || strings.Contains(p.Address+p.City, "Skjule") {
		t.Errorf("person protection %d, address %q %q; want strict with the forwarding address", p.Protection, p.Address, p.City)
	}
	if c.ResponsibleID != f.Leader.ID {
		t.Errorf("responsible %d, want the cleared leader, not EG by the table", c.ResponsibleID)
	}
	if _, err := f.Svc.Case(ctx, f.EG, c.ID); torg.ErrorCode(err) != torg.ENOTFOUND {
		t.Errorf("EG, not cleared, sees the case: %v", err)
	}
}

func testConcurrentApply(t *testing.T, f *badInputFixture) {
	nin := testNIN(t, 3, 3, 73)
	cases := applyAtOnce(t, f, func(i int) casework.Application {
		return application(fmt.Sprint("at-once-", i), nin, "Sam")
	})
	if cases[0].ID != cases[1].ID {
		t.Errorf("cases %d and %d, want one", cases[0].ID, cases[1].ID)
	}
	p, _ := f.DB.R().PersonByNIN(ctx, f.Muni.ID, nin)
	if cs, _ := f.DB.R().PersonCases(ctx, f.Muni.ID, p.ID); len(cs) != 1 {
		t.Errorf("%d cases, want 1", len(cs))
	}
	if recs, _ := f.DB.R().CaseRecords(ctx, cases[0].ID); len(recs) != 2 {
		t.Errorf("%d records, want both applications", len(recs))
	}
	// A known person without an open case, twice at once: one new case.
	closeAll(t, f.Fixture, nin)
	again := applyAtOnce(t, f, func(i int) casework.Application {
		return application(fmt.Sprint("at-once-again-", i), nin, "Sam")
	})
	if again[0].ID != again[1].ID || again[0].ID == cases[0].ID {
		t.Errorf("cases %d and %d, want one new case", again[0].ID, again[1].ID)
	}
}

func testConcurrentSameKey(t *testing.T, f *badInputFixture) {
	nin := testNIN(t, 4, 3, 73)
	cases := applyAtOnce(t, f, func(int) casework.Application { return application("same-form", nin, "Siv") })
	if cases[0].ID != cases[1].ID {
		t.Errorf("cases %d and %d, want one", cases[0].ID, cases[1].ID)
	}
	if recs, _ := f.DB.R().CaseRecords(ctx, cases[0].ID); len(recs) != 1 {
		t.Errorf("%d records, want 1", len(recs))
	}
}

// applyAtOnce sends two applications at the same time.
func applyAtOnce(t *testing.T, f *badInputFixture, in func(i int) casework.Application) [2]*torg.Case {
	t.Helper()
	var cases [2]*torg.Case
	var errs [2]error
	var wg sync.WaitGroup
	for i := range 2 {
		wg.Go(func() { cases[i], _, errs[i] = f.Svc.Apply(ctx, f.Muni.Code, in(i)) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	return cases
}

func testPaperBadInput(t *testing.T, f *badInputFixture) {
	dc := documentCentre(t, f.Fixture)
	nin := testNIN(t, 9, 9, 79)
	in := paper("paper-bad", nin, "Per", "")
	in.BirthDate = "10.09.1979"
	_, _, err := f.Svc.RegisterPaperApplication(ctx, dc, in)
	if e := torg.AsError(err); e == nil || e.Field != "birth_date" || e.Key != "apply.birth_date_mismatch" {
		t.Errorf("err = %v, want apply.birth_date_mismatch", err)
	}
	nothingSaved(t, f, in.RequestKey, nin)
	closeAll(t, f.Fixture, f.AnnaNIN)
	in = paper("paper-anna", f.AnnaNIN, "Hanna", "")
	c, _, err := f.Svc.RegisterPaperApplication(ctx, dc, in)
	if err != nil || !slices.Contains(c.Markers, casework.MarkerCheckIdentity) {
		t.Errorf("paper under another name: markers %v, %v", c.Markers, err)
	}
}
