package api

import (
	"net/http"
	"time"

	"github.com/torg-kommune/torg"
)

// caseDTO is a case as listed: its file data without its content.
type caseDTO struct {
	ID              int64      `json:"id"`
	Number          string     `json:"number"`
	Type            string     `json:"type"`
	Title           string     `json:"title"`
	Status          string     `json:"status"`
	UnitID          int64      `json:"unit_id"`
	UnitName        string     `json:"unit_name"`
	ResponsibleID   *int64     `json:"responsible_id"`
	ResponsibleName *string    `json:"responsible_name"`
	Markers         []string   `json:"markers"`
	Created         time.Time  `json:"created"`
	Updated         time.Time  `json:"updated"`
	Closed          *time.Time `json:"closed"`
}

func caseOut(c *torg.Case) caseDTO {
	markers := c.Markers
	if markers == nil {
		markers = []string{}
	}
	return caseDTO{ID: c.ID, Number: c.Number(), Type: c.Type, Title: c.Title, Status: string(c.Status),
		UnitID: c.UnitID, UnitName: c.UnitName, ResponsibleID: optID(c.ResponsibleID),
		ResponsibleName: optString(c.ResponsibleName), Markers: markers, Created: c.Created.UTC(),
		Updated: c.Updated.UTC(), Closed: optTime(c.Closed)}
}

// caseList is a list of cases.
type caseList struct {
	Cases []caseDTO `json:"cases"`
}

// caseDetailDTO is a case with its parties, records, notes and tasks.
type caseDetailDTO struct {
	caseDTO
	Parties []partyDTO  `json:"parties"`
	Records []recordDTO `json:"records"`
	Notes   []noteDTO   `json:"notes"`
	Tasks   []taskDTO   `json:"tasks"`
}

// partyDTO is a person or organisation in a role on a case.
type partyDTO struct {
	ID         int64  `json:"id"`
	PersonID   *int64 `json:"person_id"`
	OrgName    string `json:"org_name"`
	Role       string `json:"role"`
	Name       string `json:"name"`
	Protection string `json:"protection"`
}

// caseDetail returns a case for a counsellor or leader of its unit; to
// anyone else it does not exist.
func (a *api) caseDetail(w http.ResponseWriter, r *http.Request, actor *torg.Employee) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v, err := a.svc.Case(r.Context(), actor, id)
	if err != nil {
		return err
	}
	out := caseDetailDTO{caseDTO: caseOut(v.Case), Parties: make([]partyDTO, 0, len(v.Parties)),
		Records: make([]recordDTO, 0, len(v.Records)), Notes: make([]noteDTO, 0, len(v.Notes)),
		Tasks: make([]taskDTO, 0, len(v.Tasks))}
	for _, p := range v.Parties {
		out.Parties = append(out.Parties, partyDTO{ID: p.ID, PersonID: optID(p.PersonID), OrgName: p.OrgName,
			Role: p.Role, Name: p.Name, Protection: protection(p.Protection)})
	}
	for _, rec := range v.Records {
		out.Records = append(out.Records, recordOut(rec))
	}
	for _, n := range v.Notes {
		out.Notes = append(out.Notes, noteOut(n))
	}
	for _, t := range v.Tasks {
		out.Tasks = append(out.Tasks, taskOut(t))
	}
	return writeJSON(w, http.StatusOK, out)
}

// noteDTO is a journal note.
type noteDTO struct {
	ID         int64     `json:"id"`
	CaseID     int64     `json:"case_id"`
	RecordID   *int64    `json:"record_id"`
	AuthorID   int64     `json:"author_id"`
	AuthorName string    `json:"author_name"`
	Body       string    `json:"body"`
	Created    time.Time `json:"created"`
}

func noteOut(n *torg.Note) noteDTO {
	return noteDTO{ID: n.ID, CaseID: n.CaseID, RecordID: optID(n.RecordID), AuthorID: n.AuthorID,
		AuthorName: n.AuthorName, Body: n.Body, Created: n.Created.UTC()}
}

// noteInput is the body of POST /cases/{id}/notes.
type noteInput struct {
	Body     string `json:"body"`
	RecordID int64  `json:"record_id"`
}

// addNote writes a journal note in a case (FD1.2), optionally about one of
// its records.
func (a *api) addNote(w http.ResponseWriter, r *http.Request, actor *torg.Employee) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in noteInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	n, err := a.svc.AddNote(r.Context(), actor, id, in.RecordID, in.Body)
	if err != nil {
		return err
	}
	// AddNote returns the note as written; its author is the actor.
	out := noteOut(n)
	out.AuthorName = actor.Name
	return writeJSON(w, http.StatusCreated, out)
}
