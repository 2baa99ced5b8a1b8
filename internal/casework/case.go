package casework

import (
	"context"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/store"
)

// CaseView is a case with everything its page shows.
type CaseView struct {
	*torg.Case
	Unit    *torg.Unit
	Records []*torg.Record
	Notes   []*torg.Note
	Tasks   []*torg.Task

	Routines []CaseRoutine // what the case's routines will do next
	Drafts   []Draft       // letters the routines wait for a person to send

	Appointments []*torg.Appointment // DC4.2
}

// Case returns a case with its records, notes and tasks for a counsellor or
// leader of its unit; anyone else gets ENOTFOUND. The read is audited for
// each person who is a party.
func (s *Service) Case(ctx context.Context, a *torg.Employee, id int64) (*CaseView, error) {
	c, err := s.readableCase(ctx, a, id)
	if err != nil {
		return nil, err
	}
	v := &CaseView{Case: c}
	r := s.db.R()
	if v.Unit, err = r.Unit(ctx, c.UnitID); err != nil {
		return nil, err
	}
	if v.Records, err = r.CaseRecords(ctx, id); err != nil {
		return nil, err
	}
	if v.Notes, err = r.CaseNotes(ctx, id); err != nil {
		return nil, err
	}
	if v.Tasks, err = r.CaseTasks(ctx, id); err != nil {
		return nil, err
	}
	if v.Routines, err = s.caseRoutines(ctx, id); err != nil {
		return nil, err
	}
	if v.Drafts, err = s.drafts(ctx, c, v.Routines); err != nil {
		return nil, err
	}
	if v.Appointments, err = r.CaseAppointments(ctx, id); err != nil {
		return nil, err
	}
	return v, s.auditRead(ctx, a, "case.read", obj("case", id), partyPersons(c)...)
}

func (s *Service) readableCase(ctx context.Context, a *torg.Employee, id int64) (*torg.Case, error) {
	c, err := s.db.R().Case(ctx, a.MunicipalityID, id)
	if err != nil {
		return nil, err
	}
	if err := canReadCase(a, c); err != nil {
		return nil, err
	}
	return c, nil
}

func partyPersons(c *torg.Case) []int64 {
	var ids []int64
	for _, p := range c.Parties {
		if p.PersonID != 0 {
			ids = append(ids, p.PersonID)
		}
	}
	return ids
}

// Record returns one record with its documents, for those who may read its case.
func (s *Service) Record(ctx context.Context, a *torg.Employee, id int64) (*torg.Record, *torg.Case, error) {
	r, err := s.db.R().Record(ctx, a.MunicipalityID, id)
	if err != nil {
		return nil, nil, err
	}
	c, err := s.readableCase(ctx, a, r.CaseID)
	if err != nil {
		return nil, nil, err
	}
	return r, c, s.auditRead(ctx, a, "record.read", obj("record", id), recordPersons(r, c)...)
}

func recordPersons(r *torg.Record, c *torg.Case) []int64 {
	if r.PersonID != 0 {
		return []int64{r.PersonID}
	}
	return partyPersons(c)
}

// Document returns a document's metadata and content, for those who may
// read its record's case.
func (s *Service) Document(ctx context.Context, a *torg.Employee, recordID, docID int64) (*torg.Document, []byte, error) {
	r, err := s.db.R().Record(ctx, a.MunicipalityID, recordID)
	if err != nil {
		return nil, nil, err
	}
	c, err := s.readableCase(ctx, a, r.CaseID)
	if err != nil {
		return nil, nil, err
	}
	for _, d := range r.Documents {
		if d.ID == docID {
			data, err := s.db.R().Blob(ctx, d.SHA256)
			if err != nil {
				return nil, nil, err
			}
			return &d, data, s.auditRead(ctx, a, "document.read", obj("document", d.ID), recordPersons(r, c)...)
		}
	}
	return nil, nil, notFound()
}

// AddNote writes a journal note in a case (FD1.2), optionally about one of
// its records.
func (s *Service) AddNote(ctx context.Context, a *torg.Employee, caseID, recordID int64, body string) (*torg.Note, error) {
	c, err := s.readableCase(ctx, a, caseID)
	if err != nil {
		return nil, err
	}
	n := &torg.Note{CaseID: caseID, RecordID: recordID, AuthorID: a.ID, Body: trimText(body)}
	if err := n.Validate(); err != nil {
		return nil, err
	}
	if recordID != 0 {
		r, err := s.db.R().Record(ctx, a.MunicipalityID, recordID)
		if err != nil || r.CaseID != caseID {
			return nil, notFound()
		}
	}
	err = s.db.Write(ctx, func(q *store.Q) error {
		if err := q.CreateNote(ctx, n, s.now()); err != nil {
			return err
		}
		return s.audit(ctx, q, a, "note.create", obj("case", c.ID), firstParty(c), "")
	})
	return n, err
}

func firstParty(c *torg.Case) int64 {
	if ids := partyPersons(c); len(ids) > 0 {
		return ids[0]
	}
	return 0
}

// PersonCases lists the cases of a person that the actor may open.
func (s *Service) PersonCases(ctx context.Context, a *torg.Employee, personID int64) ([]*torg.Case, error) {
	if err := s.personExists(ctx, a, personID); err != nil {
		return nil, err
	}
	all, err := s.db.R().PersonCases(ctx, a.MunicipalityID, personID)
	if err != nil {
		return nil, err
	}
	if err := s.withParties(ctx, all); err != nil {
		return nil, err
	}
	var out []*torg.Case
	for _, c := range all {
		if canReadCase(a, c) == nil {
			out = append(out, c)
		}
	}
	return out, s.auditRead(ctx, a, "person.cases", obj("person", personID), personID)
}

// trimText trims a multi-line text and normalises line endings.
func trimText(s string) string {
	out := make([]rune, 0, len(s))
	for _, r := range s {
		if r != '\r' {
			out = append(out, r)
		}
	}
	return clean(string(out))
}

// RecordWithNotes returns a record, its case and the journal notes about it.
func (s *Service) RecordWithNotes(ctx context.Context, a *torg.Employee, id int64) (*torg.Record, *torg.Case, []*torg.Note, error) {
	r, c, err := s.Record(ctx, a, id)
	if err != nil {
		return nil, nil, nil, err
	}
	all, err := s.db.R().CaseNotes(ctx, c.ID)
	if err != nil {
		return nil, nil, nil, err
	}
	var notes []*torg.Note
	for _, n := range all {
		if n.RecordID == id {
			notes = append(notes, n)
		}
	}
	return r, c, notes, nil
}

// personExists checks that the actor may see persons and that personID is
// one of the municipality's.
func (s *Service) personExists(ctx context.Context, a *torg.Employee, personID int64) error {
	if err := canSeePersons(a); err != nil {
		return err
	}
	_, err := s.db.R().Person(ctx, a.MunicipalityID, personID)
	return err
}
