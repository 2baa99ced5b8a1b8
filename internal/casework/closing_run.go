package casework

import (
	"context"
	"slices"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/routine"
	"github.com/torg-kommune/torg/internal/store"
)

// closer does CloseCase's work inside its transaction.
type closer struct {
	s   *Service
	tx  *store.Q
	a   *torg.Employee
	c   *torg.Case
	m   *torg.Municipality
	now time.Time
}

func (cl *closer) close(ctx context.Context, reason, note string, claims bool) error {
	if err := cl.fileNote(ctx, reason, note); err != nil {
		return err
	}
	if err := cl.endHandling(ctx, reason); err != nil {
		return err
	}
	if err := cl.noteDone(ctx, reason); err != nil {
		return err
	}
	if err := cl.fileSchedule(ctx, claims); err != nil {
		return err
	}
	if err := cl.fileCombined(ctx); err != nil {
		return err
	}
	if !claims {
		// DC8.5: without creditors there is no letter to send them; the
		// citizen's letter has gone, so the power of attorney ends now
		// and the case is held open (DC8.6, DC8.7).
		if err := cl.stepDone(ctx, stepCreditors, cl.s.printer(cl.m).T("closing.no_creditors")); err != nil {
			return err
		}
	}
	return cl.s.audit(ctx, cl.tx, cl.a, "case.close", obj("case", cl.c.ID), firstParty(cl.c), reason)
}

// fileSchedule files the debt schedule, spreadsheet and PDF (DC8.3); a
// case without claims has none to file.
func (cl *closer) fileSchedule(ctx context.Context, claims bool) error {
	why := cl.s.printer(cl.m).T("closing.no_schedule")
	if claims {
		sc, err := cl.s.schedule(ctx, cl.tx, cl.c, cl.m, cl.m.Language)
		if err != nil {
			return err
		}
		rec, err := cl.s.fileScheduleRecord(ctx, cl.tx, cl.a, cl.c, cl.m, sc)
		if err != nil {
			return err
		}
		why = rec.Title
	}
	return cl.stepDone(ctx, stepSchedule, why)
}

// fileNote files the closing note as an internal record for follow-up
// (Noark N), titled with the reason in the municipality's language.
func (cl *closer) fileNote(ctx context.Context, reason, note string) error {
	pr := cl.s.printer(cl.m)
	rec := &torg.Record{MunicipalityID: cl.c.MunicipalityID, CaseID: cl.c.ID, Type: torg.RecordNote,
		Status: torg.RecordFinished, Title: pr.T("closing.record_title", "reason", pr.T("closing.reason_"+reason)),
		Body: note, PersonID: firstParty(cl.c), CreatedBy: cl.a.ID}
	return cl.tx.CreateRecord(ctx, rec, cl.now)
}

// endHandling sets the case to finished (F) through its routine: the DC5
// decision, or the DC6.8 one, taken with the reason if the routine waits
// for it (DC5-finish then sets F); otherwise the status is set here and
// handed to the routine as status_changed. Either way DC8 starts.
func (cl *closer) endHandling(ctx context.Context, reason string) error {
	if cl.c.Status == torg.CaseFinished {
		return nil // the routine has ended the handling already (DC9.5)
	}
	waits, err := cl.s.waitingSteps(ctx, cl.tx, cl.c.ID)
	if err != nil {
		return err
	}
	switch {
	case waits[stepDC5]:
		return cl.decide(ctx, stepDC5, reason)
	case waits[stepDC68] && reason == ReasonHandlingFinished:
		return cl.decide(ctx, stepDC68, "finished")
	}
	runs, err := cl.runsDebtRoutine(ctx)
	if err != nil {
		return err
	}
	if !runs {
		// No routine holds the case open through DC8: it closes now.
		cl.c.Status = torg.CaseClosedBy
		return cl.tx.SetCaseStatus(ctx, cl.c.ID, torg.CaseClosedBy, cl.now)
	}
	if err := cl.tx.SetCaseStatus(ctx, cl.c.ID, torg.CaseFinished, cl.now); err != nil {
		return err
	}
	cl.c.Status = torg.CaseFinished
	return cl.s.RoutineEvent(ctx, cl.tx, cl.c, routine.Event{Kind: routine.EventStatusChanged,
		Outcome: string(torg.CaseFinished), At: cl.now, By: cl.a.Username})
}

// runsDebtRoutine reports whether the case runs the debt counselling routine.
func (cl *closer) runsDebtRoutine(ctx context.Context) (bool, error) {
	crs, err := cl.tx.CaseRoutines(ctx, cl.c.ID)
	if err != nil {
		return false, err
	}
	return slices.ContainsFunc(crs, func(cr *store.CaseRoutine) bool { return cr.RoutineID == debtRoutine }), nil
}

// decide takes a decision of the debt counselling routine with outcome and
// marks its task done.
func (cl *closer) decide(ctx context.Context, step, outcome string) error {
	if err := cl.tx.CompleteStepTasks(ctx, cl.c.ID, debtRoutine, step, cl.now); err != nil {
		return err
	}
	return cl.s.routineStepEvent(ctx, cl.tx, cl.c, debtRoutine, routine.Event{Kind: routine.EventStepDone,
		Step: step, Outcome: outcome, At: cl.now, By: cl.a.Username})
}

// noteDone does DC8.2: the note is written. The reason goes with the step,
// so the case can tell later why it was closed; if the step was marked
// done before without one (from the work list), it is done again with it.
func (cl *closer) noteDone(ctx context.Context, reason string) error {
	runs, err := cl.runsDebtRoutine(ctx)
	if err != nil || !runs {
		return err
	}
	if err := cl.tx.CompleteStepTasks(ctx, cl.c.ID, debtRoutine, stepClosedNote, cl.now); err != nil {
		return err
	}
	return cl.s.routineStepEvent(ctx, cl.tx, cl.c, debtRoutine, routine.Event{Kind: routine.EventStepDone,
		Step: stepClosedNote, At: cl.now, By: cl.a.Username, Reason: reason})
}

// stepDone marks a DC8 task done, with why, if the routine waits for it.
func (cl *closer) stepDone(ctx context.Context, step, why string) error {
	waits, err := cl.s.waitingSteps(ctx, cl.tx, cl.c.ID)
	if err != nil || !waits[step] {
		return err
	}
	if err := cl.tx.CompleteStepTasks(ctx, cl.c.ID, debtRoutine, step, cl.now); err != nil {
		return err
	}
	return cl.s.routineStepEvent(ctx, cl.tx, cl.c, debtRoutine, routine.Event{Kind: routine.EventStepDone,
		Step: step, At: cl.now, By: cl.a.Username, Reason: why}) // the step's own outcome: done, sent
}

// fileCombined files the case's documents as one PDF, as an internal
// record (DC8.4), and marks the step done.
func (cl *closer) fileCombined(ctx context.Context) error {
	doc, err := cl.s.combinedDocument(ctx, cl.tx, cl.c, cl.m, cl.now)
	if err != nil {
		return err
	}
	pr := cl.s.printer(cl.m)
	rec := &torg.Record{MunicipalityID: cl.c.MunicipalityID, CaseID: cl.c.ID, Type: torg.RecordInternal,
		Status: torg.RecordFinished, Title: pr.T("closing.combined_title"), PersonID: firstParty(cl.c),
		CreatedBy: cl.a.ID, Documents: []torg.Document{*doc}}
	if err := cl.tx.CreateRecord(ctx, rec, cl.now); err != nil {
		return err
	}
	return cl.stepDone(ctx, stepCombined, "")
}

// hasClaims reports whether a case has a debt schedule.
func (s *Service) hasClaims(ctx context.Context, q *store.Q, caseID int64) (bool, error) {
	cs, err := q.CaseClaims(ctx, caseID)
	return len(cs) > 0, err
}
