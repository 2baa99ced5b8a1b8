package casework

import (
	"context"
	"slices"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/store"
)

// staffThread returns a thread the employee may handle: one of their
// services', of a person within their clearance. Any other is not found.
func (s *Service) staffThread(ctx context.Context, q *store.Q, a *torg.Employee, id int64) (*torg.Thread, error) {
	th, err := q.Thread(ctx, a.MunicipalityID, id)
	if torg.ErrorCode(err) == torg.ENOTFOUND {
		return nil, notFound()
	} else if err != nil {
		return nil, err
	}
	if canUseInbox(a, th.UnitID) != nil || th.Protection > a.Clearance {
		return nil, notFound()
	}
	return th, nil
}

// CanHandleThread reports whether the employee may handle a thread: after
// forwarding it to another service, they may no longer.
func (s *Service) CanHandleThread(ctx context.Context, a *torg.Employee, id int64) bool {
	_, err := s.staffThread(ctx, s.db.R(), a, id)
	return err == nil
}

// openStaffThread is staffThread for a change: a done thread takes no
// more, and its citizen's next message opens a new one.
func (s *Service) openStaffThread(ctx context.Context, q *store.Q, a *torg.Employee, id int64) (*torg.Thread, error) {
	th, err := s.staffThread(ctx, q, a, id)
	if err == nil && !th.Open() {
		return nil, torg.Errorf(torg.ECONFLICT, "inbox.thread_done")
	}
	return th, err
}

// StaffThread returns a thread with its messages, linked threads, routine
// tasks and running steps for the staff of its service, marks it read for
// a and records the read in the audit log.
func (s *Service) StaffThread(ctx context.Context, a *torg.Employee, id int64) (*ThreadView, error) {
	r := s.db.R()
	th, err := s.staffThread(ctx, r, a, id)
	if err != nil {
		return nil, err
	}
	v, err := s.threadView(ctx, r, th)
	if err != nil {
		return nil, err
	}
	if v.Tasks, err = r.ThreadTasks(ctx, th.ID); err != nil {
		return nil, err
	}
	if v.Steps, err = s.threadActiveSteps(ctx, r, th.ID); err != nil {
		return nil, err
	}
	err = s.db.Write(ctx, func(q *store.Q) error {
		if err := q.MarkThreadRead(ctx, th.ID, a.ID, s.now()); err != nil {
			return err
		}
		return s.audit(ctx, q, a, "thread.read", obj("thread", th.ID), th.PersonID, "")
	})
	return v, err
}

// StaffThreadView is a thread's page for staff: the thread and what its
// forms offer.
type StaffThreadView struct {
	*ThreadView
	Unit         *torg.Unit
	Case         *torg.Case          // the linked case, if the reader may read it
	Colleagues   []Colleague         // whom the thread can go to in its service
	OtherUnits   []*torg.Unit        // the other services, for a split (DM8) or a forward
	Cases        []*torg.Case        // the citizen's cases the reader may link it to
	Appointments []*torg.Appointment // DM3: the appointments the message may be about
	Answers      []*store.MessageTemplate
	Events       []store.ThreadEvent
	CanRecord    bool // DM6: a leader may answer a complaint through a formal record
	DueSoon      bool
	Overdue      bool
	Now          time.Time
}

// Colleague is an employee a thread can be forwarded to.
type Colleague struct {
	*torg.Employee
	Away bool // absent today: not offered
}

// StaffThreadPage returns a thread (as StaffThread) with what its page's
// forms need.
func (s *Service) StaffThreadPage(ctx context.Context, a *torg.Employee, id int64) (*StaffThreadView, error) {
	tv, err := s.StaffThread(ctx, a, id)
	if err != nil {
		return nil, err
	}
	th, r := tv.Thread, s.db.R()
	v := &StaffThreadView{ThreadView: tv, Now: s.now()}
	// DM6.4: the leader answers a complaint through a formal letter while
	// it is open, or while considering it after the answer.
	v.CanRecord = th.Kind == torg.MsgComplaint && canEditTemplates(a, th.UnitID) == nil &&
		(th.Open() || slices.Contains(tv.Steps, "DM6.4"))
	if v.Unit, err = r.Unit(ctx, th.UnitID); err != nil {
		return nil, err
	}
	clock, err := s.threadClock(ctx, a.MunicipalityID)
	if err != nil {
		return nil, err
	}
	v.Overdue = th.Overdue(clock.now)
	v.DueSoon = !v.Overdue && th.Open() && th.Status != torg.ThreadWaiting && !th.Due.IsZero() && th.Due.Before(clock.soon)
	if v.Colleagues, err = s.colleagues(ctx, th.UnitID, clock.today); err != nil {
		return nil, err
	}
	if v.OtherUnits, err = s.otherUnits(ctx, th); err != nil {
		return nil, err
	}
	if err := s.threadCases(ctx, a, v); err != nil {
		return nil, err
	}
	if v.Appointments, err = s.threadAppointments(ctx, th); err != nil {
		return nil, err
	}
	if v.Answers, err = s.answerTemplates(ctx, th.UnitID); err != nil {
		return nil, err
	}
	v.Events, err = r.ThreadEvents(ctx, th.PersonID, th.ID)
	return v, err
}

// colleagues lists the counsellors and leaders of a service, with whether
// each is absent today.
func (s *Service) colleagues(ctx context.Context, unitID int64, today torg.Date) ([]Colleague, error) {
	seen := map[int64]bool{}
	var out []Colleague
	for _, role := range []torg.Role{torg.RoleCounsellor, torg.RoleLeader} {
		es, err := s.db.R().UnitEmployees(ctx, unitID, role)
		if err != nil {
			return nil, err
		}
		for _, e := range es {
			if !seen[e.ID] {
				seen[e.ID] = true
				out = append(out, Colleague{Employee: e, Away: s.Absent(ctx, e.ID, today)})
			}
		}
	}
	return out, nil
}

// otherUnits lists the municipality's services other than the thread's.
func (s *Service) otherUnits(ctx context.Context, th *torg.Thread) ([]*torg.Unit, error) {
	us, err := s.db.R().Units(ctx, th.MunicipalityID)
	if err != nil {
		return nil, err
	}
	var out []*torg.Unit
	for _, u := range us {
		if u.ID != th.UnitID {
			out = append(out, u)
		}
	}
	return out, nil
}

// threadCases fills in the linked case and the citizen's cases the reader
// may read, to link the thread to.
func (s *Service) threadCases(ctx context.Context, a *torg.Employee, v *StaffThreadView) error {
	cases, err := s.db.R().PersonCases(ctx, a.MunicipalityID, v.Thread.PersonID)
	if err != nil {
		return err
	}
	if err := s.withParties(ctx, cases); err != nil {
		return err
	}
	for _, c := range cases {
		if canReadCase(a, c) != nil {
			continue
		}
		if c.ID == v.Thread.CaseID {
			v.Case = c
		}
		if OpenForContact(c) {
			v.Cases = append(v.Cases, c)
		}
	}
	return nil
}

// threadAppointments lists what a DM3 message may be about: the
// appointment the citizen picked, else their booked appointments ahead.
func (s *Service) threadAppointments(ctx context.Context, th *torg.Thread) ([]*torg.Appointment, error) {
	if th.Kind != torg.MsgAppointmentChange {
		return nil, nil
	}
	if th.AppointmentID != 0 {
		ap, err := s.db.R().Appointment(ctx, th.MunicipalityID, th.AppointmentID)
		if err != nil {
			return nil, err
		}
		return []*torg.Appointment{ap}, nil
	}
	return s.db.R().PersonAppointments(ctx, th.PersonID, s.now())
}

// answerTemplates lists a service's answer templates.
func (s *Service) answerTemplates(ctx context.Context, unitID int64) ([]*store.MessageTemplate, error) {
	all, err := s.db.R().MessageTemplates(ctx, unitID)
	var out []*store.MessageTemplate
	for _, t := range all {
		if t.Purpose == store.TemplateAnswer {
			out = append(out, t)
		}
	}
	return out, err
}

// StaffDocument returns an attachment in a thread the employee may handle,
// with its content; the read is audited.
func (s *Service) StaffDocument(ctx context.Context, a *torg.Employee, threadID, documentID int64) (torg.Document, []byte, error) {
	r := s.db.R()
	th, err := s.staffThread(ctx, r, a, threadID)
	if err != nil {
		return torg.Document{}, nil, err
	}
	d, err := r.MessageDocument(ctx, th.ID, documentID)
	if err != nil {
		return d, nil, err
	}
	if err := s.auditRead(ctx, a, "thread.document", obj("message_document", d.ID), th.PersonID); err != nil {
		return d, nil, err
	}
	data, err := r.Blob(ctx, d.SHA256)
	return d, data, err
}
