package web

import (
	"net/http"
	"strconv"

	"github.com/torg-kommune/torg"
)

// The 1st social secretary's for-information list (DN7) and the notice
// statistics.
func (h *Handler) registerDebtNoticeLists(mux *http.ServeMux) {
	mux.Handle("GET /debt-notices/information", h.auth(h.dnInfoPage))
	mux.Handle("POST /debt-notices/{id}/hand-over", h.auth(h.dnHandOver))
	mux.Handle("POST /debt-notices/{id}/shred", h.auth(h.dnShred))
	mux.Handle("GET /debt-notices/statistics", h.auth(h.dnStatsPage))
}

func (h *Handler) dnInfoPage(w http.ResponseWriter, r *http.Request, s *session) {
	h.dnInfo(w, r, s, nil)
}

// dnInfo shows the for-information copies waiting for DN7, with err on it.
func (h *Handler) dnInfo(w http.ResponseWriter, r *http.Request, s *session, err error) {
	items, lerr := h.svc.ForInformationList(r.Context(), s.user)
	if lerr != nil {
		h.fail(w, r, lerr)
		return
	}
	pg := h.newPage(r, "dn.for_information")
	pg.Nav, pg.Data = "debtnotices", items
	status := http.StatusOK
	if err != nil {
		status = pg.fail(err)
	}
	h.render(w, r, status, "debtnotice_info", pg)
}

// dnHandOver notes the copy on the current child case (DN7).
func (h *Handler) dnHandOver(w http.ResponseWriter, r *http.Request, s *session) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	child, _ := strconv.ParseInt(r.PostFormValue("child_case"), 10, 64)
	if _, err := h.svc.HandOverNotice(r.Context(), s.user, id, child); err != nil {
		h.dnInfo(w, r, s, err)
		return
	}
	http.Redirect(w, r, "/debt-notices/information", http.StatusSeeOther)
}

// dnShred destroys the copy when there is no current child case (DN7).
func (h *Handler) dnShred(w http.ResponseWriter, r *http.Request, s *session) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err := h.svc.ShredNotice(r.Context(), s.user, id); err != nil {
		h.dnInfo(w, r, s, err)
		return
	}
	http.Redirect(w, r, "/debt-notices/information", http.StatusSeeOther)
}

// dnStatsPage shows the notices of a period by sender, kind and outcome;
// the period is this year unless the query gives from and to.
func (h *Handler) dnStatsPage(w http.ResponseWriter, r *http.Request, s *session) {
	year := h.svc.Today().Year // the service's clock, which tests set
	from := torg.Date{Year: year, Month: 1, Day: 1}
	to := torg.Date{Year: year, Month: 12, Day: 31}
	if d, err := torg.ParseFormDate(r.URL.Query().Get("from")); err == nil {
		from = d
	}
	if d, err := torg.ParseFormDate(r.URL.Query().Get("to")); err == nil {
		to = d
	}
	st, err := h.svc.NoticeStatistics(r.Context(), s.user, from, to)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	pg := h.newPage(r, "dn.stats")
	pg.Nav, pg.Data = "debtnotices", st
	h.render(w, r, http.StatusOK, "debtnotice_stats", pg)
}
