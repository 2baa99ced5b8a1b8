package letter

import "slices"

// Table layout: font size, line height and cell padding.
const (
	tableSize = 9.5
	tableLH   = 4.4
	cellPad   = 1.5
)

// table prints a table across the text width with a grey header row that is
// repeated on every page the table runs onto. Cells wrap; a row is never
// split across pages.
func (d *doc) table(b Block) {
	if len(b.Rows) == 0 {
		return
	}
	d.font("", tableSize)
	widths := d.columnWidths(b.Rows)
	d.ensure(d.rowHeight(b.Rows[0], widths, "B") + d.rowHeight(b.Rows[min(1, len(b.Rows)-1)], widths, ""))
	d.row(b.Rows[0], widths, b.Right, true)
	for _, r := range b.Rows[1:] {
		h := d.rowHeight(r, widths, "")
		if d.f.GetY()+h > pageH-marginB {
			d.f.AddPage()
			d.row(b.Rows[0], widths, b.Right, true)
		}
		d.row(r, widths, b.Right, false)
	}
	d.font("", bodySize)
	d.f.SetY(d.f.GetY() + blockGap + 1)
}

// row prints one row of a table and moves below it.
func (d *doc) row(cells []string, widths []float64, right []bool, header bool) {
	style := ""
	if header {
		style = "B"
	}
	d.font(style, tableSize)
	h := d.rowHeight(cells, widths, style)
	x, y := marginL, d.f.GetY()
	d.f.SetDrawColor(160, 160, 160)
	d.f.SetFillColor(232, 232, 232)
	for i, cell := range cells {
		if header {
			d.f.Rect(x, y, widths[i], h, "FD")
		} else {
			d.f.Rect(x, y, widths[i], h, "D")
		}
		align := "L"
		if right[i] {
			align = "R"
		}
		for j, line := range d.wrap(cell, widths[i]-2*cellPad) {
			d.text(x+cellPad, y+cellPad+float64(j)*tableLH, widths[i]-2*cellPad, tableLH, line, align)
		}
		x += widths[i]
	}
	d.f.SetXY(marginL, y+h)
	d.font("", tableSize)
}

// rowHeight returns the height of a row whose cells wrap in their columns.
func (d *doc) rowHeight(cells []string, widths []float64, style string) float64 {
	d.f.SetFont(font, style, tableSize)
	lines := 1
	for i, cell := range cells {
		lines = max(lines, len(d.wrap(cell, widths[i]-2*cellPad)))
	}
	d.f.SetFont(font, d.style, d.size)
	return float64(lines)*tableLH + 2*cellPad
}

// columnWidths shares the text width among a table's columns: each gets its
// natural width (its widest cell) if that is no more than an equal share of
// what is left, and the widest columns share the rest, so that they wrap.
// Narrow tables are stretched to the full width.
func (d *doc) columnWidths(rows [][]string) []float64 {
	n := len(rows[0])
	natural := make([]float64, n)
	for i, r := range rows {
		style := ""
		if i == 0 {
			style = "B"
		}
		d.f.SetFont(font, style, tableSize)
		for c, cell := range r {
			natural[c] = max(natural[c], d.width(cell)+2*cellPad+0.5)
		}
	}
	d.f.SetFont(font, d.style, d.size)
	return shareWidths(natural, contentW)
}

// shareWidths fits natural column widths into total.
func shareWidths(natural []float64, total float64) []float64 {
	order := make([]int, len(natural))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case natural[a] < natural[b]:
			return -1
		case natural[a] > natural[b]:
			return 1
		}
		return 0
	})
	widths := make([]float64, len(natural))
	left, sum := total, 0.0
	for k, i := range order {
		widths[i] = min(natural[i], left/float64(len(order)-k))
		left -= widths[i]
		sum += widths[i]
	}
	for i := range widths {
		widths[i] *= total / sum // stretch a narrow table to the full width
	}
	return widths
}
