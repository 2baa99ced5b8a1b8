package casework_test

import (
	"testing"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/casework/casetest"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

func TestPaperApplication(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := casetest.New(t, db)
		if _, err := f.Svc.LoadRoutines(ctx); err != nil {
			t.Fatal(err)
		}
		dc := documentCentre(t, f)
		t.Run("DC1.2 the document centre registers a paper application", func(t *testing.T) { testPaperRegisters(t, f, dc) })
		t.Run("DC1.2 only the document centre and leaders may", func(t *testing.T) { testPaperAccess(t, f, dc) })
		t.Run("DC1.2 a second submit returns the same case", func(t *testing.T) { testPaperTwice(t, f, dc) })
		t.Run("DC1.2 a date received in the future is refused", func(t *testing.T) { testPaperFuture(t, f, dc) })
	})
}

// documentCentre adds an employee of the document centre, who belongs to
// no unit.
func documentCentre(t *testing.T, f *casetest.Fixture) *torg.Employee {
	t.Helper()
	e := &torg.Employee{MunicipalityID: f.Muni.ID, Username: "dok", Name: "Dina Dokument", Initials: "DD",
		Roles: []torg.Role{torg.RoleDocumentCentre}, Active: true}
	if err := f.DB.Write(ctx, func(q *store.Q) error {
		return q.CreateEmployee(ctx, e, casework.HashPassword(casetest.Password), casetest.Now)
	}); err != nil {
		t.Fatal(err)
	}
	return e
}

func paper(key, nin, given, received string) casework.PaperApplication {
	return casework.PaperApplication{Application: application(key, nin, given), Received: received}
}

func testPaperRegisters(t *testing.T, f *casetest.Fixture, dc *torg.Employee) {
	c, dup, err := f.Svc.RegisterPaperApplication(ctx, dc, paper("paper-1", testNIN(t, 7, 3, 80), "Petra", "2026-02-27"))
	if err != nil || dup {
		t.Fatalf("register: %v, dup %v", err, dup)
	}
	if c.Type != torg.CaseTypeDebt || c.UnitID != f.Debt.ID || c.Title != "Gjeldsrådgivning – Petra Søker" {
		t.Errorf("case = %+v", c)
	}
	recs, err := f.DB.R().CaseRecords(ctx, c.ID)
	if err != nil || len(recs) != 1 {
		t.Fatalf("records = %v, %v", recs, err)
	}
	if r := recs[0]; r.CreatedBy != dc.ID || r.Title != "Søknad om gjeldsrådgivning, mottatt på papir 27.02.2026" ||
		r.Body != "Jeg har inkasso på flere regninger." || !r.Outstanding {
		t.Errorf("record = %+v", r)
	}
	if crs, err := f.DB.R().CaseRoutines(ctx, c.ID); err != nil || len(crs) == 0 {
		t.Errorf("routines started: %v, %v", crs, err)
	}
	if !hasAuditBy(t, f, c.Parties[0].PersonID, "case.apply_paper", dc.ID) {
		t.Error("no case.apply_paper audit event by the document centre")
	}
}

func hasAuditBy(t *testing.T, f *casetest.Fixture, personID int64, action string, actor int64) bool {
	t.Helper()
	found := false
	err := f.DB.R().AuditEvents(ctx, 0, func(e *torg.AuditEvent) error {
		found = found || (e.Action == action && e.PersonID == personID && e.ActorID == actor)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}

func testPaperAccess(t *testing.T, f *casetest.Fixture, dc *torg.Employee) {
	for _, e := range []*torg.Employee{f.FrontDesk, f.EG, f.Admin, f.Outsider} {
		_, _, err := f.Svc.RegisterPaperApplication(ctx, e, paper("paper-x", testNIN(t, 8, 3, 80), "Nora", ""))
		if torg.ErrorCode(err) != torg.EFORBIDDEN {
			t.Errorf("%s: err = %v, want EFORBIDDEN", e.Username, err)
		}
	}
	if _, err := f.DB.R().PersonByNIN(ctx, f.Muni.ID, testNIN(t, 8, 3, 80)); torg.ErrorCode(err) != torg.ENOTFOUND {
		t.Errorf("a refused application saved the person: %v", err)
	}
	c, _, err := f.Svc.RegisterPaperApplication(ctx, f.Leader, paper("paper-l", testNIN(t, 8, 3, 80), "Nora", ""))
	if err != nil {
		t.Fatalf("leader: %v", err)
	}
	recs, _ := f.DB.R().CaseRecords(ctx, c.ID)
	if len(recs) != 1 || recs[0].CreatedBy != f.Leader.ID {
		t.Errorf("records = %+v", recs)
	}
}

func testPaperTwice(t *testing.T, f *casetest.Fixture, dc *torg.Employee) {
	in := paper("paper-2", testNIN(t, 9, 3, 80), "Siri", "")
	first, _, err := f.Svc.RegisterPaperApplication(ctx, dc, in)
	if err != nil {
		t.Fatal(err)
	}
	again, dup, err := f.Svc.RegisterPaperApplication(ctx, dc, in)
	if err != nil || !dup || again.ID != first.ID {
		t.Errorf("second submit: case %d dup %v err %v, want case %d dup", again.ID, dup, err, first.ID)
	}
	if recs, _ := f.DB.R().CaseRecords(ctx, first.ID); len(recs) != 1 {
		t.Errorf("%d records after two submits, want 1", len(recs))
	}
}

func testPaperFuture(t *testing.T, f *casetest.Fixture, dc *torg.Employee) {
	_, _, err := f.Svc.RegisterPaperApplication(ctx, dc, paper("paper-3", testNIN(t, 10, 3, 80), "Tone", "2099-01-01"))
	if e, ok := err.(*torg.Error); !ok || e.Field != "received" {
		t.Errorf("err = %v, want a field error on received", err)
	}
}
