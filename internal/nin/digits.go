package nin

import "time"

// isDigits reports whether s is non-empty and holds only ASCII digits.
func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// countDigits returns the number of ASCII digits in s.
func countDigits(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) {
			n++
		}
	}
	return n
}

// atoi returns the value of the all-digit string s.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// weightedSum returns Σ digit(s[i]) × w[i] over the first len(w) digits.
func weightedSum(s string, w []int) int {
	sum := 0
	for i, wi := range w {
		sum += int(s[i]-'0') * wi
	}
	return sum
}

// date returns the calendar date year-month-day at UTC midnight, and false
// if there is no such date.
func date(year, month, day int) (time.Time, bool) {
	if month < 1 || month > 12 || day < 1 {
		return time.Time{}, false
	}
	t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	return t, t.Day() == day && int(t.Month()) == month
}
