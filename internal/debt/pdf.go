package debt

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/go-pdf/fpdf"
)

// Page layout of the PDF, landscape A4, in millimetres.
const (
	pdfW, pdfH     = 297.0, 210.0
	pdfMargin      = 15.0
	pdfBottom      = 18.0
	pdfContentW    = pdfW - 2*pdfMargin
	pdfFont        = "Helvetica"
	pdfSize, pdfLH = 8.0, 4.6 // table font size in points and row height
	pdfPad         = 1.2      // cell padding
)

// PDF prints the schedule on landscape A4: the particulars and the claims
// with their sums, the budget with the capacity and dividend, and the
// scenarios, with the case number and "side x av y" at the foot of each
// page. The same schedule gives the same bytes.
func PDF(s *Schedule) ([]byte, error) {
	// The first pass counts the pages for the footer's total.
	first, err := drawPDF(s, 0)
	if err != nil {
		return nil, err
	}
	d, err := drawPDF(s, first.f.PageNo())
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := d.f.Output(&buf); err != nil {
		return nil, fmt.Errorf("debt: pdf: %w", err)
	}
	return buf.Bytes(), nil
}

// pdfDoc is a schedule being drawn.
type pdfDoc struct {
	f     *fpdf.Fpdf
	s     *Schedule
	l     *labels
	lang  string
	total int // pages in all, or 0 while counting
}

func drawPDF(s *Schedule, total int) (*pdfDoc, error) {
	lang := s.lang()
	d := &pdfDoc{f: fpdf.New("L", "mm", "A4", ""), s: s, l: labelsFor(lang), lang: lang, total: total}
	f := d.f
	f.SetMargins(pdfMargin, pdfMargin, pdfMargin)
	f.SetCellMargin(0) // text starts at the margin; table cells pad themselves
	f.SetAutoPageBreak(false, pdfBottom)
	f.SetCatalogSort(true)
	if !s.Date.IsZero() { // the schedule's date, so that the same schedule gives the same bytes
		f.SetCreationDate(s.Date.Time())
		f.SetModificationDate(s.Date.Time())
	}
	// fpdf's UTF-16 conversion of the metadata reads past the end of a
	// string that ends in a broken UTF-8 sequence (as internal/letter).
	f.SetTitle(strings.ToValidUTF8(d.l.Title+" "+s.CaseNumber, "\uFFFD"), true)
	f.SetAuthor(strings.ToValidUTF8(s.Municipality, "\uFFFD"), true)
	f.SetCreator("torg", false)
	f.SetLang(lang)
	f.SetFooterFunc(d.footer)
	f.AddPage()
	d.particulars(d.l.Title)
	d.claims()
	d.budget()
	d.scenarios()
	if err := f.Error(); err != nil {
		return nil, fmt.Errorf("debt: pdf: %w", err)
	}
	return d, nil
}

// text writes one line in a cell at the current position.
func (d *pdfDoc) text(w, h float64, s, align string) {
	d.f.CellFormat(w, h, toCP1252(d.fit(s, w)), "", 0, align, false, 0, "")
}

// fit shortens s with "…" until it fits in width w.
func (d *pdfDoc) fit(s string, w float64) string {
	if d.f.GetStringWidth(toCP1252(s)) <= w {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && d.f.GetStringWidth(toCP1252(string(r)+"…")) > w {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}

// ensure starts a new page unless h millimetres fit above the foot.
func (d *pdfDoc) ensure(h float64) bool {
	if d.f.GetY()+h > pdfH-pdfBottom {
		d.f.AddPage()
		return true
	}
	return false
}

// footer prints the case number and "Side x av y".
func (d *pdfDoc) footer() {
	y := pdfH - 12
	d.f.SetDrawColor(180, 180, 180)
	d.f.Line(pdfMargin, y-1.5, pdfW-pdfMargin, y-1.5)
	d.f.SetFont(pdfFont, "", 7.5)
	d.f.SetTextColor(90, 90, 90)
	d.f.SetXY(pdfMargin, y)
	left := d.l.CaseNumber + " " + d.s.CaseNumber
	if d.s.Municipality != "" {
		left += " · " + d.s.Municipality
	}
	d.text(pdfContentW*0.7, 4, left, "L")
	d.text(pdfContentW*0.3, 4, fmt.Sprintf(d.l.Page, d.f.PageNo(), d.total), "R")
	d.f.SetTextColor(0, 0, 0)
}

// heading prints a section heading.
func (d *pdfDoc) heading(s string, size float64) {
	d.ensure(size/2 + 3*pdfLH)
	d.f.SetFont(pdfFont, "B", size)
	d.f.SetX(pdfMargin)
	d.text(pdfContentW, size/2, s, "L")
	d.f.Ln(size/2 + 1.5)
}

// particulars prints the title and the case's particulars: municipality,
// unit, case number, name, date of birth, date, counsellor. There is no
// address: the schedule goes to creditors.
func (d *pdfDoc) particulars(title string) {
	s, l := d.s, d.l
	d.heading(title, 15)
	pairs := [][2]string{
		{l.Municipality, s.Municipality}, {l.CaseNumber, s.CaseNumber}, {l.Unit, s.Unit}, {l.Name, s.Citizen},
		{l.Date, formatDate(d.lang, s.Date)}, {l.BirthDate, formatDate(d.lang, s.BirthDate)},
		{l.Counsellor, s.Counsellor}, {l.Currency, s.Currency},
	}
	const labelW, valueW = 32.0, 95.0
	for i := 0; i < len(pairs); i += 2 {
		d.f.SetX(pdfMargin)
		for _, p := range pairs[i : i+2] {
			d.f.SetFont(pdfFont, "B", 9)
			d.text(labelW, 5, p[0], "L")
			d.f.SetFont(pdfFont, "", 9)
			d.text(valueW, 5, p[1], "L")
		}
		d.f.Ln(5)
	}
	d.f.Ln(4)
}

// subtitle starts a later part of the schedule: its title and a line with
// the case number and the citizen's name.
func (d *pdfDoc) subtitle(title string) {
	d.heading(title, 15)
	d.f.SetFont(pdfFont, "", 9)
	d.f.SetX(pdfMargin)
	line := d.l.CaseNumber + " " + d.s.CaseNumber
	if d.s.Citizen != "" {
		line += " · " + d.s.Citizen
	}
	d.text(pdfContentW, 5, line, "L")
	d.f.Ln(9)
}
