package nin

// dkWeights are the modulus-11 weights of a CPR number.
var dkWeights = []int{4, 3, 2, 7, 6, 5, 4, 3, 2, 1}

// parseDK parses a Danish CPR number. Only the date and the century are
// validity rules: CPR has issued numbers that fail modulus 11 since 2007, so
// a failure there only sets Warning.
func parseDK(s string) (Number, *Error) {
	d, ok := dkDigits(s)
	if !ok {
		return Number{}, errLength(10)
	}
	n := Number{Country: Denmark, Kind: KindCPR, Digits: d}
	day, yy := atoi(d[0:2]), atoi(d[4:6])
	if day > 60 {
		// STIL's convention for fictitious persons: day + 60.
		n.Synthetic, day = true, day-60
	}
	year := dkCentury(d[6], yy) + yy
	if n.BirthDate, ok = date(year, atoi(d[2:4]), day); !ok {
		return Number{}, errDate()
	}
	if weightedSum(d, dkWeights)%11 != 0 {
		n.Warning = WarnMod11
	}
	return n, nil
}

// dkDigits returns the 10 digits of DDMMYY-SSSS or DDMMYYSSSS.
func dkDigits(s string) (string, bool) {
	if len(s) == 11 && s[6] == '-' {
		s = s[:6] + s[7:]
	}
	return s, len(s) == 10 && isDigits(s)
}

// dkCentury returns the century of the birth year from the 7th digit c and
// the two-digit year yy.
func dkCentury(c byte, yy int) int {
	switch {
	case c <= '3':
		return 1900
	case c == '4' || c == '9':
		if yy <= 36 {
			return 2000
		}
		return 1900
	case yy <= 57:
		return 2000
	}
	return 1800
}
