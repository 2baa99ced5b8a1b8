package web

import (
	"mime"
	"net/http"
	"strconv"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
)

func (h *Handler) registerCases(mux *http.ServeMux) {
	mux.Handle("GET /work", h.auth(h.workPage))
	mux.Handle("POST /work", h.auth(h.completeTask))
	mux.Handle("GET /cases/{id}", h.auth(h.casePage))
	mux.Handle("POST /cases/{id}", h.auth(h.addCaseNote))
	mux.Handle("GET /records/{id}", h.auth(h.recordPage))
	mux.Handle("POST /records/{id}", h.auth(h.addRecordNote))
	mux.Handle("GET /records/{id}/documents/{doc}", h.auth(h.document))
	h.registerClosing(mux)
	h.registerChecklist(mux)
}

type workData struct {
	Day     *casework.WorkDay
	FeedURL string // a new calendar-feed address, shown once
}

func (h *Handler) workPage(w http.ResponseWriter, r *http.Request, s *session) {
	h.workList(w, r, s, http.StatusOK, nil)
}

// workList shows the counsellor's day: the tasks grouped by when they are
// due, each with its case and what the routine does next.
func (h *Handler) workList(w http.ResponseWriter, r *http.Request, s *session, code int, err error) {
	h.workDay(w, r, s, code, err, "")
}

func (h *Handler) workDay(w http.ResponseWriter, r *http.Request, s *session, code int, err error, feed string) {
	day, lerr := h.svc.WorkDay(r.Context(), s.user)
	if lerr != nil {
		h.fail(w, r, lerr)
		return
	}
	pg := h.newPage(r, "work.title")
	pg.Nav, pg.Data = "work", workData{Day: day, FeedURL: feed}
	if err != nil {
		code = pg.fail(err)
	} else if r.URL.Query().Get("done") == "1" {
		pg.Flash = pg.T("work.task_done")
	}
	h.render(w, r, code, "work", pg)
}

// completeTask marks a task on the work list done.
func (h *Handler) completeTask(w http.ResponseWriter, r *http.Request, s *session) {
	if r.PostFormValue("action") == "feed" {
		h.calendarAddress(w, r, s)
		return
	}
	id, _ := strconv.ParseInt(r.PostFormValue("task"), 10, 64)
	if err := h.svc.CompleteTask(r.Context(), s.user, id, r.PostFormValue("outcome"), r.PostFormValue("reason")); err != nil {
		h.workList(w, r, s, 0, err)
		return
	}
	http.Redirect(w, r, "/work?done=1", http.StatusSeeOther)
}

func (h *Handler) casePage(w http.ResponseWriter, r *http.Request, s *session) {
	h.caseView(w, r, s, nil)
}

func (h *Handler) caseView(w http.ResponseWriter, r *http.Request, s *session, err error) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	d, cerr := h.caseData(r, s, id)
	if cerr != nil {
		h.fail(w, r, cerr)
		return
	}
	pg := h.newPage(r, "case.title")
	pg.Nav, pg.Data = caseNav(s.user), d
	code := pg.refill(r, err)
	switch q := r.URL.Query(); {
	case err != nil:
	case q.Get("closed") == "1":
		pg.Flash = pg.T("closing.done")
	case q.Get("applied") != "":
		pg.Flash = pg.T("closing.apply_again_done", "case", d.Number())
	case q.Get("checklist") != "":
		pg.Flash = checklistFlash(pg, q.Get("checklist"))
	}
	h.render(w, r, code, "case", pg)
}

// caseData reads what the case page shows: the case, its timeline, newest
// first, and how it was closed.
func (h *Handler) caseData(r *http.Request, s *session, id int64) (*caseData, error) {
	v, err := h.svc.Case(r.Context(), s.user, id)
	if err != nil {
		return nil, err
	}
	d := &caseData{CaseView: v, ApplyAgain: v.Type == torg.CaseTypeDebt && !casework.OpenForContact(v.Case), RequestKey: requestKey()}
	if d.Timeline, err = h.svc.CaseTimeline(r.Context(), v); err != nil {
		return nil, err
	}
	if d.Closing, err = h.svc.CaseClosing(r.Context(), v); err != nil {
		return nil, err
	}
	d.CanClose = h.svc.MayClose(s.user, v.Case, d.Closing)
	// DC3.4, DC4.9: the documentation checklist.
	if d.Checklist, err = h.svc.CaseChecklist(r.Context(), s.user, v); err != nil {
		return nil, err
	}
	return d, nil
}

// addCaseNote writes a journal note in a case (FD1.2).
func (h *Handler) addCaseNote(w http.ResponseWriter, r *http.Request, s *session) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	switch r.PostFormValue("action") {
	case "contact":
		h.logContact(w, r, s, id)
		return
	case "step":
		h.completeStep(w, r, s, id)
		return
	case "drop_in":
		h.toggleMarker(w, r, s, id, casework.MarkerDropIn)
		return
	case "check_identity":
		h.toggleMarker(w, r, s, id, casework.MarkerCheckIdentity)
		return
	}
	if _, err := h.svc.AddNote(r.Context(), s.user, id, 0, r.PostFormValue("body")); err != nil {
		h.caseView(w, r, s, err)
		return
	}
	http.Redirect(w, r, "/cases/"+r.PathValue("id")+"#notes", http.StatusSeeOther)
}

// logContact records a call to the citizen (DC2.2, DC9.1); the case's
// routines move on or stop waiting.
func (h *Handler) logContact(w http.ResponseWriter, r *http.Request, s *session, id int64) {
	answered := r.PostFormValue("result") == "answered"
	if err := h.svc.LogContact(r.Context(), s.user, id, answered, r.PostFormValue("contact_note")); err != nil {
		h.caseView(w, r, s, err)
		return
	}
	http.Redirect(w, r, "/cases/"+r.PathValue("id")+"#routine", http.StatusSeeOther)
}

type recordData struct {
	Record *torg.Record
	Case   *torg.Case
	Notes  []*torg.Note
}

func (h *Handler) recordPage(w http.ResponseWriter, r *http.Request, s *session) {
	h.recordView(w, r, s, nil)
}

func (h *Handler) recordView(w http.ResponseWriter, r *http.Request, s *session, err error) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	rec, c, notes, rerr := h.svc.RecordWithNotes(r.Context(), s.user, id)
	if rerr != nil {
		h.fail(w, r, rerr)
		return
	}
	pg := h.newPage(r, "record.title")
	pg.Nav, pg.Data = caseNav(s.user), recordData{Record: rec, Case: c, Notes: notes}
	h.render(w, r, pg.refill(r, err), "record", pg)
}

// addRecordNote writes a journal note about one record (FD1.2).
func (h *Handler) addRecordNote(w http.ResponseWriter, r *http.Request, s *session) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	rec, c, _, err := h.svc.RecordWithNotes(r.Context(), s.user, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if _, err := h.svc.AddNote(r.Context(), s.user, c.ID, rec.ID, r.PostFormValue("body")); err != nil {
		h.recordView(w, r, s, err)
		return
	}
	http.Redirect(w, r, "/records/"+r.PathValue("id")+"#notes", http.StatusSeeOther)
}

// document sends a stored document as an attachment, never inline, so a
// crafted file cannot run in torg's origin.
func (h *Handler) document(w http.ResponseWriter, r *http.Request, s *session) {
	rid, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	did, _ := strconv.ParseInt(r.PathValue("doc"), 10, 64)
	d, data, err := h.svc.Document(r.Context(), s.user, rid, did)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", d.MediaType)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": d.Filename}))
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.Write(data)
}

// completeStep records that a person did a routine step ahead of or
// instead of the routine, with a reason; the routine goes on from there.
func (h *Handler) completeStep(w http.ResponseWriter, r *http.Request, s *session, id int64) {
	f := r.PostFormValue
	if err := h.svc.CompleteStep(r.Context(), s.user, id, f("routine"), f("step"), f("outcome"), f("reason")); err != nil {
		h.caseView(w, r, s, err)
		return
	}
	http.Redirect(w, r, "/cases/"+r.PathValue("id")+"#routine", http.StatusSeeOther)
}

// calendarAddress makes a new secret address for the employee's calendar
// feed (DC4.2: Outlook subscribes to it) and shows it once; the old one
// stops working.
func (h *Handler) calendarAddress(w http.ResponseWriter, r *http.Request, s *session) {
	u, err := h.svc.FeedURL(r.Context(), s.user)
	if err != nil {
		h.workList(w, r, s, 0, err)
		return
	}
	h.workDay(w, r, s, http.StatusOK, nil, absoluteURL(r, u))
}

// absoluteURL makes a path absolute for the request's host, so it can be
// pasted into a calendar program.
func absoluteURL(r *http.Request, path string) string {
	scheme := "http"
	if r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https" {
		scheme = "https"
	}
	return scheme + "://" + r.Host + path
}

// distributionUnits lists the units whose distribution table the user
// keeps, for the navigation; a failure leaves the link out, not the page.
func (h *Handler) distributionUnits(r *http.Request, u *torg.Employee) []*torg.Unit {
	if u == nil || !u.Has(torg.RoleLeader) && !u.Has(torg.RoleCounsellor) {
		return nil
	}
	units, err := h.svc.DistributionUnits(r.Context(), u)
	if err != nil {
		h.log.Warn("web: distribution units", "err", err)
	}
	return units
}

// DistributionUnits lists the units whose distribution table the user
// keeps (DC1.4), for the navigation.
func (p *page) DistributionUnits() []*torg.Unit {
	if p.units == nil {
		return nil
	}
	return p.units()
}
