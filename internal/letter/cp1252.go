package letter

import (
	"strings"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

// The PDF uses the standard Helvetica fonts, which every PDF reader has, so
// that no font file is shipped or embedded. Their encoding is Windows-1252:
// it has æ ø å ä ö é and the rest of the Nordic and Western European
// letters, but not, for example, the Sámi č đ ŋ ŧ. Those print without their
// diacritic; the text of the digital mailbox keeps them.

// fallbacks are the replacements for characters that Windows-1252 lacks and
// that do not decompose into a letter it has.
var fallbacks = map[rune]byte{
	'đ': 'd', 'Đ': 'D', 'ŋ': 'n', 'Ŋ': 'N', 'ŧ': 't', 'Ŧ': 'T', 'ł': 'l', 'Ł': 'L',
	'\u2010': '-', '\u2011': '-', '\u2212': '-', '\u2009': ' ', '\u202f': 0xa0, '\t': ' ',
}

// toCP1252 encodes s in Windows-1252 for the PDF's fonts, replacing a
// character it lacks by its base letter, a fallback or "?".
func toCP1252(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		b.WriteByte(cp1252Byte(r))
	}
	return b.String()
}

// cp1252Byte returns the Windows-1252 byte of r or of its replacement.
func cp1252Byte(r rune) byte {
	if c, ok := fallbacks[r]; ok {
		return c
	}
	if c, ok := charmap.Windows1252.EncodeRune(r); ok {
		return c
	}
	// A letter with a diacritic that Windows-1252 lacks, such as č,
	// decomposes into its base letter and a combining mark.
	if d := []rune(norm.NFD.String(string(r))); len(d) > 1 {
		if c, ok := charmap.Windows1252.EncodeRune(d[0]); ok {
			return c
		}
	}
	return '?'
}

// inCP1252 reports whether r prints as itself in the PDF.
func inCP1252(r rune) bool {
	_, ok := charmap.Windows1252.EncodeRune(r)
	return ok
}
