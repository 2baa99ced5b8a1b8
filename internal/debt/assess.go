package debt

import (
	"github.com/torg-kommune/torg"
)

// Warnings in an Assessment, as i18n keys.
const (
	WarnNoClaims         = "debt.warn_no_claims"         // the schedule has no claims
	WarnNoUnsecured      = "debt.warn_no_unsecured"      // every claim is secured: there is no dividend to offer
	WarnNoIncome         = "debt.warn_no_income"         // the budget has no income
	WarnNegativeCapacity = "debt.warn_negative_capacity" // the living cost and expenses exceed the income
	WarnZeroCapacity     = "debt.warn_zero_capacity"     // nothing is left for the creditors
	WarnFullPayment      = "debt.warn_full_payment"      // the unsecured debt can be paid in full within the period
)

// DefaultYears is the repayment period of a debt settlement unless the
// budget sets another (gjeldsordningsloven §§ 4-2, 5-2).
const DefaultYears = 5

// fullBP is 100 % in basis points.
const fullBP = 10000

// Assessment is the debt-servicing capacity (betjeningsevne) and dividend
// (domain.md §3.4).
type Assessment struct {
	Rates          torg.LivingCostRates
	Income         torg.Money // monthly net income
	LivingCost     torg.Money
	CostLines      []CostLine
	Expenses       torg.Money // necessary expenses on top (housing, childcare, support paid...)
	Capacity       torg.Money // Income − LivingCost − Expenses; may be negative
	Years          int        // period (Budget.Years, default 5)
	Available      torg.Money // max(Capacity,0) × 12 × Years
	Unsecured      torg.Money // sum of balances of claims not Secured
	Secured        torg.Money
	DividendBP     int        // dividend in basis points (4482 = 44.82 %), capped at 10000; 0 when no unsecured debt
	CurrentMonthly torg.Money // sum of claims' Monthly
	Shares         []Share    // each unsecured claim's pro-rata share of Available
	Warnings       []string   // i18n keys, e.g. "debt.warn_negative_capacity", "debt.warn_no_claims"
}

// Share is one unsecured claim's part of the dividend: ShareBP is its part
// of the unsecured debt in basis points (the parts add up to 10000),
// Amount its part of what is paid over the period (Available, or the
// unsecured debt if that is less) and Monthly its part of the monthly
// capacity. Amounts and shares are rounded so that they add up exactly.
type Share struct {
	ClaimID  int64
	Creditor string
	Balance  torg.Money
	ShareBP  int
	Amount   torg.Money
	Monthly  torg.Money
}

// Assess computes the debt-servicing capacity and the dividend of a
// budget against a debt schedule with rate table r. A nil budget counts as
// a single debtor without income or expenses. Secured debt is serviced
// inside the housing cost, so only unsecured claims share the dividend.
func Assess(b *torg.Budget, claims []*torg.Claim, r torg.LivingCostRates) Assessment {
	if b == nil {
		b = &torg.Budget{Household: torg.HouseholdSingle}
	}
	a := Assessment{Rates: r, Income: b.IncomeTotal(), Expenses: b.ExpenseTotal(), Years: b.Years}
	if a.Years <= 0 {
		a.Years = DefaultYears
	}
	a.LivingCost, a.CostLines = LivingCost(b, r)
	a.Capacity = a.Income - a.LivingCost - a.Expenses
	months := int64(12 * a.Years)
	if a.Capacity > 0 {
		a.Available = torg.Money(satMul(int64(a.Capacity), months))
	}
	var unsecured []*torg.Claim
	for _, c := range claims {
		a.CurrentMonthly += c.Monthly
		if c.Secured {
			a.Secured += c.Balance
		} else {
			a.Unsecured += c.Balance
			unsecured = append(unsecured, c)
		}
	}
	if a.Unsecured > 0 {
		a.DividendBP = int(min(mulDivRound(int64(a.Available), fullBP, int64(a.Unsecured)), fullBP))
	}
	a.Shares = shares(unsecured, min(a.Available, a.Unsecured), max(a.Capacity, 0))
	a.Warnings = warnings(&a, len(claims))
	return a
}

// shares splits paid and monthly over the unsecured claims by balance.
func shares(claims []*torg.Claim, paid, monthly torg.Money) []Share {
	if len(claims) == 0 {
		return nil
	}
	bal := make([]torg.Money, len(claims))
	for i, c := range claims {
		bal[i] = c.Balance
	}
	w := moneyParts(bal)
	bps, amounts, months := prorata(fullBP, w), prorata(int64(paid), w), prorata(int64(monthly), w)
	out := make([]Share, len(claims))
	for i, c := range claims {
		out[i] = Share{ClaimID: c.ID, Creditor: c.Creditor, Balance: c.Balance, ShareBP: int(bps[i]),
			Amount: torg.Money(amounts[i]), Monthly: torg.Money(months[i])}
	}
	return out
}

// warnings lists what the counsellor should look at in an assessment.
func warnings(a *Assessment, claims int) []string {
	var w []string
	switch {
	case claims == 0:
		w = append(w, WarnNoClaims)
	case a.Unsecured == 0:
		w = append(w, WarnNoUnsecured)
	}
	if a.Income == 0 {
		w = append(w, WarnNoIncome)
	}
	switch {
	case a.Capacity < 0:
		w = append(w, WarnNegativeCapacity)
	case a.Capacity == 0:
		w = append(w, WarnZeroCapacity)
	}
	if a.Unsecured > 0 && a.Available >= a.Unsecured {
		w = append(w, WarnFullPayment)
	}
	return w
}

// satMul returns a×b for a, b ≥ 0, saturating at the largest int64.
func satMul(a, b int64) int64 {
	q, _ := mulDiv(a, b, 1)
	return q
}
