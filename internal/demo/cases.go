package demo

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/store"
)

// debtCases is how many debt-counselling cases the demo has, Kari
// Nordmann's included.
const debtCases = 40

// debtCase is the plan for one demo case.
type debtCase struct {
	n          int // position in the plan; varies dates and tasks
	person     *torg.Person
	counsellor *torg.Employee
	opened     time.Time
	replied    time.Time // when "Svar på søknad" went out; zero if not yet
}

// planCases gives Kari Nordmann and every seventh other person a case
// opened in the last four weeks, about half of them answered, oldest first.
func planCases(o *org, persons []*torg.Person, now time.Time) []debtCase {
	holders := []*torg.Person{persons[0]} // Kari Nordmann
	for i := 1; i < len(persons) && len(holders) < debtCases; i += 7 {
		holders = append(holders, persons[i])
	}
	plan := make([]debtCase, len(holders))
	for n, p := range holders {
		plan[n] = planCase(o, p, n, now)
	}
	slices.SortStableFunc(plan, func(a, b debtCase) int { return a.opened.Compare(b.opened) })
	return plan
}

func planCase(o *org, p *torg.Person, n int, now time.Time) debtCase {
	days := 3
	if n > 0 {
		days = 1 + (n*11)%28
	}
	opened := now.Add(-time.Duration(days)*24*time.Hour - time.Duration(n%7)*time.Hour)
	dc := debtCase{n: n, person: p, counsellor: responsible(o, p), opened: opened}
	if n%2 == 1 && days >= 5 {
		dc.replied = opened.Add(time.Duration(2+n%3) * 24 * time.Hour)
	}
	return dc
}

// responsible picks the counsellor by the applicant's birth day of month
// (DC1.4: EG 1–12, KH 13–16, AG 17–31). A strictly protected applicant's
// case goes to the leader, who has the clearance (DC1.3).
func responsible(o *org, p *torg.Person) *torg.Employee {
	switch d := p.BirthDate.Day; {
	case p.Protection == torg.ProtectionStrict:
		return o.staff["leder"]
	case d <= 12:
		return o.staff["eg"]
	case d <= 16:
		return o.staff["kh"]
	}
	return o.staff["ag"]
}

// createCases writes the planned cases and an audit event for the whole
// demo load in one transaction.
func createCases(ctx context.Context, db *store.DB, o *org, plan []debtCase, persons int, now time.Time) error {
	today := torg.DateOf(now.In(o.location()))
	err := db.Write(ctx, func(q *store.Q) error {
		for _, dc := range plan {
			if err := dc.write(ctx, q, o, today); err != nil {
				return err
			}
		}
		return q.AppendAudit(ctx, &torg.AuditEvent{MunicipalityID: o.municipality.ID, At: now, Action: "demo.load",
			Object: fmt.Sprintf("municipality:%d", o.municipality.ID),
			Detail: fmt.Sprintf("synthetic demo data: %d persons, %d debt cases", persons, len(plan))})
	})
	if err != nil {
		return fmt.Errorf("demo: cases: %w", err)
	}
	return nil
}

// write files the case with its applicant, the application, the reply if
// one was sent, and the open tasks.
func (dc debtCase) write(ctx context.Context, q *store.Q, o *org, today torg.Date) error {
	c := &torg.Case{MunicipalityID: o.municipality.ID, UnitID: o.units["debt"].ID, Type: torg.CaseTypeDebt,
		Title: "Gjeldsrådgivning – " + dc.person.Name(), ResponsibleID: dc.counsellor.ID, Status: torg.CaseOpen}
	if err := q.CreateCase(ctx, c, dc.opened); err != nil {
		return err
	}
	if err := q.AddParty(ctx, &torg.Party{CaseID: c.ID, PersonID: dc.person.ID, Role: torg.PartyApplicant}); err != nil {
		return err
	}
	app, err := dc.record(ctx, q, c, torg.RecordIncoming, dc.opened)
	if err != nil {
		return err
	}
	if !dc.replied.IsZero() {
		if _, err := dc.record(ctx, q, c, torg.RecordOutgoing, dc.replied); err != nil {
			return err
		}
	}
	if dc.n == 0 {
		if err := kariDebts(ctx, q, c, dc.opened); err != nil {
			return err
		}
	}
	return dc.tasks(ctx, q, c, app, today)
}

// kariDebts gives Kari Nordmann's case the debt schedule and budget she
// brought to her first meeting (DC4.6), so that a new user finds a
// schedule with a debt-servicing capacity to work on. The creditors are
// made up.
func kariDebts(ctx context.Context, q *store.Q, c *torg.Case, at time.Time) error {
	const kr = 100
	asOf := torg.DateOf(at)
	claims := []*torg.Claim{
		{Kind: torg.ClaimConsumerLoan, Creditor: "Fjordkreditt AS", CreditorAddr: "Postboks 4410 Nydalen\n0403 Oslo",
			Reference: "FK-771203", Principal: 80_000 * kr, Interest: 6_650 * kr, Fees: 690 * kr, Monthly: 2_450 * kr},
		{Kind: torg.ClaimCreditCard, Creditor: "Nordlys Finans ASA", CreditorAddr: "Postboks 223\n9252 Tromsø",
			Reference: "4417 0000 1234", Balance: 23_480 * kr, Monthly: 900 * kr},
		{Kind: torg.ClaimCollection, Creditor: "Inkasso Nord AS", CreditorAddr: "Postboks 77\n8001 Bodø",
			Reference: "IN-2025-55812", Principal: 4_200 * kr, Interest: 310 * kr, Fees: 1_150 * kr, InCollection: true},
		{Kind: torg.ClaimCarLoan, Creditor: "Sørbanken ASA", CreditorAddr: "Postboks 1\n4601 Kristiansand S",
			Reference: "SB-19-4432", Balance: 96_500 * kr, Monthly: 2_300 * kr, Secured: true},
	}
	for _, cl := range claims {
		cl.MunicipalityID, cl.CaseID, cl.AsOf = c.MunicipalityID, c.ID, asOf
		cl.Normalize()
		if err := cl.Validate(); err != nil {
			return fmt.Errorf("demo: claim %s: %w", cl.Creditor, err)
		}
		if err := q.CreateClaim(ctx, cl, at); err != nil {
			return err
		}
	}
	b := &torg.Budget{CaseID: c.ID, Household: torg.HouseholdSingle, ChildAges: []int{8}, Years: 5, UpdatedBy: c.ResponsibleID,
		Income: []torg.BudgetLine{{Kind: torg.IncomeSalary, Note: "Butikkmedarbeider, 80 %", Monthly: 27_400 * kr},
			{Kind: torg.IncomeChildBenefit, Monthly: 1_766 * kr}, {Kind: torg.IncomeSupport, Monthly: 1_800 * kr}},
		Expenses: []torg.BudgetLine{{Kind: torg.ExpenseRent, Monthly: 11_500 * kr},
			{Kind: torg.ExpenseChildcare, Note: "SFO", Monthly: 2_100 * kr}}}
	if err := b.Validate(); err != nil {
		return fmt.Errorf("demo: budget: %w", err)
	}
	return q.SaveBudget(ctx, c.MunicipalityID, b, at)
}

// record files the application (DC1.1) or the reply to it (DC2.4). The
// application stays outstanding until it is answered.
func (dc debtCase) record(ctx context.Context, q *store.Q, c *torg.Case, t torg.RecordType, at time.Time) (*torg.Record, error) {
	r := &torg.Record{MunicipalityID: c.MunicipalityID, CaseID: c.ID, Type: t, Correspondent: dc.person.Name(),
		PersonID: dc.person.ID, CreatedBy: dc.counsellor.ID}
	switch t {
	case torg.RecordIncoming:
		r.Title, r.Status, r.Outstanding = "Søknad om gjeldsrådgivning", torg.RecordJournalled, dc.replied.IsZero()
		r.Body = "Søknaden kom inn via kommunens nettskjema."
	default:
		r.Title, r.Status = "Svar på søknad om gjeldsrådgivning", torg.RecordSent
	}
	return r, q.CreateRecord(ctx, r, at)
}

// tasks gives the counsellor the next step of the routine, due around
// today: review and call (DC2.1–DC2.2) before the reply, then assess the
// documentation (DC3.4) and, in some cases, offer a meeting (DC4.1).
func (dc debtCase) tasks(ctx context.Context, q *store.Q, c *torg.Case, app *torg.Record, today torg.Date) error {
	due := today.AddDays(dc.n%9 - 3)
	tasks := []*torg.Task{{Title: "Gå gjennom søknaden og ring søkeren",
		Detail: "Les søknaden og se etter uavklarte forhold. Ring søkeren minst to ganger.", Due: due}}
	if !dc.replied.IsZero() {
		tasks[0].Title, tasks[0].Detail = "Vurder dokumentasjonen", "Er dokumentasjonen god nok til å starte?"
		if dc.n%4 == 3 {
			tasks = append(tasks, &torg.Task{Title: "Tilby møte med søkeren",
				Detail: "Ring søkeren og avtal tid når dokumentasjonen er på plass.", Due: due.AddDays(7)})
		}
	}
	created := dc.opened
	if !dc.replied.IsZero() {
		created = dc.replied
	}
	for _, t := range tasks {
		t.MunicipalityID, t.UnitID, t.CaseID, t.RecordID = c.MunicipalityID, c.UnitID, c.ID, app.ID
		t.AssigneeID, t.CreatedBy = dc.counsellor.ID, dc.counsellor.ID
		if err := q.CreateTask(ctx, t, created); err != nil {
			return err
		}
	}
	return nil
}
