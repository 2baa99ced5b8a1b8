package casework_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/casework/casetest"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

func TestApplication(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := casetest.New(t, db)
		if _, err := f.Svc.LoadRoutines(ctx); err != nil {
			t.Fatal(err)
		}
		t.Run("DC1.1 the web application creates the case", func(t *testing.T) { testApplyCreates(t, f) })
		t.Run("DC1.1 a second submit returns the same case", func(t *testing.T) { testApplyTwice(t, f) })
		t.Run("DC1.1 an application while a case is open joins it", func(t *testing.T) { testApplyJoins(t, f) })
		t.Run("DC1.1 an invalid national ID is refused and nothing saved", func(t *testing.T) { testApplyBadNIN(t, f) })
		t.Run("DC1.1 a known person gets the phone torg lacks, never another", func(t *testing.T) { testApplyContact(t, f) })
		t.Run("DC1.4 a missing rule leaves the case for the unit", func(t *testing.T) { testApplyNoRule(t, f) })
		t.Run("DC1.4 distribution by day of birth: 12 → EG, 13 → KH, 31 → AG", func(t *testing.T) { testDistribution(t, f) })
		t.Run("DC1.4 only a leader of the unit sets the table, covering 1–31", func(t *testing.T) { testSetRules(t, f) })
	})
}

// testNIN returns a valid synthetic Norwegian national ID for a birth date
// in the 1900s: individual numbers 000–499 are of that century.
func testNIN(t *testing.T, day, month, yy int) string {
	t.Helper()
	w1 := []int{3, 7, 6, 1, 8, 9, 4, 5, 2}
	w2 := []int{5, 4, 3, 2, 7, 6, 5, 4, 3, 2}
	for ind := 100; ind < 500; ind++ {
		d := fmt.Sprintf("%02d%02d%02d%03d", day, month, yy, ind)
		k1 := control(d, w1)
		if k1 < 0 {
			continue
		}
		d += fmt.Sprint(k1)
		if k2 := control(d, w2); k2 >= 0 {
			return d + fmt.Sprint(k2)
		}
	}
	t.Fatalf("no national ID for %d.%d.%d", day, month, yy)
	return ""
}

func control(d string, w []int) int {
	sum := 0
	for i, c := range w {
		sum += int(d[i]-'0') * c
	}
	k := 11 - sum%11
	switch k {
	case 11:
		return 0
	case 10:
		return -1
	}
	return k
}

func application(key, nin, given string) casework.Application {
	return casework.Application{RequestKey: key, NIN: nin, GivenName: given, FamilyName: "Søker", Phone: "+4791234567",
		Address: "Torggata 3", Postcode: "4600", City: "Torgvik", Summary: "Jeg har inkasso på flere regninger."}
}

func mustApply(t *testing.T, f *casetest.Fixture, in casework.Application) (*torg.Case, bool) {
	t.Helper()
	c, dup, err := f.Svc.Apply(ctx, f.Muni.Code, in)
	if err != nil {
		t.Fatalf("apply: %v", err)
	}
	return c, dup
}

func testApplyCreates(t *testing.T, f *casetest.Fixture) {
	c, dup := mustApply(t, f, application("form-1", testNIN(t, 5, 3, 80), "Anna"))
	if dup || c.Type != torg.CaseTypeDebt || c.Status != torg.CaseOpen || c.UnitID != f.Debt.ID {
		t.Fatalf("case = %+v, dup %v", c, dup)
	}
	if c.Title != "Gjeldsrådgivning – Anna Søker" || len(c.Parties) != 1 || c.Parties[0].Role != torg.PartyApplicant {
		t.Errorf("case title %q, parties %+v", c.Title, c.Parties)
	}
	recs, err := f.DB.R().CaseRecords(ctx, c.ID)
	if err != nil || len(recs) != 1 {
		t.Fatalf("records = %v, %v", recs, err)
	}
	if r := recs[0]; r.Type != torg.RecordIncoming || r.Title != "Søknad om gjeldsrådgivning" || !r.Outstanding ||
		r.Body != "Jeg har inkasso på flere regninger." || r.PersonID != c.Parties[0].PersonID {
		t.Errorf("record = %+v", r)
	}
	crs, err := f.DB.R().CaseRoutines(ctx, c.ID)
	if err != nil || len(crs) == 0 {
		t.Errorf("routines started: %v, %v", crs, err)
	}
	if !hasAudit(t, f, c.Parties[0].PersonID, "case.apply") {
		t.Error("no case.apply audit event")
	}
}

func hasAudit(t *testing.T, f *casetest.Fixture, personID int64, action string) bool {
	t.Helper()
	found := false
	err := f.DB.R().AuditEvents(ctx, 0, func(e *torg.AuditEvent) error {
		found = found || (e.Action == action && e.PersonID == personID && e.ActorID == 0)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}

func testApplyTwice(t *testing.T, f *casetest.Fixture) {
	in := application("form-2", testNIN(t, 6, 3, 80), "Bodil")
	first, _ := mustApply(t, f, in)
	again, dup := mustApply(t, f, in)
	if !dup || again.ID != first.ID {
		t.Errorf("second submit: case %d dup %v, want case %d dup", again.ID, dup, first.ID)
	}
	recs, _ := f.DB.R().CaseRecords(ctx, first.ID)
	if len(recs) != 1 {
		t.Errorf("%d records after two submits, want 1", len(recs))
	}
}

func testApplyJoins(t *testing.T, f *casetest.Fixture) {
	before, _ := f.DB.R().CaseRecords(ctx, f.KariCase.ID)
	c, dup := mustApply(t, f, application("form-3", casetest.KariNIN, "Kari"))
	if dup || c.ID != f.KariCase.ID {
		t.Fatalf("Kari's application went to case %d, want her open case %d", c.ID, f.KariCase.ID)
	}
	after, _ := f.DB.R().CaseRecords(ctx, f.KariCase.ID)
	if len(after) != len(before)+1 || after[len(after)-1].Title != "Søknad om gjeldsrådgivning" {
		t.Errorf("records %d → %d", len(before), len(after))
	}
	cases, _ := f.DB.R().PersonCases(ctx, f.Muni.ID, f.Kari.ID)
	if len(cases) != 1 {
		t.Errorf("Kari has %d cases, want 1", len(cases))
	}
	// The counsellor is told: a task on their work list for the record.
	tasks, err := f.Svc.WorkList(ctx, f.EG)
	if err != nil {
		t.Fatal(err)
	}
	var joined *torg.Task
	for _, tk := range tasks {
		if tk.CaseID == c.ID && tk.RecordID == after[len(after)-1].ID {
			joined = tk
		}
	}
	if joined == nil || joined.Title != "Ny søknad i saken – les den" || strings.Contains(joined.Title, "Kari") {
		t.Errorf("EG's task for the joined application: %+v", joined)
	}
}

func testApplyBadNIN(t *testing.T, f *casetest.Fixture) {
	in := application("form-4", "10915596785", "Feil")
	_, _, err := f.Svc.Apply(ctx, f.Muni.Code, in)
	if e := torg.AsError(err); e == nil || e.Field != "nin" || e.Code != torg.EINVALID || e.Key != "nin.control2" {
		t.Fatalf("err = %v", err)
	}
	if _, err := f.DB.R().ApplicationCase(ctx, f.Muni.ID, "form-4"); torg.ErrorCode(err) != torg.ENOTFOUND {
		t.Errorf("application saved: %v", err)
	}
}

func testApplyNoRule(t *testing.T, f *casetest.Fixture) {
	c, _ := mustApply(t, f, application("form-5", testNIN(t, 12, 4, 81), "Cato"))
	if c.ResponsibleID != 0 {
		t.Errorf("responsible %d without rules, want nobody", c.ResponsibleID)
	}
}

func testDistribution(t *testing.T, f *casetest.Fixture) {
	ag := &torg.Employee{MunicipalityID: f.Muni.ID, Username: "ag", Name: "Ali Gundersen", Initials: "AG",
		Roles: []torg.Role{torg.RoleCounsellor}, Units: []int64{f.Debt.ID}, Active: true}
	if err := f.DB.Write(ctx, func(q *store.Q) error { return q.CreateEmployee(ctx, ag, "", casetest.Now) }); err != nil {
		t.Fatal(err)
	}
	rules := []casework.DistributionRule{{From: 1, To: 12, EmployeeID: f.EG.ID}, {From: 13, To: 16, EmployeeID: f.KH.ID},
		{From: 17, To: 31, EmployeeID: ag.ID}}
	if err := f.Svc.SetDistributionRules(ctx, f.Leader, f.Debt.ID, rules); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		day  int
		want *torg.Employee
	}{{12, f.EG}, {13, f.KH}, {31, ag}, {1, f.EG}, {16, f.KH}, {17, ag}} {
		c, _ := mustApply(t, f, application(fmt.Sprint("dist-", tc.day), testNIN(t, tc.day, 1, 85), "Dag"))
		if c.ResponsibleID != tc.want.ID {
			t.Errorf("born on day %d: responsible %d, want %s", tc.day, c.ResponsibleID, tc.want.Initials)
		}
	}
}

func testSetRules(t *testing.T, f *casetest.Fixture) {
	ok := []casework.DistributionRule{{From: 1, To: 31, EmployeeID: f.EG.ID}}
	for _, tc := range []struct {
		name  string
		a     *torg.Employee
		rules []casework.DistributionRule
		code  string
	}{
		{"a counsellor may not", f.EG, ok, torg.EFORBIDDEN},
		{"the desk may not", f.FrontDesk, ok, torg.EFORBIDDEN},
		{"a gap", f.Leader, []casework.DistributionRule{{From: 1, To: 10, EmployeeID: f.EG.ID}, {From: 12, To: 31, EmployeeID: f.KH.ID}}, torg.EINVALID},
		{"an overlap", f.Leader, []casework.DistributionRule{{From: 1, To: 12, EmployeeID: f.EG.ID}, {From: 1, To: 31, EmployeeID: f.KH.ID}}, torg.EINVALID},
		{"beyond 31", f.Leader, []casework.DistributionRule{{From: 1, To: 32, EmployeeID: f.EG.ID}}, torg.EINVALID},
		{"someone outside the unit", f.Leader, []casework.DistributionRule{{From: 1, To: 31, EmployeeID: f.Outsider.ID}}, torg.EINVALID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := f.Svc.SetDistributionRules(ctx, tc.a, f.Debt.ID, tc.rules); torg.ErrorCode(err) != tc.code {
				t.Errorf("err = %v, want %s", err, tc.code)
			}
		})
	}
}

// testApplyContact applies for three persons torg knows: one without a
// phone or e-mail gets the form's, so the counsellor can call (DC2.2) and
// the meeting's SMS reaches them (DC4.3); one with a phone keeps it; a
// protected one gets nothing from the form, which anyone could send.
func testApplyContact(t *testing.T, f *casetest.Fixture) {
	mk := func(day int, given, phone string, p torg.Protection) *torg.Person {
		return &torg.Person{MunicipalityID: f.Muni.ID, NIN: testNIN(t, day, 4, 81), NINCountry: "NO", NINKind: "fnr",
			GivenName: given, FamilyName: "Søker", Address: "Torggata 9", Postcode: "4600", City: "Torgvik",
			Phone: phone, Protection: p}
	}
	none, kept, hidden := mk(2, "Ine", "", torg.ProtectionNone), mk(3, "Kjell", "+4740000001", torg.ProtectionNone),
		mk(4, "Vera", "", torg.ProtectionConfidential)
	err := f.DB.Write(ctx, func(q *store.Q) error { return q.CreatePersons(ctx, []*torg.Person{none, kept, hidden}, casetest.Now) })
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		p                *torg.Person
		phone, email     string
		wantPhone, wantE string
	}{
		{none, "+4791234567", "ine@example.com", "+4791234567", "ine@example.com"},
		{kept, "+4791234567", "", "+4740000001", ""},
		{hidden, "+4791234567", "vera@example.com", "", ""},
	} {
		in := application("form-contact-"+tt.p.GivenName, tt.p.NIN, tt.p.GivenName)
		in.Phone, in.Email, in.Address = tt.phone, tt.email, "Et annet sted 1"
		mustApply(t, f, in)
		got, err := f.DB.R().PersonByNIN(ctx, f.Muni.ID, tt.p.NIN)
		if err != nil {
			t.Fatal(err)
		}
		if got.Phone != tt.wantPhone || got.Email != tt.wantE || got.Address != "Torggata 9" {
			t.Errorf("%s after applying: phone %q, e-mail %q, address %q; want %q, %q, Torggata 9",
				tt.p.GivenName, got.Phone, got.Email, got.Address, tt.wantPhone, tt.wantE)
		}
	}
}
