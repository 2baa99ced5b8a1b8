package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/i18n"
)

func (h *Handler) registerCaseList(mux *http.ServeMux) {
	mux.Handle("GET /cases", h.auth(h.caseListPage))
}

// caseListData is the case list page: the list, the statuses to filter
// by and the links to the pages before and after.
type caseListData struct {
	*casework.CaseList
	Statuses   []torg.CaseStatus
	Prev, Next string
}

var listStatuses = []torg.CaseStatus{torg.CaseCreated, torg.CaseOpen, torg.CaseFinished,
	torg.CaseClosedBy, torg.CaseClosed, torg.CaseVoid}

// caseListPage shows the year's case list (DC1.6), filtered by a GET form.
func (h *Handler) caseListPage(w http.ResponseWriter, r *http.Request, s *session) {
	q := r.URL.Query()
	f := casework.CaseListFilter{Status: torg.CaseStatus(q.Get("status")), Query: q.Get("q")}
	f.Year, _ = strconv.Atoi(q.Get("year"))
	f.ResponsibleID, _ = strconv.ParseInt(q.Get("responsible"), 10, 64)
	f.Page, _ = strconv.Atoi(q.Get("page"))
	l, err := h.svc.CaseList(r.Context(), s.user, f)
	if err != nil && torg.ErrorCode(err) != torg.EINVALID {
		h.fail(w, r, err)
		return
	}
	pg := h.newPage(r, "caselist.title")
	pg.Nav, pg.Form = "cases", q
	code := http.StatusOK
	if err != nil {
		code, l = pg.fail(err), &casework.CaseList{Filter: f, Pages: 1}
	}
	d := caseListData{CaseList: l, Statuses: listStatuses}
	if l.Filter.Page > 1 {
		d.Prev = pageURL(q, l.Filter.Page-1)
	}
	if l.Filter.Page < l.Pages {
		d.Next = pageURL(q, l.Filter.Page+1)
	}
	pg.Data = d
	h.render(w, r, code, "caselist", pg)
}

// pageURL is the case list with the same filters on another page.
func pageURL(q url.Values, n int) string {
	v := url.Values{}
	for k, vs := range q {
		v[k] = vs
	}
	v.Set("page", strconv.Itoa(n))
	return "/cases?" + v.Encode()
}

// Marker returns a case marker as a badge in the request's language; the
// Drop-In marker (DC1.7) is coloured.
func (p *page) Marker(m string) template.HTML {
	label, class := m, "badge"
	if key := "caselist.marker_" + m; i18n.Has(key) {
		label = p.T(key)
	}
	if m == casework.MarkerDropIn {
		class += " badge-warning badge-drop-in"
	}
	return template.HTML(`<span class="` + class + `">` + template.HTMLEscapeString(label) + `</span>`)
}

// HasMarker reports whether a case carries a marker.
func (p *page) HasMarker(c *torg.Case, m string) bool {
	for _, x := range c.Markers {
		if x == m {
			return true
		}
	}
	return false
}

// toggleMarker puts a marker on a case or takes it off (DC1.7).
func (h *Handler) toggleMarker(w http.ResponseWriter, r *http.Request, s *session, id int64, marker string) {
	on := r.PostFormValue("on") == "1"
	if err := h.svc.SetMarker(r.Context(), s.user, id, marker, on); err != nil {
		h.caseView(w, r, s, err)
		return
	}
	http.Redirect(w, r, "/cases/"+r.PathValue("id"), http.StatusSeeOther)
}

// caseNav is the navigation item a case's pages belong to: the case list
// for those who have it, else the work list that led there.
func caseNav(u *torg.Employee) string {
	if u != nil && (u.Has(torg.RoleCounsellor) || u.Has(torg.RoleLeader)) {
		return "cases"
	}
	return "work"
}
