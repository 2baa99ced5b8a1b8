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

// claimAmounts are the amount fields of the claim form, in form order.
var claimAmounts = []string{"principal", "interest", "fees", "balance", "monthly"}

// parseClaim reads the claim form. Every field that cannot be read is an
// error of its own, so that all of them show at once; what can be read but
// is wrong is for the service's Validate.
func parseClaim(r *http.Request) (*torg.Claim, error) {
	f := r.PostFormValue
	c := &torg.Claim{Kind: f("kind"), Creditor: f("creditor"), CreditorAddr: strings.ReplaceAll(f("creditor_addr"), "\r\n", "\n"),
		Reference: f("reference"), Source: f("source"), Secured: f("secured") == "yes", InCollection: f("in_collection") == "yes"}
	var errs []error
	for i, dst := range []*torg.Money{&c.Principal, &c.Interest, &c.Fees, &c.Balance, &c.Monthly} {
		m, err := parseAmount(claimAmounts[i], f(claimAmounts[i]))
		if err != nil {
			errs = append(errs, err)
		}
		*dst = m
	}
	if s := strings.TrimSpace(f("as_of")); s != "" {
		d, err := torg.ParseFormDate(s)
		if err != nil {
			errs = append(errs, torg.FieldError("as_of", "debtui.date_invalid"))
		}
		c.AsOf = d
	}
	return c, errors.Join(errs...)
}

// claimForm is a claim as the form shows it for editing.
func claimForm(l i18n.Lang, c *torg.Claim) []string {
	v := []string{"kind", c.Kind, "creditor", c.Creditor, "creditor_addr", c.CreditorAddr, "reference", c.Reference,
		"source", c.Source, "as_of", dateInput(l, c.AsOf)}
	for i, m := range []torg.Money{c.Principal, c.Interest, c.Fees, c.Balance, c.Monthly} {
		v = append(v, claimAmounts[i], amountInput(l, m))
	}
	if parts := c.Principal + c.Interest + c.Fees; parts != 0 && parts == c.Balance {
		v[len(v)-3] = "" // the balance is the sum of its parts: left empty, it follows them when they change
	}
	if c.Secured {
		v = append(v, "secured", "yes")
	}
	if c.InCollection {
		v = append(v, "in_collection", "yes")
	}
	return v
}

// refillAll is refill for an error that joins several, one per field.
func (pg *page) refillAll(r *http.Request, err error, defaults ...string) int {
	j, ok := err.(interface{ Unwrap() []error })
	if !ok {
		return pg.refill(r, err, defaults...)
	}
	pg.Form = r.PostForm
	code := http.StatusUnprocessableEntity
	for _, e := range j.Unwrap() {
		code = pg.fail(e)
	}
	return code
}

// addClaim adds a claim from the debt page's form (DC6.1). The form's
// one-time key makes a second submit of the same form add nothing.
func (h *Handler) addClaim(w http.ResponseWriter, r *http.Request, s *session) {
	c, err := parseClaim(r)
	if err != nil {
		h.debtView(w, r, s, err)
		return
	}
	if k := r.PostFormValue("request_key"); k != "" {
		c.RequestKey = "web:" + strconv.FormatInt(s.user.ID, 10) + ":" + k
	}
	repeat, err := h.svc.AddClaim(r.Context(), s.user, caseID(r), c)
	switch {
	case err != nil:
		h.afterDebtPost(w, r, s, err, "", 0)
	case repeat:
		h.afterDebtPost(w, r, s, nil, "dup", 0)
	default:
		h.afterDebtPost(w, r, s, nil, "added", 0)
	}
}

// claimData is the page of one claim.
type claimData struct {
	*casework.DebtView
	Claim   *torg.Claim
	Confirm bool // ask whether to delete the claim
	Kinds   []string
	Sources []string
}

func (d claimData) currency() string { return currencyOf(d.Rates.Country) }

func (h *Handler) claimPage(w http.ResponseWriter, r *http.Request, s *session) {
	h.claimView(w, r, s, nil, false)
}

// claimView shows one claim to edit, or, with confirm, asks whether to
// delete it.
func (h *Handler) claimView(w http.ResponseWriter, r *http.Request, s *session, err error, confirm bool) {
	v, derr := h.svc.Debts(r.Context(), s.user, caseID(r))
	if derr != nil {
		h.fail(w, r, derr)
		return
	}
	id, _ := strconv.ParseInt(r.PathValue("claim"), 10, 64)
	var c *torg.Claim
	for _, x := range v.Claims {
		if x.ID == id {
			c = x
		}
	}
	if c == nil {
		h.fail(w, r, torg.Errorf(torg.ENOTFOUND, "error.not_found"))
		return
	}
	pg := h.newPage(r, "debtui.claim_title")
	pg.Nav, pg.Data = caseNav(s.user), claimData{DebtView: v, Claim: c, Confirm: confirm, Kinds: torg.ClaimKinds, Sources: torg.ClaimSources}
	h.render(w, r, pg.refillAll(r, err, claimForm(pg.Lang, c)...), "claim", pg)
}

// claimAction saves a claim, or deletes it after asking.
func (h *Handler) claimAction(w http.ResponseWriter, r *http.Request, s *session) {
	id, _ := strconv.ParseInt(r.PathValue("claim"), 10, 64)
	var err error
	done := "updated"
	switch r.PostFormValue("action") {
	case "save":
		var c *torg.Claim
		if c, err = parseClaim(r); err == nil {
			c.ID, c.CaseID = id, caseID(r)
			err = h.svc.UpdateClaim(r.Context(), s.user, caseID(r), c)
		}
	case "delete":
		h.claimView(w, r, s, nil, true)
		return
	case "delete_confirmed":
		done, err = "deleted", h.svc.DeleteClaim(r.Context(), s.user, caseID(r), id)
	default:
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	if err != nil {
		if code := torg.ErrorCode(err); code == torg.ENOTFOUND || code == torg.EFORBIDDEN || code == torg.EINTERNAL {
			h.fail(w, r, err)
			return
		}
		h.claimView(w, r, s, err, false)
		return
	}
	http.Redirect(w, r, "/cases/"+r.PathValue("id")+"/debts?done="+done+"#claims", http.StatusSeeOther)
}
