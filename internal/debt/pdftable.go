package debt

import (
	"strconv"

	"github.com/torg-kommune/torg"
)

// pcol is a column of a PDF table: its width and alignment ("L", "R").
type pcol struct {
	w     float64
	align string
}

// prow is a row of a PDF table; a bold row is a sum.
type prow struct {
	cells []string
	bold  bool
}

// table prints a table with a grey header row, which is printed again at
// the top of each page that the table runs on to.
func (d *pdfDoc) table(cols []pcol, header []string, rows []prow) {
	d.ensure(3 * pdfLH)
	d.tableHeader(cols, header)
	for i, r := range rows {
		if d.ensure(pdfLH) {
			d.tableHeader(cols, header)
		}
		style := ""
		if r.bold {
			style = "B"
		}
		d.f.SetFont(pdfFont, style, pdfSize)
		d.f.SetX(pdfMargin)
		if i%2 == 1 && !r.bold {
			d.f.SetFillColor(245, 245, 245)
			d.f.Rect(pdfMargin, d.f.GetY(), width(cols), pdfLH, "F")
		}
		if r.bold {
			d.f.SetDrawColor(0, 0, 0)
			d.f.Line(pdfMargin, d.f.GetY(), pdfMargin+width(cols), d.f.GetY())
		}
		for j, c := range cols {
			d.cell(c, r.cells[j])
		}
		d.f.Ln(pdfLH)
	}
	d.f.Ln(3)
}

func (d *pdfDoc) tableHeader(cols []pcol, header []string) {
	d.f.SetFont(pdfFont, "B", pdfSize)
	d.f.SetFillColor(217, 217, 217)
	d.f.SetX(pdfMargin)
	d.f.Rect(pdfMargin, d.f.GetY(), width(cols), pdfLH+0.6, "F")
	for j, c := range cols {
		d.cell(c, header[j])
	}
	d.f.Ln(pdfLH + 0.6)
}

// cell prints one padded table cell.
func (d *pdfDoc) cell(c pcol, s string) {
	x := d.f.GetX()
	d.f.SetX(x + pdfPad)
	d.text(c.w-2*pdfPad, pdfLH, s, c.align)
	d.f.SetX(x + c.w)
}

func width(cols []pcol) float64 {
	var w float64
	for _, c := range cols {
		w += c.w
	}
	return w
}

// claimCols are the columns of the claim table; they fill the width of a
// landscape page.
var claimCols = []pcol{{38, "L"}, {24, "L"}, {22, "L"}, {23, "R"}, {18, "R"}, {17, "R"}, {23, "R"}, {23, "R"},
	{17, "L"}, {17, "L"}, {25, "L"}, {20, "L"}}

// claims prints the claim table with its sums.
func (d *pdfDoc) claims() {
	rows := make([]prow, 0, len(d.s.Claims)+3)
	for _, c := range d.s.Claims {
		rows = append(rows, prow{cells: claimRow(d.lang, d.l, c)})
	}
	if len(rows) == 0 {
		rows = append(rows, prow{cells: []string{d.l.NoClaims, "", "", "", "", "", "", "", "", "", "", ""}})
	}
	t := claimTotals(d.s.Claims)
	for _, s := range []struct {
		title string
		v     [5]string
	}{{d.l.Sum, d.money5(t.all)}, {d.l.SumSecured, d.money5(t.secured)}, {d.l.SumUnsecured, d.money5(t.unsecured)}} {
		rows = append(rows, prow{cells: []string{s.title, "", "", s.v[0], s.v[1], s.v[2], s.v[3], s.v[4], "", "", "", ""}, bold: true})
	}
	d.table(claimCols, claimHeader(d.l), rows)
}

func (d *pdfDoc) money5(v [5]torg.Money) [5]string {
	var out [5]string
	for i, m := range v {
		out[i] = formatMoney(d.lang, m)
	}
	return out
}

// keyValues prints two columns of titles and values.
func (d *pdfDoc) keyValues(rows [][2]string) {
	cols := []pcol{{80, "L"}, {40, "R"}}
	for _, r := range rows {
		d.ensure(pdfLH)
		d.f.SetX(pdfMargin)
		d.f.SetFont(pdfFont, "B", pdfSize+1)
		d.cell(cols[0], r[0])
		d.f.SetFont(pdfFont, "", pdfSize+1)
		d.cell(cols[1], r[1])
		d.f.Ln(pdfLH + 0.4)
	}
	d.f.Ln(3)
}

// note prints a line of plain text.
func (d *pdfDoc) note(s string) {
	d.ensure(pdfLH)
	d.f.SetFont(pdfFont, "", pdfSize+1)
	d.f.SetX(pdfMargin)
	d.text(pdfContentW, pdfLH, s, "L")
	d.f.Ln(pdfLH + 3)
}

func itoa(n int) string { return strconv.Itoa(n) }
