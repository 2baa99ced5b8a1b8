package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
)

func (h *Handler) registerAppointments(mux *http.ServeMux) {
	mux.Handle("GET /cases/{id}/appointments/new", h.auth(h.appointmentPage))
	mux.Handle("POST /cases/{id}/appointments/new", h.auth(h.bookAppointment))
	mux.Handle("POST /appointments/{id}", h.auth(h.markAppointment))
	mux.HandleFunc("GET /calendar/{file}", h.calendarFeed)
}

func (h *Handler) appointmentPage(w http.ResponseWriter, r *http.Request, s *session) {
	h.appointmentForm(w, r, s, nil)
}

// appointmentForm shows the booking form of a case (DC4.2), with err on it.
func (h *Handler) appointmentForm(w http.ResponseWriter, r *http.Request, s *session, err error) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	v, cerr := h.svc.Case(r.Context(), s.user, id)
	if cerr != nil {
		h.fail(w, r, cerr)
		return
	}
	pg := h.newPage(r, "appt.title")
	pg.Nav, pg.Data = caseNav(s.user), v
	h.render(w, r, pg.refill(r, err, "start", "09:00", "end", "10:00"), "appointment", pg)
}

// bookAppointment makes the appointment (DC4.2–DC4.5).
func (h *Handler) bookAppointment(w http.ResponseWriter, r *http.Request, s *session) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	f := r.PostFormValue
	_, err := h.svc.BookAppointment(r.Context(), s.user, id, casework.AppointmentInput{Date: f("date"), Start: f("start"),
		End: f("end"), Place: f("place"), WithAgency: f("with_agency"), Interpreter: f("interpreter"),
		Alone: f("alone") == "yes", AloneReason: f("alone_reason")})
	if err != nil {
		if torg.ErrorCode(err) == torg.ENOTFOUND {
			h.fail(w, r, err)
			return
		}
		h.appointmentForm(w, r, s, err)
		return
	}
	http.Redirect(w, r, "/cases/"+r.PathValue("id")+"#appointments", http.StatusSeeOther)
}

// markAppointment records a meeting as held or missed.
func (h *Handler) markAppointment(w http.ResponseWriter, r *http.Request, s *session) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	var held bool
	switch r.PostFormValue("action") {
	case "held":
		held = true
	case "missed":
	default:
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	ap, err := h.svc.MarkAppointment(r.Context(), s.user, id, held)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/cases/"+strconv.FormatInt(ap.CaseID, 10)+"#appointments", http.StatusSeeOther)
}

// calendarFeed serves an employee's appointments as iCalendar, reached by
// the feed's secret address, without a session.
func (h *Handler) calendarFeed(w http.ResponseWriter, r *http.Request) {
	token, ok := strings.CutSuffix(r.PathValue("file"), ".ics")
	if !ok {
		http.NotFound(w, r)
		return
	}
	data, err := h.svc.CalendarFeed(r.Context(), token)
	if err != nil {
		if torg.ErrorCode(err) == torg.ENOTFOUND {
			http.NotFound(w, r)
			return
		}
		h.log.Error("web: calendar feed", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	w.Write(data)
}
