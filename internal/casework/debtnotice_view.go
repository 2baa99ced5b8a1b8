package casework

import (
	"context"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/routine"
)

// NoticeView is a debt notice as its page shows it: the notice, its case
// and its person. The children's numbers are not part of it; the 1st
// social secretary sees them on the for-information list (DN7).
type NoticeView struct {
	Notice *torg.DebtNotice
	Case   *torg.Case
	Person *torg.Person
	// Answered: the case worker has answered DN3, so the question is not
	// asked again; the notice's handling is closed or waits for the
	// report of concern to be taken.
	Answered bool
}

// NoticePage returns a notice for an employee who may read its case; a
// notice in a case they may not read does not exist for them. The read is
// audited, as every read of a person's notice is (DC1.3).
func (s *Service) NoticePage(ctx context.Context, a *torg.Employee, id int64) (*NoticeView, error) {
	n, err := s.db.R().DebtNotice(ctx, a.MunicipalityID, id)
	if err != nil {
		return nil, err
	}
	c, err := s.readableCase(ctx, a, n.CaseID)
	if err != nil {
		return nil, err
	}
	p, err := s.db.R().Person(ctx, n.MunicipalityID, n.PersonID)
	if err != nil {
		return nil, err
	}
	if err := s.auditRead(ctx, a, "notice.read", obj("debt_notice", n.ID), p.ID); err != nil {
		return nil, err
	}
	st, err := s.noticeRunState(ctx, s.db.R(), c.ID)
	if err != nil {
		return nil, err
	}
	v := *n
	v.Children = nil
	answered := !c.Status.Active() || st != nil && st.Steps["DN3"] != nil && st.Steps["DN3"].Status == routine.StepDone
	return &NoticeView{Notice: &v, Case: c, Person: p, Answered: answered}, nil
}
