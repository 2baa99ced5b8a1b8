package letter

import (
	"strings"
	"unicode/utf16"
)

// MaxSMSSegments is how many segments an SMS from a template may take:
// 3 × 153 characters in the GSM 7-bit alphabet.
const MaxSMSSegments = 3

// gsmBasic is the GSM 03.38 default alphabet, one septet each; gsmExtended
// are the characters that take an escape and a septet.
const (
	gsmBasic = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
		"¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
	gsmExtended = "^{}\\[~]|€\f"
)

// SMSSegments returns how many segments an SMS with the text takes. A text
// in the GSM 7-bit alphabet takes 160 characters in one segment and 153 in
// each of several (an extended character such as € counts twice); any
// other character makes the whole text UCS-2, with 70 and 67 UTF-16 units.
func SMSSegments(text string) int {
	if septets, ok := gsmSeptets(text); ok {
		return segments(septets, 160, 153)
	}
	return segments(len(utf16.Encode([]rune(text))), 70, 67)
}

// gsmSeptets returns the length of text in GSM 7-bit septets, and false if
// text has a character outside the GSM alphabet.
func gsmSeptets(text string) (int, bool) {
	n := 0
	for _, r := range text {
		switch {
		case strings.ContainsRune(gsmBasic, r):
			n++
		case strings.ContainsRune(gsmExtended, r):
			n += 2
		default:
			return 0, false
		}
	}
	return n, true
}

// segments returns how many segments n units take, single holding one
// segment's worth and multi each of a concatenated message's.
func segments(n, single, multi int) int {
	switch {
	case n == 0:
		return 0
	case n <= single:
		return 1
	}
	return (n + multi - 1) / multi
}
