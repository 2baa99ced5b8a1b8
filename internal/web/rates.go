package web

import (
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/torg-kommune/torg"
)

func (h *Handler) registerRates(mux *http.ServeMux) {
	mux.Handle("GET /admin/rates", h.auth(h.ratesPage))
	mux.Handle("POST /admin/rates", h.auth(h.addRates))
}

// rateFields are the amount fields of a rate table, in form order.
var rateFields = []string{"single", "cohabiting", "supporting_partner", "child_0_5", "child_6_10", "child_11_14", "child_15_plus"}

// ratesData is the administrator's page of living-cost rate tables.
type ratesData struct {
	Tables  []torg.LivingCostRates // newest first
	InForce int                    // the index of the table in force, or -1
	Fields  []string
	Country string
}

func (d ratesData) currency() string { return currencyOf(d.Country) }

// Amounts returns a table's amounts in the order of rateFields.
func (d ratesData) Amounts(t torg.LivingCostRates) []torg.Money {
	return []torg.Money{t.Single, t.Cohabiting, t.SupportingPartner, t.Child0to5, t.Child6to10, t.Child11to14, t.Child15Plus}
}

func (h *Handler) ratesPage(w http.ResponseWriter, r *http.Request, s *session) {
	h.ratesView(w, r, s, nil)
}

// ratesView shows the dated rate tables with the one in force marked, and
// the form for next year's table (domain.md §3.3).
func (h *Handler) ratesView(w http.ResponseWriter, r *http.Request, s *session, err error) {
	if !s.user.Has(torg.RoleAdmin) {
		h.fail(w, r, torg.Errorf(torg.EFORBIDDEN, "error.forbidden"))
		return
	}
	tables, lerr := h.svc.LivingCostRates(r.Context())
	if lerr != nil {
		h.fail(w, r, lerr)
		return
	}
	tables = slices.Clone(tables)
	slices.SortStableFunc(tables, func(a, b torg.LivingCostRates) int { return b.ValidFrom.Time().Compare(a.ValidFrom.Time()) })
	d := ratesData{Tables: tables, InForce: -1, Fields: rateFields, Country: "NO"}
	today := h.svc.Today()
	for i, t := range tables {
		if !today.Before(t.ValidFrom) {
			d.InForce, d.Country = i, t.Country
			break
		}
	}
	pg := h.newPage(r, "debtui.rates_title")
	pg.Nav, pg.Data = "rates", d
	if r.URL.Query().Get("done") == "added" {
		pg.Flash = pg.T("debtui.flash_rates")
	}
	h.render(w, r, pg.refillAll(r, err, "country", d.Country), "rates", pg)
}

// addRates adds a dated rate table. The service checks that the user is an
// administrator; the page checks it first so that nobody else sees the form.
func (h *Handler) addRates(w http.ResponseWriter, r *http.Request, s *session) {
	t, err := parseRates(r)
	if err == nil {
		err = h.svc.AddLivingCostRates(r.Context(), s.user, []torg.LivingCostRates{*t})
	}
	if err != nil {
		if code := torg.ErrorCode(err); code == torg.EFORBIDDEN || code == torg.EINTERNAL {
			h.fail(w, r, err)
			return
		}
		h.ratesView(w, r, s, err)
		return
	}
	http.Redirect(w, r, "/admin/rates?done=added", http.StatusSeeOther)
}

// parseRates reads the form of a rate table.
func parseRates(r *http.Request) (*torg.LivingCostRates, error) {
	f := r.PostFormValue
	t := &torg.LivingCostRates{Country: strings.ToUpper(strings.TrimSpace(f("country"))), Source: strings.TrimSpace(f("source"))}
	if t.Country == "" {
		t.Country = "NO"
	}
	var errs []error
	if s := strings.TrimSpace(f("valid_from")); s != "" {
		d, err := torg.ParseFormDate(s)
		if err != nil {
			errs = append(errs, torg.FieldError("valid_from", "debtui.date_invalid"))
		}
		t.ValidFrom = d
	}
	for i, dst := range []*torg.Money{&t.Single, &t.Cohabiting, &t.SupportingPartner, &t.Child0to5, &t.Child6to10, &t.Child11to14, &t.Child15Plus} {
		m, err := parseAmount(rateFields[i], f(rateFields[i]))
		if err != nil {
			errs = append(errs, err)
		}
		*dst = m
	}
	return t, errors.Join(errs...)
}
