package gen

import (
	"fmt"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/demo"
)

// Countries that gen makes populations for.
const (
	Norway  = "NO"
	Sweden  = "SE"
	Denmark = "DK"
)

// ninMaker hands out national IDs of one country, each once, for birth
// dates between 1900 and 2039:
//
//   - NO: Test-Norge (Tenor) synthetic fødselsnumre, month + 80, from the
//     demo's bulk individnummer band (domain reference §1.1);
//   - DK: day + 60, the convention for fictitious persons (§1.3), with a
//     serial whose 7th digit gives the century and which passes modulus 11;
//   - SE: structurally valid personnumre (date, födelsenummer, Luhn digit).
//     Sweden has no reserved synthetic range (§1.2): such a number may be
//     a real person's. docs/benchmarks.md says what follows from that.
type ninMaker struct {
	country string
	next    []uint16 // per day since 1900-01-01: the next serial offset to try
}

var ninEpoch = torg.Date{Year: 1900, Month: 1, Day: 1}

func newNINMaker(country string) *ninMaker {
	return &ninMaker{country: country, next: make([]uint16, 140*366)}
}

// make returns a new number for a birth date, whether it encodes a woman,
// and false when the date has no numbers left.
func (m *ninMaker) make(birth torg.Date) (nin string, female, ok bool) {
	day := int(birth.Time().Sub(ninEpoch.Time()).Hours() / 24)
	for {
		off := int(m.next[day])
		nin, female, ok, more := m.try(birth, off)
		if !more {
			return "", false, false
		}
		m.next[day]++
		if ok {
			return nin, female, true
		}
	}
}

// try builds the number for a birth date and serial offset. ok is false
// when no valid number has that offset, more is false when the offsets
// of the date are used up.
func (m *ninMaker) try(birth torg.Date, off int) (nin string, female, ok, more bool) {
	yy := birth.Year % 100
	switch m.country {
	case Norway:
		first, size := demo.BulkBand(birth.Year)
		if off >= size {
			return "", false, false, false
		}
		nin, ok := demo.TenorNIN(birth, first+off)
		return nin, (first+off)%2 == 0, ok, true
	case Denmark:
		// The 7th digit: 0–3 for the 1900s; 4–9 for 2000–2036.
		first, size := 0, 4000
		if birth.Year >= 2000 {
			first, size = 4000, 6000
		}
		if off >= size {
			return "", false, false, false
		}
		s := first + off
		nin = fmt.Sprintf("%02d%02d%02d%04d", birth.Day+60, int(birth.Month), yy, s)
		return nin, s%2 == 0, dkMod11(nin), true
	case Sweden:
		if off >= 999 {
			return "", false, false, false
		}
		n := off + 1
		ten := fmt.Sprintf("%02d%02d%02d%03d", yy, int(birth.Month), birth.Day, n)
		return fmt.Sprintf("%04d", birth.Year) + ten[2:] + string(rune('0'+luhnDigit(ten))), n%2 == 0, true, true
	}
	return "", false, false, false
}

// ninKind is the nin_kind a country's generated numbers are stored with.
func ninKind(country string) string {
	switch country {
	case Sweden:
		return "personnummer"
	case Denmark:
		return "cpr"
	}
	return "fnr"
}

var dkWeights = []int{4, 3, 2, 7, 6, 5, 4, 3, 2, 1}

// dkMod11 reports whether a CPR number passes the old modulus-11 check,
// which CPR no longer requires but many systems still warn about.
func dkMod11(s string) bool {
	sum := 0
	for i, w := range dkWeights {
		sum += int(s[i]-'0') * w
	}
	return sum%11 == 0
}

// luhnDigit returns the Luhn control digit of the nine digits YYMMDDNNN:
// weights 2, 1, 2, … from the first digit, the digits of the products
// summed.
func luhnDigit(s string) int {
	sum := 0
	for i := range 9 {
		d := int(s[i]-'0') * (2 - i%2)
		sum += d/10 + d%10
	}
	return (10 - sum%10) % 10
}
