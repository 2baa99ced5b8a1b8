package casework

import (
	"context"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/calendar"
	"github.com/torg-kommune/torg/internal/store"
)

// Hooks for the message tests in casework_test into what the staff's
// actions (inbox.go) are built on.

// OpenThreadForTest opens a thread of any kind for p, as a reclassified
// message does, and starts the routine on it.
func (s *Service) OpenThreadForTest(ctx context.Context, p *torg.Person, unitID int64, kind, body string) (*torg.Thread, error) {
	th := &torg.Thread{MunicipalityID: p.MunicipalityID, UnitID: unitID, PersonID: p.ID, Kind: kind, Subject: subjectFrom(body),
		Status: torg.ThreadNew}
	err := s.db.Write(ctx, func(tx *store.Q) error {
		if err := tx.CreateThread(ctx, th, s.now()); err != nil {
			return err
		}
		if err := s.addThreadMessage(ctx, tx, th, &torg.Message{FromCitizen: true, Body: body}, nil, ""); err != nil {
			return err
		}
		return s.startThreadRoutines(ctx, tx, th)
	})
	return th, err
}

// AnswerForTest sends a staff message; a full answer moves the routine
// through to done.
func (s *Service) AnswerForTest(ctx context.Context, a *torg.Employee, threadID int64, body string, files []Upload, interim bool) error {
	return s.db.Write(ctx, func(tx *store.Q) error {
		th, err := tx.Thread(ctx, a.MunicipalityID, threadID)
		if err != nil {
			return err
		}
		if _, err := s.staffMessage(ctx, tx, a, th, body, files, interim); err != nil {
			return err
		}
		if interim {
			return nil
		}
		return s.threadAnswered(ctx, tx, a, th)
	})
}

// WaitForTest pauses a thread's clock: it waits for the citizen.
func (s *Service) WaitForTest(ctx context.Context, municipalityID, threadID int64) error {
	return s.db.Write(ctx, func(tx *store.Q) error {
		th, err := tx.Thread(ctx, municipalityID, threadID)
		if err != nil {
			return err
		}
		s.pauseClock(th, s.now())
		return tx.UpdateThread(ctx, th, s.now())
	})
}

// ThreadStepsForTest lists a thread's running routine steps.
func (s *Service) ThreadStepsForTest(ctx context.Context, threadID int64) ([]string, error) {
	return s.threadActiveSteps(ctx, s.db.R(), threadID)
}

// SniffMessageFile exposes the attachment sniffer.
var SniffMessageFile = sniffMessageFile

// CalendarForTest returns a municipality's calendar with its opening hours.
func (s *Service) CalendarForTest(ctx context.Context, municipalityID int64) (*calendar.Calendar, error) {
	cal, _, err := s.msgCalendar(ctx, municipalityID)
	return cal, err
}
