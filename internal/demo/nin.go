package demo

import (
	"fmt"

	"github.com/torg-kommune/torg"
)

// Weights of the Norwegian control digits K1 (over d1..d9) and K2 (over
// d1..d10), domain reference §1.1.
var (
	k1Weights = []int{3, 7, 6, 1, 8, 9, 4, 5, 2}
	k2Weights = []int{5, 4, 3, 2, 7, 6, 5, 4, 3, 2}
)

// tenorNIN returns the Test-Norge (Tenor) synthetic fødselsnummer for a
// birth date and individnummer: the month carries +80, and the control
// digits follow the rule in force before 2032. It returns false when a
// control digit would be 10: no number exists for that pair. ind must fit
// the century of birth (000–499 for the 1900s, 500–999 for 2000–2039).
func tenorNIN(birth torg.Date, ind int) (string, bool) {
	s := fmt.Sprintf("%02d%02d%02d%03d", birth.Day, int(birth.Month)+80, birth.Year%100, ind)
	k1, ok := control(s, k1Weights)
	if !ok {
		return "", false
	}
	s += string(rune('0' + k1))
	k2, ok := control(s, k2Weights)
	if !ok {
		return "", false
	}
	return s + string(rune('0'+k2)), true
}

// control returns the mod-11 control digit of the digits of s under w,
// and false if it would be 10.
func control(s string, w []int) (int, bool) {
	sum := 0
	for i, wi := range w {
		sum += int(s[i]-'0') * wi
	}
	k := (11 - sum%11) % 11
	return k, k != 10
}

// Individnummer bands. The demo persons and the bulk generator draw from
// different bands, so that bulk persons never collide with the demo's.
const (
	demoBand1900 = 400 // demo: 400–499 for births in the 1900s
	demoBand2000 = 900 // demo: 900–999 for births from 2000
	bandSize     = 100
	bulkBandSize = 400 // bulk: 000–399 and 500–899
)

// firstInd returns the first individnummer of the band for a birth year:
// the demo band or the bulk band.
func firstInd(year int, demo bool) int {
	switch {
	case year < 2000 && demo:
		return demoBand1900
	case year < 2000:
		return 0
	case demo:
		return demoBand2000
	}
	return 500
}

// female reports the gender the old rule encodes in the individnummer:
// an even third digit for women. It only picks a matching synthetic name.
func female(ind int) bool { return ind%2 == 0 }
