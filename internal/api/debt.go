package api

import (
	"context"
	"mime"
	"net/http"
	"strconv"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/debt"
	"github.com/torg-kommune/torg/internal/i18n"
)

// Amounts in the debt schedule are integers in minor units of the
// municipality's currency (øre): NOK 10 724 is 1072400.

// claimDTO is one line of a case's debt schedule.
type claimDTO struct {
	ID           int64      `json:"id"`
	CaseID       int64      `json:"case_id"`
	Kind         string     `json:"kind"`
	Creditor     string     `json:"creditor"`
	CreditorAddr string     `json:"creditor_addr"`
	Reference    string     `json:"reference"`
	Principal    torg.Money `json:"principal"`
	Interest     torg.Money `json:"interest"`
	Fees         torg.Money `json:"fees"`
	Balance      torg.Money `json:"balance"`
	Monthly      torg.Money `json:"monthly"`
	Secured      bool       `json:"secured"`
	InCollection bool       `json:"in_collection"`
	Source       string     `json:"source"`
	AsOf         *torg.Date `json:"as_of"`
	RequestedAt  *time.Time `json:"requested_at"`
	AnsweredAt   *time.Time `json:"answered_at"`
	Created      time.Time  `json:"created"`
	Updated      time.Time  `json:"updated"`
}

func claimOut(c *torg.Claim) claimDTO {
	return claimDTO{ID: c.ID, CaseID: c.CaseID, Kind: c.Kind, Creditor: c.Creditor, CreditorAddr: c.CreditorAddr,
		Reference: c.Reference, Principal: c.Principal, Interest: c.Interest, Fees: c.Fees, Balance: c.Balance,
		Monthly: c.Monthly, Secured: c.Secured, InCollection: c.InCollection, Source: c.Source, AsOf: optDate(c.AsOf),
		RequestedAt: optTime(c.RequestedAt), AnsweredAt: optTime(c.AnsweredAt), Created: c.Created.UTC(),
		Updated: c.Updated.UTC()}
}

func claimsOut(cs []*torg.Claim) []claimDTO {
	out := make([]claimDTO, 0, len(cs))
	for _, c := range cs {
		out = append(out, claimOut(c))
	}
	return out
}

// claimInput is a claim as a client sends it. The balance may be left out
// (or 0): it is then principal + interest + fees.
type claimInput struct {
	Kind         string     `json:"kind"`
	Creditor     string     `json:"creditor"`
	CreditorAddr string     `json:"creditor_addr"`
	Reference    string     `json:"reference"`
	Principal    torg.Money `json:"principal"`
	Interest     torg.Money `json:"interest"`
	Fees         torg.Money `json:"fees"`
	Balance      torg.Money `json:"balance"`
	Monthly      torg.Money `json:"monthly"`
	Secured      bool       `json:"secured"`
	InCollection bool       `json:"in_collection"`
	Source       string     `json:"source"`
	AsOf         *torg.Date `json:"as_of"`
}

func (in claimInput) claim(id int64) *torg.Claim {
	c := &torg.Claim{ID: id, Kind: in.Kind, Creditor: in.Creditor, CreditorAddr: in.CreditorAddr,
		Reference: in.Reference, Principal: in.Principal, Interest: in.Interest, Fees: in.Fees, Balance: in.Balance,
		Monthly: in.Monthly, Secured: in.Secured, InCollection: in.InCollection, Source: in.Source}
	if in.AsOf != nil {
		c.AsOf = *in.AsOf
	}
	return c
}

// claimList is a case's debt schedule.
type claimList struct {
	Claims []claimDTO `json:"claims"`
}

// claims lists a case's debt schedule.
func (a *api) claims(w http.ResponseWriter, r *http.Request, actor *torg.Employee) error {
	v, err := a.debts(r, actor)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, claimList{Claims: claimsOut(v.Claims)})
}

// debts reads the debt schedule of the request's case.
func (a *api) debts(r *http.Request, actor *torg.Employee) (*casework.DebtView, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	return a.svc.Debts(r.Context(), actor, id)
}

// addClaim adds a claim to a case's debt schedule (DC4.6, DC6.4).
func (a *api) addClaim(w http.ResponseWriter, r *http.Request, actor *torg.Employee) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in claimInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	c := in.claim(0)
	if c.RequestKey, err = requestKey(r, actor); err != nil {
		return err
	}
	repeat, err := a.svc.AddClaim(r.Context(), actor, id, c)
	if err != nil {
		return err
	}
	w.Header().Set("Location", location("/cases/%d/claims/%d", id, c.ID))
	status := http.StatusCreated
	if repeat {
		status = http.StatusOK // a repeat of the request returns the claim it added
	}
	return a.writeClaim(w, r, actor, id, c.ID, status)
}

// updateClaim replaces a claim's figures; figures from a creditor that was
// asked for them count as its answer (DC6.4).
func (a *api) updateClaim(w http.ResponseWriter, r *http.Request, actor *torg.Employee) error {
	id, claimID, err := claimPath(r)
	if err != nil {
		return err
	}
	var in claimInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := a.svc.UpdateClaim(r.Context(), actor, id, in.claim(claimID)); err != nil {
		return err
	}
	return a.writeClaim(w, r, actor, id, claimID, http.StatusOK)
}

// writeClaim answers with a claim as stored.
func (a *api) writeClaim(w http.ResponseWriter, r *http.Request, actor *torg.Employee, caseID, claimID int64, status int) error {
	v, err := a.svc.Debts(r.Context(), actor, caseID)
	if err != nil {
		return err
	}
	for _, c := range v.Claims {
		if c.ID == claimID {
			return writeJSON(w, status, claimOut(c))
		}
	}
	return torg.Errorf(torg.ENOTFOUND, "error.not_found")
}

// deleteClaim removes a claim from a case's debt schedule.
func (a *api) deleteClaim(w http.ResponseWriter, r *http.Request, actor *torg.Employee) error {
	id, claimID, err := claimPath(r)
	if err != nil {
		return err
	}
	if err := a.svc.DeleteClaim(r.Context(), actor, id, claimID); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func claimPath(r *http.Request) (int64, int64, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, 0, err
	}
	claimID, err := pathID(r, "claim")
	return id, claimID, err
}

// budgetLineDTO is one monthly income or expense.
type budgetLineDTO struct {
	Kind    string     `json:"kind"`
	Note    string     `json:"note"`
	Monthly torg.Money `json:"monthly"`
}

// budgetInput is a case's household budget as a client sends it.
type budgetInput struct {
	Household string          `json:"household"`
	Children  []int           `json:"children"`
	Income    []budgetLineDTO `json:"income"`
	Expenses  []budgetLineDTO `json:"expenses"`
	Years     int             `json:"years"`
	LumpSum   torg.Money      `json:"lump_sum"`
	RefiRate  int             `json:"refi_rate"`
	RefiYears int             `json:"refi_years"`
	Note      string          `json:"note"`
}

// budgetDTO is a case's household budget as stored.
type budgetDTO struct {
	budgetInput
	Updated   time.Time `json:"updated"`
	UpdatedBy *int64    `json:"updated_by"`
}

func linesIn(ls []budgetLineDTO) []torg.BudgetLine {
	var out []torg.BudgetLine
	for _, l := range ls {
		out = append(out, torg.BudgetLine(l))
	}
	return out
}

func linesOut(ls []torg.BudgetLine) []budgetLineDTO {
	out := make([]budgetLineDTO, 0, len(ls))
	for _, l := range ls {
		out = append(out, budgetLineDTO(l))
	}
	return out
}

func budgetOut(b *torg.Budget) *budgetDTO {
	if b == nil {
		return nil
	}
	children := b.ChildAges
	if children == nil {
		children = []int{}
	}
	return &budgetDTO{budgetInput: budgetInput{Household: b.Household, Children: children, Income: linesOut(b.Income),
		Expenses: linesOut(b.Expenses), Years: b.Years, LumpSum: b.LumpSum, RefiRate: b.RefiRate, RefiYears: b.RefiYears,
		Note: b.Note}, Updated: b.Updated.UTC(), UpdatedBy: optID(b.UpdatedBy)}
}

// budget returns a case's household budget; 404 until one is saved.
func (a *api) budget(w http.ResponseWriter, r *http.Request, actor *torg.Employee) error {
	v, err := a.debts(r, actor)
	if err != nil {
		return err
	}
	if v.Budget == nil {
		return torg.Errorf(torg.ENOTFOUND, "error.not_found")
	}
	return writeJSON(w, http.StatusOK, budgetOut(v.Budget))
}

// saveBudget saves a case's household budget (DC6.5); one without income
// is refused.
func (a *api) saveBudget(w http.ResponseWriter, r *http.Request, actor *torg.Employee) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in budgetInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	b := &torg.Budget{Household: in.Household, ChildAges: in.Children, Income: linesIn(in.Income),
		Expenses: linesIn(in.Expenses), Years: in.Years, LumpSum: in.LumpSum, RefiRate: in.RefiRate,
		RefiYears: in.RefiYears, Note: in.Note}
	if err := a.svc.SaveBudget(r.Context(), actor, id, b); err != nil {
		return err
	}
	return a.budget(w, r, actor)
}

// debtSchedule answers with the whole debt schedule of a case: the claims,
// the budget, the rates in force, the assessment and the scenarios.
func (a *api) debtSchedule(w http.ResponseWriter, r *http.Request, actor *torg.Employee) error {
	v, err := a.debts(r, actor)
	if err != nil {
		return err
	}
	p := i18n.New(i18n.Negotiate("", r.Header.Get("Accept-Language"), i18n.EN))
	out := scheduleDTO{CaseID: v.Case.ID, CaseNumber: v.Case.Number(), Claims: claimsOut(v.Claims),
		Budget: budgetOut(v.Budget), RequestDue: optDate(v.RequestDue)}
	if v.Assessment != nil {
		out.Rates = ratesOut(v.Rates)
		out.Assessment = assessmentOut(v.Assessment, p)
		out.Scenarios = scenariosOut(v.Scenarios)
	}
	w.Header().Set("Content-Language", string(p.Lang()))
	return writeJSON(w, http.StatusOK, out)
}

// scheduleFile answers with the debt schedule as a file to download.
func scheduleFile(make func(context.Context, *torg.Employee, int64) (string, []byte, error), mediaType string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request, actor *torg.Employee) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		name, data, err := make(r.Context(), actor, id)
		if err != nil {
			return err
		}
		h := w.Header()
		h.Set("Content-Type", mediaType)
		h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
		h.Set("Content-Length", strconv.Itoa(len(data)))
		w.WriteHeader(http.StatusOK)
		w.Write(data)
		return nil
	}
}

// debtRoutes are the debt schedule's operations (DC4.6, DC6).
func (a *api) debtRoutes() []route {
	return []route{
		{"GET", "/cases/{id}/claims", false, a.claims},
		{"POST", "/cases/{id}/claims", false, a.addClaim},
		{"PUT", "/cases/{id}/claims/{claim}", false, a.updateClaim},
		{"DELETE", "/cases/{id}/claims/{claim}", false, a.deleteClaim},
		{"GET", "/cases/{id}/budget", false, a.budget},
		{"PUT", "/cases/{id}/budget", false, a.saveBudget},
		{"GET", "/cases/{id}/debt-schedule", false, a.debtSchedule},
		{"GET", "/cases/{id}/debt-schedule.xlsx", false, scheduleFile(a.scheduleXLSX, mediaXLSX)},
		{"GET", "/cases/{id}/debt-schedule.pdf", false, scheduleFile(a.schedulePDF, "application/pdf")},
	}
}

// mediaXLSX is the media type of a spreadsheet.
const mediaXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// The exports go through methods so that routes() can list them on a zero
// api, as the route test does.
func (a *api) scheduleXLSX(ctx context.Context, e *torg.Employee, id int64) (string, []byte, error) {
	return a.svc.ScheduleXLSX(ctx, e, id)
}

func (a *api) schedulePDF(ctx context.Context, e *torg.Employee, id int64) (string, []byte, error) {
	return a.svc.SchedulePDF(ctx, e, id)
}

// scheduleDTO is a case's whole debt schedule with what follows from it.
type scheduleDTO struct {
	CaseID     int64          `json:"case_id"`
	CaseNumber string         `json:"case_number"`
	Claims     []claimDTO     `json:"claims"`
	Budget     *budgetDTO     `json:"budget"`
	Rates      *ratesDTO      `json:"rates"`
	Assessment *assessmentDTO `json:"assessment"`
	Scenarios  *scenariosDTO  `json:"scenarios"`
	RequestDue *torg.Date     `json:"request_due"`
}

// ratesDTO is the living-cost rate table an assessment used.
type ratesDTO struct {
	Country           string     `json:"country"`
	ValidFrom         torg.Date  `json:"valid_from"`
	Single            torg.Money `json:"single"`
	Cohabiting        torg.Money `json:"cohabiting"`
	SupportingPartner torg.Money `json:"supporting_partner"`
	Child0to5         torg.Money `json:"child_0_5"`
	Child6to10        torg.Money `json:"child_6_10"`
	Child11to14       torg.Money `json:"child_11_14"`
	Child15Plus       torg.Money `json:"child_15_plus"`
	Source            string     `json:"source"`
}

func ratesOut(r torg.LivingCostRates) *ratesDTO {
	out := ratesDTO(r)
	return &out
}

// assessmentDTO is the debt-servicing capacity and dividend (DC6.5).
type assessmentDTO struct {
	Income         torg.Money    `json:"income"`
	LivingCost     torg.Money    `json:"living_cost"`
	CostLines      []costLineDTO `json:"cost_lines"`
	Expenses       torg.Money    `json:"expenses"`
	Capacity       torg.Money    `json:"capacity"`
	Years          int           `json:"years"`
	Available      torg.Money    `json:"available"`
	Unsecured      torg.Money    `json:"unsecured"`
	Secured        torg.Money    `json:"secured"`
	DividendBP     int           `json:"dividend_bp"`
	CurrentMonthly torg.Money    `json:"current_monthly"`
	Shares         []shareDTO    `json:"shares"`
	Warnings       []warningDTO  `json:"warnings"`
}

type costLineDTO struct {
	Who     string     `json:"who"`
	Age     *int       `json:"age"`
	Amount  torg.Money `json:"amount"`
	Reduced bool       `json:"reduced"`
}

type shareDTO struct {
	ClaimID  int64      `json:"claim_id"`
	Creditor string     `json:"creditor"`
	Balance  torg.Money `json:"balance"`
	ShareBP  int        `json:"share_bp"`
	Amount   torg.Money `json:"amount"`
	Monthly  torg.Money `json:"monthly"`
}

// warningDTO is something the counsellor should notice, as a key and as a
// message in the request's language.
type warningDTO struct {
	Key     string `json:"key"`
	Message string `json:"message"`
}

func assessmentOut(a *debt.Assessment, p *i18n.Printer) *assessmentDTO {
	out := &assessmentDTO{Income: a.Income, LivingCost: a.LivingCost, CostLines: []costLineDTO{}, Expenses: a.Expenses,
		Capacity: a.Capacity, Years: a.Years, Available: a.Available, Unsecured: a.Unsecured, Secured: a.Secured,
		DividendBP: a.DividendBP, CurrentMonthly: a.CurrentMonthly, Shares: []shareDTO{}, Warnings: []warningDTO{}}
	for _, l := range a.CostLines {
		c := costLineDTO{Who: l.Who, Amount: l.Amount, Reduced: l.Reduced}
		if l.Who == debt.WhoChild {
			c.Age = &l.Age
		}
		out.CostLines = append(out.CostLines, c)
	}
	for _, s := range a.Shares {
		out.Shares = append(out.Shares, shareDTO(s))
	}
	for _, k := range a.Warnings {
		out.Warnings = append(out.Warnings, warningDTO{Key: k, Message: p.T(k)})
	}
	return out
}

// scenariosDTO are the ways out of the debt (DC6.9). Settlement is null
// without a lump sum in the budget, refinancing without a loan term.
type scenariosDTO struct {
	Repayment  repaymentDTO   `json:"repayment"`
	Settlement *settlementDTO `json:"settlement"`
	Refinance  *refinanceDTO  `json:"refinance"`
}

type repaymentDTO struct {
	Monthly  torg.Money         `json:"monthly"`
	Months   int                `json:"months"`
	Possible bool               `json:"possible"`
	Lines    []repaymentLineDTO `json:"lines"`
}

type repaymentLineDTO struct {
	ClaimID  int64      `json:"claim_id"`
	Creditor string     `json:"creditor"`
	Balance  torg.Money `json:"balance"`
	Monthly  torg.Money `json:"monthly"`
	Months   int        `json:"months"`
}

type settlementDTO struct {
	LumpSum   torg.Money          `json:"lump_sum"`
	Paid      torg.Money          `json:"paid"`
	PercentBP int                 `json:"percent_bp"`
	Lines     []settlementLineDTO `json:"lines"`
}

type settlementLineDTO struct {
	ClaimID  int64      `json:"claim_id"`
	Creditor string     `json:"creditor"`
	Balance  torg.Money `json:"balance"`
	Amount   torg.Money `json:"amount"`
}

type refinanceDTO struct {
	Principal      torg.Money         `json:"principal"`
	RateBP         int                `json:"rate_bp"`
	Years          int                `json:"years"`
	Monthly        torg.Money         `json:"monthly"`
	TotalCost      torg.Money         `json:"total_cost"`
	Interest       torg.Money         `json:"interest"`
	Replaces       torg.Money         `json:"replaces"`
	CurrentMonthly torg.Money         `json:"current_monthly"`
	Capacity       torg.Money         `json:"capacity"`
	Affordable     bool               `json:"affordable"`
	Lines          []refinanceLineDTO `json:"lines"`
}

type refinanceLineDTO struct {
	ClaimID  int64      `json:"claim_id"`
	Creditor string     `json:"creditor"`
	Balance  torg.Money `json:"balance"`
	Monthly  torg.Money `json:"monthly"`
}

func scenariosOut(s *debt.Scenarios) *scenariosDTO {
	if s == nil {
		return nil
	}
	out := &scenariosDTO{Repayment: repaymentDTO{Monthly: s.Repayment.Monthly, Months: s.Repayment.Months,
		Possible: s.Repayment.Possible, Lines: []repaymentLineDTO{}}}
	for _, l := range s.Repayment.Lines {
		out.Repayment.Lines = append(out.Repayment.Lines, repaymentLineDTO(l))
	}
	if st := s.Settlement; st.LumpSum > 0 {
		out.Settlement = &settlementDTO{LumpSum: st.LumpSum, Paid: st.Paid, PercentBP: st.PercentBP,
			Lines: []settlementLineDTO{}}
		for _, l := range st.Lines {
			out.Settlement.Lines = append(out.Settlement.Lines, settlementLineDTO(l))
		}
	}
	if rf := s.Refinance; rf.Years > 0 {
		out.Refinance = &refinanceDTO{Principal: rf.Principal, RateBP: rf.RateBP, Years: rf.Years, Monthly: rf.Monthly,
			TotalCost: rf.TotalCost, Interest: rf.Interest, Replaces: rf.Replaces, CurrentMonthly: rf.CurrentMonthly,
			Capacity: rf.Capacity, Affordable: rf.Affordable, Lines: []refinanceLineDTO{}}
		for _, l := range rf.Lines {
			out.Refinance.Lines = append(out.Refinance.Lines, refinanceLineDTO(l))
		}
	}
	return out
}
