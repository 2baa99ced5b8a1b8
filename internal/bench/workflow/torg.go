package workflow

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/torg-kommune/torg/internal/bench/gen"
	"github.com/torg-kommune/torg/internal/bench/load"
)

// Torg is a torg server to measure, and who works in it.
type Torg struct {
	URL    string // e.g. http://127.0.0.1:8080
	Actors []Actor
	Name   string // the side's name, default "torg"
}

// Actor is an employee the workflow acts as: a bearer token, a unit whose inquiries the
// employee may register, read and follow up (a leader of the unit), and persons to register
// inquiries for.
type Actor struct {
	Token   string
	UnitID  int64
	Persons []int64
}

// torg's steps, as the report names them.
const (
	StepTorgInquiry  = "torg: register inquiry"
	StepTorgNote     = "torg: add note"
	StepTorgComplete = "torg: complete follow-up"
)

// Side returns torg's workflow: register a walk-in inquiry for a person (torg files it as a
// record in the unit's general-inquiries case and gives the follow-up to a counsellor as a
// task), add a journal note to the inquiry's record, and complete the follow-up task. Worker i
// acts as Actors[i mod len(Actors)].
func (t Torg) Side() *Side {
	if t.Name == "" {
		t.Name = "torg"
	}
	api := strings.TrimRight(t.URL, "/") + "/api/v1"
	return &Side{
		Name:  t.Name,
		Steps: []string{StepTorgInquiry, StepTorgNote, StepTorgComplete},
		NewWorker: func(ctx context.Context, w *load.Worker) (any, error) {
			if len(t.Actors) == 0 {
				return nil, errors.New("torg: no employee to act as")
			}
			a := t.Actors[w.ID%len(t.Actors)]
			if a.Token == "" || a.UnitID == 0 || len(a.Persons) == 0 {
				return nil, errors.New("torg: an actor needs a token, a unit and persons")
			}
			return a, nil
		},
		Workflow: func(ctx context.Context, w *load.Worker, s *Session) error {
			a := s.Side.(Actor)
			person := a.Persons[w.Rand.IntN(len(a.Persons))]
			subject := fmt.Sprintf("Walk-in %d-%d: wants an appointment with a debt counsellor", w.ID, s.Seq)
			req, err := JSONRequest(ctx, http.MethodPost, api+"/inquiries", map[string]any{
				"kind": "walk_in", "person_id": person, "unit_id": a.UnitID, "from": "citizen",
				"summary": subject + "\n\n" + inquiryBody,
			})
			if err != nil {
				return err
			}
			authorize(req, a.Token)
			req.Header.Set("Idempotency-Key", s.Key("wf"))
			b, err := s.Do(w, StepTorgInquiry, req, http.StatusCreated)
			if err != nil {
				return err
			}
			var q struct {
				ID       int64  `json:"id"`
				PersonID int64  `json:"person_id"`
				CaseID   int64  `json:"case_id"`
				RecordID int64  `json:"record_id"`
				TaskID   *int64 `json:"task_id"`
			}
			if err := json.Unmarshal(b, &q); err != nil || q.ID == 0 || q.PersonID != person || q.CaseID == 0 ||
				q.RecordID == 0 || q.TaskID == nil || *q.TaskID == 0 {
				return fmt.Errorf("%s: not the inquiry asked for: %s", StepTorgInquiry, snippet(b))
			}

			req, err = JSONRequest(ctx, http.MethodPost, fmt.Sprintf("%s/cases/%d/notes", api, q.CaseID),
				map[string]any{"body": replyBody, "record_id": q.RecordID})
			if err != nil {
				return err
			}
			authorize(req, a.Token)
			if b, err = s.Do(w, StepTorgNote, req, http.StatusCreated); err != nil {
				return err
			}
			var n struct {
				ID       int64  `json:"id"`
				CaseID   int64  `json:"case_id"`
				RecordID *int64 `json:"record_id"`
			}
			if err := json.Unmarshal(b, &n); err != nil || n.ID == 0 || n.CaseID != q.CaseID || n.RecordID == nil ||
				*n.RecordID != q.RecordID {
				return fmt.Errorf("%s: not the note asked for: %s", StepTorgNote, snippet(b))
			}

			req, err = JSONRequest(ctx, http.MethodPost, fmt.Sprintf("%s/tasks/%d/complete", api, *q.TaskID), nil)
			if err != nil {
				return err
			}
			authorize(req, a.Token)
			_, err = s.Do(w, StepTorgComplete, req, http.StatusNoContent)
			return err
		},
	}
}

func authorize(req *http.Request, token string) { req.Header.Set("Authorization", "Bearer "+token) }

func nonce() string {
	b := make([]byte, 6)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// ActorsFromManifest picks the actors of a generated database: its leaders (who may read
// their unit's general-inquiries case and complete any of its tasks), each with the manifest's
// unprotected sample persons of their unit, or of the whole register if their unit has none.
func ActorsFromManifest(m *gen.Manifest) ([]Actor, error) {
	var all []int64
	byUnit := map[int64][]int64{}
	for _, s := range m.Samples {
		if s.Protected {
			continue
		}
		all = append(all, s.PersonID)
		byUnit[s.UnitID] = append(byUnit[s.UnitID], s.PersonID)
	}
	if len(all) == 0 {
		return nil, errors.New("bench manifest: no unprotected sample persons")
	}
	var out []Actor
	for _, st := range m.Staff {
		if st.Role != gen.RoleLeader || st.Token == "" || st.UnitID == 0 {
			continue
		}
		persons := byUnit[st.UnitID]
		if len(persons) == 0 {
			persons = all
		}
		out = append(out, Actor{Token: st.Token, UnitID: st.UnitID, Persons: persons})
	}
	if len(out) == 0 {
		return nil, errors.New("bench manifest: no leader with an API token")
	}
	return out, nil
}

// Discover finds persons to register inquiries for through the API, for a server without a
// manifest (the demo municipality): unprotected persons found by name, and, if unit is 0, the
// unit of the cases the token's employee may open for them, the most common one.
func Discover(ctx context.Context, client *http.Client, baseURL, token string, unit int64) (Actor, error) {
	api := strings.TrimRight(baseURL, "/") + "/api/v1"
	get := func(path string, v any) error {
		req, err := JSONRequest(ctx, http.MethodGet, api+path, nil)
		if err != nil {
			return err
		}
		authorize(req, token)
		res, err := client.Do(req)
		if err != nil {
			return err
		}
		defer res.Body.Close()
		if res.StatusCode != http.StatusOK {
			return fmt.Errorf("GET %s: %s", path, res.Status)
		}
		return json.NewDecoder(res.Body).Decode(v)
	}
	a := Actor{Token: token, UnitID: unit}
	seen := map[int64]bool{}
	// Two letters at least: the search wants them. Common starts of Nordic names.
	for _, q := range []string{"An", "Be", "Er", "Ha", "In", "Jo", "Ka", "Kr", "La", "Li", "Ma", "Ni", "Ol", "Pe", "Sv", "To"} {
		var list struct {
			Persons []struct {
				ID         int64  `json:"id"`
				Protection string `json:"protection"`
			} `json:"persons"`
		}
		if err := get("/persons?q="+q, &list); err != nil {
			return a, fmt.Errorf("finding persons through the API: %w", err)
		}
		for _, p := range list.Persons {
			if p.Protection == "none" && !seen[p.ID] {
				seen[p.ID] = true
				a.Persons = append(a.Persons, p.ID)
			}
		}
	}
	if len(a.Persons) == 0 {
		return a, errors.New("the API found no unprotected persons")
	}
	if a.UnitID != 0 {
		return a, nil
	}
	units := map[int64]int{}
	seenCases := 0
	for _, id := range a.Persons {
		if seenCases >= 20 {
			break
		}
		var list struct {
			Cases []struct {
				UnitID int64 `json:"unit_id"`
			} `json:"cases"`
		}
		if err := get(fmt.Sprintf("/persons/%d/cases", id), &list); err != nil {
			return a, fmt.Errorf("finding a unit through the API: %w", err)
		}
		for _, c := range list.Cases {
			units[c.UnitID]++
			seenCases++
		}
	}
	for u, n := range units {
		if a.UnitID == 0 || n > units[a.UnitID] || n == units[a.UnitID] && u < a.UnitID {
			a.UnitID = u
		}
	}
	if a.UnitID == 0 {
		return a, errors.New("the token's employee may open no case of the persons found; give --unit")
	}
	return a, nil
}
