package workflow

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/torg-kommune/torg/internal/bench/load"
)

// Inbox is torg's message inbox (the DM routine) as the side that matches RT's workflow step
// for step, notifications included: a citizen's message arrives, a case worker answers it (the
// answer goes to the citizen's messages in the portal and a notice by SMS or e-mail through
// the outbox), and the thread is closed.
type Inbox struct {
	URL    string // e.g. http://127.0.0.1:8080
	Actors []Actor
	Name   string // the side's name, default "torg inbox"
}

// The inbox side's steps, as the report names them.
const (
	StepInboxDeliver = "torg inbox: deliver message"
	StepInboxAnswer  = "torg inbox: answer"
	StepInboxClose   = "torg inbox: close thread"
)

// Side returns the inbox workflow: deliver a citizen's message to the actor's unit (POST
// /threads, as a web form or mail gateway does), answer it (POST /threads/{id}/answer) and
// set it done (POST /threads/{id}/status). Every answer is checked. Worker i acts as
// Actors[i mod len(Actors)]; the actors' persons should be reachable (ReachablePersons), or
// the citizen gets no notice and the comparison with RT's mails is not fair.
func (t Inbox) Side() *Side {
	if t.Name == "" {
		t.Name = "torg inbox"
	}
	api := strings.TrimRight(t.URL, "/") + "/api/v1"
	return &Side{
		Name:  t.Name,
		Steps: []string{StepInboxDeliver, StepInboxAnswer, StepInboxClose},
		NewWorker: func(ctx context.Context, w *load.Worker) (any, error) {
			if len(t.Actors) == 0 {
				return nil, errors.New("torg inbox: no employee to act as")
			}
			a := t.Actors[w.ID%len(t.Actors)]
			if a.Token == "" || a.UnitID == 0 || len(a.Persons) == 0 {
				return nil, errors.New("torg inbox: an actor needs a token, a unit and persons")
			}
			return a, nil
		},
		Workflow: func(ctx context.Context, w *load.Worker, s *Session) error {
			a := s.Side.(Actor)
			person := a.Persons[w.Rand.IntN(len(a.Persons))]
			subject := fmt.Sprintf("Message %d-%d: wants an appointment with a debt counsellor", w.ID, s.Seq)
			req, err := JSONRequest(ctx, http.MethodPost, api+"/threads", map[string]any{
				"person_id": person, "unit_id": a.UnitID, "subject": subject, "body": inquiryBody,
			})
			if err != nil {
				return err
			}
			authorize(req, a.Token)
			req.Header.Set("Idempotency-Key", s.Key("wf-inbox"))
			b, err := s.Do(w, StepInboxDeliver, req, http.StatusCreated)
			if err != nil {
				return err
			}
			var th struct {
				ID       int64  `json:"id"`
				Status   string `json:"status"`
				UnitID   int64  `json:"unit_id"`
				PersonID int64  `json:"person_id"`
				Subject  string `json:"subject"`
			}
			if err := json.Unmarshal(b, &th); err != nil || th.ID == 0 || th.Status != "unread" || th.UnitID != a.UnitID ||
				th.PersonID != person || th.Subject != subject {
				return fmt.Errorf("%s: not the thread asked for: %s", StepInboxDeliver, snippet(b))
			}

			req, err = JSONRequest(ctx, http.MethodPost, fmt.Sprintf("%s/threads/%d/answer", api, th.ID),
				map[string]any{"body": replyBody, "done": false})
			if err != nil {
				return err
			}
			authorize(req, a.Token)
			if _, err := s.Do(w, StepInboxAnswer, req, http.StatusNoContent); err != nil {
				return err
			}

			req, err = JSONRequest(ctx, http.MethodPost, fmt.Sprintf("%s/threads/%d/status", api, th.ID),
				map[string]any{"status": "done"})
			if err != nil {
				return err
			}
			authorize(req, a.Token)
			_, err = s.Do(w, StepInboxClose, req, http.StatusNoContent)
			return err
		},
	}
}

// maxReachable is how many reachable persons ReachablePersons keeps per actor: enough to spread
// the workflows, few enough that a manifest's thousands of samples are not all looked up.
const maxReachable = 200

// ReachablePersons keeps, of each actor's persons, those torg can notify: with a mobile number
// or an e-mail address, as the API shows them to the actor; at most maxReachable each. RT mails
// every requester; a torg workflow for a citizen with neither would send nothing and be cheaper
// than RT's for that reason alone. Actors left with no person are dropped. The reads are
// audited, as any.
func ReachablePersons(ctx context.Context, client *http.Client, baseURL string, actors []Actor) ([]Actor, error) {
	api := strings.TrimRight(baseURL, "/") + "/api/v1"
	reachable := map[int64]bool{}
	var out []Actor
	for _, a := range actors {
		keep := Actor{Token: a.Token, UnitID: a.UnitID}
		for _, id := range a.Persons {
			if len(keep.Persons) == maxReachable {
				break
			}
			ok, seen := reachable[id]
			if !seen {
				req, err := JSONRequest(ctx, http.MethodGet, fmt.Sprintf("%s/persons/%d", api, id), nil)
				if err != nil {
					return nil, err
				}
				authorize(req, a.Token)
				res, err := client.Do(req)
				if err != nil {
					return nil, err
				}
				var p struct {
					Phone string `json:"phone"`
					Email string `json:"email"`
				}
				err = json.NewDecoder(res.Body).Decode(&p)
				res.Body.Close()
				if res.StatusCode != http.StatusOK || err != nil {
					return nil, fmt.Errorf("GET /persons/%d: %s", id, res.Status)
				}
				ok = p.Phone != "" || p.Email != ""
				reachable[id] = ok
			}
			if ok {
				keep.Persons = append(keep.Persons, id)
			}
		}
		if len(keep.Persons) > 0 {
			out = append(out, keep)
		}
	}
	if len(out) == 0 {
		return nil, errors.New("no person has a mobile number or an e-mail address to notify")
	}
	return out, nil
}
