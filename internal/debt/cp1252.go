package debt

import (
	"strings"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

// The PDF uses the standard Helvetica fonts, whose encoding is
// Windows-1252: it has æ ø å ä ö é but not, for example, the Sámi č đ ŋ.
// Those print as their base letter (as internal/letter does), and a
// character without one as "?".

// toCP1252 encodes s in Windows-1252 for the PDF's fonts.
func toCP1252(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		b.WriteByte(cp1252Byte(r))
	}
	return b.String()
}

func cp1252Byte(r rune) byte {
	switch r {
	case 'đ':
		return 'd'
	case 'Đ':
		return 'D'
	case 'ŋ':
		return 'n'
	case 'Ŋ':
		return 'N'
	case 'ŧ':
		return 't'
	case 'Ŧ':
		return 'T'
	case '\u2212', '\u2010', '\u2011':
		return '-'
	case '\u202f':
		return 0xa0
	case '\t', '\n', '\r':
		return ' '
	}
	if c, ok := charmap.Windows1252.EncodeRune(r); ok {
		return c
	}
	if d := []rune(norm.NFD.String(string(r))); len(d) > 1 {
		if c, ok := charmap.Windows1252.EncodeRune(d[0]); ok {
			return c
		}
	}
	return '?'
}
