package debt

import (
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/torg-kommune/torg"
)

func TestProrata(t *testing.T) {
	tests := []struct {
		name    string
		total   int64
		weights []int64
		want    []int64
	}{
		{"DC6.9 even split", 100, []int64{1, 1}, []int64{50, 50}},
		{"DC6.9 a third each: the remainder goes to the first on a tie", 100, []int64{1, 1, 1}, []int64{34, 33, 33}},
		{"DC6.9 the largest remainder gets the unit", 10, []int64{1, 2, 4}, []int64{1, 3, 6}},
		{"DC6.9 a zero weight gets nothing", 7, []int64{0, 3, 4}, []int64{0, 3, 4}},
		{"DC6.9 no weight: all zero", 7, []int64{0, 0}, []int64{0, 0}},
		{"DC6.9 nothing to split", 0, []int64{5, 5}, []int64{0, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, prorata(tt.total, tt.weights)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	t.Run("DC6.9 random splits add up exactly", func(t *testing.T) {
		rng := rand.New(rand.NewPCG(1, 2))
		for range 500 {
			n := 1 + rng.IntN(40)
			w := make([]int64, n)
			for i := range w {
				w[i] = rng.Int64N(int64(torg.MaxMoney))
			}
			total := rng.Int64N(int64(torg.MaxMoney) * 120)
			parts := prorata(total, w)
			var sum int64
			for i, p := range parts {
				sum += p
				// Each part is within one unit of its exact share.
				exact, _ := mulDiv(total, w[i], sumOf(w))
				if p != exact && p != exact+1 {
					t.Fatalf("part %d = %d, exact share %d", i, p, exact)
				}
			}
			if sum != total {
				t.Fatalf("parts add up to %d, want %d", sum, total)
			}
		}
	})
}

func sumOf(w []int64) int64 {
	var s int64
	for _, v := range w {
		s += v
	}
	return s
}

func TestAnnuity(t *testing.T) {
	tests := []struct {
		name      string
		principal torg.Money
		rateBP    int
		months    int
		want      torg.Money
	}{
		// Standard tables: 100 000 at 5 % over 5 years is 1 887.12 a month.
		{"DC6.9 100 000 at 5 % over 5 years", nok(100000), 500, 60, 188712},
		// 200 000 at 12 % over 10 years is 2 869.42 a month.
		{"DC6.9 200 000 at 12 % over 10 years", nok(200000), 1200, 120, 286942},
		// 1 200 at 12 % over 12 months: 106.62 a month.
		{"DC6.9 1 200 at 12 % over a year", nok(1200), 1200, 12, 10662},
		{"DC6.9 at 0 % the principal divided, rounded up", nok(1000), 0, 3, 33334},
		{"DC6.9 no term", nok(1000), 500, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Annuity(tt.principal, tt.rateBP, tt.months); got != tt.want {
				t.Errorf("Annuity = %d, want %d", got, tt.want)
			}
		})
	}
}

// planCase is three unsecured claims and a mortgage, with a budget that
// leaves 6 723 a month, as in the worked example.
func planCase(t *testing.T) (*torg.Budget, []*torg.Claim, Assessment) {
	t.Helper()
	b := budget(torg.HouseholdSingle, nok(34000), nok(12000))
	b.ChildAges = []int{8}
	claims := []*torg.Claim{
		{ID: 1, Creditor: "Fjordkreditt AS", Balance: nok(100000), Monthly: nok(2500)},
		{ID: 2, Creditor: "Nordlys Bank ASA", Balance: nok(100000), Monthly: nok(2500)},
		{ID: 3, Creditor: "Kystinkasso AS", Balance: nok(100000), Monthly: nok(1000)},
		{ID: 4, Creditor: "Vestbo Boligkreditt", Balance: nok(1_500_000), Monthly: nok(9000), Secured: true},
	}
	return b, claims, Assess(b, claims, rates2024(t))
}

func TestPlan(t *testing.T) {
	t.Run("DC6.9 repayment: the capacity split pro rata, adding up exactly", func(t *testing.T) {
		b, claims, a := planCase(t)
		r := Plan(b, claims, a).Repayment
		if !r.Possible || r.Monthly != nok(6723) {
			t.Fatalf("repayment %+v", r)
		}
		// 6 723 in three: 2 241 each.
		want := []RepaymentLine{
			{ClaimID: 1, Creditor: "Fjordkreditt AS", Balance: nok(100000), Monthly: nok(2241), Months: 45},
			{ClaimID: 2, Creditor: "Nordlys Bank ASA", Balance: nok(100000), Monthly: nok(2241), Months: 45},
			{ClaimID: 3, Creditor: "Kystinkasso AS", Balance: nok(100000), Monthly: nok(2241), Months: 45},
		}
		if diff := cmp.Diff(want, r.Lines); diff != "" {
			t.Errorf("lines (-want +got):\n%s", diff)
		}
		if r.Months != 45 { // 100 000 / 2 241 = 44.6
			t.Errorf("months = %d", r.Months)
		}
	})
	t.Run("DC6.9 repayment: one øre left over goes to one claim", func(t *testing.T) {
		b, claims, a := planCase(t)
		a.Capacity = nok(6723) + 1
		r := Plan(b, claims, a).Repayment
		var sum torg.Money
		for _, l := range r.Lines {
			sum += l.Monthly
		}
		if sum != a.Capacity || r.Lines[0].Monthly != nok(2241)+1 {
			t.Errorf("lines %+v add up to %d, want %d", r.Lines, sum, a.Capacity)
		}
	})
	t.Run("DC6.9 repayment is not possible without capacity", func(t *testing.T) {
		b, claims, a := planCase(t)
		a.Capacity = nok(-100)
		r := Plan(b, claims, a).Repayment
		if r.Possible || r.Months != 0 || r.Monthly != 0 {
			t.Errorf("repayment %+v", r)
		}
	})
	t.Run("DC6.9 settlement: the lump sum split pro rata and its percent", func(t *testing.T) {
		b, claims, a := planCase(t)
		b.LumpSum = nok(100000) + 1 // a third of the debt and 1 øre
		s := Plan(b, claims, a).Settlement
		if s.PercentBP != 3333 || s.Paid != b.LumpSum {
			t.Errorf("percent %d, paid %d", s.PercentBP, s.Paid)
		}
		got := []torg.Money{s.Lines[0].Amount, s.Lines[1].Amount, s.Lines[2].Amount}
		want := []torg.Money{3333334, 3333334, 3333333} // 10 000 001 øre in three
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("amounts (-want +got):\n%s", diff)
		}
	})
	t.Run("DC6.9 settlement above the debt pays the debt and no more", func(t *testing.T) {
		b, claims, a := planCase(t)
		b.LumpSum = nok(500000)
		s := Plan(b, claims, a).Settlement
		if s.PercentBP != fullBP || s.Paid != nok(300000) || s.Lines[2].Amount != nok(100000) {
			t.Errorf("settlement %+v", s)
		}
	})
	t.Run("DC6.9 no lump sum, no refinancing: zero values", func(t *testing.T) {
		b, claims, a := planCase(t)
		s := Plan(b, claims, a)
		if diff := cmp.Diff(Settlement{}, s.Settlement); diff != "" {
			t.Errorf("settlement: %s", diff)
		}
		if diff := cmp.Diff(Refinance{}, s.Refinance); diff != "" {
			t.Errorf("refinance: %s", diff)
		}
	})
	t.Run("DC6.9 refinancing: annuity of the unsecured debt against the capacity", func(t *testing.T) {
		b, claims, a := planCase(t)
		b.RefiRate, b.RefiYears = 1200, 10
		r := Plan(b, claims, a).Refinance
		want := Refinance{
			Principal: nok(300000), RateBP: 1200, Years: 10,
			Monthly: 430413, TotalCost: 430413 * 120, Interest: 430413*120 - nok(300000),
			Replaces: nok(6000), CurrentMonthly: nok(15000), Capacity: nok(6723), Affordable: true,
			Lines: []RefinanceLine{
				{ClaimID: 1, Creditor: "Fjordkreditt AS", Balance: nok(100000), Monthly: nok(2500)},
				{ClaimID: 2, Creditor: "Nordlys Bank ASA", Balance: nok(100000), Monthly: nok(2500)},
				{ClaimID: 3, Creditor: "Kystinkasso AS", Balance: nok(100000), Monthly: nok(1000)},
			},
		}
		if diff := cmp.Diff(want, r); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
		b.RefiYears = 2 // 14 122 a month is more than the capacity
		if r := Plan(b, claims, a).Refinance; r.Affordable {
			t.Errorf("a 2-year loan of %d a month is affordable on %d", r.Monthly, r.Capacity)
		}
	})
}
