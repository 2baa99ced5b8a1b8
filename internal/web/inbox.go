package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/store"
)

// The staff inbox (DM1–DM9): a service's threads under a filter, and one
// thread with its messages and the forms that answer and route it.

func (h *Handler) registerInbox(mux *http.ServeMux) {
	mux.Handle("GET /inbox", h.auth(h.inboxHome))
	mux.Handle("GET /inbox/{unit}", h.auth(h.inboxPage))
	mux.Handle("GET /inbox/{unit}/compliance", h.auth(h.compliancePage))
	mux.Handle("GET /inbox/{unit}/templates", h.auth(h.templatesPage))
	mux.Handle("POST /inbox/{unit}/templates", h.auth(h.saveTemplate))
	mux.Handle("GET /threads/{id}", h.auth(h.inboxThreadPage))
	mux.Handle("POST /threads/{id}/{action}", h.auth(h.inboxThreadAction))
	mux.Handle("GET /threads/{id}/documents/{doc}", h.auth(h.inboxDocument))
}

// inboxHome opens the inbox of the employee's first service.
func (h *Handler) inboxHome(w http.ResponseWriter, r *http.Request, s *session) {
	units, err := h.svc.InboxUnits(r.Context(), s.user)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if len(units) == 0 {
		h.fail(w, r, torg.Errorf(torg.ENOTFOUND, "error.not_found"))
		return
	}
	to := "/inbox/" + strconv.FormatInt(units[0].ID, 10)
	if r.URL.Query().Get("done") == "forward" {
		to += "?done=forward"
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// inboxPage lists a service's threads under the filter the query names.
func (h *Handler) inboxPage(w http.ResponseWriter, r *http.Request, s *session) {
	id, _ := strconv.ParseInt(r.PathValue("unit"), 10, 64)
	v, err := h.svc.Inbox(r.Context(), s.user, id, casework.InboxFilter(r.URL.Query().Get("filter")))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	pg := h.newPage(r, "inbox.title")
	pg.Title = pg.T("inbox.heading", "unit", v.Unit.Name)
	pg.Nav, pg.Data = "inbox", inboxData{InboxView: v, Filters: casework.InboxFilters}
	if r.URL.Query().Get("done") == "forward" {
		pg.Flash = pg.T("inbox.flash_forward_away")
	}
	h.render(w, r, http.StatusOK, "inbox", pg)
}

type inboxData struct {
	*casework.InboxView
	Filters []casework.InboxFilter
}

// FilterPath is the address of the inbox under a filter.
func (d inboxData) FilterPath(f casework.InboxFilter) string {
	return "/inbox/" + strconv.FormatInt(d.Unit.ID, 10) + "?filter=" + url.QueryEscape(string(f))
}

// inboxThreadData is what the thread page shows: the thread and its forms.
type inboxThreadData struct {
	*casework.StaffThreadView
	Kinds    []string
	Statuses []string
	Parts    []int // the rows of the split form
	MaxMB    int64
	MaxFiles int
	Open     string // the form to show open: the one that failed
}

func (h *Handler) inboxThreadPage(w http.ResponseWriter, r *http.Request, s *session) {
	h.inboxThreadView(w, r, s, nil, "")
}

// inboxFlash is what the page says after each of its forms was sent.
var inboxFlash = map[string]string{"answer": "inbox.flash_answer", "take": "inbox.flash_take", "forward": "inbox.flash_forward",
	"wait": "inbox.flash_wait", "status": "inbox.flash_status", "kind": "inbox.flash_kind", "split": "inbox.flash_split",
	"link": "inbox.flash_link", "record": "inbox.flash_record", "appointment": "inbox.flash_appointment", "step": "inbox.flash_step"}

// inboxThreadView shows a thread; err, from the form named by failed, is shown
// on that form with what was typed.
func (h *Handler) inboxThreadView(w http.ResponseWriter, r *http.Request, s *session, err error, failed string) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	v, verr := h.svc.StaffThreadPage(r.Context(), s.user, id)
	if verr != nil {
		h.fail(w, r, verr)
		return
	}
	pg := h.newPage(r, "inbox.thread_title")
	pg.Title = v.Thread.Subject
	pg.Nav = "inbox"
	if key, ok := inboxFlash[r.URL.Query().Get("done")]; ok && err == nil {
		pg.Flash = pg.T(key)
	}
	d := inboxThreadData{StaffThreadView: v, Kinds: torg.MessageKinds, Statuses: []string{torg.ThreadInProgress,
		torg.ThreadCaseHandling, torg.ThreadDone}, Parts: []int{0, 1, 2}, MaxMB: h.svc.Config().MaxUploadBytes >> 20,
		MaxFiles: torg.MaxMessageFiles, Open: failed}
	pg.Data = d
	status := pg.refill(r, err, "done", "yes", "kind", v.Thread.Kind, "status", v.Thread.Status)
	if failed != "answer" && !pg.Form.Has("done") { // another form failed: the answer form is as new
		pg.Form.Set("done", "yes")
	}
	if err == nil {
		if tid, _ := strconv.ParseInt(r.URL.Query().Get("template"), 10, 64); tid != 0 {
			if t, terr := h.svc.AnswerTemplate(r.Context(), s.user, v.Thread.UnitID, tid); terr == nil {
				pg.Form.Set("body", t.Body)
			}
		}
	}
	h.render(w, r, status, "inbox_thread", pg)
}

// inboxThreadAction carries out one of the thread page's forms and shows the
// thread again: after a redirect when it worked, with the error on the
// form when it did not.
func (h *Handler) inboxThreadAction(w http.ResponseWriter, r *http.Request, s *session) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	action := r.PathValue("action")
	do, ok := h.threadActions()[action]
	if !ok {
		http.NotFound(w, r)
		return
	}
	if err := do(r, s, id); err != nil {
		// A refused action gets the refusal alone: showing the thread again
		// would be a read (marked and audited) the request did not ask for.
		if code := torg.ErrorCode(err); code == torg.ENOTFOUND || code == torg.EFORBIDDEN || code == torg.EINTERNAL {
			h.fail(w, r, err)
			return
		}
		h.inboxThreadView(w, r, s, err, action)
		return
	}
	if !h.svc.CanHandleThread(r.Context(), s.user, id) { // forwarded to a service the employee is not in
		http.Redirect(w, r, "/inbox?done=forward", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/threads/"+strconv.FormatInt(id, 10)+"?done="+action+"#messages", http.StatusSeeOther)
}

// inboxDocument serves an attachment of a thread.
func (h *Handler) inboxDocument(w http.ResponseWriter, r *http.Request, s *session) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	doc, _ := strconv.ParseInt(r.PathValue("doc"), 10, 64)
	d, data, err := h.svc.StaffDocument(r.Context(), s.user, id, doc)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	serveDocument(w, d, data)
}

// OpenTasks lists a thread's open routine tasks, for the page's step forms.
func (p *page) OpenTasks(ts []*torg.Task) []*torg.Task {
	var out []*torg.Task
	for _, t := range ts {
		if !t.IsDone() {
			out = append(out, t)
		}
	}
	return out
}

// ThreadEvent says in the page's language what an employee did with a
// thread, from its audit event.
func (p *page) ThreadEvent(ev store.ThreadEvent) string {
	action := strings.TrimPrefix(ev.Action, "thread.")
	first, rest, _ := strings.Cut(ev.Detail, "\n")
	switch action {
	case "forward":
		if rest != "" {
			return p.T("inbox.event_forward_note", "to", first, "note", rest)
		}
		return p.T("inbox.event_forward", "to", first)
	case "kind":
		return p.T("inbox.event_kind", "kind", p.T("msg.kind_"+first))
	case "status":
		return p.T("inbox.event_status", "status", p.T("msg.status_"+first))
	case "appointment":
		what, _, _ := strings.Cut(first, " ")
		return p.T("inbox.event_appointment_" + what)
	case "split", "link", "take", "step":
		return p.T("inbox.event_"+action, "detail", first)
	}
	return p.T("inbox.event_" + action)
}

// inboxLink is the navigation's link to the inbox: shown to those who
// answer a service's messages, with how many threads wait unread.
type inboxLink struct {
	Show   bool
	Unread int
}

// inboxLink works out the navigation's inbox link; a failure leaves the
// count out, not the page.
func (h *Handler) inboxLink(r *http.Request, u *torg.Employee) inboxLink {
	if u == nil {
		return inboxLink{}
	}
	units, err := h.svc.InboxUnits(r.Context(), u)
	if err != nil || len(units) == 0 {
		return inboxLink{}
	}
	n, err := h.svc.UnreadCount(r.Context(), u)
	if err != nil {
		h.log.Warn("web: inbox count", "err", err)
	}
	return inboxLink{Show: true, Unread: n}
}

// InboxLink is the navigation's inbox link.
func (p *page) InboxLink() inboxLink {
	if p.inbox == nil {
		return inboxLink{}
	}
	return p.inbox()
}
