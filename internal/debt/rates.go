package debt

import (
	"time"

	"github.com/torg-kommune/torg"
)

// Sources of the embedded rate tables (domain.md §3.3).
const (
	sourceRegjeringen = "regjeringen.no: Livsoppholdssatser (forskrift om gjeldsordning)"
	sourceTrondheim   = "trondheim.kommune.no: Livsopphold- og samværssatser (updated 2024-07-08)"
)

// DefaultRates returns the embedded Norwegian living-cost tables
// (livsoppholdssatser) of domain.md §3.3, valid from 1 July 2022, 2023 and
// 2024. The 2022 table predates the band for children of 15 and over, so
// its Child15Plus is the 11–14 rate that applied to them then. The 2024
// figures are from a municipal page, not regjeringen.no; an administrator
// replaces or extends them with "torg rates import" (docs/debt.md).
func DefaultRates() []torg.LivingCostRates {
	return []torg.LivingCostRates{
		table(2022, 9758, 8263, 16526, 3123, 4142, 5230, 5230, sourceRegjeringen),
		table(2023, 10412, 8817, 17634, 3332, 4420, 5580, 6418, sourceRegjeringen),
		table(2024, 10724, 9082, 18164, 3432, 4553, 5747, 6611, sourceTrondheim),
	}
}

// table returns a Norwegian table valid from 1 July of year, with the rates
// in whole kroner.
func table(year int, single, cohab, supp, c0, c6, c11, c15 int64, source string) torg.LivingCostRates {
	return torg.LivingCostRates{
		Country:           "NO",
		ValidFrom:         torg.Date{Year: year, Month: time.July, Day: 1},
		Single:            kroner(single),
		Cohabiting:        kroner(cohab),
		SupportingPartner: kroner(supp),
		Child0to5:         kroner(c0),
		Child6to10:        kroner(c6),
		Child11to14:       kroner(c11),
		Child15Plus:       kroner(c15),
		Source:            source,
	}
}

// kroner returns whole kroner as Money.
func kroner(k int64) torg.Money { return torg.Money(k * 100) }

// RatesOn returns the table of country in force on a date: the one with
// the latest ValidFrom on or before it. It reports false if no table of
// that country had started by then.
func RatesOn(tables []torg.LivingCostRates, country string, on torg.Date) (torg.LivingCostRates, bool) {
	var best torg.LivingCostRates
	found := false
	for _, t := range tables {
		if t.Country != country || on.Before(t.ValidFrom) {
			continue
		}
		if !found || best.ValidFrom.Before(t.ValidFrom) {
			best, found = t, true
		}
	}
	return best, found
}
