package web

import (
	"net/http"
	"strconv"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
)

func (h *Handler) registerClosing(mux *http.ServeMux) {
	mux.Handle("GET /cases/{id}/close", h.auth(h.closePage))
	mux.Handle("POST /cases/{id}/close", h.auth(h.closeCase))
	mux.Handle("POST /cases/{id}/apply-again", h.auth(h.applyAgain))
}

func (h *Handler) closePage(w http.ResponseWriter, r *http.Request, s *session) {
	h.closeForm(w, r, s, nil)
}

// closeForm shows the page that closes a case (DC5, DC8), with err on it.
func (h *Handler) closeForm(w http.ResponseWriter, r *http.Request, s *session, err error) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	f, ferr := h.svc.CloseForm(r.Context(), s.user, id)
	if ferr != nil {
		h.fail(w, r, ferr)
		return
	}
	pg := h.newPage(r, "closing.title")
	pg.Nav, pg.Data = caseNav(s.user), f
	var first string
	if len(f.Reasons) > 0 {
		first = f.Reasons[0]
	}
	h.render(w, r, pg.refill(r, err, "reason", first), "closing", pg)
}

// closeCase ends the handling of a case with its reason and closing note.
func (h *Handler) closeCase(w http.ResponseWriter, r *http.Request, s *session) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	err := h.svc.CloseCase(r.Context(), s.user, id, r.PostFormValue("reason"), r.PostFormValue("note"))
	switch torg.ErrorCode(err) {
	case "":
		http.Redirect(w, r, "/cases/"+r.PathValue("id")+"?closed=1#closing", http.StatusSeeOther)
	case torg.ENOTFOUND, torg.EFORBIDDEN:
		h.fail(w, r, err)
	default:
		h.closeForm(w, r, s, err)
	}
}

// applyAgain registers a new application for the citizen of a case whose
// closing letters have gone (DC8.8) and opens the new case.
func (h *Handler) applyAgain(w http.ResponseWriter, r *http.Request, s *session) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	c, err := h.svc.ApplyAgain(r.Context(), s.user, id, r.PostFormValue("request_key"), r.PostFormValue("summary"))
	if err != nil {
		h.caseView(w, r, s, err)
		return
	}
	http.Redirect(w, r, "/cases/"+strconv.FormatInt(c.ID, 10)+"?applied="+r.PathValue("id"), http.StatusSeeOther)
}

// ReasonTitle names a reason to close a case in the page's language.
func (p *page) ReasonTitle(reason string) string { return p.T("closing.reason_" + reason) }

// caseData is what the case page shows: the case, its timeline and how it
// was closed.
type caseData struct {
	*casework.CaseView
	Timeline   []casework.TimelineEntry
	Closing    *casework.Closing
	CanClose   bool   // the employee may close the case now
	ApplyAgain bool   // the case takes no more contact: a new application instead (DC8.8)
	RequestKey string // makes the new application's button safe to press twice
	// Checklist is the documentation checklist (DC3.4, DC4.9).
	Checklist *casework.Checklist
}

// OpenTasks lists the case's tasks not yet done; those done are in the
// timeline.
func (d *caseData) OpenTasks() []*torg.Task {
	var out []*torg.Task
	for _, t := range d.Tasks {
		if !t.IsDone() {
			out = append(out, t)
		}
	}
	return out
}
