package web

import (
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
)

// threadAction is one form of the thread page: it reads the form and makes
// one casework call.
type threadActionFunc func(r *http.Request, s *session, id int64) error

func (h *Handler) threadActions() map[string]threadActionFunc {
	return map[string]threadActionFunc{
		"answer":      h.answerThread,
		"take":        func(r *http.Request, s *session, id int64) error { return h.svc.TakeThread(r.Context(), s.user, id) },
		"forward":     h.forwardThread,
		"wait":        h.waitThread,
		"status":      h.statusThread,
		"kind":        h.kindThread,
		"split":       h.splitThread,
		"link":        h.linkThread,
		"record":      h.recordThread,
		"appointment": h.appointmentThread,
		"step":        h.stepThread,
	}
}

func (h *Handler) answerThread(r *http.Request, s *session, id int64) error {
	files, err := readFiles(r, "files")
	if err != nil {
		return err
	}
	return h.svc.Answer(r.Context(), s.user, id, r.PostFormValue("body"), files, r.PostFormValue("done") == "yes")
}

// forwardThread reads the "to" choice: an employee's ID, or "unit:ID" for
// another service's shared inbox.
func (h *Handler) forwardThread(r *http.Request, s *session, id int64) error {
	var to casework.ForwardTo
	v := r.PostFormValue("to")
	if u, ok := strings.CutPrefix(v, "unit:"); ok {
		to.UnitID, _ = strconv.ParseInt(u, 10, 64)
	} else {
		to.EmployeeID, _ = strconv.ParseInt(v, 10, 64)
	}
	return h.svc.Forward(r.Context(), s.user, id, to, r.PostFormValue("note"))
}

func (h *Handler) waitThread(r *http.Request, s *session, id int64) error {
	return h.svc.WaitForCitizen(r.Context(), s.user, id, r.PostFormValue("question"))
}

func (h *Handler) statusThread(r *http.Request, s *session, id int64) error {
	return h.svc.SetThreadStatus(r.Context(), s.user, id, r.PostFormValue("status"))
}

func (h *Handler) kindThread(r *http.Request, s *session, id int64) error {
	return h.svc.Reclassify(r.Context(), s.user, id, r.PostFormValue("kind"))
}

// splitThread reads the rows of the split form: part_unit_N and part_body_N.
func (h *Handler) splitThread(r *http.Request, s *session, id int64) error {
	var parts []casework.SplitPart
	for i := 0; ; i++ {
		n := strconv.Itoa(i)
		if !r.PostForm.Has("part_unit_"+n) && !r.PostForm.Has("part_body_"+n) {
			break
		}
		unit, _ := strconv.ParseInt(r.PostFormValue("part_unit_"+n), 10, 64)
		parts = append(parts, casework.SplitPart{UnitID: unit, Body: r.PostFormValue("part_body_" + n)})
	}
	_, err := h.svc.Split(r.Context(), s.user, id, parts)
	return err
}

func (h *Handler) linkThread(r *http.Request, s *session, id int64) error {
	caseID, _ := strconv.ParseInt(r.PostFormValue("case"), 10, 64)
	return h.svc.LinkThread(r.Context(), s.user, id, caseID)
}

func (h *Handler) recordThread(r *http.Request, s *session, id int64) error {
	return h.svc.AnswerAsRecord(r.Context(), s.user, id, r.PostFormValue("record_body"))
}

// appointmentThread moves or cancels the appointment of a DM3 message.
func (h *Handler) appointmentThread(r *http.Request, s *session, id int64) error {
	f := r.PostFormValue
	ap, _ := strconv.ParseInt(f("appointment"), 10, 64)
	switch f("action") {
	case "cancel":
		return h.svc.CancelAppointment(r.Context(), s.user, id, ap)
	case "move":
		emp, _ := strconv.ParseInt(f("employee"), 10, 64)
		return h.svc.ChangeAppointment(r.Context(), s.user, id, casework.AppointmentChange{AppointmentID: ap,
			Date: f("date"), Start: f("start"), End: f("end"), Place: f("place"), EmployeeID: emp})
	}
	return torg.FieldError("appointment", "inbox.appt_required")
}

func (h *Handler) stepThread(r *http.Request, s *session, id int64) error {
	task, _ := strconv.ParseInt(r.PostFormValue("task"), 10, 64)
	return h.svc.ThreadTask(r.Context(), s.user, id, task, r.PostFormValue("outcome"))
}

// serveDocument sends a stored document as an attachment, never inline, so
// a crafted file cannot run in torg's origin.
func serveDocument(w http.ResponseWriter, d torg.Document, data []byte) {
	w.Header().Set("Content-Type", d.MediaType)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": d.Filename}))
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.Write(data)
}
