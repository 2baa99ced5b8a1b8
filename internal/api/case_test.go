package api

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/torg-kommune/torg"
)

func (e *env) testCases(t *testing.T) {
	path := fmt.Sprintf("/cases/%d", e.KariCase.ID)
	t.Run("a counsellor of the unit reads the case", func(t *testing.T) {
		var c caseDetailDTO
		e.get(t, e.EG, path).json(t, http.StatusOK, &c)
		if c.ID != e.KariCase.ID || c.Number != e.KariCase.Number() || c.Status != "B" || c.UnitName != "Gjeldsrådgivning" ||
			c.ResponsibleName == nil || *c.ResponsibleName != "Eva Gran" {
			t.Errorf("case = %+v", c.caseDTO)
		}
		if len(c.Parties) != 1 || c.Parties[0].Name != "Kari Nordmann" || c.Parties[0].Role != torg.PartyApplicant ||
			c.Parties[0].PersonID == nil || *c.Parties[0].PersonID != e.Kari.ID {
			t.Errorf("parties = %+v, want Kari as applicant", c.Parties)
		}
	})
	t.Run("a case of another unit does not exist for the caller", func(t *testing.T) {
		for _, as := range []*torg.Employee{e.Outsider, e.FrontDesk, e.Admin} {
			p := e.get(t, as, path).problem(t, http.StatusNotFound)
			wantProblem(t, p, torg.ENOTFOUND, "error.not_found", "")
		}
		wantProblem(t, e.get(t, e.EG, "/cases/999999").problem(t, http.StatusNotFound), torg.ENOTFOUND, "error.not_found", "")
	})
	t.Run("FD1.2 a journal note in the case", e.testNotes)
}

func (e *env) testNotes(t *testing.T) {
	notes := fmt.Sprintf("/cases/%d/notes", e.KariCase.ID)
	var n noteDTO
	e.post(t, e.EG, notes, obj{"body": "  Ringte Kari, avtalte møte tirsdag.\r\n"}).json(t, http.StatusCreated, &n)
	if n.Body != "Ringte Kari, avtalte møte tirsdag." || n.AuthorName != "Eva Gran" || n.RecordID != nil {
		t.Errorf("note = %+v", n)
	}
	var c caseDetailDTO
	e.get(t, e.EG, fmt.Sprintf("/cases/%d", e.KariCase.ID)).json(t, http.StatusOK, &c)
	if len(c.Notes) == 0 || !cmp.Equal(c.Notes[len(c.Notes)-1], n) {
		t.Errorf("case notes = %+v, want the new note last: %+v", c.Notes, n)
	}

	t.Run("about a record of the case", func(t *testing.T) {
		q := e.dropOff(t, "Skattemelding")
		var n noteDTO
		e.post(t, e.EG, notes, obj{"body": "Skattemeldingen er mottatt.", "record_id": q.RecordID}).json(t, http.StatusCreated, &n)
		if n.RecordID == nil || *n.RecordID != q.RecordID {
			t.Errorf("note record = %v, want %d", n.RecordID, q.RecordID)
		}
	})
	t.Run("about a record of another case is 404", func(t *testing.T) {
		w := e.walkIn(t, "Spør om timeavtale.", "")
		p := e.post(t, e.EG, notes, obj{"body": "Feil sak.", "record_id": w.RecordID}).problem(t, http.StatusNotFound)
		wantProblem(t, p, torg.ENOTFOUND, "error.not_found", "")
	})
	t.Run("empty is 422", func(t *testing.T) {
		p := e.post(t, e.EG, notes, obj{"body": " \n "}).problem(t, http.StatusUnprocessableEntity)
		wantProblem(t, p, torg.EINVALID, "note.body_required", "body")
	})
	t.Run("in a case the caller may not read is 404", func(t *testing.T) {
		p := e.post(t, e.Outsider, notes, obj{"body": "Hei.", "record_id": nil}).problem(t, http.StatusNotFound)
		wantProblem(t, p, torg.ENOTFOUND, "error.not_found", "")
	})
	t.Run("with a body of the wrong type is 400", func(t *testing.T) {
		p := e.post(t, e.EG, notes, `{"body": ["Hei."]}`).problem(t, http.StatusBadRequest)
		wantProblem(t, p, torg.EINVALID, "api.json_type", "body")
	})
}
