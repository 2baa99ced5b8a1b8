package web

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/i18n"
)

func (h *Handler) registerDisplay(mux *http.ServeMux) {
	mux.HandleFunc("GET /display/{muni}", h.displayPage)
	mux.HandleFunc("GET /display/{muni}/events", h.displayEvents)
	mux.HandleFunc("GET /kiosk/{muni}/survey", h.surveyFindPage)
	mux.HandleFunc("POST /kiosk/{muni}/survey", h.surveyFind)
	mux.HandleFunc("GET /kiosk/{muni}/survey/{token}", h.surveyPage)
	mux.HandleFunc("POST /kiosk/{muni}/survey/{token}", h.surveyAnswer)
	mux.Handle("GET /queue/stats", h.auth(h.statsPage))
}

// displayCSP lets the display run its own script, which opens the live
// stream; like every page it has no inline script or style.
const displayCSP = "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self'; " +
	"form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// displayRefresh is how often the display reloads itself without
// JavaScript, in seconds.
const displayRefresh = 10

type displayData struct {
	*casework.DisplayView
	Refresh  int
	Announce string // the announcement of a call, with %N and %C for the number and the counter
}

// displayPage is the waiting room's screen (no login): the numbers at a
// counter now, in type large enough to read across the room. With
// JavaScript it follows the queue live and announces each new call to
// screen readers; without, it reloads itself.
func (h *Handler) displayPage(w http.ResponseWriter, r *http.Request) {
	v, err := h.svc.Display(r.Context(), r.PathValue("muni"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Security-Policy", displayCSP)
	pg := h.newPage(r, "display.title")
	pg.Data = displayData{DisplayView: v, Refresh: displayRefresh,
		Announce: pg.T("display.announce", "number", "%N", "counter", "%C")}
	h.render(w, r, http.StatusOK, "display", pg)
}

// displayState is what the live stream sends: the calls and the count
// waiting, nothing about anyone.
type displayState struct {
	Calls   []casework.DisplayCall `json:"calls"`
	Waiting int                    `json:"waiting"`
	Label   string                 `json:"label"` // "Waiting: 3" in the page's language
}

// displayPoll is how often the stream looks for calls made by another
// server process.
var displayPoll = 5 * time.Second

// displayEvents streams the display's state as Server-Sent Events, an
// event "queue" each time it changes.
func (h *Handler) displayEvents(w http.ResponseWriter, r *http.Request) {
	v, err := h.svc.Display(r.Context(), r.PathValue("muni"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	wake, stop := h.svc.QueueEvents(v.Municipality.ID)
	defer stop()
	rc := http.NewResponseController(w)
	hd := w.Header()
	hd.Set("Content-Type", "text/event-stream")
	hd.Set("Cache-Control", "no-store")
	hd.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	p := i18n.New(language(r))
	last := ""
	send := func(v *casework.DisplayView) error {
		st := displayState{Calls: v.Calls, Waiting: v.Waiting, Label: p.T("display.waiting", "n", v.Waiting)}
		if st.Calls == nil {
			st.Calls = []casework.DisplayCall{}
		}
		data, _ := json.Marshal(st)
		if string(data) == last {
			return nil
		}
		last = string(data)
		fmt.Fprintf(w, "event: queue\ndata: %s\n\n", data)
		return rc.Flush()
	}
	fmt.Fprintf(w, "retry: 3000\n\n")
	if send(v) != nil {
		return
	}
	life := time.NewTimer(streamLife)
	defer life.Stop()
	poll := time.NewTicker(displayPoll)
	defer poll.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-life.C:
			return
		case _, ok := <-wake:
			if !ok {
				return
			}
		case <-poll.C:
			fmt.Fprint(w, ": alive\n\n")
		}
		v, err := h.svc.Display(r.Context(), r.PathValue("muni"))
		if err != nil || send(v) != nil {
			return
		}
		if rc.Flush() != nil {
			return
		}
	}
}

type surveyData struct {
	Muni     *torg.Municipality
	Survey   *casework.SurveyView
	Via      string
	Thanks   bool
	Scores   []int
	Answered bool
}

// surveyFindPage asks on the kiosk for the number of today's ticket, to
// answer the satisfaction survey of the visit (CG14).
func (h *Handler) surveyFindPage(w http.ResponseWriter, r *http.Request) {
	h.surveyFindForm(w, r, nil)
}

func (h *Handler) surveyFindForm(w http.ResponseWriter, r *http.Request, err error) {
	m, _, kerr := h.svc.Kiosk(r.Context(), r.PathValue("muni"))
	if kerr != nil {
		h.fail(w, r, kerr)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	pg := h.newPage(r, "survey.find_title")
	pg.Data = surveyData{Muni: m}
	h.render(w, r, pg.refill(r, err), "survey_find", pg)
}

func (h *Handler) surveyFind(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	muni := r.PathValue("muni")
	tok, err := h.svc.FindSurvey(r.Context(), muni, r.PostFormValue("number"))
	if err != nil {
		if torg.AsError(err) == nil || torg.ErrorCode(err) == torg.EINTERNAL {
			h.serverError(w, r, err)
			return
		}
		h.surveyFindForm(w, r, err)
		return
	}
	http.Redirect(w, r, casework.SurveyPath(muni, tok), http.StatusSeeOther)
}

// surveyPage asks the survey's one question, with five answers as large
// buttons.
func (h *Handler) surveyPage(w http.ResponseWriter, r *http.Request) {
	h.surveyForm(w, r, nil)
}

func (h *Handler) surveyForm(w http.ResponseWriter, r *http.Request, err error) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	v, verr := h.svc.Survey(r.Context(), r.PathValue("muni"), r.PathValue("token"))
	if verr != nil {
		h.fail(w, r, verr)
		return
	}
	pg := h.newPage(r, "survey.title")
	via := r.FormValue("via")
	if via != casework.SurveySMS {
		via = casework.SurveyKiosk
	}
	pg.Data = surveyData{Muni: v.Municipality, Survey: v, Via: via, Thanks: r.URL.Query().Get("answered") == "1",
		Scores: []int{5, 4, 3, 2, 1}, Answered: v.Answered}
	h.render(w, r, pg.refill(r, err), "survey", pg)
}

func (h *Handler) surveyAnswer(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	muni, token := r.PathValue("muni"), r.PathValue("token")
	score, _ := strconv.Atoi(r.PostFormValue("score"))
	err := h.svc.AnswerSurvey(r.Context(), muni, token, score, r.PostFormValue("via"))
	if torg.ErrorCode(err) == torg.ECONFLICT {
		err = nil // answered already, perhaps by a double tap: thank them all the same
	}
	if err != nil {
		if torg.AsError(err) == nil || torg.ErrorCode(err) == torg.EINTERNAL || torg.ErrorCode(err) == torg.ENOTFOUND {
			h.fail(w, r, err)
			return
		}
		h.surveyForm(w, r, err)
		return
	}
	http.Redirect(w, r, casework.SurveyPath(muni, token)+"?answered=1", http.StatusSeeOther)
}

// statsData is the leader's statistics page.
type statsData struct {
	*casework.QueueStats
	WaitChart, HourChart, ChannelChart *barChart
}

// statsPage shows the queue's statistics for a period, a week back by
// default, as charts with their figures in tables.
func (h *Handler) statsPage(w http.ResponseWriter, r *http.Request, s *session) {
	pg := h.newPage(r, "stats.title")
	pg.Nav = "stats"
	var from, to torg.Date
	q := r.URL.Query()
	var err error
	if v := strings.TrimSpace(q.Get("from")); v != "" {
		if from, err = torg.ParseFormDate(v); err != nil {
			err = torg.FieldError("from", "stats.date_invalid")
		}
	}
	if v := strings.TrimSpace(q.Get("to")); v != "" && err == nil {
		if to, err = torg.ParseFormDate(v); err != nil {
			err = torg.FieldError("to", "stats.date_invalid")
		}
	}
	var st *casework.QueueStats
	if err == nil {
		st, err = h.svc.QueueStatistics(r.Context(), s.user, from, to)
	}
	if torg.ErrorCode(err) == torg.EFORBIDDEN || torg.ErrorCode(err) == torg.EINTERNAL || (err != nil && torg.AsError(err) == nil) {
		h.fail(w, r, err)
		return
	}
	status := http.StatusOK
	if err != nil {
		status = pg.fail(err)
		pg.Form = q
		st = &casework.QueueStats{From: from, To: to}
	} else {
		pg.Form.Set("from", dateInput(pg.Lang, st.From))
		pg.Form.Set("to", dateInput(pg.Lang, st.To))
	}
	d := statsData{QueueStats: st}
	d.WaitChart, d.HourChart, d.ChannelChart = statsCharts(pg, st)
	pg.Data = d
	h.render(w, r, status, "stats", pg)
}

// minutes prints a duration in minutes with one decimal, as the page's
// language writes numbers.
func minutes(l i18n.Lang, d time.Duration) string {
	s := strconv.FormatFloat(math.Round(d.Minutes()*10)/10, 'f', 1, 64)
	if l != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// percent prints a share from 0 to 1 as a whole percentage.
func percent(l i18n.Lang, f float64) string {
	n := strconv.Itoa(int(math.Round(f * 100)))
	if l == "en" {
		return n + "%"
	}
	return n + "\u00a0%"
}

// Minutes prints a duration in minutes for the templates.
func (p *page) Minutes(d time.Duration) string { return p.T("stats.minutes", "n", minutes(p.Lang, d)) }

// Share prints a share from 0 to 1 for the templates.
func (p *page) Share(f float64) string { return percent(p.Lang, f) }

// Mean prints a mean score with one decimal.
func (p *page) Mean(f float64) string {
	s := strconv.FormatFloat(math.Round(f*10)/10, 'f', 1, 64)
	if p.Lang != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}
