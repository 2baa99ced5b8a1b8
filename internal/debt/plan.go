package debt

import (
	"math"

	"github.com/torg-kommune/torg"
)

// Scenarios are the three ways out of the debt that a counsellor compares
// with the citizen (DC6.9).
type Scenarios struct {
	Repayment  Repayment  // the capacity split pro rata over the unsecured claims
	Settlement Settlement // Budget.LumpSum split pro rata; zero value if LumpSum==0
	Refinance  Refinance  // one annuity loan for the unsecured debt; zero if RefiYears==0
}

// Repayment pays the unsecured claims in full from the monthly capacity,
// split pro rata by balance, without further interest. Possible is false
// when there is no capacity to pay from.
type Repayment struct {
	Monthly  torg.Money // the capacity paid each month, max(Capacity, 0)
	Months   int        // until the last claim is paid; 0 when not possible
	Possible bool
	Lines    []RepaymentLine
}

// RepaymentLine is one unsecured claim in a Repayment.
type RepaymentLine struct {
	ClaimID  int64
	Creditor string
	Balance  torg.Money
	Monthly  torg.Money // this claim's part of the capacity
	Months   int        // until this claim is paid; 0 when its part is 0
}

// Settlement offers the creditors a one-off sum in full and final
// settlement of the unsecured debt, split pro rata by balance.
type Settlement struct {
	LumpSum   torg.Money // what the citizen can raise
	Paid      torg.Money // what is offered in all: LumpSum, or the debt if that is less
	PercentBP int        // Paid as a part of the unsecured debt, in basis points
	Lines     []SettlementLine
}

// SettlementLine is one unsecured claim's part of a Settlement.
type SettlementLine struct {
	ClaimID  int64
	Creditor string
	Balance  torg.Money
	Amount   torg.Money
}

// Refinance replaces the unsecured claims by one annuity loan of their
// total at RateBP (annual nominal, compounded monthly) over Years.
// Replaces is what those claims cost a month now; Affordable says the new
// monthly payment fits in the capacity.
type Refinance struct {
	Principal      torg.Money
	RateBP         int
	Years          int
	Monthly        torg.Money // the annuity payment, rounded to øre, half up
	TotalCost      torg.Money // Monthly × 12 × Years
	Interest       torg.Money // TotalCost − Principal
	Replaces       torg.Money // the current monthly instalments of the refinanced claims
	CurrentMonthly torg.Money // the current monthly instalments of all claims
	Capacity       torg.Money
	Affordable     bool
	Lines          []RefinanceLine
}

// RefinanceLine is one claim that the loan pays off.
type RefinanceLine struct {
	ClaimID  int64
	Creditor string
	Balance  torg.Money
	Monthly  torg.Money // its current monthly instalment
}

// Plan works out the scenarios of DC6.9 for a budget, its debt schedule
// and their assessment. A nil budget gives the repayment scenario only.
func Plan(b *torg.Budget, claims []*torg.Claim, a Assessment) Scenarios {
	var unsecured []*torg.Claim
	for _, c := range claims {
		if !c.Secured && c.Balance > 0 {
			unsecured = append(unsecured, c)
		}
	}
	s := Scenarios{Repayment: repayment(unsecured, max(a.Capacity, 0))}
	if b == nil {
		return s
	}
	if b.LumpSum > 0 {
		s.Settlement = settlement(unsecured, b.LumpSum)
	}
	if b.RefiYears > 0 {
		s.Refinance = refinance(unsecured, b.RefiRate, b.RefiYears, a)
	}
	return s
}

// balances returns the claims' balances as weights for prorata.
func balances(claims []*torg.Claim) []int64 {
	w := make([]int64, len(claims))
	for i, c := range claims {
		w[i] = int64(c.Balance)
	}
	return w
}

func repayment(claims []*torg.Claim, monthly torg.Money) Repayment {
	r := Repayment{Monthly: monthly, Possible: monthly > 0 && len(claims) > 0}
	parts := prorata(int64(monthly), balances(claims))
	for i, c := range claims {
		l := RepaymentLine{ClaimID: c.ID, Creditor: c.Creditor, Balance: c.Balance, Monthly: torg.Money(parts[i])}
		if l.Monthly > 0 {
			l.Months = int(ceilDiv(int64(c.Balance), int64(l.Monthly)))
		} else {
			r.Possible = false // a claim that gets nothing is never paid
		}
		r.Months = max(r.Months, l.Months)
		r.Lines = append(r.Lines, l)
	}
	if !r.Possible {
		r.Months = 0
	}
	return r
}

func settlement(claims []*torg.Claim, lump torg.Money) Settlement {
	var debt torg.Money
	for _, c := range claims {
		debt += c.Balance
	}
	s := Settlement{LumpSum: lump, Paid: min(lump, debt)}
	if debt > 0 {
		s.PercentBP = int(min(mulDivRound(int64(lump), fullBP, int64(debt)), fullBP))
	}
	parts := prorata(int64(s.Paid), balances(claims))
	for i, c := range claims {
		s.Lines = append(s.Lines, SettlementLine{ClaimID: c.ID, Creditor: c.Creditor, Balance: c.Balance, Amount: torg.Money(parts[i])})
	}
	return s
}

func refinance(claims []*torg.Claim, rateBP, years int, a Assessment) Refinance {
	r := Refinance{RateBP: rateBP, Years: years, CurrentMonthly: a.CurrentMonthly, Capacity: a.Capacity}
	for _, c := range claims {
		r.Principal += c.Balance
		r.Replaces += c.Monthly
		r.Lines = append(r.Lines, RefinanceLine{ClaimID: c.ID, Creditor: c.Creditor, Balance: c.Balance, Monthly: c.Monthly})
	}
	n := 12 * years
	r.Monthly = Annuity(r.Principal, rateBP, n)
	r.TotalCost = r.Monthly * torg.Money(n)
	r.Interest = r.TotalCost - r.Principal
	r.Affordable = r.Principal > 0 && r.Monthly <= a.Capacity
	return r
}

// Annuity returns the monthly payment of an annuity loan of principal at
// an annual nominal rate in basis points, compounded monthly, over months
// payments: P·i / (1 − (1+i)^−n) with i = rate/12, rounded to øre, half
// up. At 0 % it is the principal divided evenly, rounded up.
func Annuity(principal torg.Money, rateBP, months int) torg.Money {
	if months <= 0 || principal <= 0 {
		return 0
	}
	if rateBP <= 0 {
		return torg.Money(ceilDiv(int64(principal), int64(months)))
	}
	i := float64(rateBP) / fullBP / 12
	p := float64(principal) * i / -math.Expm1(-float64(months)*math.Log1p(i))
	return torg.Money(math.Floor(p + 0.5))
}
