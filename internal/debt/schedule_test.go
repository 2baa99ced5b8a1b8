package debt

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/torg-kommune/torg"
)

// street is a creditor's street address that no export may print.
const street = "Fjellveien 99"

// testSchedule is the worked example's household with three unsecured
// claims and a mortgage, a lump sum and a refinancing loan.
func testSchedule(tb testing.TB, lang string) *Schedule {
	tb.Helper()
	b := &torg.Budget{
		Household: torg.HouseholdSingle, ChildAges: []int{8},
		Income: []torg.BudgetLine{
			{Kind: torg.IncomeSalary, Monthly: nok(31500)},
			{Kind: torg.IncomeChildBenefit, Note: "Ett barn", Monthly: nok(2500)},
		},
		Expenses: []torg.BudgetLine{{Kind: torg.ExpenseRent, Note: "Inkl. strøm? Nei", Monthly: nok(12000)}},
		LumpSum:  nok(45000), RefiRate: 1290, RefiYears: 8,
	}
	asOf := date(2025, time.March, 14)
	claims := []*torg.Claim{
		{ID: 11, Kind: torg.ClaimConsumerLoan, Creditor: "Fjordkreditt AS", CreditorAddr: street + "\n5004 Bergen",
			Reference: "FK-7781", Principal: nok(500000), Interest: nok(80000), Fees: nok(20000), Balance: nok(600000),
			Monthly: nok(9000), Source: torg.SourceDebtRegister, AsOf: asOf},
		{ID: 12, Kind: torg.ClaimCreditCard, Creditor: "Nordlys Bank ASA", CreditorAddr: "Postboks 7, " + street,
			Reference: "4417-9031", Principal: nok(199000) + 50, Balance: nok(199000) + 50, Monthly: nok(4000),
			Source: torg.SourceCreditor, AsOf: asOf, InCollection: true},
		{ID: 13, Kind: torg.ClaimCollection, Creditor: "Kystinkasso AS", Reference: "KI-118", Principal: nok(100999) + 50,
			Balance: nok(100999) + 50, Source: torg.SourceCollection},
		{ID: 14, Kind: torg.ClaimMortgage, Creditor: "Vestbo Boligkreditt", CreditorAddr: street, Reference: "VB-1",
			Principal: nok(1_850_000), Balance: nok(1_850_000), Monthly: nok(11400), Secured: true, Source: torg.SourceCitizen},
	}
	a := Assess(b, claims, rates2024(tb))
	sc := Plan(b, claims, a)
	return &Schedule{
		Lang: lang, Municipality: "Kristiansand kommune", Unit: "NAV Kristiansand, gjeldsrådgivning",
		CaseNumber: "2025/00042", Citizen: "Kari Nordmann", BirthDate: date(1985, time.May, 17),
		Counsellor: "Eva Gjeldsrådgiver", Date: date(2025, time.April, 2), Claims: claims, Budget: b,
		Assessment: &a, Scenarios: &sc, Currency: "NOK",
	}
}

func TestScheduleHasNoAddressField(t *testing.T) {
	// DC1.3: the schedule goes to creditors, so it must have no place for
	// the citizen's address. A field added for one fails this test.
	typ := reflect.TypeFor[Schedule]()
	for i := range typ.NumField() {
		name := strings.ToLower(typ.Field(i).Name)
		for _, bad := range []string{"addr", "street", "postal", "zip", "adresse"} {
			if strings.Contains(name, bad) {
				t.Errorf("Schedule has the field %s", typ.Field(i).Name)
			}
		}
	}
}

func TestFormat(t *testing.T) {
	tests := []struct {
		lang string
		m    torg.Money
		bp   int
		d    torg.Date
		want [3]string
	}{
		{"nb", 123456789, 4482, date(2025, time.March, 4), [3]string{"1\u00a0234\u00a0567,89", "44,82 %", "04.03.2025"}},
		{"da", 123456789, 5, date(2025, time.March, 4), [3]string{"1.234.567,89", "0,05 %", "04.03.2025"}},
		{"sv", -100, 10000, date(2025, time.March, 4), [3]string{"-1,00", "100,00 %", "2025-03-04"}},
		{"en", 99, 1, date(2025, time.March, 4), [3]string{"0.99", "0.01 %", "2025-03-04"}},
	}
	for _, tt := range tests {
		got := [3]string{formatMoney(tt.lang, tt.m), formatBP(tt.lang, tt.bp), formatDate(tt.lang, tt.d)}
		if got != tt.want {
			t.Errorf("%s: %q, want %q", tt.lang, got, tt.want)
		}
	}
}

func TestLabelsComplete(t *testing.T) {
	for lang, l := range allLabels {
		v := reflect.ValueOf(*l)
		for i := range v.NumField() {
			f := v.Field(i)
			if f.Kind() == reflect.String && f.String() == "" {
				t.Errorf("%s: label %s is empty", lang, v.Type().Field(i).Name)
			}
		}
		for set, codes := range map[string][]string{
			"kinds": torg.ClaimKinds, "sources": torg.ClaimSources,
			"budget": append(append([]string{}, torg.IncomeKinds...), torg.ExpenseKinds...),
		} {
			m := map[string]map[string]string{"kinds": l.Kinds, "sources": l.Sources, "budget": l.BudgetKinds}[set]
			for _, c := range codes {
				if m[c] == "" {
					t.Errorf("%s: no label for %s %s", lang, set, c)
				}
			}
		}
	}
}
