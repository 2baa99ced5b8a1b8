package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
)

func (h *Handler) registerChecklist(mux *http.ServeMux) {
	mux.Handle("POST /cases/{id}/checklist", h.auth(h.saveChecklist))
}

// saveChecklist saves the case page's documentation checklist (DC4.9), or
// records the assessment of the documentation made beside it (DC3.4). A
// case the user may not read is not found; bad input shows the case page
// again with the errors at their fields.
func (h *Handler) saveChecklist(w http.ResponseWriter, r *http.Request, s *session) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	done := "saved"
	var err error
	if r.PostFormValue("action") == "decide" {
		done = "decided"
		err = h.decideDocumentation(r, s, id)
	} else {
		err = h.svc.SetChecklist(r.Context(), s.user, id, checklistChanges(r))
	}
	if err != nil {
		if torg.ErrorCode(err) == torg.ENOTFOUND {
			h.fail(w, r, err)
			return
		}
		h.caseView(w, r, s, err)
		return
	}
	http.Redirect(w, r, "/cases/"+r.PathValue("id")+"?checklist="+done+"#checklist", http.StatusSeeOther)
}

// decideDocumentation completes the case's DC3.4 task with the chosen
// outcome; a task that is not the case's open DC3.4 task is not found.
func (h *Handler) decideDocumentation(r *http.Request, s *session, caseID int64) error {
	cl, err := h.svc.Checklist(r.Context(), s.user, caseID)
	if err != nil {
		return err
	}
	task, _ := strconv.ParseInt(r.PostFormValue("task"), 10, 64)
	if cl.Decision == nil || cl.Decision.ID != task {
		return torg.Errorf(torg.ENOTFOUND, "error.not_found")
	}
	return h.svc.CompleteTask(r.Context(), s.user, task, r.PostFormValue("outcome"), "")
}

// checklistChanges reads the checklist form: row i has the hidden item,
// the radio buttons state-i, the record select record-i and the text
// reason-i.
func checklistChanges(r *http.Request) []casework.ChecklistChange {
	r.ParseForm()
	var out []casework.ChecklistChange
	for i, item := range r.PostForm["item"] {
		n := strconv.Itoa(i)
		rec, _ := strconv.ParseInt(r.PostFormValue("record-"+n), 10, 64)
		out = append(out, casework.ChecklistChange{Item: item, State: r.PostFormValue("state-" + n),
			Reason: r.PostFormValue("reason-" + n), RecordID: rec})
	}
	return out
}

// checklistFlash is the message after a checklist form went through.
func checklistFlash(pg *page, done string) string {
	switch done {
	case "saved":
		return pg.T("checklist.saved")
	case "decided":
		return pg.T("checklist.decided")
	}
	return ""
}

// ChecklistState is row i's state as the form shows it: as submitted, if
// the form comes back with errors, else as stored.
func (p *page) ChecklistState(i int, l casework.ChecklistLine) string {
	if v, ok := p.Form["state-"+strconv.Itoa(i)]; ok && len(v) > 0 {
		return v[0]
	}
	return l.State
}

// ChecklistReason is row i's note as the form shows it.
func (p *page) ChecklistReason(i int, l casework.ChecklistLine) string {
	if v, ok := p.Form["reason-"+strconv.Itoa(i)]; ok && len(v) > 0 {
		return v[0]
	}
	return l.Reason
}

// ChecklistRecord is the record row i names as the form shows it.
func (p *page) ChecklistRecord(i int, l casework.ChecklistLine) int64 {
	if v, ok := p.Form["record-"+strconv.Itoa(i)]; ok && len(v) > 0 {
		id, _ := strconv.ParseInt(v[0], 10, 64)
		return id
	}
	return l.RecordID
}

// ChecklistItems lists documents in running text.
func (p *page) ChecklistItems(items []string) string { return strings.Join(items, ", ") }

// ChecklistSuggests is the outcome of the assessment (DC3.4) that the
// checklist suggests: "missing" while a document is missing.
func (p *page) ChecklistSuggests(cl *casework.Checklist) string {
	if len(cl.Missing()) > 0 {
		return "missing"
	}
	return "sufficient"
}

// checklistLine is what the "checklist-line" template needs: the page and
// one line of the checklist.
type checklistLine struct {
	*page
	Line casework.ChecklistLine
}

// ChecklistLine prepares a checklist line's status for the case page.
func (p *page) ChecklistLine(l casework.ChecklistLine) checklistLine {
	return checklistLine{page: p, Line: l}
}
