// Package nin parses and validates the national identity numbers of Norway
// (fødselsnummer, D-number, H-number), Sweden (personnummer,
// samordningsnummer) and Denmark (CPR-nummer).
//
// The rules and their sources are in the domain reference, section 1. Validation
// is structural only: a valid Number may still not belong to anybody, and the
// birth date it carries must not be used for business logic where the
// population register can be asked instead.
package nin

import (
	"strings"
	"time"
)

// Country is an ISO 3166-1 alpha-2 code of a supported country.
type Country string

// Supported countries.
const (
	Norway  Country = "NO"
	Sweden  Country = "SE"
	Denmark Country = "DK"
)

// Kind says which kind of identity number a Number is.
type Kind string

// Kinds of identity numbers.
const (
	KindFnr               Kind = "fnr"               // NO fødselsnummer
	KindDnr               Kind = "dnr"               // NO D-number: day + 40
	KindHnr               Kind = "hnr"               // NO H-number: month + 40
	KindPersonnummer      Kind = "personnummer"      // SE personnummer
	KindSamordningsnummer Kind = "samordningsnummer" // SE samordningsnummer: day + 60
	KindCPR               Kind = "cpr"               // DK CPR-nummer
)

// Number is a validated national identity number.
type Number struct {
	Country Country
	Kind    Kind
	// Digits is the canonical storage form: NO 11 digits, SE 12 digits
	// (YYYYMMDDNNNC), DK 10 digits.
	Digits string
	// BirthDate is the birth date encoded in the number at UTC midnight, with
	// the D-number, H-number, samordningsnummer and synthetic offsets
	// removed. It is zero if the century cannot be derived (a Norwegian
	// number valid only under the 2032 rule). A D-number may carry a
	// registration date instead of the real birth date.
	BirthDate time.Time
	// Synthetic marks test numbers: NO month + 80 (Test-Norge/Tenor) and the
	// DK day + 60 convention for fictitious persons. NO month + 40 (NAV
	// Dolly) cannot be told apart from an H-number and is reported as
	// KindHnr with Synthetic false.
	Synthetic bool
	// Warning is a soft warning message key, such as WarnMod11; empty if none.
	Warning string
}

// Parse validates s as an identity number of country at time now and returns
// it in canonical form. Surrounding spaces are ignored. Accepted forms:
//
//   - NO: 11 digits; spaces inside are removed.
//   - SE: YYMMDD-NNNC, YYMMDD+NNNC, YYMMDDNNNC, YYYYMMDDNNNC, YYYYMMDD-NNNC.
//     A 10-digit form takes the century relative to now's year; '+' marks a
//     person in or past the calendar year of their 100th birthday.
//   - DK: DDMMYY-SSSS or DDMMYYSSSS.
//
// If country is empty, Parse infers it: 11 digits mean NO; 12 digits or a
// '+' mean SE; 10 digits are tried as SE (Luhn and a valid YYMMDD date)
// first and as DK second. Inference is a guess for 10-digit numbers, since a
// Danish number can pass the Swedish checks: pass the country when it is known.
//
// Errors are of type *Error.
func Parse(s string, country Country, now time.Time) (Number, error) {
	n, _, err := parse(s, country, now)
	if err != nil {
		return Number{}, err
	}
	return n, nil
}

// parse is Parse that also returns the country it settled on, even when the
// number is invalid; Check reports it. It returns *Error rather than error so
// that a nil error never becomes a non-nil interface on the way up.
func parse(s string, country Country, now time.Time) (Number, Country, *Error) {
	s = strings.TrimSpace(s)
	switch country {
	case Norway:
		n, err := parseNO(s)
		return n, Norway, err
	case Sweden:
		n, err := parseSE(s, now)
		return n, Sweden, err
	case Denmark:
		n, err := parseDK(s)
		return n, Denmark, err
	case "":
		return parseAny(s, now)
	}
	return Number{}, "", errCountry(country)
}

// parseAny infers the country of s as documented on Parse.
func parseAny(s string, now time.Time) (Number, Country, *Error) {
	if strings.Contains(s, "+") {
		return parse(s, Sweden, now)
	}
	switch countDigits(s) {
	case 11:
		return parse(s, Norway, now)
	case 12:
		return parse(s, Sweden, now)
	case 10:
		return parseSEorDK(s, now)
	}
	return Number{}, "", errLength("10/11/12")
}

// parseSEorDK tries a 10-digit s as Swedish, then as Danish. If both fail it
// returns the Swedish error when only the Luhn check failed there, as a
// mistyped Swedish number is then the likelier reading.
func parseSEorDK(s string, now time.Time) (Number, Country, *Error) {
	n, seErr := parseSE(s, now)
	if seErr == nil {
		return n, Sweden, nil
	}
	n, dkErr := parseDK(s)
	if dkErr == nil {
		return n, Denmark, nil
	}
	if seErr.Key == KeyLuhn {
		return Number{}, Sweden, seErr
	}
	return Number{}, Denmark, dkErr
}
