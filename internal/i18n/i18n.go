// Package i18n holds torg's user-facing texts in Norwegian bokmål, Danish,
// Swedish and English, and formats dates and numbers the way each language
// writes them.
//
// The texts live in embedded catalogues, catalog/<lang>/<area>.json, each a
// flat JSON object of key → message. A language's area files are merged when
// the catalogues are first used; a key defined twice is an error. By
// convention a key starts with its area's name (common.save, nin.length), so
// areas cannot collide. Messages take named placeholders, {name}, filled from
// name, value pairs:
//
//	p := i18n.New(i18n.NB)
//	p.T("nin.length", "want", 11) // "Nummeret må ha 11 siffer."
//
// The package does not import net/http: letters use it too, in the
// recipient's language rather than the request's.
package i18n

import "strings"

// Lang is a language code as used in URLs, cookies and the catalogue folders.
type Lang string

// The supported languages.
const (
	NB Lang = "nb" // Norwegian bokmål
	DA Lang = "da" // Danish
	SV Lang = "sv" // Swedish
	EN Lang = "en" // English, the reference catalogue
)

// Supported lists the supported languages in the order a language switch
// shows them.
var Supported = []Lang{NB, DA, SV, EN}

// Name returns the language's name in the language itself, as a language
// switch shows it, or the code for an unsupported language.
func (l Lang) Name() string {
	switch l {
	case NB:
		return "Norsk bokmål"
	case DA:
		return "Dansk"
	case SV:
		return "Svenska"
	case EN:
		return "English"
	}
	return string(l)
}

// Parse returns the supported language of a code or language tag such as
// "nb", "sv-SE" or "en_GB", matching case-insensitively on the primary
// subtag. Norwegian "no" and, until there is a nynorsk catalogue, "nn" map to
// bokmål.
func Parse(s string) (Lang, bool) {
	primary, _, _ := strings.Cut(strings.TrimSpace(s), "-")
	primary, _, _ = strings.Cut(primary, "_")
	switch strings.ToLower(primary) {
	case "nb", "no", "nn":
		return NB, true
	case "da":
		return DA, true
	case "sv":
		return SV, true
	case "en":
		return EN, true
	}
	return "", false
}
