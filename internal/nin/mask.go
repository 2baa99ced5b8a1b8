package nin

import "strings"

// Masked returns n's digits for logs: the first 6 digits kept and the rest
// replaced by '*', e.g. "311299*****". For Sweden the first 6 of the 12
// digits are YYYYMM.
func (n Number) Masked() string { return Mask(n.Digits) }

// Display returns n in the form people write it: NO 11 digits, SE
// "YYYYMMDD-NNNC", DK "DDMMYY-SSSS".
func (n Number) Display() string {
	switch {
	case n.Country == Sweden && len(n.Digits) == 12:
		return n.Digits[:8] + "-" + n.Digits[8:]
	case n.Country == Denmark && len(n.Digits) == 10:
		return n.Digits[:6] + "-" + n.Digits[6:]
	}
	return n.Digits
}

// Mask masks a raw, unvalidated string for logs the way Masked does: after
// trimming surrounding spaces it keeps at most the first 6 digits and
// replaces every other character, separators and letters included, by '*'.
func Mask(s string) string {
	var b strings.Builder
	kept := 0
	for _, r := range strings.TrimSpace(s) {
		if kept < 6 && '0' <= r && r <= '9' {
			b.WriteRune(r)
			kept++
			continue
		}
		b.WriteByte('*')
	}
	return b.String()
}
