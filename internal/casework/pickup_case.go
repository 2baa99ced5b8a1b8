package casework

import (
	"context"
	"strings"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/i18n"
	"github.com/torg-kommune/torg/internal/routine"
	"github.com/torg-kommune/torg/internal/store"
)

// A letter on a case is on the case's journal while it waits at the desk,
// and the case's front-desk routine keeps it (FD3.2): registering the
// letter files a record of it, the event record_added: held_for_pickup
// starts the routine's step, and the step is done once no letter of the
// case waits at the desk any more.

// heldOutcome is the outcome of record_added for a letter held at the desk.
const heldOutcome = "held_for_pickup"

// heldStep is the routine step of keeping the letters at the desk.
const heldStep = "FD3.2"

// fileHeldLetter files the record of a letter left at the desk on its case,
// marked as FD3.3 says, and tells the case's routines, inside tx. A letter
// without a case is on the desk's list only.
func (s *Service) fileHeldLetter(ctx context.Context, tx *store.Q, a *torg.Employee, k *torg.Pickup) error {
	if k.CaseID == 0 {
		return nil
	}
	full, err := tx.Pickup(ctx, k.MunicipalityID, k.ID)
	if err != nil {
		return err
	}
	c, err := tx.Case(ctx, k.MunicipalityID, k.CaseID)
	if err != nil {
		return err
	}
	p, err := s.localPrinter(ctx, k.MunicipalityID)
	if err != nil {
		return err
	}
	now := s.now()
	rec := &torg.Record{MunicipalityID: k.MunicipalityID, CaseID: c.ID, Type: torg.RecordInternal,
		Status: torg.RecordJournalled, Title: p.T("pickup.held_record_title"), Body: heldBody(p, full),
		Correspondent: recipientLine(p, full), PersonID: k.PersonID, CreatedBy: a.ID}
	if err := tx.CreateRecord(ctx, rec, now); err != nil {
		return err
	}
	return s.RoutineEvent(ctx, tx, c, routine.Event{Kind: routine.EventRecordAdded, Outcome: heldOutcome, At: now})
}

// localPrinter is the municipality's language in its time zone.
func (s *Service) localPrinter(ctx context.Context, municipalityID int64) (*i18n.Printer, error) {
	m, err := s.municipality(ctx, municipalityID)
	if err != nil {
		return nil, err
	}
	loc, err := loadLocation(m.TimeZone)
	if err != nil {
		return nil, err
	}
	return s.printer(m).In(loc), nil
}

// recipientLine names who is to collect a letter.
func recipientLine(p *i18n.Printer, k *torg.Pickup) string {
	if k.Recipient == torg.FromAgency {
		return p.T("pickup.recipient_agency", "agency", k.AgencyName)
	}
	return k.PersonName
}

// heldBody writes the record of a letter left at the desk: the marks of
// FD3.3 beside the record's own date, time and author.
func heldBody(p *i18n.Printer, k *torg.Pickup) string {
	var b strings.Builder
	line := func(key string, args ...any) { b.WriteString(p.T(key, args...) + "\n") }
	line("pickup.body_letter", "number", k.Number(), "description", orDash(k.Description))
	line("pickup.body_for", "name", k.PersonName)
	line("pickup.body_recipient", "who", recipientLine(p, k))
	if k.Recipient == torg.FromAgency {
		line("pickup.body_agreement", "agreement", k.Agreement)
	}
	line("pickup.body_responsible", "name", k.ResponsibleName)
	line("pickup.body_kept", "time", p.DateTime(k.PickupBy), "location", k.Location)
	return b.String()
}

// endHeldStep ends the case's FD3.2 step once no letter of the case waits
// at the desk, inside tx, after k left it.
func (s *Service) endHeldStep(ctx context.Context, tx *store.Q, k *torg.Pickup, now time.Time) error {
	if k.CaseID == 0 {
		return nil
	}
	waiting, err := tx.PickupList(ctx, k.MunicipalityID, store.PickupFilter{State: torg.PickupWaiting, CaseID: k.CaseID, Limit: 1})
	if err != nil || len(waiting) > 0 {
		return err
	}
	tasks, err := tx.CaseTasks(ctx, k.CaseID)
	if err != nil {
		return err
	}
	var c *torg.Case
	for _, t := range tasks {
		if t.IsDone() || t.Step != heldStep || t.RoutineID == "" {
			continue
		}
		if c == nil {
			if c, err = tx.Case(ctx, k.MunicipalityID, k.CaseID); err != nil {
				return err
			}
		}
		if err := tx.CompleteStepTasks(ctx, c.ID, t.RoutineID, heldStep, now); err != nil {
			return err
		}
		if err := s.routineStepEvent(ctx, tx, c, t.RoutineID, routine.Event{Kind: routine.EventStepDone, Step: heldStep,
			Outcome: routine.OutcomeDone, At: now}); err != nil {
			return err
		}
	}
	return nil
}
