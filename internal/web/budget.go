package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/i18n"
)

// budgetData is the budget page: the case's schedule view, for the
// budget and the rate table in force, and the lines the form offers.
type budgetData struct {
	*casework.DebtView
	Households   []string
	IncomeKinds  []string
	ExpenseKinds []string
}

func (d budgetData) currency() string { return currencyOf(d.Rates.Country) }

func (h *Handler) budgetPage(w http.ResponseWriter, r *http.Request, s *session) {
	h.budgetView(w, r, s, nil)
}

// budgetView shows the household budget form (DC4.6, DC6.5), filled in
// from the saved budget, or as posted with err on it.
func (h *Handler) budgetView(w http.ResponseWriter, r *http.Request, s *session, err error) {
	v, derr := h.svc.Debts(r.Context(), s.user, caseID(r))
	if derr != nil {
		h.fail(w, r, derr)
		return
	}
	pg := h.newPage(r, "debtui.budget_title")
	pg.Nav, pg.Data = caseNav(s.user), budgetData{DebtView: v, IncomeKinds: torg.IncomeKinds, ExpenseKinds: torg.ExpenseKinds,
		Households: []string{torg.HouseholdSingle, torg.HouseholdCouple, torg.HouseholdSupporting}}
	h.render(w, r, pg.refillAll(r, err, budgetForm(pg.Lang, v.Budget)...), "budget", pg)
}

// budgetForm is a budget as the form shows it; without a budget, the
// defaults: a single debtor and a repayment period of 5 years.
func budgetForm(l i18n.Lang, b *torg.Budget) []string {
	if b == nil {
		return []string{"household", torg.HouseholdSingle, "years", "5"}
	}
	ages := make([]string, len(b.ChildAges))
	for i, a := range b.ChildAges {
		ages[i] = strconv.Itoa(a)
	}
	v := []string{"household", b.Household, "children", strings.Join(ages, ", "), "years", "5", "note", b.Note}
	if b.Years != 0 {
		v[5] = strconv.Itoa(b.Years)
	}
	if b.LumpSum != 0 {
		v = append(v, "lump_sum", amountInput(l, b.LumpSum))
	}
	if b.RefiRate != 0 {
		v = append(v, "refi_rate", percentInput(l, b.RefiRate))
	}
	if b.RefiYears != 0 {
		v = append(v, "refi_years", strconv.Itoa(b.RefiYears))
	}
	for _, set := range []struct {
		prefix string
		lines  []torg.BudgetLine
	}{{"income_", b.Income}, {"expense_", b.Expenses}} {
		for _, ln := range set.lines {
			v = append(v, set.prefix+ln.Kind, amountInput(l, ln.Monthly), set.prefix+ln.Kind+"_note", ln.Note)
		}
	}
	return v
}

// parseBudget reads the budget form; each field that cannot be read is an
// error of its own. A line is in the budget if it has an amount or a note.
func parseBudget(r *http.Request) (*torg.Budget, error) {
	f := r.PostFormValue
	b := &torg.Budget{Household: f("household"), Note: strings.TrimSpace(f("note"))}
	var errs []error
	keep := func(err error) {
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			errs = append(errs, j.Unwrap()...)
		} else if err != nil {
			errs = append(errs, err)
		}
	}
	var err error
	b.ChildAges, err = parseAges(f("children"))
	keep(err)
	b.Income, err = parseLines(r, "income_", torg.IncomeKinds)
	keep(err)
	b.Expenses, err = parseLines(r, "expense_", torg.ExpenseKinds)
	keep(err)
	b.Years, err = parseWhole("years", f("years"), 0)
	keep(err)
	b.LumpSum, err = parseAmount("lump_sum", f("lump_sum"))
	keep(err)
	b.RefiRate, err = parsePercent("refi_rate", f("refi_rate"))
	keep(err)
	b.RefiYears, err = parseWhole("refi_years", f("refi_years"), 0)
	keep(err)
	return b, errors.Join(errs...)
}

// parseAges reads children's ages separated by commas or spaces: "3, 8".
func parseAges(s string) ([]int, error) {
	var ages []int
	for _, a := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == ' ' }) {
		n, err := strconv.Atoi(a)
		if err != nil {
			return nil, torg.FieldError("children", "debtui.children_invalid")
		}
		ages = append(ages, n)
	}
	return ages, nil
}

// parseLines reads the amount and note of each kind of budget line.
func parseLines(r *http.Request, prefix string, kinds []string) ([]torg.BudgetLine, error) {
	var (
		lines []torg.BudgetLine
		errs  []error
	)
	for _, k := range kinds {
		amount, note := r.PostFormValue(prefix+k), strings.TrimSpace(r.PostFormValue(prefix+k+"_note"))
		if strings.TrimSpace(amount) == "" && note == "" {
			continue
		}
		m, err := parseAmount(prefix+k, amount)
		if err != nil {
			errs = append(errs, err)
		}
		lines = append(lines, torg.BudgetLine{Kind: k, Note: note, Monthly: m})
	}
	return lines, errors.Join(errs...)
}

// saveBudget saves the budget and goes back to the debt schedule, where
// the capacity and the scenarios show.
func (h *Handler) saveBudget(w http.ResponseWriter, r *http.Request, s *session) {
	b, err := parseBudget(r)
	if err == nil {
		b.CaseID = caseID(r)
		err = h.svc.SaveBudget(r.Context(), s.user, caseID(r), b)
	}
	if err != nil {
		if code := torg.ErrorCode(err); code == torg.ENOTFOUND || code == torg.EFORBIDDEN || code == torg.EINTERNAL {
			h.fail(w, r, err)
			return
		}
		h.budgetView(w, r, s, err)
		return
	}
	http.Redirect(w, r, "/cases/"+r.PathValue("id")+"/debts?done=budget#budget", http.StatusSeeOther)
}

// lineField is one budget line of the form: an amount and a note.
type lineField struct {
	Name, Label, NoteLabel, Value, Note, Error string
}

// Line builds the fields of one kind of budget line, prefix "income_" or
// "expense_", with what was submitted and the amount's error.
func (p *page) Line(prefix, kind string) lineField {
	name := prefix + kind
	return lineField{Name: name, Label: p.T("debtui.line_" + kind), NoteLabel: p.T("debtui.note"),
		Value: p.Value(name), Note: p.Value(name + "_note"), Error: p.Err(name)}
}
