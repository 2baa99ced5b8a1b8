package debt

import "github.com/torg-kommune/torg"

// budgetCols are the columns of a budget section: item, note, amount.
var budgetCols = []pcol{{90, "L"}, {90, "L"}, {35, "R"}}

// budget prints the budget sections, the capacity and dividend, and the
// creditors' shares, on a new page.
func (d *pdfDoc) budget() {
	b, a := d.s.Budget, d.s.Assessment
	d.f.AddPage()
	d.subtitle(d.l.Budget)
	if b == nil {
		d.note(d.l.NoBudget)
		return
	}
	d.budgetSection(d.l.Income, d.l.IncomeSum, d.budgetRows(b.Income), b.IncomeTotal())
	if a != nil {
		d.budgetSection(d.l.LivingCost, d.l.LivingCostSum, d.costRows(a.CostLines), a.LivingCost)
		d.note(d.l.RatesFrom + " " + ratesText(d.lang, a.Rates))
	}
	d.budgetSection(d.l.Expenses, d.l.ExpenseSum, d.budgetRows(b.Expenses), b.ExpenseTotal())
	if a == nil {
		return
	}
	d.keyValues([][2]string{
		{d.l.Capacity, formatMoney(d.lang, a.Capacity)},
		{d.l.Years, itoa(a.Years)},
		{d.l.Available, formatMoney(d.lang, a.Available)},
		{d.l.Unsecured, formatMoney(d.lang, a.Unsecured)},
		{d.l.Dividend, formatBP(d.lang, a.DividendBP)},
	})
	if len(a.Shares) == 0 {
		return
	}
	rows := make([]prow, len(a.Shares))
	for i, s := range a.Shares {
		rows[i] = prow{cells: []string{s.Creditor, formatMoney(d.lang, s.Balance), formatBP(d.lang, s.ShareBP),
			formatMoney(d.lang, s.Amount), formatMoney(d.lang, s.Monthly)}}
	}
	d.heading(d.l.Distribution, 11)
	d.table([]pcol{{90, "L"}, {35, "R"}, {25, "R"}, {35, "R"}, {30, "R"}},
		[]string{d.l.Creditor, d.l.Balance, d.l.ShareOf, d.l.InPeriod, d.l.PerMonth}, rows)
}

func (d *pdfDoc) budgetSection(title, sumTitle string, rows []prow, sum torg.Money) {
	rows = append(rows, prow{cells: []string{sumTitle, "", formatMoney(d.lang, sum)}, bold: true})
	d.table(budgetCols, []string{title, d.l.Note, d.l.PerMonth}, rows)
}

func (d *pdfDoc) budgetRows(ls []torg.BudgetLine) []prow {
	rows := make([]prow, len(ls))
	for i, l := range ls {
		rows[i] = prow{cells: []string{label(d.l.BudgetKinds, l.Kind), l.Note, formatMoney(d.lang, l.Monthly)}}
	}
	return rows
}

func (d *pdfDoc) costRows(ls []CostLine) []prow {
	rows := make([]prow, len(ls))
	for i, c := range ls {
		note := ""
		if c.Reduced {
			note = d.l.Reduced
		}
		rows[i] = prow{cells: []string{costLineText(d.l, c), note, formatMoney(d.lang, c.Amount)}}
	}
	return rows
}

// scenarios prints repayment, settlement and refinancing side by side on
// a new page, then one table of what each scenario means for each
// creditor.
func (d *pdfDoc) scenarios() {
	d.f.AddPage()
	d.subtitle(d.l.Scenarios)
	var sc Scenarios
	if d.s.Scenarios != nil {
		sc = *d.s.Scenarios
	}
	top, bottom := d.f.GetY(), d.f.GetY()
	for i, col := range [][]string{d.repaymentFigures(sc.Repayment), d.settlementFigures(sc.Settlement), d.refinanceFigures(sc.Refinance)} {
		x := pdfMargin + float64(i)*pdfContentW/3
		d.f.SetXY(x, top)
		d.f.SetFont(pdfFont, "B", 11)
		d.text(pdfContentW/3, 6, col[0], "L")
		y := top + 8
		if len(col) == 2 { // not possible or not calculated: a note
			d.f.SetXY(x, y)
			d.f.SetFont(pdfFont, "", pdfSize+1)
			d.cell(pcol{w: pdfContentW/3 - 4, align: "L"}, col[1])
			y += pdfLH + 0.4
		}
		for j := 1; j+1 < len(col); j += 2 {
			d.f.SetXY(x, y)
			d.f.SetFont(pdfFont, "B", pdfSize+1)
			d.cell(pcol{w: 52, align: "L"}, col[j])
			d.f.SetFont(pdfFont, "", pdfSize+1)
			d.cell(pcol{w: 30, align: "R"}, col[j+1])
			y += pdfLH + 0.4
		}
		bottom = max(bottom, y)
	}
	d.f.SetXY(pdfMargin, bottom+4)
	d.scenarioTable(sc)
}

// repaymentFigures are the title and the label, value pairs of a
// repayment; a scenario that is not possible or not calculated has a note
// instead.
func (d *pdfDoc) repaymentFigures(r Repayment) []string {
	if !r.Possible {
		return []string{d.l.Repayment, d.l.NotPossible}
	}
	return []string{d.l.Repayment, d.l.PerMonth, formatMoney(d.lang, r.Monthly), d.l.RepaymentMonths, itoa(r.Months)}
}

func (d *pdfDoc) settlementFigures(s Settlement) []string {
	if s.LumpSum == 0 {
		return []string{d.l.Settlement, d.l.NoLumpSum}
	}
	return []string{d.l.Settlement, d.l.LumpSum, formatMoney(d.lang, s.LumpSum), d.l.Offered, formatMoney(d.lang, s.Paid),
		d.l.PercentOfDebt, formatBP(d.lang, s.PercentBP)}
}

func (d *pdfDoc) refinanceFigures(r Refinance) []string {
	if r.Years == 0 {
		return []string{d.l.Refinance, d.l.NoRefinance}
	}
	return []string{d.l.Refinance,
		d.l.LoanAmount, formatMoney(d.lang, r.Principal), d.l.Rate, formatBP(d.lang, r.RateBP),
		d.l.Term, itoa(r.Years), d.l.Monthly, formatMoney(d.lang, r.Monthly),
		d.l.TotalCost, formatMoney(d.lang, r.TotalCost), d.l.TotalInterest, formatMoney(d.lang, r.Interest),
		d.l.Replaces, formatMoney(d.lang, r.Replaces), d.l.Capacity, formatMoney(d.lang, r.Capacity),
		d.l.Affordable, yesNo(d.l, r.Affordable)}
}

// scenarioTable prints, for each unsecured claim, its balance, its part of
// the repayment, its part of the settlement and its current instalment,
// which refinancing would replace. Plan gives each scenario the claims in
// the same order; a scenario that was not calculated leaves its columns
// blank.
func (d *pdfDoc) scenarioTable(sc Scenarios) {
	lines := sc.Repayment.Lines
	if len(lines) == 0 {
		return
	}
	rows := make([]prow, len(lines))
	for i, l := range lines {
		cells := []string{l.Creditor, formatMoney(d.lang, l.Balance), "", "", "", ""}
		if sc.Repayment.Possible {
			cells[2], cells[3] = formatMoney(d.lang, l.Monthly), itoa(l.Months)
		}
		if len(sc.Settlement.Lines) == len(lines) {
			cells[4] = formatMoney(d.lang, sc.Settlement.Lines[i].Amount)
		}
		if len(sc.Refinance.Lines) == len(lines) {
			cells[5] = formatMoney(d.lang, sc.Refinance.Lines[i].Monthly)
		}
		rows[i] = prow{cells: cells}
	}
	d.heading(d.l.ByCreditor, 11)
	d.table([]pcol{{70, "L"}, {32, "R"}, {45, "R"}, {25, "R"}, {40, "R"}, {40, "R"}},
		[]string{d.l.Creditor, d.l.Balance, d.l.RepaymentPerMonth, d.l.RepaymentMonths, d.l.Settlement, d.l.Monthly}, rows)
}
