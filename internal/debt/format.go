package debt

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/torg-kommune/torg"
)

// separators returns the group and decimal separators of lang.
func separators(lang string) (group, decimal string) {
	switch lang {
	case "da":
		return ".", ","
	case "en":
		return ",", "."
	}
	return "\u00a0", "," // nb, sv: a non-breaking space keeps the number on one line
}

// formatMoney writes an amount with two decimals as lang writes numbers:
// 12 345,67 (nb, sv), 12.345,67 (da) or 12,345.67 (en).
func formatMoney(lang string, m torg.Money) string {
	group, decimal := separators(lang)
	sign := ""
	u := uint64(m)
	if m < 0 {
		sign, u = "-", uint64(-m)
	}
	return sign + groupDigits(strconv.FormatUint(u/100, 10), group) + decimal + fmt.Sprintf("%02d", u%100)
}

// groupDigits puts group between each three digits from the right.
func groupDigits(s, group string) string {
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(group)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// formatBP writes basis points as a percentage: 44,82 % (en: 44.82 %).
func formatBP(lang string, bp int) string {
	_, decimal := separators(lang)
	return fmt.Sprintf("%d%s%02d %%", bp/100, decimal, bp%100)
}

// formatDate writes a date as 31.05.2024 (nb, da) or 2024-05-31 (sv, en);
// the zero date is "".
func formatDate(lang string, d torg.Date) string {
	if d.IsZero() {
		return ""
	}
	switch lang {
	case "nb", "da", "":
		return fmt.Sprintf("%02d.%02d.%04d", d.Day, d.Month, d.Year)
	}
	return d.String()
}
