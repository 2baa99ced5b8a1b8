package web

import (
	"strconv"
	"strings"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/i18n"
)

// parseAmount reads an amount of kroner as people type it: "12 345,50",
// "12345.5", "12.345,50", "1,234.50", "500,-" or "kr 300". An empty field
// is 0. A negative or absurd amount is returned as it is, for the domain's
// Validate to refuse with its own message; what is not a number at all is
// a field error.
func parseAmount(field, s string) (torg.Money, error) {
	minor, ok := parseDecimal(s, "kr", "nok", "sek", "dkk")
	if !ok {
		return 0, torg.FieldError(field, "debtui.amount_invalid")
	}
	return torg.Money(minor), nil
}

// parsePercent reads a percentage with up to two decimals, "4,5" or
// "4.25 %", as basis points: 450, 425.
func parsePercent(field, s string) (int, error) {
	bp, ok := parseDecimal(s, "%")
	if !ok {
		return 0, torg.FieldError(field, "debtui.percent_invalid")
	}
	return int(bp), nil
}

// parseWhole reads a whole number such as a number of years; empty is def.
func parseWhole(field, s string, def int) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < -1000 || n > 1000 {
		return 0, torg.FieldError(field, "debtui.whole_number")
	}
	return n, nil
}

// absurd is what parseDecimal returns for more digits than any real amount
// has: above torg.MaxMoney, so that Validate calls it absurd, and far from
// overflowing int64.
const absurd = int64(torg.MaxMoney) + 1

// parseDecimal reads a number with at most two decimals in hundredths. The
// decimal mark is a comma or a point; the other, spaces and apostrophes
// group thousands. A lone mark followed by exactly three digits groups
// thousands ("12.345" is 12 345), as nobody writes kroner with three
// decimals. units are words that may stand before or after the number.
func parseDecimal(s string, units ...string) (int64, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.TrimSuffix(s, ",-") // "500,-", Norwegian for whole kroner
	for _, u := range units {
		s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(s, "."), u))
		s = strings.TrimSpace(strings.TrimPrefix(s, u))
	}
	s = strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\u00a0', '\u202f', '\'', '\u2009':
			return -1
		case '\u2212': // minus sign
			return '-'
		}
		return r
	}, s)
	if s == "" {
		return 0, true
	}
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, ok := splitDecimal(s)
	if !ok {
		return 0, false
	}
	n := absurd
	if len(whole) <= 13 {
		w, _ := strconv.ParseInt(whole, 10, 64)
		f, _ := strconv.ParseInt((frac + "00")[:2], 10, 64)
		n = w*100 + f
	}
	if neg {
		n = -n
	}
	return n, true
}

// splitDecimal splits digits with grouping and decimal marks into the
// whole digits and the decimals.
func splitDecimal(s string) (whole, frac string, ok bool) {
	mark := strings.LastIndexAny(s, ",.")
	if mark >= 0 {
		sep, rest := s[mark], s[mark+1:]
		other := byte(',')
		if sep == ',' {
			other = '.'
		}
		onlyOnce := strings.Count(s, string(sep)) == 1
		if onlyOnce && (len(rest) != 3 || strings.IndexByte(s, other) >= 0) {
			s, frac = s[:mark], rest // the decimal mark
			if len(frac) > 2 || !digits(frac) {
				return "", "", false
			}
		}
	}
	if whole, ok = ungroup(s); !ok {
		return "", "", false
	}
	return whole, frac, true
}

// ungroup removes the grouping marks of s, which must group in threes.
func ungroup(s string) (string, bool) {
	groups := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '.' })
	if len(groups) == 0 || strings.Count(s, ",")+strings.Count(s, ".") != len(groups)-1 {
		return "", false
	}
	if strings.Contains(s, ",") && strings.Contains(s, ".") {
		return "", false // "1,234.567,89" groups with two marks
	}
	for i, g := range groups {
		if !digits(g) || (i > 0 && len(g) != 3) || (i == 0 && len(groups) > 1 && len(g) > 3) {
			return "", false
		}
	}
	return strings.Join(groups, ""), true
}

func digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// decimalMark is the decimal separator of a language.
func decimalMark(l i18n.Lang) string {
	if l == i18n.EN {
		return "."
	}
	return ","
}

// hundredths formats a number in hundredths with its digits grouped and
// two decimals: 1234550 is "12 345,50" in bokmål, "12,345.50" in English.
func hundredths(p *i18n.Printer, n int64) string {
	sign := ""
	if n < 0 {
		sign, n = "-", -n
	}
	return sign + p.Number(int(n/100)) + decimalMark(p.Lang()) + strconv.FormatInt(100+n%100, 10)[1:]
}

// formatMoney formats an amount with its currency as the language writes
// it: "12 345,50 kr" (nb, sv), "12.345,50 kr." (da), "NOK 12,345.50" (en).
func formatMoney(p *i18n.Printer, m torg.Money, currency string) string {
	s := hundredths(p, int64(m))
	if p.Lang() == i18n.EN {
		return currency + "\u00a0" + s
	}
	return s + "\u00a0" + currencySign(p.Lang())
}

// formatPercent formats basis points as a percentage: 4482 is "44,82 %".
func formatPercent(p *i18n.Printer, bp int) string {
	if p.Lang() == i18n.EN {
		return hundredths(p, int64(bp)) + "%"
	}
	return hundredths(p, int64(bp)) + "\u00a0%"
}

// amountInput is an amount as a form field shows it for editing: no
// grouping, decimals only when there are øre ("12345", "12345,50").
func amountInput(l i18n.Lang, m torg.Money) string {
	n := int64(m)
	sign := ""
	if n < 0 {
		sign, n = "-", -n
	}
	s := sign + strconv.FormatInt(n/100, 10)
	if n%100 != 0 {
		s += decimalMark(l) + strconv.FormatInt(100+n%100, 10)[1:]
	}
	return s
}

// percentInput is basis points as a form field shows them: 450 is "4,5".
func percentInput(l i18n.Lang, bp int) string {
	s := amountInput(l, torg.Money(bp))
	if strings.Contains(s, decimalMark(l)) {
		s = strings.TrimSuffix(s, "0")
	}
	return s
}

// currencySign is how a Nordic language writes its krone next to an
// amount.
func currencySign(l i18n.Lang) string {
	if l == i18n.DA {
		return "kr."
	}
	return "kr"
}

// currencyOf returns the currency code of a country, NOK unless it is
// Sweden or Denmark.
func currencyOf(country string) string {
	switch country {
	case "SE":
		return "SEK"
	case "DK":
		return "DKK"
	}
	return "NOK"
}

// Money formats an amount for the page's language, in the currency of the
// page's data if it has one, else NOK.
func (p *page) Money(m torg.Money) string { return formatMoney(p.p, m, p.currency()) }

// Percent formats basis points as a percentage for the page's language.
func (p *page) Percent(bp int) string { return formatPercent(p.p, bp) }

// Amount formats an amount for the page's language without its currency,
// for a table column whose header names the currency.
func (p *page) Amount(m torg.Money) string { return hundredths(p.p, int64(m)) }

// Currency is how the page's language writes the currency of the page's
// data next to an amount: "kr" (nb, sv), "kr." (da), "NOK" (en).
func (p *page) Currency() string {
	if p.Lang == i18n.EN {
		return p.currency()
	}
	return currencySign(p.Lang)
}

func (p *page) currency() string {
	if d, ok := p.Data.(interface{ currency() string }); ok {
		return d.currency()
	}
	return "NOK"
}
