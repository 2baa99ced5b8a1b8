package casework_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

var orgNow = time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)

// testOrg returns a fresh org file with a front desk, a debt unit and three
// employees, one of them inactive.
func testOrg() casework.OrgFile {
	no := false
	return casework.OrgFile{
		Municipality: casework.OrgMunicipality{Code: "4204", Name: "Kristiansand kommune", Country: "NO",
			Language: "nb", TimeZone: "Europe/Oslo"},
		Units: []casework.OrgUnit{
			{Code: "desk", Name: "Innbyggertorget"},
			{Code: "debt", Name: "Gjeldsrådgivning", InquiryTitle: "Gjeldsrådgivningssak", Shelf: "Gjeldsrådgivning",
				MessageChannel: "eDialog", RequiredDocs: []string{"Fullmakt", "Lønnsslipper"}},
		},
		Employees: []casework.OrgEmployee{
			{Username: "fs", Name: "Frida Skranke", Initials: "FS", Email: "frida.skranke@example.org",
				Roles: []torg.Role{torg.RoleFrontDesk}, Units: []string{"debt", "desk"}},
			{Username: "EG", Name: "Eva Gran", Initials: "EG", Email: "eva.gran@example.org",
				Roles: []torg.Role{torg.RoleCounsellor}, Units: []string{"debt"}, Clearance: "confidential"},
			{Username: "ll", Name: "Lise Lund", Initials: "LL", Roles: []torg.Role{torg.RoleLeader},
				Units: []string{"debt"}, Clearance: "strict", Active: &no},
		},
	}
}

// orgState is what an import can change, read back from the database.
type orgState struct {
	Muni      *torg.Municipality
	Units     []*torg.Unit
	Employees map[string]*torg.Employee
	Passwords map[string]bool // whether each has a password
	Audit     []string        // actions, in order
}

// mustOrgState reads the state of municipality code and of the employees.
func mustOrgState(tb testing.TB, db *store.DB, code string, usernames ...string) orgState {
	tb.Helper()
	ctx := context.Background()
	s := orgState{Employees: map[string]*torg.Employee{}, Passwords: map[string]bool{}}
	var err error
	if s.Muni, err = db.R().MunicipalityByCode(ctx, code); err == nil {
		s.Units, err = db.R().Units(ctx, s.Muni.ID)
	}
	if err != nil && torg.ErrorCode(err) != torg.ENOTFOUND {
		tb.Fatal(err)
	}
	for _, u := range usernames {
		e, hash, err := db.R().EmployeeLogin(ctx, u)
		if err == nil {
			s.Employees[u], s.Passwords[u] = e, hash != ""
		}
	}
	for _, e := range mustAudit(tb, db) {
		s.Audit = append(s.Audit, e.Action)
	}
	return s
}

func mustAudit(tb testing.TB, db *store.DB) []*torg.AuditEvent {
	tb.Helper()
	var out []*torg.AuditEvent
	if err := db.R().AuditEvents(context.Background(), 0, func(e *torg.AuditEvent) error {
		out = append(out, e)
		return nil
	}); err != nil {
		tb.Fatal(err)
	}
	return out
}

func mustImport(tb testing.TB, db *store.DB, f casework.OrgFile) casework.OrgResult {
	tb.Helper()
	res, err := casework.ImportOrg(context.Background(), db, f, orgNow)
	if err != nil {
		tb.Fatalf("import: %v", err)
	}
	return res
}

func unitIDs(s orgState) map[string]int64 {
	m := map[string]int64{}
	for _, u := range s.Units {
		m[u.Code] = u.ID
	}
	return m
}

func TestImportOrg(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		users := []string{"fs", "eg", "ll"}
		res := mustImport(t, db, testOrg())
		want := casework.OrgResult{Code: "4204", Name: "Kristiansand kommune", Municipality: casework.OrgCreated,
			Units: casework.OrgCounts{Created: 2}, Employees: casework.OrgCounts{Created: 3}, NoPassword: users}
		if diff := cmp.Diff(want, res); diff != "" {
			t.Errorf("first import (-want +got):\n%s", diff)
		}
		created := mustOrgState(t, db, "4204", users...)
		checkCreated(t, created, mustAudit(t, db))

		t.Run("the same file again changes nothing", func(t *testing.T) {
			res := mustImport(t, db, testOrg())
			want := casework.OrgResult{Code: "4204", Name: "Kristiansand kommune", Municipality: casework.OrgUnchanged,
				Units: casework.OrgCounts{Unchanged: 2}, Employees: casework.OrgCounts{Unchanged: 3}, NoPassword: users}
			if diff := cmp.Diff(want, res); diff != "" {
				t.Errorf("result (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(created, mustOrgState(t, db, "4204", users...)); diff != "" {
				t.Errorf("state changed (-before +after):\n%s", diff)
			}
		})
		t.Run("changed checklist and roles are updated", func(t *testing.T) {
			checkUpdate(t, db, created)
		})
	})
}

func checkCreated(t *testing.T, s orgState, audit []*torg.AuditEvent) {
	t.Helper()
	ids := unitIDs(s)
	wantMuni := &torg.Municipality{ID: s.Muni.ID, Code: "4204", Name: "Kristiansand kommune", Country: "NO",
		Language: "nb", TimeZone: "Europe/Oslo"}
	wantEG := &torg.Employee{ID: s.Employees["eg"].ID, MunicipalityID: s.Muni.ID, Username: "eg", Name: "Eva Gran",
		Initials: "EG", Email: "eva.gran@example.org", Roles: []torg.Role{torg.RoleCounsellor},
		Units: []int64{ids["debt"]}, Clearance: torg.ProtectionConfidential, Language: "nb", Active: true}
	if diff := cmp.Diff(wantMuni, s.Muni); diff != "" {
		t.Errorf("municipality (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(wantEG, s.Employees["eg"]); diff != "" {
		t.Errorf("employee eg (-want +got):\n%s", diff)
	}
	if len(s.Units) != 2 || len(s.Employees["fs"].Units) != 2 || s.Employees["ll"].Active ||
		s.Passwords["eg"] || s.Employees["ll"].Clearance != torg.ProtectionStrict {
		t.Errorf("after import: %s", fmtAll(s))
	}
	last := audit[len(audit)-1]
	if len(audit) != 1 || last.Action != "org.import" || last.ActorID != 0 || last.MunicipalityID != s.Muni.ID ||
		last.Detail != "2 units, 3 employees" {
		t.Errorf("audit: %s", fmtAll(audit))
	}
}

// checkUpdate imports testOrg with a changed checklist, roles and name and
// checks that exactly those change.
func checkUpdate(t *testing.T, db *store.DB, before orgState) {
	t.Helper()
	f := testOrg()
	f.Municipality.Name = "Kristiansand"
	f.Units[1].RequiredDocs = []string{"Fullmakt", "Kontoutskrifter"}
	f.Employees[1].Roles = []torg.Role{torg.RoleCounsellor, torg.RoleLeader}
	res := mustImport(t, db, f)
	want := casework.OrgResult{Code: "4204", Name: "Kristiansand", Municipality: casework.OrgUpdated,
		Units:      casework.OrgCounts{Updated: 1, Unchanged: 1},
		Employees:  casework.OrgCounts{Updated: 1, Unchanged: 2},
		NoPassword: []string{"fs", "eg", "ll"}}
	if diff := cmp.Diff(want, res); diff != "" {
		t.Errorf("result (-want +got):\n%s", diff)
	}
	after := mustOrgState(t, db, "4204", "fs", "eg", "ll")
	before.Muni.Name = "Kristiansand"
	for _, u := range before.Units {
		if u.Code == "debt" {
			u.RequiredDocs = []string{"Fullmakt", "Kontoutskrifter"}
		}
	}
	before.Employees["eg"].Roles = []torg.Role{torg.RoleCounsellor, torg.RoleLeader}
	before.Audit = append(before.Audit, "org.import")
	if diff := cmp.Diff(before, after); diff != "" {
		t.Errorf("state (-want +got):\n%s", diff)
	}
}

func TestImportOrgInvalidChangesNothing(t *testing.T) {
	tests := []struct {
		name  string
		spoil func(f *casework.OrgFile)
		want  string
	}{
		{"unknown role", func(f *casework.OrgFile) { f.Employees[1].Roles = []torg.Role{"boss"} },
			`employee "EG": unknown role "boss" (valid: frontdesk, counsellor, leader, admin, documentcentre)`},
		{"unknown unit", func(f *casework.OrgFile) { f.Employees[2].Units = []string{"debt", "child"} },
			`employee "ll": unknown unit "child"`},
		{"bad time zone", func(f *casework.OrgFile) { f.Municipality.TimeZone = "Europe/Kristiansand" },
			`municipality "4204": time zone "Europe/Kristiansand" is not an IANA time zone`},
		{"no time zone", func(f *casework.OrgFile) { f.Municipality.TimeZone = "" }, `time zone ""`},
		{"unknown country", func(f *casework.OrgFile) { f.Municipality.Country = "FI" },
			`municipality "4204": country "FI" is not one of NO, SE, DK`},
		{"country changes", func(f *casework.OrgFile) { f.Municipality.Country = "SE" },
			`municipality "4204": country is NO and cannot change to SE`},
		{"unknown language", func(f *casework.OrgFile) { f.Municipality.Language = "fi" }, `language "fi"`},
		{"unknown clearance", func(f *casework.OrgFile) { f.Employees[0].Clearance = "secret" },
			`employee "fs": clearance "secret" is not none, confidential or strict`},
		{"unit twice", func(f *casework.OrgFile) { f.Units = append(f.Units, casework.OrgUnit{Code: "desk", Name: "X"}) },
			`unit "desk": listed twice`},
		{"username twice, in other case", func(f *casework.OrgFile) {
			f.Employees = append(f.Employees, casework.OrgEmployee{Username: "eg", Name: "Eva Grå"})
		}, `employee "eg": listed twice`},
		{"no name", func(f *casework.OrgFile) { f.Units[0].Name = " " }, `unit "desk": no name`},
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		mustImport(t, db, testOrg())
		users := []string{"fs", "eg", "ll", "ny"}
		before := mustOrgState(t, db, "4204", users...)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				f := testOrg()
				addValidChanges(&f)
				tt.spoil(&f)
				_, err := casework.ImportOrg(context.Background(), db, f, orgNow)
				var problems casework.OrgProblems
				if !errors.As(err, &problems) || !strings.Contains(err.Error(), tt.want) {
					t.Errorf("error %v, want OrgProblems with %q", err, tt.want)
				}
				if diff := cmp.Diff(before, mustOrgState(t, db, "4204", users...)); diff != "" {
					t.Errorf("state changed (-before +after):\n%s", diff)
				}
			})
		}
	})
}

// addValidChanges changes f in ways that would be imported if nothing else
// were wrong, so that a failed import shows it kept none of them.
func addValidChanges(f *casework.OrgFile) {
	f.Municipality.Name = "Kristiansand"
	f.Units[1].RequiredDocs = nil
	f.Units = append(f.Units, casework.OrgUnit{Code: "tax", Name: "Skatt"})
	f.Employees[0].Roles = append(f.Employees[0].Roles, torg.RoleAdmin)
	f.Employees = append(f.Employees, casework.OrgEmployee{Username: "ny", Name: "Nils Ny",
		Roles: []torg.Role{torg.RoleCounsellor}, Units: []string{"tax"}})
}

func TestImportOrgUsernameOfAnotherMunicipality(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		mustImport(t, db, testOrg())
		before := mustOrgState(t, db, "4204", "eg")
		f := testOrg()
		f.Municipality = casework.OrgMunicipality{Code: "4001", Name: "Porsgrunn kommune", Country: "NO",
			Language: "nb", TimeZone: "Europe/Oslo"}
		_, err := casework.ImportOrg(context.Background(), db, f, orgNow)
		if err == nil || !strings.Contains(err.Error(), `employee "EG": the username is taken in another municipality`) {
			t.Errorf("error %v", err)
		}
		if diff := cmp.Diff(before, mustOrgState(t, db, "4204", "eg")); diff != "" {
			t.Errorf("state changed (-before +after):\n%s", diff)
		}
		if _, err := db.R().MunicipalityByCode(context.Background(), "4001"); torg.ErrorCode(err) != torg.ENOTFOUND {
			t.Errorf("municipality 4001 created: %v", err)
		}
	})
}

func TestParseOrg(t *testing.T) {
	b, err := json.Marshal(testOrg())
	if err != nil {
		t.Fatal(err)
	}
	got, err := casework.ParseOrg(strings.NewReader(string(b)))
	if diff := cmp.Diff(testOrg(), got); err != nil || diff != "" {
		t.Errorf("round trip: %v (-want +got):\n%s", err, diff)
	}
	tests := []struct{ name, in, want string }{
		{"unknown field in a unit", `{"units": [{"code": "debt", "name": "Gjeld", "shelff": "x"}]}`,
			`invalid org file: unit "debt": unknown field "shelff"`},
		{"unknown field in an employee without username", `{"employees": [{"user": "eg"}]}`,
			`invalid org file: employee #1: unknown field "user"`},
		{"unknown field at the top", `{"municipality": {}, "staff": []}`, `org file: unknown field "staff"`},
		{"problems in two items", `{"municipality": {"kode": "4204"}, "units": [{"code": "a"}, {"code": "b", "x": 1}]}`,
			`invalid org file: municipality: unknown field "kode"; unit "b": unknown field "x"`},
		{"two values", `{} {}`, "org file: more than one JSON value"},
		{"empty", ``, "org file: empty"},
		{"cut short", `{"units": [`, "org file: the JSON ends too early"},
		{"syntax error", "{\n\"units\": [\n{\"code\": \"debt\",}]}", "org file: line 3: invalid character '}'"},
		{"not an object", `[]`, "org file: want a JSON object, not a JSON array"},
		{"role not a string", `{"employees": [{"username": "eg", "roles": [1]}]}`,
			`employee "eg": field "roles": a JSON number does not fit here`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := casework.ParseOrg(strings.NewReader(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one with %q", err, tt.want)
			}
		})
	}
}

func TestSetPassword(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		mustImport(t, db, testOrg())
		svc := casework.New(db, torg.SystemClock{}, casework.DefaultConfig())
		if _, _, _, err := svc.Login(ctx, "eg", ""); err == nil {
			t.Fatal("login without a password set")
		}
		mustSetPassword(t, db, "eg", "correct horse battery")
		_, token, _, err := svc.Login(ctx, "eg", "correct horse battery")
		if err != nil {
			t.Fatalf("login with the new password: %v", err)
		}
		mustSetPassword(t, db, "EG", "æøåæøåæøåæ") // 10 characters, 20 bytes
		if _, _, err := svc.Session(ctx, token); torg.ErrorCode(err) != torg.EUNAUTHORIZED {
			t.Errorf("session after a password change: %v, want it ended", err)
		}
		if _, _, _, err := svc.Login(ctx, "eg", "correct horse battery"); err == nil {
			t.Error("login with the old password")
		}
		if _, _, _, err := svc.Login(ctx, "eg", "æøåæøåæøåæ"); err != nil {
			t.Errorf("login with the second password: %v", err)
		}
		checkPasswordAudit(t, db)
		if res := mustImport(t, db, testOrg()); cmp.Diff([]string{"fs", "ll"}, res.NoPassword) != "" {
			t.Errorf("re-import: no password %v, want fs and ll", res.NoPassword)
		}
		if _, _, _, err := svc.Login(ctx, "eg", "æøåæøåæøåæ"); err != nil {
			t.Errorf("login after re-import: %v", err)
		}
	})
}

func checkPasswordAudit(t *testing.T, db *store.DB) {
	t.Helper()
	e, _, _ := db.R().EmployeeLogin(context.Background(), "eg")
	var n int
	for _, a := range mustAudit(t, db) {
		if a.Action == "employee.password" {
			n++
			if a.ActorID != 0 || a.Object != fmt.Sprintf("employee:%d", e.ID) || a.MunicipalityID != e.MunicipalityID {
				t.Errorf("audit event %s", fmtAll(a))
			}
		}
	}
	if n != 2 {
		t.Errorf("%d employee.password events, want 2", n)
	}
}

func mustSetPassword(tb testing.TB, db *store.DB, username, password string) {
	tb.Helper()
	if err := casework.SetPassword(context.Background(), db, username, password, orgNow); err != nil {
		tb.Fatalf("set password of %s: %v", username, err)
	}
}

func TestSetPasswordRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		mustImport(t, db, testOrg())
		tests := []struct{ name, user, password, want string }{
			{"too short", "eg", "123456789", "the password has 9 characters; it needs at least 10"},
			{"too short in characters, not bytes", "eg", "æøåæøåæøå", "has 9 characters"},
			{"unknown user", "nobody", "correct horse battery", `no employee "nobody"`},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				err := casework.SetPassword(ctx, db, tt.user, tt.password, orgNow)
				if err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Errorf("error %v, want one with %q", err, tt.want)
				}
			})
		}
		if s := mustOrgState(t, db, "4204", "eg"); s.Passwords["eg"] || len(s.Audit) != 1 {
			t.Errorf("a refused password changed something: %s", fmtAll(s))
		}
	})
}

func TestImportOrgClosedDays(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := testOrg()
		f.Municipality.ClosedDays = []string{"2026-12-31", "2026-12-24", "2026-12-24"}
		mustImport(t, db, f)
		m, err := db.R().MunicipalityByCode(context.Background(), f.Municipality.Code)
		if err != nil {
			t.Fatal(err)
		}
		days, err := db.R().ClosedDays(context.Background(), m.ID)
		if err != nil || len(days) != 2 || days[0].String() != "2026-12-24" || days[1].String() != "2026-12-31" {
			t.Errorf("closed days %v, %v; want 24 and 31 December once each", days, err)
		}
		if res := mustImport(t, db, f); res.Municipality != casework.OrgUnchanged {
			t.Errorf("re-import changed the municipality: %v", res.Municipality)
		}
		f.Municipality.OpeningHours = &casework.OrgHours{Opens: "08:30", Closes: "15:00"}
		if res := mustImport(t, db, f); res.Municipality != casework.OrgUpdated {
			t.Errorf("new opening hours: %v, want updated", res.Municipality)
		}
		if o, c, err := db.R().OpeningHours(context.Background(), m.ID); err != nil || o != "08:30" || c != "15:00" {
			t.Errorf("opening hours %q–%q, %v", o, c, err)
		}
		f.Municipality.OpeningHours = &casework.OrgHours{Opens: "16:00", Closes: "08:00"}
		if _, err := casework.ImportOrg(context.Background(), db, f, time.Now()); err == nil {
			t.Error("opening hours that close before they open were accepted")
		}
		f.Municipality.OpeningHours = nil
		f.Municipality.ClosedDays = []string{"24.12.2026"}
		if _, err := casework.ImportOrg(context.Background(), db, f, time.Now()); err == nil {
			t.Error("a closed day that is not a date was accepted")
		}
	})
}
