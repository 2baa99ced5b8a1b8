package nin

import "fmt"

// Message keys of Error and of Number.Warning, as found in the i18n catalogues.
const (
	KeyLength   = "nin.length"   // wrong length or characters; Args: "want"
	KeyDate     = "nin.date"     // no such calendar date
	KeyControl1 = "nin.control1" // NO first control digit
	KeyControl2 = "nin.control2" // NO second control digit
	KeyCentury  = "nin.century"  // century cannot be derived
	KeyLuhn     = "nin.luhn"     // SE control digit
	KeyCountry  = "nin.country"  // unsupported country; Args: "country"
	WarnMod11   = "nin.warn_mod11"
)

// Error says what is wrong with a number. Key is an i18n message key, Args
// are name/value pairs for its placeholders and Msg is the English sentence
// that Error returns.
type Error struct {
	Key  string
	Args []any
	Msg  string
}

// Error returns the English message.
func (e *Error) Error() string { return e.Msg }

func errLength(want any) *Error {
	msg := fmt.Sprintf("must be %v digits, in one of the accepted forms", want)
	return &Error{Key: KeyLength, Args: []any{"want", want}, Msg: msg}
}

func errDate() *Error {
	return &Error{Key: KeyDate, Msg: "the birth date is not a valid date"}
}

func errControl1() *Error {
	return &Error{Key: KeyControl1, Msg: "control digit 1 does not match"}
}

func errControl2() *Error {
	return &Error{Key: KeyControl2, Msg: "control digit 2 does not match"}
}

func errCentury() *Error {
	return &Error{Key: KeyCentury, Msg: "the century of the birth date cannot be derived"}
}

func errLuhn() *Error {
	return &Error{Key: KeyLuhn, Msg: "control digit does not match"}
}

func errCountry(c Country) *Error {
	msg := fmt.Sprintf("country %q is not supported; use NO, SE or DK", string(c))
	return &Error{Key: KeyCountry, Args: []any{"country", string(c)}, Msg: msg}
}
