package store

import (
	"context"
	"fmt"
	"time"

	"github.com/torg-kommune/torg"
)

const claimCols = `id, municipality_id, case_id, kind, creditor, creditor_addr, reference, principal, interest, fees,
	balance, monthly, secured, in_collection, source, as_of, requested_at, answered_at, created_at, updated_at`

func scanClaim(s interface{ Scan(...any) error }) (*torg.Claim, error) {
	c := &torg.Claim{}
	var asOf string
	var requested, answered, created, updated int64
	err := s.Scan(&c.ID, &c.MunicipalityID, &c.CaseID, &c.Kind, &c.Creditor, &c.CreditorAddr, &c.Reference,
		&c.Principal, &c.Interest, &c.Fees, &c.Balance, &c.Monthly, &c.Secured, &c.InCollection, &c.Source,
		&asOf, &requested, &answered, &created, &updated)
	c.AsOf = parseDate(asOf)
	c.RequestedAt, c.AnsweredAt = fromMicros(requested), fromMicros(answered)
	c.Created, c.Updated = fromMicros(created), fromMicros(updated)
	return c, err
}

// CreateClaim stores a new line of a case's debt schedule and sets its ID.
func (q *Q) CreateClaim(ctx context.Context, c *torg.Claim, now time.Time) error {
	c.Created, c.Updated = now, now
	id, err := q.insert(ctx, `INSERT INTO claims (municipality_id, case_id, kind, creditor, creditor_addr, reference,
		principal, interest, fees, balance, monthly, secured, in_collection, source, as_of, requested_at, answered_at,
		created_at, updated_at, request_key)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)`,
		c.MunicipalityID, c.CaseID, c.Kind, c.Creditor, c.CreditorAddr, c.Reference, c.Principal, c.Interest, c.Fees,
		c.Balance, c.Monthly, c.Secured, c.InCollection, c.Source, c.AsOf.String(), micros(c.RequestedAt),
		micros(c.AnsweredAt), micros(now), micros(now), nullText(c.RequestKey))
	if err != nil {
		return fmt.Errorf("store: create claim: %w", err)
	}
	c.ID = id
	return nil
}

// ClaimByRequestKey returns the claim of a case that the request with the
// key added, or ENOTFOUND.
func (q *Q) ClaimByRequestKey(ctx context.Context, caseID int64, key string) (*torg.Claim, error) {
	c, err := scanClaim(q.ex.QueryRowContext(ctx, `SELECT `+claimCols+` FROM claims WHERE case_id = $1 AND request_key = $2`,
		caseID, key))
	if err != nil {
		return nil, fmt.Errorf("store: claim by request key: %w", mapError(err))
	}
	c.RequestKey = key
	return c, nil
}

// UpdateClaim changes a claim of a case, all fields but its case and
// creation time; ENOTFOUND if the case has no such claim.
func (q *Q) UpdateClaim(ctx context.Context, c *torg.Claim, now time.Time) error {
	res, err := q.exec(ctx, `UPDATE claims SET kind = $1, creditor = $2, creditor_addr = $3, reference = $4,
		principal = $5, interest = $6, fees = $7, balance = $8, monthly = $9, secured = $10, in_collection = $11,
		source = $12, as_of = $13, requested_at = $14, answered_at = $15, updated_at = $16
		WHERE id = $17 AND case_id = $18`,
		c.Kind, c.Creditor, c.CreditorAddr, c.Reference, c.Principal, c.Interest, c.Fees, c.Balance, c.Monthly,
		c.Secured, c.InCollection, c.Source, c.AsOf.String(), micros(c.RequestedAt), micros(c.AnsweredAt),
		micros(now), c.ID, c.CaseID)
	if err != nil {
		return fmt.Errorf("store: update claim: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return &torg.Error{Code: torg.ENOTFOUND, Key: "error.not_found"}
	}
	c.Updated = now
	return nil
}

// DeleteClaim removes a claim of a case; ENOTFOUND if the case has no such
// claim.
func (q *Q) DeleteClaim(ctx context.Context, caseID, id int64) error {
	res, err := q.exec(ctx, `DELETE FROM claims WHERE id = $1 AND case_id = $2`, id, caseID)
	if err != nil {
		return fmt.Errorf("store: delete claim: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return &torg.Error{Code: torg.ENOTFOUND, Key: "error.not_found"}
	}
	return nil
}

// CaseClaims lists a case's debt schedule in the order it was entered.
func (q *Q) CaseClaims(ctx context.Context, caseID int64) ([]*torg.Claim, error) {
	rows, err := q.query(ctx, `SELECT `+claimCols+` FROM claims WHERE case_id = $1 ORDER BY id`, caseID)
	if err != nil {
		return nil, fmt.Errorf("store: case claims: %w", err)
	}
	return collect(rows, scanClaim)
}

// Claim returns one claim of a municipality, or ENOTFOUND.
func (q *Q) Claim(ctx context.Context, municipalityID, id int64) (*torg.Claim, error) {
	c, err := scanClaim(q.ex.QueryRowContext(ctx, `SELECT `+claimCols+` FROM claims
		WHERE municipality_id = $1 AND id = $2`, municipalityID, id))
	if err != nil {
		return nil, fmt.Errorf("store: claim: %w", mapError(err))
	}
	return c, nil
}

// MarkClaimsRequested records that the creditors of a case's claims were
// asked for their figures (DC6.2).
func (q *Q) MarkClaimsRequested(ctx context.Context, caseID int64, ids []int64, now time.Time) error {
	for _, id := range ids {
		if _, err := q.exec(ctx, `UPDATE claims SET requested_at = $1, updated_at = $1 WHERE id = $2 AND case_id = $3`,
			micros(now), id, caseID); err != nil {
			return fmt.Errorf("store: mark claim requested: %w", err)
		}
	}
	return nil
}

// budgetLine is how a budget line is kept in the budgets table's JSON
// columns.
type budgetLine struct {
	Kind    string     `json:"kind"`
	Note    string     `json:"note,omitempty"`
	Monthly torg.Money `json:"monthly"`
}

func linesJSON(ls []torg.BudgetLine) string {
	out := make([]budgetLine, 0, len(ls))
	for _, l := range ls {
		out = append(out, budgetLine(l))
	}
	return toJSON(out)
}

func linesOf(s string) []torg.BudgetLine {
	var out []torg.BudgetLine
	for _, l := range fromJSON[[]budgetLine](s) {
		out = append(out, torg.BudgetLine(l))
	}
	return out
}

// SaveBudget stores a case's budget, replacing any earlier one.
func (q *Q) SaveBudget(ctx context.Context, municipalityID int64, b *torg.Budget, now time.Time) error {
	ages := b.ChildAges
	if ages == nil {
		ages = []int{}
	}
	_, err := q.exec(ctx, `INSERT INTO budgets (case_id, municipality_id, household, child_ages, income, expenses, years,
		lump_sum, refi_rate, refi_years, note, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
		ON CONFLICT (case_id) DO UPDATE SET household = excluded.household, child_ages = excluded.child_ages,
		income = excluded.income, expenses = excluded.expenses, years = excluded.years, lump_sum = excluded.lump_sum,
		refi_rate = excluded.refi_rate, refi_years = excluded.refi_years, note = excluded.note,
		updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
		b.CaseID, municipalityID, b.Household, toJSON(ages), linesJSON(b.Income), linesJSON(b.Expenses), b.Years,
		b.LumpSum, b.RefiRate, b.RefiYears, b.Note, micros(now), nullID(b.UpdatedBy))
	if err != nil {
		return fmt.Errorf("store: save budget: %w", err)
	}
	b.Updated = now
	return nil
}

// Budget returns a case's budget, or ENOTFOUND if none has been made.
func (q *Q) Budget(ctx context.Context, caseID int64) (*torg.Budget, error) {
	b := &torg.Budget{CaseID: caseID}
	var ages, income, expenses string
	var updated int64
	var by *int64
	err := q.ex.QueryRowContext(ctx, `SELECT household, child_ages, income, expenses, years, lump_sum, refi_rate,
		refi_years, note, updated_at, updated_by FROM budgets WHERE case_id = $1`, caseID).Scan(&b.Household, &ages,
		&income, &expenses, &b.Years, &b.LumpSum, &b.RefiRate, &b.RefiYears, &b.Note, &updated, &by)
	if err != nil {
		return nil, fmt.Errorf("store: budget: %w", mapError(err))
	}
	if a := fromJSON[[]int](ages); len(a) > 0 {
		b.ChildAges = a
	}
	b.Income, b.Expenses = linesOf(income), linesOf(expenses)
	b.Updated = fromMicros(updated)
	if by != nil {
		b.UpdatedBy = *by
	}
	return b, nil
}

// LivingCostRates lists the living-cost rate tables stored by
// administrators, by country and date.
func (q *Q) LivingCostRates(ctx context.Context) ([]torg.LivingCostRates, error) {
	rows, err := q.query(ctx, `SELECT country, valid_from, single, cohabiting, supporting_partner, child_0_5,
		child_6_10, child_11_14, child_15_plus, source FROM living_cost_rates ORDER BY country, valid_from`)
	if err != nil {
		return nil, fmt.Errorf("store: living-cost rates: %w", err)
	}
	return collect(rows, func(s interface{ Scan(...any) error }) (torg.LivingCostRates, error) {
		var r torg.LivingCostRates
		var from string
		err := s.Scan(&r.Country, &from, &r.Single, &r.Cohabiting, &r.SupportingPartner, &r.Child0to5,
			&r.Child6to10, &r.Child11to14, &r.Child15Plus, &r.Source)
		r.ValidFrom = parseDate(from)
		return r, err
	})
}

// PutLivingCostRates stores rate tables; a table for a country and date
// already stored is replaced.
func (q *Q) PutLivingCostRates(ctx context.Context, rs []torg.LivingCostRates, now time.Time) error {
	for _, r := range rs {
		_, err := q.exec(ctx, `INSERT INTO living_cost_rates (country, valid_from, single, cohabiting, supporting_partner,
			child_0_5, child_6_10, child_11_14, child_15_plus, source, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
			ON CONFLICT (country, valid_from) DO UPDATE SET single = excluded.single, cohabiting = excluded.cohabiting,
			supporting_partner = excluded.supporting_partner, child_0_5 = excluded.child_0_5,
			child_6_10 = excluded.child_6_10, child_11_14 = excluded.child_11_14,
			child_15_plus = excluded.child_15_plus, source = excluded.source, created_at = excluded.created_at`,
			r.Country, r.ValidFrom.String(), r.Single, r.Cohabiting, r.SupportingPartner, r.Child0to5, r.Child6to10,
			r.Child11to14, r.Child15Plus, r.Source, micros(now))
		if err != nil {
			return fmt.Errorf("store: put living-cost rates %s %s: %w", r.Country, r.ValidFrom, err)
		}
	}
	return nil
}
