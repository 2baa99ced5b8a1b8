package web

import (
	"net/http"
	"strconv"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
)

type distributionData struct {
	*casework.DistributionView
	Rows []casework.DistributionRule // the table's rows and room for new ones
}

// distributionHome opens the distribution page of the employee's unit.
func (h *Handler) distributionHome(w http.ResponseWriter, r *http.Request, s *session) {
	id, err := h.svc.DistributionUnit(r.Context(), s.user)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/units/"+strconv.FormatInt(id, 10)+"/distribution", http.StatusSeeOther)
}

// distributionPage shows a unit's distribution table, how it is applied
// and the absences (DC1.4): leaders edit it all, a counsellor records
// their own absences.
func (h *Handler) distributionPage(w http.ResponseWriter, r *http.Request, s *session) {
	flash := ""
	if key, ok := savedFlash[r.URL.Query().Get("saved")]; ok {
		flash = h.newPage(r, key).Title
	}
	h.distributionForm(w, r, s, nil, flash)
}

// savedFlash is what the page says after each of its forms was saved.
var savedFlash = map[string]string{"table": "apply.dist_saved", "absence": "absence.saved", "deleted": "absence.deleted"}

// distributionSaved shows the page again after a form was saved, so that
// reloading it sends nothing twice.
func distributionSaved(w http.ResponseWriter, r *http.Request, what string) {
	http.Redirect(w, r, "/units/"+r.PathValue("id")+"/distribution?saved="+what, http.StatusSeeOther)
}

func (h *Handler) distributionForm(w http.ResponseWriter, r *http.Request, s *session, err error, flash string) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	v, verr := h.svc.Distribution(r.Context(), s.user, id)
	if verr != nil {
		h.fail(w, r, verr)
		return
	}
	pg := h.newPage(r, "apply.dist_title")
	pg.Flash, pg.Nav = flash, "distribution"
	d := distributionData{DistributionView: v, Rows: v.Rules}
	if v.CanEdit {
		d.Rows = append(v.Rules, make([]casework.DistributionRule, 3)...) // room for new ranges
	}
	defaults := []string{"by", v.Settings.By, "fallback", strconv.FormatInt(v.Settings.FallbackID, 10),
		"absence_from", dateInput(pg.Lang, v.Today), "absence_to", dateInput(pg.Lang, v.Today), "absence_kind", "vacation"}
	if err != nil && r.PostForm.Has("from") {
		d.Rows = postedRules(r, true)
	}
	pg.Data = d
	status := pg.refill(r, err, defaults...)
	for i := 0; i+1 < len(defaults); i += 2 {
		if !pg.Form.Has(defaults[i]) { // the page's other forms, when one is shown with an error
			pg.Form.Set(defaults[i], defaults[i+1])
		}
	}
	h.render(w, r, status, "distribution", pg)
}

// setDistribution saves the table and its settings.
func (h *Handler) setDistribution(w http.ResponseWriter, r *http.Request, s *session) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	fallback, _ := strconv.ParseInt(r.PostFormValue("fallback"), 10, 64)
	set := casework.DistributionSettings{By: r.PostFormValue("by"), FallbackID: fallback}
	if err := h.svc.SetDistribution(r.Context(), s.user, id, postedRules(r, false), set); err != nil {
		h.failDistribution(w, r, s, err)
		return
	}
	distributionSaved(w, r, "table")
}

// failDistribution shows the page with a form's error, or the error page
// when there is no form to show it on.
func (h *Handler) failDistribution(w http.ResponseWriter, r *http.Request, s *session, err error) {
	if code := torg.ErrorCode(err); code != torg.EINVALID {
		h.fail(w, r, err)
		return
	}
	h.distributionForm(w, r, s, err, "")
}

// addAbsence records an absence, from the distribution page or the
// absence board, and shows the page it came from again.
func (h *Handler) addAbsence(w http.ResponseWriter, r *http.Request, s *session) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if _, err := h.svc.AddAbsence(r.Context(), s.user, id, absenceInput(r)); err != nil {
		if fromBoard(r) && torg.ErrorCode(err) == torg.EINVALID {
			h.absenceBoardForm(w, r, s, err)
			return
		}
		h.failDistribution(w, r, s, err)
		return
	}
	if fromBoard(r) {
		http.Redirect(w, r, "/absences?saved=absence#unit-"+r.PathValue("id"), http.StatusSeeOther)
		return
	}
	distributionSaved(w, r, "absence")
}

// deleteAbsence removes an absence.
func (h *Handler) deleteAbsence(w http.ResponseWriter, r *http.Request, s *session) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	absence, _ := strconv.ParseInt(r.PathValue("absence"), 10, 64)
	if err := h.svc.DeleteAbsence(r.Context(), s.user, id, absence); err != nil {
		h.fail(w, r, err)
		return
	}
	if fromBoard(r) {
		http.Redirect(w, r, "/absences?saved=deleted#unit-"+r.PathValue("id"), http.StatusSeeOther)
		return
	}
	distributionSaved(w, r, "deleted")
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
