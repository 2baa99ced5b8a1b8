package debt

import (
	"fmt"
	"io"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/torg-kommune/torg"
)

// The claim table on the first sheet: its header row and columns.
const (
	claimHeaderRow = 6
	colAmountFirst = 4  // D, Hovedstol
	colSecuredFlag = 9  // I, Sikret
	colAsOf        = 12 // L, Per dato
)

// claimColWidths are the widths of the claim table's columns, in characters.
var claimColWidths = []float64{30, 18, 18, 14, 12, 12, 15, 14, 9, 9, 16, 12}

// xlsxDoc is a workbook being written.
type xlsxDoc struct {
	f    *excelize.File
	s    *Schedule
	l    *labels
	lang string
	st   xlsxStyles
	err  error // the first error; later calls do nothing
}

type xlsxStyles struct{ title, bold, header, money, moneyBold, date, percent, percentBold, wrap int }

// WriteXLSX writes the schedule as a workbook laid out as Norwegian debt
// counsellors lay out a gjeldsskjema: the claims on the first sheet with
// sums and subtotals as formulas, the budget with the capacity and
// dividend as formulas on the second, the scenarios on the third.
// Amounts are numbers in kroner with a number format, so that the
// counsellor can go on calculating with them.
func WriteXLSX(w io.Writer, s *Schedule) error {
	d := &xlsxDoc{f: excelize.NewFile(), s: s, lang: s.lang()}
	defer d.f.Close()
	d.l = labelsFor(d.lang)
	d.styles()
	unsecured := d.claimsSheet()
	d.budgetSheet(unsecured)
	d.scenarioSheet()
	d.check(d.f.SetCalcProps(&excelize.CalcPropsOptions{FullCalcOnLoad: ptr(true)}))
	props := &excelize.DocProperties{Title: d.l.Title + " " + s.CaseNumber, Creator: "torg", Language: d.lang}
	if !s.Date.IsZero() {
		props.Created = s.Date.Time().Format(time.RFC3339)
	}
	d.check(d.f.SetDocProps(props))
	if d.err != nil {
		return fmt.Errorf("debt: write xlsx: %w", d.err)
	}
	if err := d.f.Write(w); err != nil {
		return fmt.Errorf("debt: write xlsx: %w", err)
	}
	return nil
}

func ptr[T any](v T) *T { return &v }

func (d *xlsxDoc) check(err error) {
	if d.err == nil {
		d.err = err
	}
}

// styles registers the cell styles. "#,##0.00" is the number format code
// that Excel shows as 12 345,67 in Norwegian and 12.345,67 in Danish: the
// code is always written with "," and ".", and the reader's locale
// chooses the separators.
func (d *xlsxDoc) styles() {
	money, percent, date := "#,##0.00", "0.00%", "dd.mm.yyyy"
	if d.lang == "sv" || d.lang == "en" {
		date = "yyyy-mm-dd"
	}
	bold := &excelize.Font{Bold: true}
	d.st = xlsxStyles{
		title:       d.style(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}}),
		bold:        d.style(&excelize.Style{Font: bold}),
		header:      d.style(&excelize.Style{Font: bold, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9D9D9"}}, Border: []excelize.Border{{Type: "bottom", Color: "000000", Style: 1}}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}),
		money:       d.style(&excelize.Style{CustomNumFmt: &money}),
		moneyBold:   d.style(&excelize.Style{CustomNumFmt: &money, Font: bold, Border: []excelize.Border{{Type: "top", Color: "000000", Style: 1}}}),
		date:        d.style(&excelize.Style{CustomNumFmt: &date, Alignment: &excelize.Alignment{Horizontal: "left"}}),
		percent:     d.style(&excelize.Style{CustomNumFmt: &percent}),
		percentBold: d.style(&excelize.Style{CustomNumFmt: &percent, Font: bold}),
		wrap:        d.style(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}),
	}
}

func (d *xlsxDoc) style(s *excelize.Style) int {
	id, err := d.f.NewStyle(s)
	d.check(err)
	return id
}

// cell returns the name of the cell at col, row, both from 1.
func cell(col, row int) string {
	name, _ := excelize.CoordinatesToCellName(col, row)
	return name
}

// set writes a value with a style (0 for none). Money is written as a
// number of kroner and a torg.Date as an Excel date.
func (d *xlsxDoc) set(sheet string, col, row int, v any, style int) {
	if d.err != nil {
		return
	}
	switch x := v.(type) {
	case torg.Money:
		v = float64(x) / 100
	case torg.Date:
		if x.IsZero() {
			v = ""
		} else {
			v = excelDate(x)
		}
	}
	d.check(d.f.SetCellValue(sheet, cell(col, row), v))
	if style != 0 {
		d.check(d.f.SetCellStyle(sheet, cell(col, row), cell(col, row), style))
	}
}

// formula writes a formula with a style.
func (d *xlsxDoc) formula(sheet string, col, row int, f string, style int) {
	if d.err != nil {
		return
	}
	d.check(d.f.SetCellFormula(sheet, cell(col, row), f))
	d.check(d.f.SetCellStyle(sheet, cell(col, row), cell(col, row), style))
}

// excelDate is the Excel serial number of a date: days since 1899-12-30.
func excelDate(dt torg.Date) float64 {
	return float64(dt.Time().Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)) / (24 * time.Hour))
}

// headerBlock writes the title and the case's particulars above a table:
// three pairs of label and value side by side, in columns A–B, D–E, G–H.
func (d *xlsxDoc) headerBlock(sheet, title string) {
	s, l := d.s, d.l
	d.set(sheet, 1, 1, title, d.st.title)
	pairs := [][2]any{
		{l.Municipality, s.Municipality}, {l.CaseNumber, s.CaseNumber}, {l.Date, s.Date},
		{l.Unit, s.Unit}, {l.Name, s.Citizen}, {l.Counsellor, s.Counsellor},
		{l.Currency, s.Currency}, {l.BirthDate, s.BirthDate},
	}
	for i, p := range pairs {
		col, row := 1+3*(i%3), 2+i/3
		d.set(sheet, col, row, p[0], d.st.bold)
		style := 0
		if _, ok := p[1].(torg.Date); ok {
			style = d.st.date
		}
		d.set(sheet, col+1, row, p[1], style)
	}
}
