package web

import (
	"net/http"
	"strconv"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
)

func (h *Handler) registerApply(mux *http.ServeMux) {
	mux.HandleFunc("GET /apply/{municipality}", h.applyPage)
	mux.HandleFunc("POST /apply/{municipality}", h.apply)
	mux.Handle("GET /units/{id}/distribution", h.auth(h.distributionPage))
	mux.Handle("POST /units/{id}/distribution", h.auth(h.setDistribution))
}

type applyData struct {
	Muni *torg.Municipality
	Unit *torg.Unit
	Key  string
	Case *torg.Case // on the receipt
	Dup  bool
}

// applyPage shows the public application form (DC1.1); nobody logs in.
func (h *Handler) applyPage(w http.ResponseWriter, r *http.Request) {
	h.applyForm(w, r, nil, requestKey())
}

func (h *Handler) applyForm(w http.ResponseWriter, r *http.Request, err error, key string) {
	m, u, ferr := h.svc.ApplicationForm(r.Context(), r.PathValue("municipality"), "")
	if ferr != nil {
		h.fail(w, r, ferr)
		return
	}
	pg := h.newPage(r, "apply.title")
	pg.Data = applyData{Muni: m, Unit: u, Key: key}
	h.render(w, r, pg.refill(r, err), "apply", pg)
}

// apply files the application and shows the receipt with the case number.
func (h *Handler) apply(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store") // the answer shows what the citizen typed
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	f := r.PostFormValue
	c, dup, err := h.svc.Apply(r.Context(), r.PathValue("municipality"), casework.Application{RequestKey: f("request_key"),
		NIN: f("nin"), GivenName: f("given_name"), FamilyName: f("family_name"), Phone: f("phone"), Email: f("email"),
		Address: f("address"), Postcode: f("postcode"), City: f("city"), Summary: f("summary")})
	if err != nil {
		if torg.ErrorCode(err) == torg.EINTERNAL {
			h.serverError(w, r, err)
			return
		}
		h.applyForm(w, r, err, f("request_key"))
		return
	}
	m, u, err := h.svc.ApplicationForm(r.Context(), r.PathValue("municipality"), "")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	pg := h.newPage(r, "apply.done_title")
	pg.Data = applyData{Muni: m, Unit: u, Case: c, Dup: dup}
	h.render(w, r, http.StatusOK, "apply_done", pg)
}

type distributionData struct {
	UnitID int64
	Rows   []casework.DistributionRule
	Staff  []*torg.Employee
}

// distributionPage shows a unit's distribution table to its leaders (DC1.4).
func (h *Handler) distributionPage(w http.ResponseWriter, r *http.Request, s *session) {
	h.distributionForm(w, r, s, nil, "")
}

func (h *Handler) distributionForm(w http.ResponseWriter, r *http.Request, s *session, err error, flash string) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	rules, staff, rerr := h.svc.DistributionRules(r.Context(), s.user, id)
	if rerr != nil {
		h.fail(w, r, rerr)
		return
	}
	pg := h.newPage(r, "apply.dist_title")
	pg.Flash = flash
	rows := append(rules, make([]casework.DistributionRule, 3)...) // room for new ranges
	if err != nil {
		rows = postedRules(r, true)
	}
	pg.Data = distributionData{UnitID: id, Rows: rows, Staff: staff}
	h.render(w, r, pg.refill(r, err), "distribution", pg)
}

// setDistribution saves the table.
func (h *Handler) setDistribution(w http.ResponseWriter, r *http.Request, s *session) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err := h.svc.SetDistributionRules(r.Context(), s.user, id, postedRules(r, false)); err != nil {
		h.distributionForm(w, r, s, err, "")
		return
	}
	pg := h.newPage(r, "apply.dist_saved")
	h.distributionForm(w, r, s, nil, pg.Title)
}

// postedRules reads the table's rows; blank rows are left out unless keep.
func postedRules(r *http.Request, keep bool) []casework.DistributionRule {
	var out []casework.DistributionRule
	for i := range len(r.PostForm["from"]) {
		at := func(k string) int64 {
			if vs := r.PostForm[k]; i < len(vs) {
				n, _ := strconv.ParseInt(vs[i], 10, 64)
				return n
			}
			return 0
		}
		rule := casework.DistributionRule{From: int(at("from")), To: int(at("to")), EmployeeID: at("employee")}
		if keep || rule != (casework.DistributionRule{}) {
			out = append(out, rule)
		}
	}
	return out
}
