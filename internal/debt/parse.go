package debt

import "github.com/torg-kommune/torg"

// ParseAmount reads an amount as people and exports write it ("12 500",
// "12 500,50", "12500.50") into minor units.
func ParseAmount(s string) (torg.Money, error) { return parseAmount(s) }
