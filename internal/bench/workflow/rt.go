package workflow

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"

	"github.com/torg-kommune/torg/internal/bench/load"
)

// RT is a Request Tracker 5 to measure.
type RT struct {
	URL      string // e.g. http://127.0.0.1:8580 (RT's $WebPath is empty)
	User     string // default root
	Password string
	Queue    string // default General
	Name     string // the side's name, default "RT"
}

// RT's steps, as the report names them.
const (
	StepRTCreate     = "rt: create ticket"
	StepRTCorrespond = "rt: correspond"
	StepRTResolve    = "rt: resolve"
)

// Side returns RT's workflow: create a ticket with subject, requester and body; correspond
// (RT moves the ticket from new to open); set its status to resolved. Every worker logs in
// once through RT's login form for a session cookie, RT's own web UI's way and its cheapest
// authentication: basic auth and auth tokens check a bcrypt hash on every request.
func (rt RT) Side() *Side {
	if rt.User == "" {
		rt.User = "root"
	}
	if rt.Queue == "" {
		rt.Queue = "General"
	}
	if rt.Name == "" {
		rt.Name = "RT"
	}
	base := strings.TrimRight(rt.URL, "/")
	rest := base + "/REST/2.0"
	return &Side{
		Name:  rt.Name,
		Steps: []string{StepRTCreate, StepRTCorrespond, StepRTResolve},
		NewWorker: func(ctx context.Context, w *load.Worker) (any, error) {
			return nil, rt.login(ctx, w, base)
		},
		Workflow: func(ctx context.Context, w *load.Worker, s *Session) error {
			n := fmt.Sprintf("%d-%d", w.ID, s.Seq)
			req, err := JSONRequest(ctx, http.MethodPost, rest+"/ticket", map[string]string{
				"Queue":       rt.Queue,
				"Subject":     "Walk-in " + n + ": wants an appointment with a debt counsellor",
				"Requestor":   fmt.Sprintf("citizen%d@example.org", w.Rand.IntN(requesters)),
				"Content":     inquiryBody,
				"ContentType": "text/plain",
			})
			if err != nil {
				return err
			}
			b, err := s.Do(w, StepRTCreate, req, http.StatusCreated)
			if err != nil {
				return err
			}
			var created struct {
				ID   string `json:"id"`
				Type string `json:"type"`
			}
			if err := json.Unmarshal(b, &created); err != nil || created.ID == "" || created.Type != "ticket" {
				return fmt.Errorf("%s: not a ticket: %s", StepRTCreate, snippet(b))
			}
			id := url.PathEscape(created.ID)

			req, err = JSONRequest(ctx, http.MethodPost, rest+"/ticket/"+id+"/correspond",
				map[string]string{"Content": replyBody, "ContentType": "text/plain"})
			if err != nil {
				return err
			}
			if b, err = s.Do(w, StepRTCorrespond, req, http.StatusCreated); err != nil {
				return err
			}
			if !answers(b, "Correspondence added") {
				return fmt.Errorf("%s: ticket %s: %s", StepRTCorrespond, created.ID, snippet(b))
			}

			req, err = JSONRequest(ctx, http.MethodPut, rest+"/ticket/"+id, map[string]string{"Status": "resolved"})
			if err != nil {
				return err
			}
			if b, err = s.Do(w, StepRTResolve, req, http.StatusOK); err != nil {
				return err
			}
			if !answers(b, "to 'resolved'") {
				return fmt.Errorf("%s: ticket %s: %s", StepRTResolve, created.ID, snippet(b))
			}
			return nil
		},
	}
}

// answers reports whether RT's answer, a JSON list of messages, has one containing want.
func answers(b []byte, want string) bool {
	var msgs []string
	if json.Unmarshal(b, &msgs) != nil {
		return false
	}
	for _, m := range msgs {
		if strings.Contains(m, want) {
			return true
		}
	}
	return false
}

// login posts RT's login form and checks that the session cookie opens REST 2.0.
func (rt RT) login(ctx context.Context, w *load.Worker, base string) error {
	jar, err := cookiejar.New(nil)
	if err != nil {
		return err
	}
	w.HTTP.Jar = jar
	form := url.Values{"user": {rt.User}, "pass": {rt.Password}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/NoAuth/Login.html", strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if _, _, err := w.Do(req); err != nil {
		return fmt.Errorf("RT login: %w", err)
	}
	req, err = JSONRequest(ctx, http.MethodGet, base+"/REST/2.0/queues/all", nil)
	if err != nil {
		return err
	}
	res, _, err := w.Do(req)
	if res != nil && (res.StatusCode == http.StatusUnauthorized || res.StatusCode == http.StatusForbidden) {
		return errors.New("RT login: the session is not logged in (wrong user or password?)")
	}
	if err != nil {
		return fmt.Errorf("RT login: %w", err)
	}
	return nil
}

// The texts of a workflow, the same on both sides.
const (
	inquiryBody = "I have received a reminder about unpaid rent and an electricity bill I cannot pay. " +
		"I would like an appointment with a debt counsellor as soon as possible."
	replyBody = "Thank you for contacting us. A debt counsellor will call you within two working days " +
		"to agree on a time. Please bring your latest payslip and the letters you have received."
)

// requesters is the size of the pool RT's requesters come from: after the warm-up most of
// them exist as RT users, as torg's persons exist in its register.
const requesters = 50
