package letter

import (
	"strings"
	"unicode"
)

// blocks prints the body.
func (d *doc) blocks(blocks []Block) {
	for i, b := range blocks {
		switch b.Kind {
		case Heading:
			d.heading(b.Lines[0], i == 0)
		case List:
			d.list(b.Lines)
		case Table:
			d.table(b)
		default:
			d.paragraph(b.Lines)
		}
	}
}

// paragraph prints lines of text, wrapped. A paragraph of two or three lines
// is kept together, and no longer one leaves a single line behind.
func (d *doc) paragraph(lines []string) {
	var wrapped []string
	for _, line := range lines {
		wrapped = append(wrapped, d.wrap(line, contentW)...)
	}
	d.ensure(lh * float64(min(len(wrapped), 3)))
	for _, line := range wrapped {
		d.ensure(lh)
		d.text(marginL, d.f.GetY(), contentW, lh, line, "L")
		d.f.SetXY(marginL, d.f.GetY()+lh)
	}
	d.f.SetY(d.f.GetY() + blockGap)
}

// heading prints a heading in bold, on the same page as the two lines
// after it.
func (d *doc) heading(s string, first bool) {
	if !first {
		d.f.SetY(d.f.GetY() + 1.5)
	}
	d.font("B", bodySize)
	lines := d.wrap(s, contentW)
	d.ensure(lh * float64(len(lines)+2))
	for _, line := range lines {
		d.text(marginL, d.f.GetY(), contentW, lh, line, "L")
		d.f.SetXY(marginL, d.f.GetY()+lh)
	}
	d.font("", bodySize)
	d.f.SetY(d.f.GetY() + 0.8)
}

// list prints items with bullets, each wrapped under its own text.
func (d *doc) list(items []string) {
	const indent = 6.0
	for _, item := range items {
		lines := d.wrap(item, contentW-indent)
		d.ensure(lh * float64(min(len(lines), 2)))
		d.text(marginL+1.5, d.f.GetY(), indent, lh, "•", "L")
		for _, line := range lines {
			d.ensure(lh)
			d.text(marginL+indent, d.f.GetY(), contentW-indent, lh, line, "L")
			d.f.SetXY(marginL, d.f.GetY()+lh)
		}
		d.f.SetY(d.f.GetY() + 0.8)
	}
	d.f.SetY(d.f.GetY() + blockGap - 0.8)
}

// width returns the width of s in the current font.
func (d *doc) width(s string) float64 { return d.f.GetStringWidth(toCP1252(s)) }

// wrap breaks s into lines no wider than w at spaces; a word wider than w
// is broken where it must. A non-breaking space does not break, nor does a
// space within a number such as "99 01 23 45".
func (d *doc) wrap(s string, w float64) []string {
	var lines []string
	line := ""
	for _, word := range words(s) {
		switch {
		case line == "":
			line = word
		case d.width(line+" "+word) <= w:
			line += " " + word
		default:
			lines = append(lines, line)
			line = word
		}
		for d.width(line) > w {
			head := d.fitRunes(line, w)
			lines = append(lines, head)
			line = line[len(head):]
		}
	}
	return append(lines, line)
}

// fitRunes returns the longest prefix of s, at least one character, that
// is no wider than w.
func (d *doc) fitRunes(s string, w float64) string {
	end := 0
	for i, r := range s {
		next := i + len(string(r))
		if end > 0 && d.width(s[:next]) > w {
			break
		}
		end = next
	}
	return s[:end]
}

// fit returns s, shortened with "…" if it is wider than w.
func (d *doc) fit(s string, w float64) string {
	if d.width(s) <= w {
		return s
	}
	return strings.TrimRight(d.fitRunes(s, w-d.width("…")), " ") + "…"
}

// words splits s at spaces, but keeps groups of digits such as a phone
// number "99 01 23 45" or an account number together, joined by a
// non-breaking space.
func words(s string) []string {
	var out []string
	for _, w := range strings.Split(s, " ") {
		if n := len(out); n > 0 && endsInNumber(out[n-1]) && w != "" && unicode.IsDigit(rune(w[0])) {
			out[n-1] += "\u00a0" + w
			continue
		}
		out = append(out, w)
	}
	return out
}

// endsInNumber reports whether the last group of a word, after any
// non-breaking space, is a number such as "99" or "+47".
func endsInNumber(w string) bool {
	if i := strings.LastIndex(w, "\u00a0"); i >= 0 {
		w = w[i+len("\u00a0"):]
	}
	w = strings.TrimPrefix(w, "+")
	return w != "" && strings.IndexFunc(w, func(r rune) bool { return !unicode.IsDigit(r) }) < 0
}
