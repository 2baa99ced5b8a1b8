package debt

import "github.com/torg-kommune/torg"

// budgetCols are the columns of a budget section: item, note, amount.
var budgetCols = []pcol{{90, "L"}, {90, "L"}, {35, "R"}}

// budget prints the budget sections, the capacity and dividend, and the
// creditors' shares, on a new page.
func (d *pdfDoc) budget() {
	b, a := d.s.Budget, d.s.Assessment
	d.f.AddPage()
	d.particulars(d.l.Budget)
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

// scenarios prints repayment, settlement and refinancing on a new page.
func (d *pdfDoc) scenarios() {
	d.f.AddPage()
	d.particulars(d.l.Scenarios)
	var sc Scenarios
	if d.s.Scenarios != nil {
		sc = *d.s.Scenarios
	}
	d.heading(d.l.Repayment, 11)
	if r := sc.Repayment; !r.Possible {
		d.note(d.l.NotPossible)
	} else {
		d.keyValues([][2]string{{d.l.PerMonth, formatMoney(d.lang, r.Monthly)}, {d.l.RepaymentMonths, itoa(r.Months)}})
		rows := make([]prow, len(r.Lines))
		for i, l := range r.Lines {
			rows[i] = prow{cells: []string{l.Creditor, formatMoney(d.lang, l.Balance), formatMoney(d.lang, l.Monthly), itoa(l.Months)}}
		}
		d.table([]pcol{{90, "L"}, {35, "R"}, {35, "R"}, {25, "R"}}, []string{d.l.Creditor, d.l.Balance, d.l.PerMonth, d.l.RepaymentMonths}, rows)
	}
	d.settlement(sc.Settlement)
	d.refinance(sc.Refinance)
}

func (d *pdfDoc) settlement(s Settlement) {
	d.heading(d.l.Settlement, 11)
	if s.LumpSum == 0 {
		d.note(d.l.NoLumpSum)
		return
	}
	d.keyValues([][2]string{{d.l.LumpSum, formatMoney(d.lang, s.LumpSum)}, {d.l.Offered, formatMoney(d.lang, s.Paid)},
		{d.l.PercentOfDebt, formatBP(d.lang, s.PercentBP)}})
	rows := make([]prow, len(s.Lines))
	for i, l := range s.Lines {
		rows[i] = prow{cells: []string{l.Creditor, formatMoney(d.lang, l.Balance), formatMoney(d.lang, l.Amount)}}
	}
	d.table([]pcol{{90, "L"}, {35, "R"}, {35, "R"}}, []string{d.l.Creditor, d.l.Balance, d.l.Offered}, rows)
}

func (d *pdfDoc) refinance(r Refinance) {
	d.heading(d.l.Refinance, 11)
	if r.Years == 0 {
		d.note(d.l.NoRefinance)
		return
	}
	d.keyValues([][2]string{
		{d.l.LoanAmount, formatMoney(d.lang, r.Principal)}, {d.l.Rate, formatBP(d.lang, r.RateBP)},
		{d.l.Term, itoa(r.Years)}, {d.l.Monthly, formatMoney(d.lang, r.Monthly)},
		{d.l.TotalCost, formatMoney(d.lang, r.TotalCost)}, {d.l.TotalInterest, formatMoney(d.lang, r.Interest)},
		{d.l.Replaces, formatMoney(d.lang, r.Replaces)}, {d.l.Capacity, formatMoney(d.lang, r.Capacity)},
		{d.l.Affordable, yesNo(d.l, r.Affordable)},
	})
	rows := make([]prow, len(r.Lines))
	for i, l := range r.Lines {
		rows[i] = prow{cells: []string{l.Creditor, formatMoney(d.lang, l.Balance), formatMoney(d.lang, l.Monthly)}}
	}
	d.table([]pcol{{90, "L"}, {35, "R"}, {35, "R"}}, []string{d.l.Creditor, d.l.Balance, d.l.Monthly}, rows)
}
