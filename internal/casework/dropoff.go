package casework

import (
	"context"
	"slices"
	"strings"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/routine"
	"github.com/torg-kommune/torg/internal/store"
)

// DeskCase is what the front desk may see of an ongoing case when a person
// delivers documentation (FD2.2–FD2.5): enough to file the delivery and
// tell the person what is missing, never the case's content and never a
// counsellor's e-mail address.
type DeskCase struct {
	ID              int64
	Number          string
	UnitID          int64
	UnitName        string
	Title           string
	ResponsibleName string
	Checklist       []string // FD2.3: the unit's required documentation
	Shelf           string   // FD2.4: where the envelope goes
	MessageChannel  string   // FD2.5: where digital delivery goes instead of e-mail
}

// DeskCases lists a person's active cases as the desk sees them (FD2.2).
func (s *Service) DeskCases(ctx context.Context, a *torg.Employee, personID int64) ([]*DeskCase, error) {
	if err := s.personExists(ctx, a, personID); err != nil {
		return nil, err
	}
	cases, err := s.db.R().PersonCases(ctx, a.MunicipalityID, personID)
	if err == nil {
		err = s.withParties(ctx, cases)
	}
	if err != nil {
		return nil, err
	}
	var out []*DeskCase
	for _, c := range cases {
		if !OpenForContact(c) || c.Type == torg.CaseTypeGeneral || canRegisterInquiry(a, c.UnitID) != nil || !clearedFor(a, c) {
			continue
		}
		u, err := s.db.R().Unit(ctx, c.UnitID)
		if err != nil {
			return nil, err
		}
		out = append(out, &DeskCase{ID: c.ID, Number: c.Number(), UnitID: c.UnitID, UnitName: u.Name, Title: c.Title,
			ResponsibleName: c.ResponsibleName, Checklist: u.RequiredDocs, Shelf: u.Shelf, MessageChannel: u.MessageChannel})
	}
	return out, nil
}

// DropOff is what the desk records when documentation is delivered for an
// ongoing case (FD2).
type DropOff struct {
	RequestKey string
	PersonID   int64
	CaseID     int64
	From       string
	AgencyName string
	Delivered  []string // items of the unit's checklist handed in
	Other      string   // anything else handed in
	POA        string   // torg.POANone, POAComplete or POAIncomplete (FD2.3)
	Shelf      string   // where the envelope was put; the unit's shelf by default (FD2.4)
	Note       string
	Files      []Upload // scans, if the desk scanned the papers
}

// RegisterDropOff files delivered documentation as an incoming record in
// the case, with any scans, and gives the responsible counsellor a task on
// their work list (FD2.2–FD2.4). The delivered documents are ticked off
// the case's checklist; the inquiry's Missing lists what the checklist
// still lacks, for the desk to tell the person (FD2.3).
func (s *Service) RegisterDropOff(ctx context.Context, a *torg.Employee, in DropOff) (*torg.Inquiry, bool, error) {
	if err := canSeePersons(a); err != nil {
		return nil, false, err
	}
	// A case the actor may not file in is reported like one that does not
	// exist, so its existence is not given away; as in DeskCases, that
	// includes a protected person's case above the actor's clearance.
	c, err := s.db.R().Case(ctx, a.MunicipalityID, in.CaseID)
	if err != nil || canRegisterInquiry(a, c.UnitID) != nil || !OpenForContact(c) || !clearedFor(a, c) ||
		!slices.Contains(partyPersons(c), in.PersonID) {
		return nil, false, torg.FieldError("case", "inquiry.case_required")
	}
	if prev := s.previous(ctx, a, in.RequestKey); prev != nil {
		return prev, true, nil
	}
	d, err := s.deskContext(ctx, a, in.PersonID, c.UnitID)
	if err != nil {
		return nil, false, err
	}
	q := s.dropOffInquiry(a, d, c, in)
	if err := q.Validate(); err != nil {
		return nil, false, err
	}
	docs, err := s.checkUploads(in.Files)
	if err != nil {
		return nil, false, err
	}
	if len(q.Delivered) == 0 && q.Other == "" && len(docs) == 0 {
		return nil, false, torg.FieldError("delivered", "dropoff.nothing")
	}
	err = s.db.Write(ctx, func(tx *store.Q) error { return s.fileDropOff(ctx, tx, a, d, c, q, in, docs) })
	return s.settle(ctx, a, q, err)
}

func (s *Service) dropOffInquiry(a *torg.Employee, d *deskContext, c *torg.Case, in DropOff) *torg.Inquiry {
	q := &torg.Inquiry{MunicipalityID: a.MunicipalityID, UnitID: c.UnitID, PersonID: in.PersonID, Kind: torg.InquiryDropOff,
		From: in.From, AgencyName: clean(in.AgencyName), CaseID: c.ID, POA: in.POA, Shelf: clean(in.Shelf),
		Other: trimText(in.Other), CreatedBy: a.ID, RequestKey: requestKey(in.RequestKey)}
	for _, item := range d.unit.RequiredDocs {
		if slices.Contains(in.Delivered, item) {
			q.Delivered = append(q.Delivered, item)
		} else {
			q.Missing = append(q.Missing, item)
		}
	}
	if q.Shelf == "" {
		q.Shelf = d.unit.Shelf
	}
	if q.POA == "" {
		q.POA = torg.POANone
	}
	return q
}

func (s *Service) fileDropOff(ctx context.Context, tx *store.Q, a *torg.Employee, d *deskContext, c *torg.Case,
	q *torg.Inquiry, in DropOff, docs []torg.Document) error {
	now := s.now()
	for i, f := range in.Files {
		if err := tx.PutBlob(ctx, docs[i].SHA256, f.Data); err != nil {
			return err
		}
	}
	// FD2.3: what the case still lacks once this delivery is in, not only
	// what this delivery lacks.
	missing, err := stillMissing(ctx, tx, c, d.unit.RequiredDocs, q.Delivered)
	if err != nil {
		return err
	}
	q.Missing = missing
	rec := &torg.Record{MunicipalityID: a.MunicipalityID, CaseID: c.ID, Type: torg.RecordIncoming,
		Status: torg.RecordJournalled, Title: d.p.T("dropoff.record_title"), Body: s.dropOffBody(d, q, trimText(in.Note)),
		Correspondent: correspondent(d, q), PersonID: d.person.ID, Shelf: q.Shelf, Outstanding: true, CreatedBy: a.ID,
		Documents: docs}
	if err := tx.CreateRecord(ctx, rec, now); err != nil {
		return err
	}
	// FD2: the delivered documents are ticked off the case's checklist.
	if err := s.tickDelivered(ctx, tx, a, c, q.Delivered, rec.ID); err != nil {
		return err
	}
	t := &torg.Task{MunicipalityID: a.MunicipalityID, UnitID: c.UnitID, CaseID: c.ID, RecordID: rec.ID,
		AssigneeID: c.ResponsibleID, Title: d.p.T("task.drop_off", "name", d.taskName(), "case", c.Number()),
		Detail: d.p.T("task.drop_off_detail", "shelf", q.Shelf), Due: s.nextWorkingDay(ctx, d.muni), CreatedBy: a.ID}
	if err := tx.CreateTask(ctx, t, now); err != nil {
		return err
	}
	q.RecordID, q.TaskID = rec.ID, t.ID
	if err := s.saveInquiry(ctx, tx, a, q); err != nil {
		return err
	}
	// FD2.2: the case's routines learn that documentation came in at the desk.
	return s.RoutineEvent(ctx, tx, c, routine.Event{Kind: routine.EventDocumentReceived, Outcome: "front_desk", At: now})
}

// dropOffBody writes the record's text: what was delivered, what is
// missing, the power of attorney and where the papers are.
func (s *Service) dropOffBody(d *deskContext, q *torg.Inquiry, note string) string {
	var b strings.Builder
	line := func(key string, items []string) {
		if len(items) > 0 {
			b.WriteString(d.p.T(key) + "\n- " + strings.Join(items, "\n- ") + "\n\n")
		}
	}
	line("dropoff.body_delivered", q.Delivered)
	if q.Other != "" {
		line("dropoff.body_other", []string{q.Other})
	}
	line("dropoff.body_missing", q.Missing)
	b.WriteString(d.p.T("dropoff.poa_"+q.POA) + "\n")
	b.WriteString(d.p.T("dropoff.body_shelf", "shelf", q.Shelf) + "\n")
	if note != "" {
		b.WriteString("\n" + note + "\n")
	}
	return b.String()
}

// Receipt is what the desk sees after registering an inquiry: where it was
// filed, who follows it up and what to tell the person (FD2.3, FD2.5).
type Receipt struct {
	*torg.Inquiry
	Person         *PersonView
	CaseNumber     string
	UnitName       string
	AssigneeName   string
	MessageChannel string
}

// Receipt returns an inquiry's receipt to the employee who registered it
// or to the staff of its unit.
func (s *Service) Receipt(ctx context.Context, a *torg.Employee, id int64) (*Receipt, error) {
	q, err := s.db.R().Inquiry(ctx, a.MunicipalityID, id)
	if err != nil {
		return nil, err
	}
	if q.CreatedBy != a.ID && canRegisterInquiry(a, q.UnitID) != nil {
		return nil, notFound()
	}
	p, err := s.Person(ctx, a, q.PersonID)
	if err != nil {
		return nil, err
	}
	r := s.db.R()
	c, err := r.Case(ctx, a.MunicipalityID, q.CaseID)
	if err != nil {
		return nil, err
	}
	u, err := r.Unit(ctx, q.UnitID)
	if err != nil {
		return nil, err
	}
	rc := &Receipt{Inquiry: q, Person: p, CaseNumber: c.Number(), UnitName: u.Name, MessageChannel: u.MessageChannel}
	if q.TaskID != 0 {
		if t, err := r.Task(ctx, a.MunicipalityID, q.TaskID); err == nil {
			rc.AssigneeName = t.AssigneeName
		}
	}
	return rc, nil
}
