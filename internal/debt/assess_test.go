package debt

import (
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/torg-kommune/torg"
)

// nok is whole kroner as Money.
func nok(k int64) torg.Money { return torg.Money(k * 100) }

// rates2024 is the table in force in the worked example of domain.md §3.4.
func rates2024(tb testing.TB) torg.LivingCostRates {
	tb.Helper()
	r, ok := RatesOn(DefaultRates(), "NO", torg.Date{Year: 2025, Month: time.March, Day: 1})
	if !ok {
		tb.Fatal("no Norwegian rates in force on 2025-03-01")
	}
	return r
}

func TestAssess(t *testing.T) {
	t.Run("DC6.5 worked example of domain.md §3.4: single parent, child of 8, 44.82 %", func(t *testing.T) {
		b := &torg.Budget{
			Household: torg.HouseholdSingle, ChildAges: []int{8},
			Income:   []torg.BudgetLine{{Kind: torg.IncomeSalary, Monthly: nok(34000)}},
			Expenses: []torg.BudgetLine{{Kind: torg.ExpenseRent, Monthly: nok(12000)}},
		}
		claims := []*torg.Claim{
			{ID: 1, Creditor: "Fjordkreditt AS", Balance: nok(600000), Monthly: nok(9000)},
			{ID: 2, Creditor: "Nordlys Bank ASA", Balance: nok(300000), Monthly: nok(4000)},
			{ID: 3, Creditor: "Vestbo Boligkreditt", Balance: nok(2_000_000), Monthly: nok(11000), Secured: true},
		}
		a := Assess(b, claims, rates2024(t))
		got := map[string]any{
			"living cost": a.LivingCost, "capacity": a.Capacity, "years": a.Years, "available": a.Available,
			"unsecured": a.Unsecured, "secured": a.Secured, "dividend": a.DividendBP, "current monthly": a.CurrentMonthly,
		}
		want := map[string]any{
			"living cost": nok(15277), "capacity": nok(6723), "years": 5, "available": nok(403380),
			"unsecured": nok(900000), "secured": nok(2_000_000), "dividend": 4482, "current monthly": nok(24000),
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("assessment (-want +got):\n%s", diff)
		}
		wantShares := []Share{
			{ClaimID: 1, Creditor: "Fjordkreditt AS", Balance: nok(600000), ShareBP: 6667, Amount: nok(268920), Monthly: nok(4482)},
			{ClaimID: 2, Creditor: "Nordlys Bank ASA", Balance: nok(300000), ShareBP: 3333, Amount: nok(134460), Monthly: nok(2241)},
		}
		if diff := cmp.Diff(wantShares, a.Shares); diff != "" {
			t.Errorf("shares (-want +got):\n%s", diff)
		}
		if len(a.Warnings) != 0 {
			t.Errorf("warnings = %v, want none", a.Warnings)
		}
	})

	tests := []struct {
		name       string
		budget     *torg.Budget
		claims     []*torg.Claim
		capacity   torg.Money
		available  torg.Money
		dividendBP int
		warnings   []string
	}{
		{
			name:   "DC6.5 negative capacity: nothing available, dividend 0, a warning",
			budget: budget(torg.HouseholdSingle, nok(12000), nok(8000)),
			claims: []*torg.Claim{{Creditor: "Fjordkreditt AS", Balance: nok(50000)}},
			// 12 000 − 10 724 − 8 000
			capacity: nok(-6724), available: 0, dividendBP: 0, warnings: []string{WarnNegativeCapacity},
		},
		{
			name:     "DC6.5 capacity exactly 0",
			budget:   budget(torg.HouseholdSingle, nok(10724), 0),
			claims:   []*torg.Claim{{Creditor: "Fjordkreditt AS", Balance: nok(50000)}},
			capacity: 0, available: 0, dividendBP: 0, warnings: []string{WarnZeroCapacity},
		},
		{
			name:     "DC6.5 dividend capped at 100 % when the capacity pays everything",
			budget:   budget(torg.HouseholdSingle, nok(20724), 0),
			claims:   []*torg.Claim{{Creditor: "Fjordkreditt AS", Balance: nok(100000)}},
			capacity: nok(10000), available: nok(600000), dividendBP: 10000, warnings: []string{WarnFullPayment},
		},
		{
			name:     "DC6.5 no claims",
			budget:   budget(torg.HouseholdSingle, nok(20724), 0),
			capacity: nok(10000), available: nok(600000), dividendBP: 0, warnings: []string{WarnNoClaims},
		},
		{
			name:     "DC6.5 only secured debt: no dividend",
			budget:   budget(torg.HouseholdSingle, nok(20724), 0),
			claims:   []*torg.Claim{{Creditor: "Vestbo Boligkreditt", Balance: nok(100000), Secured: true}},
			capacity: nok(10000), available: nok(600000), dividendBP: 0, warnings: []string{WarnNoUnsecured},
		},
		{
			name:     "DC6.5 no income",
			budget:   budget(torg.HouseholdSingle, 0, 0),
			claims:   []*torg.Claim{{Creditor: "Fjordkreditt AS", Balance: nok(100000)}},
			capacity: nok(-10724), available: 0, dividendBP: 0, warnings: []string{WarnNoIncome, WarnNegativeCapacity},
		},
		{
			name: "DC6.5 a period of 3 years",
			budget: func() *torg.Budget {
				b := budget(torg.HouseholdSingle, nok(11724), 0)
				b.Years = 3
				return b
			}(),
			claims: []*torg.Claim{{Creditor: "Fjordkreditt AS", Balance: nok(360000)}},
			// 1 000 × 36 = 36 000 of 360 000
			capacity: nok(1000), available: nok(36000), dividendBP: 1000,
		},
		{
			name:   "DC6.5 dividend rounds half up to a basis point",
			budget: budget(torg.HouseholdSingle, nok(10724)+1, 0),
			claims: []*torg.Claim{{Creditor: "Fjordkreditt AS", Balance: torg.Money(120)}},
			// 1 øre × 60 = 60 of 120 øre
			capacity: 1, available: 60, dividendBP: 5000,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := Assess(tt.budget, tt.claims, rates2024(t))
			if a.Capacity != tt.capacity || a.Available != tt.available || a.DividendBP != tt.dividendBP {
				t.Errorf("capacity %d, available %d, dividend %d bp; want %d, %d, %d",
					a.Capacity, a.Available, a.DividendBP, tt.capacity, tt.available, tt.dividendBP)
			}
			if !slices.Equal(a.Warnings, tt.warnings) {
				t.Errorf("warnings = %v, want %v", a.Warnings, tt.warnings)
			}
			var paid torg.Money
			for _, s := range a.Shares {
				paid += s.Amount
			}
			if want := min(a.Available, a.Unsecured); paid != want {
				t.Errorf("shares pay %d, want %d", paid, want)
			}
		})
	}
}

// budget returns a budget of household with one income and one expense line.
func budget(household string, income, rent torg.Money) *torg.Budget {
	b := &torg.Budget{Household: household, Income: []torg.BudgetLine{{Kind: torg.IncomeSalary, Monthly: income}}}
	if rent > 0 {
		b.Expenses = []torg.BudgetLine{{Kind: torg.ExpenseRent, Monthly: rent}}
	}
	return b
}

func TestAssessNilBudget(t *testing.T) {
	a := Assess(nil, nil, rates2024(t))
	if a.LivingCost != nok(10724) || a.Capacity != nok(-10724) || a.Years != DefaultYears {
		t.Errorf("nil budget: living cost %d, capacity %d, years %d", a.LivingCost, a.Capacity, a.Years)
	}
}

func TestAssessHugeAmountsDoNotOverflow(t *testing.T) {
	b := budget(torg.HouseholdSingle, torg.MaxMoney, 0)
	b.Years = 10
	claims := []*torg.Claim{{Creditor: "A", Balance: torg.MaxMoney}, {Creditor: "B", Balance: 1}}
	a := Assess(b, claims, rates2024(t))
	if a.Available <= 0 || a.DividendBP != fullBP {
		t.Fatalf("available %d, dividend %d", a.Available, a.DividendBP)
	}
	if a.Shares[0].Amount+a.Shares[1].Amount != a.Unsecured {
		t.Errorf("shares %d + %d, want %d", a.Shares[0].Amount, a.Shares[1].Amount, a.Unsecured)
	}
}
