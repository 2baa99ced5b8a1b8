package debt

import (
	"math/big"
	"strings"
	"unicode"

	"github.com/torg-kommune/torg"
)

// parseAmount reads an amount in kroner as people write it: "12 345,67",
// "12345.67", "12.345,67", "kr 1 500,-", "-200". The last of "," and "."
// is the decimal separator when both appear; one alone is the decimal
// separator unless it appears more than once. More than two decimals are
// refused as ambiguous ("1.500" may mean 1 500 kr). An empty string is 0.
func parseAmount(s string) (torg.Money, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	for _, affix := range []string{"nok", "kr.", "kr", ",-", ".-"} {
		s = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(s, affix), affix))
	}
	s = strings.Map(func(r rune) rune {
		switch {
		case unicode.IsSpace(r), r == '\'':
			return -1
		case r == '−': // a minus sign from a word processor
			return '-'
		}
		return r
	}, s)
	if s == "" {
		return 0, nil
	}
	dec := decimalSeparator(s)
	s = strings.Map(func(r rune) rune {
		switch {
		case r == dec:
			return '.'
		case r == ',' || r == '.':
			return -1 // a group separator
		}
		return r
	}, s)
	if _, frac, ok := strings.Cut(s, "."); ok && len(frac) > 2 {
		return 0, torg.FieldError("", keyImportAmount)
	}
	for i, r := range s {
		if !(r >= '0' && r <= '9' || r == '.' || r == '-' && i == 0) {
			return 0, torg.FieldError("", keyImportAmount)
		}
	}
	return ratMoney(s, 100)
}

// decimalSeparator returns the decimal separator of a number written with
// "," and "." as the group and decimal separators, or 0 if it has none.
func decimalSeparator(s string) rune {
	c, d := strings.LastIndexByte(s, ','), strings.LastIndexByte(s, '.')
	switch {
	case c >= 0 && d >= 0 && c > d:
		return ','
	case c >= 0 && d >= 0:
		return '.'
	case c >= 0 && strings.Count(s, ",") == 1:
		return ','
	case d >= 0 && strings.Count(s, ".") == 1:
		return '.'
	}
	return 0
}

// ratMoney converts a decimal number of units (such as a JSON number
// literal) to Money, with scale minor units to the unit, rounding half
// away from zero. A number beyond int64 is absurd.
func ratMoney(lit string, scale int64) (torg.Money, error) {
	r, ok := new(big.Rat).SetString(lit)
	if !ok {
		return 0, torg.FieldError("", keyImportAmount)
	}
	r.Mul(r, new(big.Rat).SetInt64(scale))
	num, den := r.Num(), r.Denom()
	q, m := new(big.Int).QuoRem(num, den, new(big.Int))
	if m.Abs(m).Lsh(m, 1).Cmp(den) >= 0 {
		q.Add(q, big.NewInt(int64(num.Sign())))
	}
	if !q.IsInt64() {
		return 0, torg.FieldError("", "debt.amount_absurd")
	}
	return torg.Money(q.Int64()), nil
}
