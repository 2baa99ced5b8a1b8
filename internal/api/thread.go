package api

import (
	"net/http"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
)

// The message inbox (DM routine) through the API: an integration (a
// municipality's web form or mail gateway) delivers a citizen's message to
// a unit, and the unit's staff answer and close the thread, as in the web
// inbox.

func (a *api) threadRoutes() []route {
	return []route{
		{"POST", "/threads", false, a.createThread},
		{"GET", "/threads/{id}", false, a.thread},
		{"POST", "/threads/{id}/answer", false, a.answerThread},
		{"POST", "/threads/{id}/status", false, a.threadStatus},
	}
}

// threadInput is the body of POST /threads: the citizen by national ID
// (never in a URL) or person ID, and their message.
type threadInput struct {
	NIN      string `json:"nin"`
	PersonID int64  `json:"person_id"`
	UnitID   int64  `json:"unit_id"`
	Kind     string `json:"kind"`
	Subject  string `json:"subject"`
	Body     string `json:"body"`
}

// createThread delivers a citizen's message to a unit: a new thread with
// the DM routine started on it. The Idempotency-Key header makes a repeat
// return the first thread with 200.
func (a *api) createThread(w http.ResponseWriter, r *http.Request, actor *torg.Employee) error {
	var in threadInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	key, err := requestKey(r, actor)
	if err != nil {
		return err
	}
	th, dup, err := a.svc.DeliverMessage(r.Context(), actor, casework.Delivery{NIN: in.NIN, PersonID: in.PersonID,
		Message: casework.NewMessage{UnitID: in.UnitID, Kind: in.Kind, Subject: in.Subject, Body: in.Body, RequestKey: key}})
	if err != nil {
		return err
	}
	w.Header().Set("Location", location("/threads/%d", th.ID))
	status := http.StatusCreated
	if dup {
		status = http.StatusOK
	}
	return writeJSON(w, status, threadOut(th))
}

// thread returns a thread with its messages to the staff of its unit; the
// read is audited.
func (a *api) thread(w http.ResponseWriter, r *http.Request, actor *torg.Employee) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v, err := a.svc.StaffThread(r.Context(), actor, id)
	if err != nil {
		return err
	}
	out := threadDetailDTO{threadDTO: threadOut(v.Thread), Messages: make([]messageDTO, 0, len(v.Messages))}
	for _, m := range v.Messages {
		out.Messages = append(out.Messages, messageDTO{ID: m.ID, FromCitizen: m.FromCitizen, AuthorID: optID(m.AuthorID),
			AuthorName: optString(m.AuthorName), Body: m.Body, Interim: m.Interim, Created: m.Created.UTC(),
			ReadByCitizen: optTime(m.ReadByCitizen)})
	}
	return writeJSON(w, http.StatusOK, out)
}

// answerInput is the body of POST /threads/{id}/answer.
type answerInput struct {
	Body string `json:"body"`
	Done bool   `json:"done"`
}

// answerThread sends the employee's answer to the citizen: to their
// mailbox in the portal, with a notice by SMS or e-mail through the
// outbox. With done, the thread is done with it.
func (a *api) answerThread(w http.ResponseWriter, r *http.Request, actor *torg.Employee) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in answerInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := a.svc.Answer(r.Context(), actor, id, in.Body, nil, in.Done); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// statusInput is the body of POST /threads/{id}/status.
type statusInput struct {
	Status string `json:"status"`
}

// threadStatus sets a thread's status by hand; "done" closes it.
func (a *api) threadStatus(w http.ResponseWriter, r *http.Request, actor *torg.Employee) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in statusInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := a.svc.SetThreadStatus(r.Context(), actor, id, in.Status); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// threadDTO is a conversation between a citizen and a unit.
type threadDTO struct {
	ID            int64      `json:"id"`
	Status        string     `json:"status"`
	Kind          string     `json:"kind"`
	UnitID        int64      `json:"unit_id"`
	PersonID      int64      `json:"person_id"`
	CaseID        *int64     `json:"case_id"`
	ResponsibleID *int64     `json:"responsible_id"`
	Subject       string     `json:"subject"`
	Due           *time.Time `json:"due"`
	Created       time.Time  `json:"created"`
	Done          *time.Time `json:"done"`
}

func threadOut(th *torg.Thread) threadDTO {
	return threadDTO{ID: th.ID, Status: th.Status, Kind: th.Kind, UnitID: th.UnitID, PersonID: th.PersonID,
		CaseID: optID(th.CaseID), ResponsibleID: optID(th.ResponsibleID), Subject: th.Subject, Due: optTime(th.Due),
		Created: th.Created.UTC(), Done: optTime(th.Done)}
}

// threadDetailDTO is a thread with its messages, oldest first.
type threadDetailDTO struct {
	threadDTO
	Messages []messageDTO `json:"messages"`
}

// messageDTO is one message of a thread: the citizen's, or an employee's.
type messageDTO struct {
	ID            int64      `json:"id"`
	FromCitizen   bool       `json:"from_citizen"`
	AuthorID      *int64     `json:"author_id"`
	AuthorName    *string    `json:"author_name"`
	Body          string     `json:"body"`
	Interim       bool       `json:"interim"`
	Created       time.Time  `json:"created"`
	ReadByCitizen *time.Time `json:"read_by_citizen"`
}
