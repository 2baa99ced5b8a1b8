package demo

import (
	"context"
	"strings"
	"testing"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/store"
)

func checkCases(t *testing.T, db *store.DB, municipalityID int64) {
	ctx := context.Background()
	debt, err := db.R().UnitByCode(ctx, municipalityID, "debt")
	if err != nil {
		t.Fatal(err)
	}
	staff := map[int64]string{}
	var all []*torg.Case
	for _, l := range Logins {
		e, _, _ := db.R().EmployeeLogin(ctx, l.Username)
		staff[e.ID] = l.Username
		cs, err := db.R().ResponsibleCases(ctx, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, cs...)
	}
	if len(all) != debtCases+1 {
		t.Errorf("%d active cases, want %d debt cases and the general one", len(all), debtCases)
	}
	general, err := db.R().GeneralCase(ctx, debt.ID, testNow.Year())
	if err != nil || staff[general.ResponsibleID] != "eg" || general.Title != "Generelle henvendelser 2026" {
		t.Errorf("general case %+v, %v", general, err)
	}
	for _, c := range all {
		if c.Type == torg.CaseTypeDebt {
			checkDebtCase(t, db, c, staff)
		}
	}
}

// checkDebtCase checks a case's applicant, title, counsellor, records and tasks.
func checkDebtCase(t *testing.T, db *store.DB, c *torg.Case, staff map[int64]string) {
	t.Helper()
	ctx := context.Background()
	c, err := db.R().Case(ctx, c.MunicipalityID, c.ID)
	if err != nil || len(c.Parties) != 1 || c.Parties[0].Role != torg.PartyApplicant || c.Status != torg.CaseOpen {
		t.Fatalf("case %s: %+v, %v", c.Number(), c, err)
	}
	p, err := db.R().Person(ctx, c.MunicipalityID, c.Parties[0].PersonID)
	if err != nil {
		t.Fatal(err)
	}
	if c.Title != "Gjeldsrådgivning – "+p.Name() {
		t.Errorf("case %s: title %q", c.Number(), c.Title)
	}
	if want := wantCounsellor(p); staff[c.ResponsibleID] != want {
		t.Errorf("case %s: %s born day %d is %s's, want %s's", c.Number(), p.Name(), p.BirthDate.Day, staff[c.ResponsibleID], want)
	}
	checkRecords(t, db, c)
	tasks, err := db.R().CaseTasks(ctx, c.ID)
	if err != nil || len(tasks) < 1 || len(tasks) > 2 {
		t.Errorf("case %s: %d tasks, %v", c.Number(), len(tasks), err)
	}
	for _, task := range tasks {
		if task.IsDone() || task.AssigneeID != c.ResponsibleID || task.Due.IsZero() {
			t.Errorf("case %s: task %+v", c.Number(), task)
		}
	}
}

func wantCounsellor(p *torg.Person) string {
	switch d := p.BirthDate.Day; {
	case p.Protection == torg.ProtectionStrict:
		return "leder"
	case d <= 12:
		return "eg"
	case d <= 16:
		return "kh"
	}
	return "ag"
}

// checkRecords: the application first, outstanding until a reply follows.
func checkRecords(t *testing.T, db *store.DB, c *torg.Case) {
	t.Helper()
	recs, err := db.R().CaseRecords(context.Background(), c.ID)
	if err != nil || len(recs) < 1 || len(recs) > 2 {
		t.Fatalf("case %s: %d records, %v", c.Number(), len(recs), err)
	}
	app := recs[0]
	if app.Type != torg.RecordIncoming || app.Title != "Søknad om gjeldsrådgivning" || app.Outstanding != (len(recs) == 1) {
		t.Errorf("case %s: application %+v", c.Number(), app)
	}
	if len(recs) == 2 && (recs[1].Type != torg.RecordOutgoing || !strings.HasPrefix(recs[1].Title, "Svar på søknad")) {
		t.Errorf("case %s: reply %+v", c.Number(), recs[1])
	}
}

func checkKari(t *testing.T, db *store.DB, municipalityID int64) {
	ctx := context.Background()
	p, err := db.R().PersonByNIN(ctx, municipalityID, DemoNIN)
	if err != nil {
		t.Fatal(err)
	}
	if p.Name() != "Kari Nordmann" || p.Protection != torg.ProtectionNone || p.BirthDate != demoBirth {
		t.Errorf("demo person: %+v", p)
	}
	checkSynthetic(t, p)
	cases, err := db.R().PersonCases(ctx, municipalityID, p.ID)
	if err != nil || len(cases) != 1 {
		t.Fatalf("Kari Nordmann's cases: %v, %v", cases, err)
	}
	c := cases[0]
	if c.Type != torg.CaseTypeDebt || !c.Status.Active() || c.ResponsibleName != "Eva Gran" {
		t.Errorf("Kari Nordmann's case: %+v", c)
	}
	claims, err := db.R().CaseClaims(ctx, c.ID)
	if err != nil || len(claims) != 4 {
		t.Errorf("Kari Nordmann's debt schedule: %d claims, %v; want 4", len(claims), err)
	}
	for _, cl := range claims {
		if cl.CreditorAddr == "" {
			t.Errorf("creditor %s has no address for the letters (DC6.2)", cl.Creditor)
		}
	}
	if b, err := db.R().Budget(ctx, c.ID); err != nil || b.IncomeTotal() == 0 || b.UpdatedBy != c.ResponsibleID {
		t.Errorf("Kari Nordmann's budget: %+v, %v", b, err)
	}
}

func checkAudit(t *testing.T, db *store.DB) {
	n, err := casework.VerifyAudit(context.Background(), db)
	if err != nil || n != 1 {
		t.Errorf("audit log: %d events, %v; want 1 intact", n, err)
	}
}
