package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
)

func (h *Handler) registerRoster(mux *http.ServeMux) {
	mux.Handle("GET /roster", h.auth(h.roster))
	mux.Handle("POST /roster", h.auth(h.setRoster))
}

// rosterPage is the guide roster with the days to move to.
type rosterPage struct {
	*casework.Roster
	Prev, Next, DayISO string
	IsToday            bool
	Saved              int64                 // the employee whose row was just saved
	Now                *casework.GuideStatus // who is guide now, on today's roster
}

// RosterNames lists guides' names.
func (p *page) RosterNames(names []string) string { return strings.Join(names, ", ") }

// RosterHours lists hours as their spans, 08–09, 12–13.
func (p *page) RosterHours(hours []int) string {
	s := make([]string, len(hours))
	for i, h := range hours {
		s[i] = p.HourLabel(h)
	}
	return strings.Join(s, ", ")
}

// HourLabel names the hour a shift covers, 08–09.
func (p *page) HourLabel(h int) string { return fmt.Sprintf("%02d–%02d", h, h+1) }

// roster shows the guide roster of a day, today unless ?day= says (CG13).
func (h *Handler) roster(w http.ResponseWriter, r *http.Request, s *session) {
	h.rosterForm(w, r, s, r.URL.Query().Get("day"), nil)
}

func (h *Handler) rosterForm(w http.ResponseWriter, r *http.Request, s *session, dayText string, err error) {
	day, _ := torg.ParseFormDate(dayText) // a day that does not read shows today
	ro, rerr := h.svc.GuideRoster(r.Context(), s.user, day)
	if rerr != nil {
		h.fail(w, r, rerr)
		return
	}
	day = ro.Day
	pg := h.newPage(r, "roster.title")
	pg.Nav = "roster"
	v := &rosterPage{Roster: ro, Prev: day.AddDays(-1).String(), Next: day.AddDays(1).String(), DayISO: day.String(),
		IsToday: day == ro.Today}
	if id, perr := strconv.ParseInt(r.URL.Query().Get("saved"), 10, 64); perr == nil && err == nil {
		v.Saved = id
		pg.Flash = pg.T("roster.saved")
	}
	if v.IsToday {
		if v.Now, rerr = h.svc.GuideNow(r.Context(), s.user); rerr != nil {
			h.log.Warn("web: guide now", "err", rerr) // the roster itself still shows
		}
	}
	pg.Data = v
	status := pg.refill(r, err, "roster_day", pg.Day(day))
	if err == nil {
		pg.Form.Set("roster_day", pg.Day(day))
	}
	h.render(w, r, status, "roster", pg)
}

// setRoster saves one employee's hours as guide on a day.
func (h *Handler) setRoster(w http.ResponseWriter, r *http.Request, s *session) {
	emp, _ := strconv.ParseInt(r.PostFormValue("roster_employee"), 10, 64)
	var hours []int
	for _, v := range r.PostForm["roster_hours"] {
		if n, err := strconv.Atoi(v); err == nil {
			hours = append(hours, n)
		}
	}
	day, err := h.svc.SetGuideHours(r.Context(), s.user, casework.GuideHoursInput{Day: r.PostFormValue("roster_day"),
		EmployeeID: emp, Hours: hours})
	if err != nil {
		if torg.ErrorCode(err) == torg.EINVALID {
			h.rosterForm(w, r, s, r.PostFormValue("roster_day"), err)
			return
		}
		h.fail(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/roster?day=%s&saved=%d#employee-%d", day, emp, emp), http.StatusSeeOther)
}
