package outbox

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"
)

// pdf is a minimal PDF writer for plain text on A4 pages in the standard
// Helvetica fonts, which every PDF reader has, so nothing is embedded. The
// text is encoded as WinAnsi (Windows-1252), which covers the Nordic
// letters. It is enough for a print batch's cover sheet and text letters;
// laid-out letters come from the letter package.
type pdf struct {
	pages []*bytes.Buffer
	y     float64
}

// Page geometry in points (A4, 2 cm margins).
const (
	pageW, pageH = 595.28, 841.89
	margin       = 56.7
)

// font is a text style: size in points, bold or not.
type font struct {
	size float64
	bold bool
}

var (
	fontBody  = font{10.5, false}
	fontTitle = font{14, true}
	fontBold  = font{10.5, true}
	fontSmall = font{8, false}
)

// newPage starts a page.
func (p *pdf) newPage() {
	p.pages = append(p.pages, &bytes.Buffer{})
	p.y = pageH - margin
}

// text writes s in font f, wrapped to the page width, starting new pages
// as needed. Line breaks in s are kept; an empty s is an empty line.
func (p *pdf) text(s string, f font) {
	for _, para := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		for _, line := range wrap(para, f, pageW-2*margin) {
			p.line(line, f)
		}
	}
}

func (p *pdf) line(s string, f font) {
	lead := f.size * 1.35
	if len(p.pages) == 0 || p.y-lead < margin {
		p.newPage()
	}
	p.y -= lead
	name := "F1"
	if f.bold {
		name = "F2"
	}
	fmt.Fprintf(p.pages[len(p.pages)-1], "BT /%s %.1f Tf %.2f %.2f Td (%s) Tj ET\n", name, f.size, margin, p.y, pdfString(s))
}

// bytes returns the document.
func (p *pdf) bytes() []byte {
	if len(p.pages) == 0 {
		p.newPage()
	}
	var b bytes.Buffer
	var offsets []int
	obj := func(body string) {
		offsets = append(offsets, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", len(offsets), body)
	}
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	kids := make([]string, len(p.pages))
	for i := range p.pages {
		kids[i] = fmt.Sprintf("%d 0 R", 5+2*i)
	}
	obj("<< /Type /Catalog /Pages 2 0 R >>")
	obj(fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(p.pages)))
	obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
	obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
	for i, pg := range p.pages {
		obj(fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] "+
			"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents %d 0 R >>", pageW, pageH, 6+2*i))
		obj(fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", pg.Len(), pg.String()))
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, o := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offsets)+1, xref)
	return b.Bytes()
}

// winAnsi maps the characters of Windows-1252 outside Latin-1 to their bytes.
var winAnsi = map[rune]byte{'€': 0x80, '‚': 0x82, '„': 0x84, '…': 0x85, '‘': 0x91, '’': 0x92, '“': 0x93,
	'”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97, '™': 0x99, 'š': 0x9a, 'Š': 0x8a, 'ž': 0x9e, 'Ž': 0x8e}

// pdfString encodes s as the body of a PDF literal string in WinAnsi;
// characters it lacks become '?'.
func pdfString(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '(' || r == ')' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\t':
			b.WriteString("    ")
		case r >= 0x20 && r < 0x7f, r >= 0xa0 && r <= 0xff:
			b.WriteByte(byte(r))
		case winAnsi[r] != 0:
			b.WriteByte(winAnsi[r])
		default:
			b.WriteByte('?')
		}
	}
	return b.String()
}

// wrap breaks s into lines no wider than width at font f, at spaces where
// it can.
func wrap(s string, f font, width float64) []string {
	var lines []string
	var cur []rune
	w := 0.0
	for _, word := range strings.SplitAfter(s, " ") {
		ww := textWidth(word, f)
		if w+ww > width && len(cur) > 0 {
			lines = append(lines, strings.TrimRight(string(cur), " "))
			cur, w = nil, 0
		}
		for _, r := range word {
			if rw := textWidth(string(r), f); w+rw > width && len(cur) > 0 {
				lines = append(lines, string(cur))
				cur, w = nil, 0
			}
			cur = append(cur, r)
			w += textWidth(string(r), f)
		}
	}
	return append(lines, strings.TrimRight(string(cur), " "))
}

// textWidth estimates the width of s in points from Helvetica's widths by
// class of character, erring on the wide side.
func textWidth(s string, f font) float64 {
	em := 0.0
	for _, r := range s {
		switch {
		case strings.ContainsRune(" .,;:'!|iljtfrI()[]", r):
			em += 0.34
		case strings.ContainsRune("mwMW@", r):
			em += 0.95
		case unicode.IsUpper(r):
			em += 0.73
		default:
			em += 0.58
		}
	}
	if f.bold {
		em *= 1.08
	}
	return em * f.size
}
