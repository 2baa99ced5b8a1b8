package debt

import (
	"fmt"

	"github.com/xuri/excelize/v2"
)

// claimsSheet writes the first sheet, the claims with their sums, and
// returns a reference to the cell with the unsecured debt, for the budget
// sheet's dividend.
func (d *xlsxDoc) claimsSheet() string {
	sheet := d.l.SheetDebts
	d.check(d.f.SetSheetName("Sheet1", sheet))
	d.headerBlock(sheet, d.l.Title)
	for i, h := range claimHeader(d.l) {
		d.set(sheet, i+1, claimHeaderRow, h, d.st.header)
		col, _ := excelize.ColumnNumberToName(i + 1)
		d.check(d.f.SetColWidth(sheet, col, col, claimColWidths[i]))
	}
	first := claimHeaderRow + 1
	for i, c := range d.s.Claims {
		r := first + i
		row := claimRow(d.lang, d.l, c)
		for j, v := range []any{c.Creditor, row[1], c.Reference, c.Principal, c.Interest, c.Fees, c.Balance, c.Monthly,
			row[8], row[9], row[10], c.AsOf} {
			style := 0
			switch {
			case j+1 >= colAmountFirst && j+1 < colSecuredFlag:
				style = d.st.money
			case j+1 == colAsOf:
				style = d.st.date
			}
			d.set(sheet, j+1, r, v, style)
		}
	}
	last := max(first+len(d.s.Claims)-1, first)
	sums := last + 1
	if len(d.s.Claims) == 0 {
		d.set(sheet, 1, first, d.l.NoClaims, 0)
		sums = first + 1
	}
	d.sumRow(sheet, sums, d.l.Sum, first, last, "")
	d.sumRow(sheet, sums+1, d.l.SumSecured, first, last, d.l.Yes)
	d.sumRow(sheet, sums+2, d.l.SumUnsecured, first, last, d.l.No)
	d.check(d.f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: claimHeaderRow,
		TopLeftCell: cell(1, first), ActivePane: "bottomLeft"}))
	if len(d.s.Claims) > 0 {
		d.check(d.f.AutoFilter(sheet, fmt.Sprintf("A%d:L%d", claimHeaderRow, last), nil))
	}
	d.pageSetup(sheet, "landscape")
	return fmt.Sprintf("'%s'!%s", sheet, cell(colAmountFirst+3, sums+2))
}

// sumRow writes a row of sums of the amount columns over rows first–last:
// all claims if flag is "", else those whose Sikret cell holds flag.
func (d *xlsxDoc) sumRow(sheet string, row int, title string, first, last int, flag string) {
	d.set(sheet, 1, row, title, d.st.bold)
	for col := colAmountFirst; col < colSecuredFlag; col++ {
		rng := fmt.Sprintf("%s:%s", cell(col, first), cell(col, last))
		f := fmt.Sprintf("SUM(%s)", rng)
		if flag != "" {
			flags := fmt.Sprintf("%s:%s", cell(colSecuredFlag, first), cell(colSecuredFlag, last))
			f = fmt.Sprintf(`SUMIF(%s,"%s",%s)`, flags, flag, rng)
		}
		d.formula(sheet, col, row, f, d.st.moneyBold)
	}
}

// pageSetup prints a sheet on A4, one page wide.
func (d *xlsxDoc) pageSetup(sheet, orientation string) {
	d.check(d.f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: ptr(9), Orientation: ptr(orientation),
		FitToWidth: ptr(1), FitToHeight: ptr(0)}))
	d.check(d.f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: ptr(true)}))
}
