package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/torg-kommune/torg/internal/i18n"
)

func (h *Handler) registerNotices(mux *http.ServeMux) {
	mux.Handle("GET /m", h.auth(h.noticePage))
	mux.Handle("POST /m/read", h.auth(h.readNotices))
	mux.Handle("GET /m/events", h.auth(h.noticeEvents))
}

// noticeCSP is the content security policy of the notice page: torg's
// usual one, and its own script, which may open the live stream. No other
// page runs a script.
const noticeCSP = "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self'; " +
	"form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// noticePage is the employee's mobile page (DM3): their notices and their
// meetings today and tomorrow. Without JavaScript it is read by reloading;
// with it, new notices appear as they come (Server-Sent Events).
func (h *Handler) noticePage(w http.ResponseWriter, r *http.Request, s *session) {
	p, err := h.svc.Notices(r.Context(), s.user)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	pg := h.newPage(r, "notice.title")
	pg.Nav, pg.Data = "notices", p
	if r.URL.Query().Get("read") == "1" {
		pg.Flash = pg.T("notice.read_saved")
	}
	w.Header().Set("Content-Security-Policy", noticeCSP)
	h.render(w, r, http.StatusOK, "notices", pg)
}

// readNotices marks the notices the page showed read.
func (h *Handler) readNotices(w http.ResponseWriter, r *http.Request, s *session) {
	last, _ := strconv.ParseInt(r.PostFormValue("last"), 10, 64)
	if err := h.svc.ReadNotices(r.Context(), s.user, last); err != nil {
		h.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/m?read=1", http.StatusSeeOther)
}

// A live stream ends after streamLife, before the server's write timeout;
// the browser opens a new one by itself. Every pollEvery it looks for
// notices another server process wrote, and says it is alive.
var (
	streamLife = 4 * time.Minute
	pollEvery  = 15 * time.Second
	// retryAfter is how long to wait before looking again when woken and
	// the notice's transaction was not yet committed; it doubles each time.
	retryAfter = 100 * time.Millisecond
)

// noticeEvent is one notice as the stream sends it.
type noticeEvent struct {
	ID   int64  `json:"id"`
	Text string `json:"text"`
	At   string `json:"at"` // when it came, in the page's language
}

// noticeEvents streams the user's new notices as Server-Sent Events, each
// an event "notice" with the notice as JSON and its ID as the event ID, so
// that a browser that reconnects (Last-Event-ID) misses none.
func (h *Handler) noticeEvents(w http.ResponseWriter, r *http.Request, s *session) {
	after, _ := strconv.ParseInt(r.URL.Query().Get("after"), 10, 64)
	if id, err := strconv.ParseInt(r.Header.Get("Last-Event-ID"), 10, 64); err == nil {
		after = id
	}
	wake, stop := h.svc.WatchNotices(s.user.ID)
	defer stop()
	rc := http.NewResponseController(w)
	hd := w.Header()
	hd.Set("Content-Type", "text/event-stream")
	hd.Set("Cache-Control", "no-store")
	hd.Set("X-Accel-Buffering", "no") // a proxy must not hold the events back
	w.WriteHeader(http.StatusOK)
	p := i18n.New(language(r))
	send := func() (bool, error) {
		ns, err := h.svc.NoticesAfter(r.Context(), s.user, after)
		if err != nil {
			return false, err
		}
		for _, n := range ns {
			data, _ := json.Marshal(noticeEvent{ID: n.ID, Text: n.Body, At: p.DateTime(n.Created)})
			fmt.Fprintf(w, "id: %d\nevent: notice\ndata: %s\n\n", n.ID, data)
			after = n.ID
		}
		return len(ns) > 0, rc.Flush()
	}
	fmt.Fprintf(w, "retry: 5000\n\n")
	if _, err := send(); err != nil {
		return
	}
	life := time.NewTimer(streamLife)
	defer life.Stop()
	poll := time.NewTicker(pollEvery)
	defer poll.Stop()
	var retry <-chan time.Time
	wait := retryAfter
	for {
		select {
		case <-r.Context().Done():
			return
		case <-life.C:
			return
		case _, ok := <-wake:
			if !ok {
				return // the server is shutting down
			}
			found, err := send()
			if err != nil {
				return
			}
			if wait = retryAfter; !found {
				retry = time.After(wait)
			}
		case <-retry:
			found, err := send()
			if err != nil {
				return
			}
			retry = nil
			if wait *= 2; !found && wait <= 4*time.Second {
				retry = time.After(wait)
			}
		case <-poll.C:
			if _, err := send(); err != nil {
				return
			}
			fmt.Fprint(w, ": alive\n\n")
			if rc.Flush() != nil {
				return
			}
		}
	}
}
