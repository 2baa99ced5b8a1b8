package web

import (
	"net/http"
	"strconv"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/letter"
)

func (h *Handler) registerDrafts(mux *http.ServeMux) {
	mux.Handle("GET /cases/{id}/letters/{routine}/{step}", h.auth(h.draftPage))
	mux.Handle("POST /cases/{id}/letters/{routine}/{step}", h.auth(h.sendDraft))
}

type draftData struct {
	CaseID int64
	Draft  casework.Draft
}

// draftPage shows a letter a routine waits for: the preview, and the text
// to edit where the template allows it (DC3.6).
func (h *Handler) draftPage(w http.ResponseWriter, r *http.Request, s *session) {
	h.draftView(w, r, s, nil)
}

func (h *Handler) draftView(w http.ResponseWriter, r *http.Request, s *session, err error) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	drafts, derr := h.svc.Drafts(r.Context(), s.user, id)
	if derr != nil {
		h.fail(w, r, derr)
		return
	}
	for _, d := range drafts {
		if d.RoutineID == r.PathValue("routine") && d.Step == r.PathValue("step") {
			pg := h.newPage(r, "draft.title")
			pg.Nav, pg.Data = caseNav(s.user), draftData{CaseID: id, Draft: d}
			h.render(w, r, pg.refill(r, err, "body", d.Body), "draft", pg)
			return
		}
	}
	h.fail(w, r, torg.Errorf(torg.ENOTFOUND, "letter.not_waiting"))
}

func (h *Handler) sendDraft(w http.ResponseWriter, r *http.Request, s *session) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	err := h.svc.SendDraft(r.Context(), s.user, id, r.PathValue("routine"), r.PathValue("step"), r.PostFormValue("body"))
	if err != nil {
		if torg.ErrorCode(err) == torg.ECONFLICT {
			h.fail(w, r, err)
			return
		}
		h.draftView(w, r, s, err)
		return
	}
	http.Redirect(w, r, "/cases/"+r.PathValue("id")+"?sent=1#records", http.StatusSeeOther)
}

// Heading, List and Table tell the preview how to show a letter block.
func (p *page) Heading(b letter.Block) bool { return b.Kind == letter.Heading }

// List reports whether a block is a list.
func (p *page) List(b letter.Block) bool { return b.Kind == letter.List }

// Table reports whether a block is a table.
func (p *page) Table(b letter.Block) bool { return b.Kind == letter.Table }
