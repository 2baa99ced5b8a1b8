package nin

import (
	"fmt"
	"time"
)

// parseSE parses a Swedish personnummer or samordningsnummer. It checks the
// date before the Luhn digit, so a Luhn error means the date was valid.
func parseSE(s string, now time.Time) (Number, *Error) {
	datePart, sep, tail, ok := seSplit(s)
	if !ok {
		return Number{}, errLength("10/12")
	}
	year, err := seYear(datePart, sep, now)
	if err != nil {
		return Number{}, err
	}
	ten := datePart[len(datePart)-6:] + tail
	n := Number{Country: Sweden, Kind: KindPersonnummer, Digits: fmt.Sprintf("%04d", year) + ten[2:]}
	day := atoi(ten[4:6])
	if day > 60 {
		n.Kind, day = KindSamordningsnummer, day-60
	}
	if n.BirthDate, ok = date(year, atoi(ten[2:4]), day); !ok {
		return Number{}, errDate()
	}
	if !luhn(ten) {
		return Number{}, errLuhn()
	}
	return n, nil
}

// seSplit splits s into its date part (YYMMDD or YYYYMMDD), separator (0 if
// none) and the four final digits, and reports whether s has an accepted form.
func seSplit(s string) (datePart string, sep byte, tail string, ok bool) {
	switch {
	case len(s) == 10:
		datePart, tail = s[:6], s[6:]
	case len(s) == 11 && (s[6] == '-' || s[6] == '+'):
		datePart, sep, tail = s[:6], s[6], s[7:]
	case len(s) == 12:
		datePart, tail = s[:8], s[8:]
	case len(s) == 13 && s[8] == '-':
		datePart, sep, tail = s[:8], s[8], s[9:]
	default:
		return "", 0, "", false
	}
	return datePart, sep, tail, isDigits(datePart) && isDigits(tail)
}

// seYear returns the four-digit birth year. A 10-digit number takes the
// latest year ending in YY not after now's year, and one century earlier
// with '+', which Skatteverket uses from the calendar year a person turns
// 100. A 12-digit number must be from the 1800s, 1900s or 2000s.
func seYear(datePart string, sep byte, now time.Time) (int, *Error) {
	if len(datePart) == 8 {
		year := atoi(datePart[:4])
		if year < 1800 || year > 2099 {
			return 0, errCentury()
		}
		return year, nil
	}
	y, yy := now.Year(), atoi(datePart[:2])
	year := y - (y-yy)%100
	if sep == '+' {
		year -= 100
	}
	return year, nil
}

// luhn reports whether the digit string s passes the Luhn check: from the
// right, every second digit is doubled, and the digit sum is 0 mod 10.
func luhn(s string) bool {
	sum := 0
	for i := len(s) - 1; i >= 0; i-- {
		v := int(s[i] - '0')
		if (len(s)-i)%2 == 0 {
			v *= 2
		}
		sum += v/10 + v%10
	}
	return sum%10 == 0
}
