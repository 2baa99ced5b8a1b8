package debt

import (
	"cmp"
	"slices"

	"github.com/torg-kommune/torg"
)

// Who a CostLine is for.
const (
	WhoDebtor  = "debtor"  // a single debtor, or the debtor of a couple
	WhoPartner = "partner" // the debtor's spouse or cohabitant in a couple
	WhoCouple  = "couple"  // the debtor and the partner the debtor supports, at one rate
	WhoChild   = "child"
)

// CostLine is one person's living-cost amount (for display, in the order
// they count). Reduced says the amount is the rate cut by 20 % (from the
// household's fourth person on). Age is set for children only.
type CostLine struct {
	Who     string
	Age     int
	Amount  torg.Money
	Reduced bool
}

// cutFrom is the household member from whom the rate is cut (domain.md §3.3).
const cutFrom = 4

// LivingCost returns the household's monthly living-cost amount and its
// lines: the adults first, then the children from the oldest. A single
// debtor (or an unknown household) counts the Single rate; a couple the
// Cohabiting rate for each adult (2 lines); a debtor supporting a partner
// the SupportingPartner rate once for both. Children count by age band.
// From the fourth person in the household each rate is cut by 20 %, and the
// cut falls on the youngest: a household of n counts n−3 reduced rates,
// always children's, since the adults come first. A cut rate is rounded to
// whole kroner, half up.
func LivingCost(b *torg.Budget, r torg.LivingCostRates) (torg.Money, []CostLine) {
	var lines []CostLine
	household := torg.HouseholdSingle
	var ages []int
	if b != nil {
		household, ages = b.Household, b.ChildAges
	}
	switch household {
	case torg.HouseholdCouple:
		lines = append(lines, CostLine{Who: WhoDebtor, Amount: r.Cohabiting}, CostLine{Who: WhoPartner, Amount: r.Cohabiting})
	case torg.HouseholdSupporting:
		lines = append(lines, CostLine{Who: WhoCouple, Amount: r.SupportingPartner})
	default:
		lines = append(lines, CostLine{Who: WhoDebtor, Amount: r.Single})
	}
	adults := len(lines)
	if household == torg.HouseholdSupporting {
		adults = 2 // one rate, two persons
	}
	ages = slices.Clone(ages)
	slices.SortStableFunc(ages, func(a, b int) int { return cmp.Compare(b, a) })
	for i, age := range ages {
		l := CostLine{Who: WhoChild, Age: age, Amount: childRate(r, age)}
		if adults+i+1 >= cutFrom {
			l.Amount, l.Reduced = cut(l.Amount), true
		}
		lines = append(lines, l)
	}
	var total torg.Money
	for _, l := range lines {
		total += l.Amount
	}
	return total, lines
}

// childRate is the rate for a child of the given age.
func childRate(r torg.LivingCostRates, age int) torg.Money {
	switch {
	case age <= 5:
		return r.Child0to5
	case age <= 10:
		return r.Child6to10
	case age <= 14:
		return r.Child11to14
	}
	return r.Child15Plus
}

// cut returns 80 % of m, rounded to whole kroner, half up.
func cut(m torg.Money) torg.Money {
	return torg.Money(mulDivRound(int64(m), 80, 100*100) * 100)
}
