package debt

// scenarioSheet writes the third sheet: repayment, settlement and
// refinancing, each as figures and a table per claim.
func (d *xlsxDoc) scenarioSheet() {
	sheet := d.l.SheetScenarios
	_, err := d.f.NewSheet(sheet)
	d.check(err)
	d.headerBlock(sheet, d.l.Scenarios)
	for col, w := range map[string]float64{"A": 40, "B": 16, "C": 16, "D": 16, "E": 4, "F": 4, "G": 12, "H": 20} {
		d.check(d.f.SetColWidth(sheet, col, col, w))
	}
	d.pageSetup(sheet, "portrait")
	var sc Scenarios
	if d.s.Scenarios != nil {
		sc = *d.s.Scenarios
	}
	row := d.repaymentBlock(sheet, 6, sc.Repayment)
	row = d.settlementBlock(sheet, row+1, sc.Settlement)
	d.refinanceBlock(sheet, row+1, sc.Refinance)
}

// kv is a row of a scenario's figures: a title and a value with a style.
type kv struct {
	title string
	value any
	style int
}

// block writes a scenario's title, its figures and a table, and returns
// the row after it.
func (d *xlsxDoc) block(sheet string, row int, title string, figures []kv, header []string, rows [][]kv) int {
	d.set(sheet, 1, row, title, d.st.title)
	row++
	for _, f := range figures {
		d.set(sheet, 1, row, f.title, d.st.bold)
		d.set(sheet, 2, row, f.value, f.style)
		row++
	}
	if len(rows) == 0 {
		return row + 1
	}
	row++
	for i, h := range header {
		d.set(sheet, i+1, row, h, d.st.header)
	}
	for _, r := range rows {
		row++
		for i, c := range r {
			d.set(sheet, i+1, row, c.value, c.style)
		}
	}
	return row + 2
}

func (d *xlsxDoc) repaymentBlock(sheet string, row int, r Repayment) int {
	if !r.Possible {
		return d.block(sheet, row, d.l.Repayment, []kv{{d.l.NotPossible, "", 0}}, nil, nil)
	}
	var rows [][]kv
	for _, l := range r.Lines {
		rows = append(rows, []kv{{"", l.Creditor, 0}, {"", l.Balance, d.st.money}, {"", l.Monthly, d.st.money}, {"", l.Months, 0}})
	}
	return d.block(sheet, row, d.l.Repayment,
		[]kv{{d.l.PerMonth, r.Monthly, d.st.money}, {d.l.RepaymentMonths, r.Months, 0}},
		[]string{d.l.Creditor, d.l.Balance, d.l.PerMonth, d.l.RepaymentMonths}, rows)
}

func (d *xlsxDoc) settlementBlock(sheet string, row int, s Settlement) int {
	if s.LumpSum == 0 {
		return d.block(sheet, row, d.l.Settlement, []kv{{d.l.NoLumpSum, "", 0}}, nil, nil)
	}
	var rows [][]kv
	for _, l := range s.Lines {
		rows = append(rows, []kv{{"", l.Creditor, 0}, {"", l.Balance, d.st.money}, {"", l.Amount, d.st.money}})
	}
	return d.block(sheet, row, d.l.Settlement,
		[]kv{{d.l.LumpSum, s.LumpSum, d.st.money}, {d.l.Offered, s.Paid, d.st.money},
			{d.l.PercentOfDebt, bpFraction(s.PercentBP), d.st.percent}},
		[]string{d.l.Creditor, d.l.Balance, d.l.Offered}, rows)
}

func (d *xlsxDoc) refinanceBlock(sheet string, row int, r Refinance) int {
	if r.Years == 0 {
		return d.block(sheet, row, d.l.Refinance, []kv{{d.l.NoRefinance, "", 0}}, nil, nil)
	}
	var rows [][]kv
	for _, l := range r.Lines {
		rows = append(rows, []kv{{"", l.Creditor, 0}, {"", l.Balance, d.st.money}, {"", l.Monthly, d.st.money}})
	}
	return d.block(sheet, row, d.l.Refinance, []kv{
		{d.l.LoanAmount, r.Principal, d.st.money}, {d.l.Rate, bpFraction(r.RateBP), d.st.percent},
		{d.l.Term, r.Years, 0}, {d.l.Monthly, r.Monthly, d.st.money}, {d.l.TotalCost, r.TotalCost, d.st.money},
		{d.l.TotalInterest, r.Interest, d.st.money}, {d.l.Replaces, r.Replaces, d.st.money},
		{d.l.Capacity, r.Capacity, d.st.money}, {d.l.Affordable, yesNo(d.l, r.Affordable), 0},
	}, []string{d.l.Creditor, d.l.Balance, d.l.Monthly}, rows)
}

// bpFraction is basis points as a fraction for a percent-formatted cell.
func bpFraction(bp int) float64 { return float64(bp) / fullBP }
