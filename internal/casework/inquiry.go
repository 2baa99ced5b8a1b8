package casework

import (
	"context"
	"strings"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/i18n"
	"github.com/torg-kommune/torg/internal/store"
)

// WalkIn is what the desk writes down when a citizen or a partner agency
// asks for a counsellor without an appointment (FD1).
type WalkIn struct {
	RequestKey string // from the form; a second submit with the same key returns the first inquiry
	PersonID   int64
	UnitID     int64
	From       string // torg.FromCitizen or torg.FromAgency
	AgencyName string
	Summary    string
	Note       string // optional journal note (FD1.2)
}

// RegisterWalkIn files a walk-in inquiry as a record titled with the unit's
// inquiry title in the unit's general-inquiries case of the year (FD1.2),
// and gives the follow-up to a counsellor as a task. It reports dup when
// the same form was submitted before.
func (s *Service) RegisterWalkIn(ctx context.Context, a *torg.Employee, in WalkIn) (q *torg.Inquiry, dup bool, err error) {
	if err := canRegisterInquiry(a, in.UnitID); err != nil {
		return nil, false, err
	}
	if prev := s.previous(ctx, a, in.RequestKey); prev != nil {
		return prev, true, nil
	}
	q = &torg.Inquiry{MunicipalityID: a.MunicipalityID, UnitID: in.UnitID, PersonID: in.PersonID, Kind: torg.InquiryWalkIn,
		From: in.From, AgencyName: clean(in.AgencyName), Summary: trimText(in.Summary), CreatedBy: a.ID,
		RequestKey: requestKey(in.RequestKey)}
	if err := q.Validate(); err != nil {
		return nil, false, err
	}
	d, err := s.deskContext(ctx, a, in.PersonID, in.UnitID)
	if err != nil {
		return nil, false, err
	}
	err = s.db.Write(ctx, func(tx *store.Q) error { return s.fileWalkIn(ctx, tx, a, d, q, trimText(in.Note)) })
	return s.settle(ctx, a, q, err)
}

// deskContext gathers what filing an inquiry needs to know.
type deskContext struct {
	person *torg.Person
	unit   *torg.Unit
	muni   *torg.Municipality
	p      *i18n.Printer // the municipality's language, for text stored in the case
}

func (s *Service) deskContext(ctx context.Context, a *torg.Employee, personID, unitID int64) (*deskContext, error) {
	person, err := s.db.R().Person(ctx, a.MunicipalityID, personID)
	if err != nil {
		return nil, torg.FieldError("person", "inquiry.person_required")
	}
	unit, err := s.db.R().Unit(ctx, unitID)
	if err != nil || unit.MunicipalityID != a.MunicipalityID {
		return nil, torg.FieldError("unit", "inquiry.unit_required")
	}
	m, err := s.municipality(ctx, a.MunicipalityID)
	if err != nil {
		return nil, err
	}
	return &deskContext{person: person, unit: unit, muni: m, p: i18n.New(i18n.Lang(m.Language))}, nil
}

func (s *Service) fileWalkIn(ctx context.Context, tx *store.Q, a *torg.Employee, d *deskContext, q *torg.Inquiry, note string) error {
	now := s.now()
	gc, err := s.generalCase(ctx, tx, d.unit, now.Year())
	if err != nil {
		return err
	}
	rec := &torg.Record{MunicipalityID: a.MunicipalityID, CaseID: gc.ID, Type: torg.RecordIncoming,
		Status: torg.RecordJournalled, Title: d.unit.InquiryTitle, Body: q.Summary, Correspondent: correspondent(d, q),
		PersonID: d.person.ID, Outstanding: true, CreatedBy: a.ID}
	if rec.Title == "" {
		rec.Title = d.unit.Name
	}
	if err := tx.CreateRecord(ctx, rec, now); err != nil {
		return err
	}
	if note != "" {
		n := &torg.Note{CaseID: gc.ID, RecordID: rec.ID, AuthorID: a.ID, Body: note}
		if err := n.Validate(); err != nil {
			return err
		}
		if err := tx.CreateNote(ctx, n, now); err != nil {
			return err
		}
	}
	assignee, err := s.followUpOwner(ctx, tx, d, gc)
	if err != nil {
		return err
	}
	t := &torg.Task{MunicipalityID: a.MunicipalityID, UnitID: d.unit.ID, CaseID: gc.ID, RecordID: rec.ID,
		AssigneeID: assignee, Title: d.p.T("task.walk_in", "name", d.taskName()), Detail: q.Summary,
		Due: s.nextWorkingDay(ctx, d.muni), CreatedBy: a.ID}
	if err := tx.CreateTask(ctx, t, now); err != nil {
		return err
	}
	q.CaseID, q.RecordID, q.TaskID = gc.ID, rec.ID, t.ID
	return s.saveInquiry(ctx, tx, a, q)
}

func (s *Service) saveInquiry(ctx context.Context, tx *store.Q, a *torg.Employee, q *torg.Inquiry) error {
	if err := tx.CreateInquiry(ctx, q, s.now()); err != nil {
		return err
	}
	return s.audit(ctx, tx, a, "inquiry."+q.Kind, obj("record", q.RecordID), q.PersonID, "")
}

func correspondent(d *deskContext, q *torg.Inquiry) string {
	if q.From == torg.FromAgency {
		return d.p.T("inquiry.on_behalf", "agency", q.AgencyName, "name", d.person.Name())
	}
	return d.person.Name()
}

// generalCase returns the unit's general-inquiries case of a year, creating
// it the first time it is needed.
func (s *Service) generalCase(ctx context.Context, tx *store.Q, u *torg.Unit, year int) (*torg.Case, error) {
	c, err := tx.GeneralCase(ctx, u.ID, year)
	if torg.ErrorCode(err) != torg.ENOTFOUND {
		return c, err
	}
	m, err := s.municipality(ctx, u.MunicipalityID)
	if err != nil {
		return nil, err
	}
	c = &torg.Case{MunicipalityID: u.MunicipalityID, UnitID: u.ID, Type: torg.CaseTypeGeneral, Status: torg.CaseOpen,
		Title: i18n.New(i18n.Lang(m.Language)).T("case.general_title", "unit", u.Name, "year", year)}
	return c, tx.CreateCase(ctx, c, s.now())
}

// followUpOwner picks who follows up an inquiry: the responsible counsellor
// of the person's active case in the unit, else the responsible of the
// general-inquiries case, else nobody (the unit's staff see it unassigned).
func (s *Service) followUpOwner(ctx context.Context, tx *store.Q, d *deskContext, gc *torg.Case) (int64, error) {
	cases, err := tx.PersonCases(ctx, d.person.MunicipalityID, d.person.ID)
	if err != nil {
		return 0, err
	}
	for _, c := range cases {
		if c.UnitID == d.unit.ID && c.Status.Active() && c.ResponsibleID != 0 && c.Type != torg.CaseTypeGeneral {
			return c.ResponsibleID, nil
		}
	}
	return gc.ResponsibleID, nil
}

// previous returns the inquiry a request key already made, if any.
func (s *Service) previous(ctx context.Context, a *torg.Employee, key string) *torg.Inquiry {
	if key == "" {
		return nil
	}
	q, err := s.db.R().InquiryByKey(ctx, key)
	if err != nil || q.MunicipalityID != a.MunicipalityID || q.CreatedBy != a.ID {
		return nil
	}
	return q
}

// settle turns a lost race between two submits of one form into the first
// submit's result.
func (s *Service) settle(ctx context.Context, a *torg.Employee, q *torg.Inquiry, err error) (*torg.Inquiry, bool, error) {
	if torg.ErrorCode(err) == torg.ECONFLICT {
		if prev := s.previous(ctx, a, q.RequestKey); prev != nil {
			return prev, true, nil
		}
	}
	if err != nil {
		return nil, false, err
	}
	return q, false, nil
}

func requestKey(k string) string {
	if k = strings.TrimSpace(k); k != "" && len(k) <= 100 {
		return k
	}
	return randomToken()
}

func (s *Service) nextWorkingDay(ctx context.Context, m *torg.Municipality) torg.Date {
	loc, err := loadLocation(m.TimeZone)
	today := torg.DateOf(s.now())
	if err == nil {
		today = torg.DateOf(s.now().In(loc))
	}
	cal, err := s.muniCalendar(ctx, m)
	if err != nil {
		return today.AddDays(1)
	}
	return cal.NextWorkingDay(today)
}

// InquiryUnits lists the units the actor may register walk-in inquiries
// for: those that take inquiries (they have an inquiry title).
func (s *Service) InquiryUnits(ctx context.Context, a *torg.Employee) ([]*torg.Unit, error) {
	all, err := s.db.R().Units(ctx, a.MunicipalityID)
	if err != nil {
		return nil, err
	}
	var out []*torg.Unit
	for _, u := range all {
		if u.InquiryTitle != "" && canRegisterInquiry(a, u.ID) == nil {
			out = append(out, u)
		}
	}
	return out, nil
}

// taskName is how a task's title names the person. Tasks can be on a
// unit's shared list, seen by staff without clearance, so a protected
// person is not named there (DC1.3); the case holds the name.
func (d *deskContext) taskName() string {
	if d.person.Protection != torg.ProtectionNone {
		return d.p.T("task.protected_person")
	}
	return d.person.Name()
}
