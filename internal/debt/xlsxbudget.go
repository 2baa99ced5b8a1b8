package debt

import (
	"fmt"

	"github.com/torg-kommune/torg"
)

// budgetSheet writes the second sheet: income, living costs and expenses
// with their sums, then the capacity, the period, what is available and
// the dividend as formulas over those sums and over the unsecured debt on
// the first sheet, then each creditor's share.
func (d *xlsxDoc) budgetSheet(unsecuredRef string) {
	sheet := d.l.SheetBudget
	_, err := d.f.NewSheet(sheet)
	d.check(err)
	d.headerBlock(sheet, d.l.Budget)
	for col, w := range map[string]float64{"A": 40, "B": 30, "C": 16, "D": 16, "E": 16, "F": 4, "G": 12, "H": 20} {
		d.check(d.f.SetColWidth(sheet, col, col, w))
	}
	d.pageSetup(sheet, "portrait")
	b, a := d.s.Budget, d.s.Assessment
	if b == nil {
		d.set(sheet, 1, 6, d.l.NoBudget, 0)
		return
	}
	row := 6
	income, row := d.section(sheet, row, d.l.Income, d.l.IncomeSum, d.budgetLines(b.Income))
	living := ""
	if a != nil {
		living, row = d.section(sheet, row, d.l.LivingCost, d.l.LivingCostSum, d.costLines(a.CostLines))
		d.set(sheet, 1, row-2, d.l.RatesFrom, 0)
		d.set(sheet, 2, row-2, ratesText(d.lang, a.Rates), d.st.wrap)
	}
	expenses, row := d.section(sheet, row, d.l.Expenses, d.l.ExpenseSum, d.budgetLines(b.Expenses))
	if a == nil {
		return
	}
	d.results(sheet, row, income, living, expenses, unsecuredRef)
	d.shares(sheet, row+6, a.Shares)
}

// ratesText names a rate table: its date and source.
func ratesText(lang string, r torg.LivingCostRates) string {
	if r.Source == "" {
		return formatDate(lang, r.ValidFrom)
	}
	return fmt.Sprintf("%s (%s)", formatDate(lang, r.ValidFrom), r.Source)
}

// lineCells is one line of a budget section: item, note and amount.
type lineCells struct {
	item, note string
	amount     torg.Money
}

func (d *xlsxDoc) budgetLines(ls []torg.BudgetLine) []lineCells {
	out := make([]lineCells, len(ls))
	for i, l := range ls {
		out[i] = lineCells{label(d.l.BudgetKinds, l.Kind), l.Note, l.Monthly}
	}
	return out
}

func (d *xlsxDoc) costLines(ls []CostLine) []lineCells {
	out := make([]lineCells, len(ls))
	for i, c := range ls {
		out[i] = lineCells{item: costLineText(d.l, c), amount: c.Amount}
		if c.Reduced {
			out[i].note = d.l.Reduced
		}
	}
	return out
}

// section writes a titled list of lines with a sum row, and a blank row
// after it. It returns the sum's cell and the row after the blank.
func (d *xlsxDoc) section(sheet string, row int, title, sumTitle string, lines []lineCells) (string, int) {
	for i, h := range []string{title, d.l.Note, d.l.PerMonth} {
		d.set(sheet, i+1, row, h, d.st.header)
	}
	first := row + 1
	for i, l := range lines {
		d.set(sheet, 1, first+i, l.item, 0)
		d.set(sheet, 2, first+i, l.note, d.st.wrap)
		d.set(sheet, 3, first+i, l.amount, d.st.money)
	}
	sum := first + len(lines)
	d.set(sheet, 1, sum, sumTitle, d.st.bold)
	if len(lines) == 0 {
		d.set(sheet, 3, sum, torg.Money(0), d.st.moneyBold)
	} else {
		d.formula(sheet, 3, sum, fmt.Sprintf("SUM(C%d:C%d)", first, sum-1), d.st.moneyBold)
	}
	return cell(3, sum), sum + 3
}

// results writes the capacity, period, available amount, unsecured debt
// and dividend, from row on, as formulas.
func (d *xlsxDoc) results(sheet string, row int, income, living, expenses, unsecuredRef string) {
	a := d.s.Assessment
	capacity, years, avail, unsec := cell(3, row), cell(3, row+1), cell(3, row+2), cell(3, row+3)
	if living == "" {
		living = "0"
	}
	rows := []struct {
		title   string
		formula string
		value   any
		style   int
	}{
		{d.l.Capacity, fmt.Sprintf("%s-%s-%s", income, living, expenses), nil, d.st.moneyBold},
		{d.l.Years, "", a.Years, 0},
		{d.l.Available, fmt.Sprintf("MAX(%s,0)*12*%s", capacity, years), nil, d.st.money},
		{d.l.Unsecured, unsecuredRef, nil, d.st.money},
		{d.l.Dividend, fmt.Sprintf("IF(%s>0,MIN(%s/%s,1),0)", unsec, avail, unsec), nil, d.st.percentBold},
	}
	for i, r := range rows {
		d.set(sheet, 1, row+i, r.title, d.st.bold)
		if r.formula != "" {
			d.formula(sheet, 3, row+i, r.formula, r.style)
		} else {
			d.set(sheet, 3, row+i, r.value, r.style)
		}
	}
}

// shares writes each unsecured claim's share of the dividend.
func (d *xlsxDoc) shares(sheet string, row int, shares []Share) {
	if len(shares) == 0 {
		return
	}
	d.set(sheet, 1, row, d.l.Distribution, d.st.bold)
	row++
	for i, h := range []string{d.l.Creditor, d.l.Balance, d.l.ShareOf, d.l.InPeriod, d.l.PerMonth} {
		d.set(sheet, i+1, row, h, d.st.header)
	}
	for i, s := range shares {
		r := row + 1 + i
		d.set(sheet, 1, r, s.Creditor, 0)
		d.set(sheet, 2, r, s.Balance, d.st.money)
		d.set(sheet, 3, r, bpFraction(s.ShareBP), d.st.percent)
		d.set(sheet, 4, r, s.Amount, d.st.money)
		d.set(sheet, 5, r, s.Monthly, d.st.money)
	}
}
