package debt

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/torg-kommune/torg"
)

func TestLivingCost(t *testing.T) {
	r := rates2024(t)
	tests := []struct {
		name      string
		household string
		ages      []int
		total     torg.Money
		lines     []CostLine
	}{
		{
			name: "DC6.5 single debtor", household: torg.HouseholdSingle,
			total: nok(10724), lines: []CostLine{{Who: WhoDebtor, Amount: nok(10724)}},
		},
		{
			name: "DC6.5 single parent with a child of 8", household: torg.HouseholdSingle, ages: []int{8},
			total: nok(15277), lines: []CostLine{{Who: WhoDebtor, Amount: nok(10724)}, {Who: WhoChild, Age: 8, Amount: nok(4553)}},
		},
		{
			name: "DC6.5 couple: the cohabiting rate for each", household: torg.HouseholdCouple,
			total: nok(2 * 9082), lines: []CostLine{{Who: WhoDebtor, Amount: nok(9082)}, {Who: WhoPartner, Amount: nok(9082)}},
		},
		{
			name: "DC6.5 supporting a partner: one rate for both", household: torg.HouseholdSupporting,
			total: nok(18164), lines: []CostLine{{Who: WhoCouple, Amount: nok(18164)}},
		},
		{
			name: "DC6.5 child bands at their edges", household: torg.HouseholdSingle, ages: []int{5, 6, 10, 11, 14, 15},
			// Six children make a household of 7: persons 4–7, the four youngest, are cut.
			total: nok(10724 + 6611 + 5747 + 4598 + 3642 + 3642 + 2746),
			lines: []CostLine{
				{Who: WhoDebtor, Amount: nok(10724)},
				{Who: WhoChild, Age: 15, Amount: nok(6611)},
				{Who: WhoChild, Age: 14, Amount: nok(5747)},
				{Who: WhoChild, Age: 11, Amount: nok(4598), Reduced: true}, // 5 747 × 0.8 = 4 597.6
				{Who: WhoChild, Age: 10, Amount: nok(3642), Reduced: true}, // 4 553 × 0.8 = 3 642.4
				{Who: WhoChild, Age: 6, Amount: nok(3642), Reduced: true},
				{Who: WhoChild, Age: 5, Amount: nok(2746), Reduced: true}, // 3 432 × 0.8 = 2 745.6
			},
		},
		{
			name: "DC6.5 child of 15 and over", household: torg.HouseholdSingle, ages: []int{17},
			total: nok(10724 + 6611), lines: []CostLine{{Who: WhoDebtor, Amount: nok(10724)}, {Who: WhoChild, Age: 17, Amount: nok(6611)}},
		},
		{
			name: "DC6.5 couple with 3 children: the two youngest cut by 20 %", household: torg.HouseholdCouple, ages: []int{3, 12, 7},
			total: nok(9082 + 9082 + 5747 + 3642 + 2746),
			lines: []CostLine{
				{Who: WhoDebtor, Amount: nok(9082)}, {Who: WhoPartner, Amount: nok(9082)},
				{Who: WhoChild, Age: 12, Amount: nok(5747)},
				{Who: WhoChild, Age: 7, Amount: nok(3642), Reduced: true},
				{Who: WhoChild, Age: 3, Amount: nok(2746), Reduced: true},
			},
		},
		{
			name: "DC6.5 single with 3 children: person 4, the youngest, cut", household: torg.HouseholdSingle, ages: []int{2, 9, 4},
			total: nok(10724 + 4553 + 3432 + 2746),
			lines: []CostLine{
				{Who: WhoDebtor, Amount: nok(10724)},
				{Who: WhoChild, Age: 9, Amount: nok(4553)},
				{Who: WhoChild, Age: 4, Amount: nok(3432)},
				{Who: WhoChild, Age: 2, Amount: nok(2746), Reduced: true},
			},
		},
		{
			name: "DC6.5 supporting a partner with 2 children: the youngest is person 4", household: torg.HouseholdSupporting, ages: []int{1, 16},
			total: nok(18164 + 6611 + 2746),
			lines: []CostLine{
				{Who: WhoCouple, Amount: nok(18164)},
				{Who: WhoChild, Age: 16, Amount: nok(6611)},
				{Who: WhoChild, Age: 1, Amount: nok(2746), Reduced: true},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := &torg.Budget{Household: tt.household, ChildAges: tt.ages}
			total, lines := LivingCost(b, r)
			if total != tt.total {
				t.Errorf("total = %d, want %d", total, tt.total)
			}
			if diff := cmp.Diff(tt.lines, lines); diff != "" {
				t.Errorf("lines (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("the budget's child ages are not reordered", func(t *testing.T) {
		b := &torg.Budget{Household: torg.HouseholdSingle, ChildAges: []int{3, 12}}
		LivingCost(b, r)
		if b.ChildAges[0] != 3 {
			t.Errorf("ChildAges = %v", b.ChildAges)
		}
	})
}

func TestRatesOn(t *testing.T) {
	tables := DefaultRates()
	tests := []struct {
		name    string
		country string
		on      torg.Date
		want    int // the year of the table's ValidFrom; 0 for none
	}{
		{"DC6.5 the day before the first table", "NO", torg.Date{Year: 2022, Month: time.June, Day: 30}, 0},
		{"DC6.5 the first day of the 2022 table", "NO", torg.Date{Year: 2022, Month: time.July, Day: 1}, 2022},
		{"DC6.5 the last day of the 2022 table", "NO", torg.Date{Year: 2023, Month: time.June, Day: 30}, 2022},
		{"DC6.5 the 2023 table", "NO", torg.Date{Year: 2024, Month: time.January, Day: 15}, 2023},
		{"DC6.5 the 2024 table stays in force", "NO", torg.Date{Year: 2026, Month: time.May, Day: 2}, 2024},
		{"DC6.5 another country has no table", "SE", torg.Date{Year: 2024, Month: time.August, Day: 1}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := RatesOn(tables, tt.country, tt.on)
			if ok != (tt.want != 0) || ok && got.ValidFrom.Year != tt.want {
				t.Errorf("RatesOn(%s) = %v, %v; want the table from %d", tt.on, got.ValidFrom, ok, tt.want)
			}
		})
	}
	t.Run("DC6.5 the order of the tables does not matter", func(t *testing.T) {
		rev := []torg.LivingCostRates{tables[2], tables[0], tables[1]}
		got, _ := RatesOn(rev, "NO", torg.Date{Year: 2023, Month: time.December, Day: 1})
		if got.Single != nok(10412) {
			t.Errorf("single = %d, want the 2023 rate", got.Single)
		}
	})
}

func TestDefaultRatesValidate(t *testing.T) {
	for _, r := range DefaultRates() {
		if err := r.Validate(); err != nil {
			t.Errorf("%s: %v", r.ValidFrom, err)
		}
		if r.Country != "NO" || r.Source == "" || r.ValidFrom.Month != time.July || r.ValidFrom.Day != 1 {
			t.Errorf("table %+v", r)
		}
	}
	r := DefaultRates()[2]
	want := []torg.Money{nok(10724), nok(9082), nok(18164), nok(3432), nok(4553), nok(5747), nok(6611)}
	got := []torg.Money{r.Single, r.Cohabiting, r.SupportingPartner, r.Child0to5, r.Child6to10, r.Child11to14, r.Child15Plus}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("2024 rates (-want +got):\n%s", diff)
	}
}
