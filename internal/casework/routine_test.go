package casework_test

import (
	"strings"
	"testing"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/casework/casetest"
	"github.com/torg-kommune/torg/internal/outbox"
	"github.com/torg-kommune/torg/internal/scheduler"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

// oslo returns a wall-clock time in Oslo.
func oslo(t *testing.T, s string) time.Time {
	t.Helper()
	loc, _ := time.LoadLocation("Europe/Oslo")
	v, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	if err != nil {
		t.Fatal(err)
	}
	return v.UTC()
}

// startDebtCase loads the routines and opens a debt case for Kari with the
// routines started, as an application would (DC1.1).
func startDebtCase(t *testing.T, f *casetest.Fixture, at time.Time) *torg.Case {
	t.Helper()
	if problems, err := f.Svc.LoadRoutines(ctx); err != nil || len(problems) > 0 {
		t.Fatalf("load routines: %v %v", problems, err)
	}
	f.Clock.T = at
	c := &torg.Case{MunicipalityID: f.Muni.ID, UnitID: f.Debt.ID, Type: torg.CaseTypeDebt, Title: "Gjeldsrådgivning – Kari",
		ResponsibleID: f.EG.ID, Status: torg.CaseOpen}
	err := f.DB.Write(ctx, func(q *store.Q) error {
		if err := q.CreateCase(ctx, c, at); err != nil {
			return err
		}
		if err := q.AddParty(ctx, &torg.Party{CaseID: c.ID, PersonID: f.Kari.ID, Role: torg.PartyApplicant}); err != nil {
			return err
		}
		c.Parties = []torg.Party{{CaseID: c.ID, PersonID: f.Kari.ID, Role: torg.PartyApplicant}}
		return f.Svc.StartRoutines(ctx, q, c)
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestDebtRoutineOnTheCase(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := casetest.New(t, db)
		c := startDebtCase(t, f, oslo(t, "2026-12-21 09:00"))
		sched := &scheduler.Scheduler{DB: db, Clock: f.Clock, Handle: f.Svc.FireTimer}

		noAnswerTwice(t, f, c)
		t.Run("DC2.6 the case shows when the letter goes", func(t *testing.T) {
			rs, err := f.Svc.CaseRoutines(ctx, f.EG, c.ID)
			if err != nil || len(rs) == 0 {
				t.Fatalf("case routines: %v %v", rs, err)
			}
			var next []string
			for _, r := range rs {
				for _, u := range r.Upcoming {
					next = append(next, u.String())
				}
			}
			if !strings.Contains(strings.Join(next, "\n"), "2026-12-28") {
				t.Errorf("upcoming does not show the letter on Monday 28 December:\n%s", strings.Join(next, "\n"))
			}
		})
		t.Run("DC2.6 DC2.8 DC2.9 no answer: the letters after 2 working days, Monday 28 December, to the digital mailbox", func(t *testing.T) {
			f.Clock.T = oslo(t, "2026-12-27 23:00")
			if st, err := sched.Tick(ctx); err != nil || st.Fired != 0 {
				t.Fatalf("fired %d timers before the deadline (%v)", st.Fired, err)
			}
			f.Clock.T = oslo(t, "2026-12-28 09:00")
			if _, err := sched.Tick(ctx); err != nil {
				t.Fatal(err)
			}
			v, err := f.Svc.Case(ctx, f.EG, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			var letter *torg.Record
			for _, r := range v.Records {
				if r.Type == torg.RecordOutgoing {
					letter = r
				}
			}
			if letter == nil || len(letter.Documents) != 3 || letter.Documents[0].MediaType != "application/pdf" {
				t.Fatalf("DC2.8: want the reply, its enclosure and the power of attorney as PDFs on the case: %+v", v.Records)
			}
			var msgs []store.OutboxMessage
			err = db.Write(ctx, func(q *store.Q) (err error) {
				msgs, err = q.ClaimOutbox(ctx, "test", f.Clock.Now(), time.Minute, 10)
				return err
			})
			if err != nil || len(msgs) != 1 || msgs[0].Channel != store.ChannelMailbox || msgs[0].DocumentSHA256 == "" {
				t.Errorf("DC2.9: queued %+v (%v), want one letter with its PDF for the digital mailbox", msgs, err)
			}
		})
		t.Run("a clock jump back does not fire the letter twice", func(t *testing.T) {
			f.Clock.T = oslo(t, "2026-12-20 09:00")
			sched.Tick(ctx)
			f.Clock.T = oslo(t, "2026-12-29 09:00")
			sched.Tick(ctx)
			v, _ := f.Svc.Case(ctx, f.EG, c.ID)
			n := 0
			for _, r := range v.Records {
				if r.Type == torg.RecordOutgoing {
					n++
				}
			}
			if n != 1 {
				t.Errorf("%d outgoing letters, want 1", n)
			}
		})
	})
}

func TestDropOffFeedsTheRoutine(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := casetest.New(t, db)
		c := startDebtCase(t, f, oslo(t, "2026-12-21 09:00"))
		noAnswerTwice(t, f, c)
		f.Clock.T = oslo(t, "2026-12-23 15:00")
		in := dropOff(f, "routine-drop")
		in.CaseID = c.ID
		if _, _, err := f.Svc.RegisterDropOff(ctx, f.FrontDesk, in); err != nil {
			t.Fatalf("FD2.2 drop-off on a case with a routine: %v", err)
		}
		ts, err := db.R().CaseTimers(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, tm := range ts {
			if strings.Contains(tm.Key, "/DC2.6/") && tm.State != "cancelled" {
				t.Errorf("DC2.6 timer %s is %s after documentation came in; want cancelled", tm.Key, tm.State)
			}
		}
		v, _ := f.Svc.Case(ctx, f.EG, c.ID)
		found := false
		for _, task := range v.Tasks {
			found = found || task.Detail == "DC3.4"
		}
		if !found {
			t.Errorf("DC3.4: no task to assess the documentation after it came in")
		}
	})
}

func TestDebtRoutineWhenClosedOnChristmasEve(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := casetest.New(t, db)
		eve := torg.Date{Year: 2026, Month: time.December, Day: 24}
		if err := db.Write(ctx, func(q *store.Q) error { return q.SetClosedDays(ctx, f.Muni.ID, []torg.Date{eve}) }); err != nil {
			t.Fatal(err)
		}
		c := startDebtCase(t, f, oslo(t, "2026-12-21 09:00"))
		noAnswerTwice(t, f, c)
		t.Run("DC2.6 the letter waits until Tuesday 29 December when the municipality closes on Christmas Eve", func(t *testing.T) {
			ts, err := db.R().CaseTimers(ctx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			var due []string
			for _, tm := range ts {
				if strings.Contains(tm.Key, "/DC2.6/") {
					due = append(due, tm.Due.In(time.FixedZone("CET", 3600)).Format("2006-01-02"))
				}
			}
			if len(due) != 1 || due[0] != "2026-12-29" {
				t.Errorf("DC2.6 timers due %v, want [2026-12-29]", due)
			}
		})
	})
}

func TestDraftLetterEditedAndSent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := casetest.New(t, db)
		c := startDebtCase(t, f, oslo(t, "2026-12-21 09:00"))
		f.Clock.T = oslo(t, "2026-12-21 10:00")
		in := dropOff(f, "draft-drop")
		in.CaseID = c.ID
		if _, _, err := f.Svc.RegisterDropOff(ctx, f.FrontDesk, in); err != nil {
			t.Fatal(err)
		}
		steps := func() []string {
			var ids []string
			for _, r := range mustRoutines(t, f, c.ID) {
				for _, u := range r.Upcoming {
					ids = append(ids, u.Step)
				}
			}
			return ids
		}
		if err := f.Svc.CompleteStep(ctx, f.EG, c.ID, "debt_counselling", "DC3.4", "missing", "Mangler lønnsslipper"); err != nil {
			t.Fatalf("DC3.4: %v (upcoming %v)", err, steps())
		}
		t.Run("DC3.5 the missing-documentation letter waits for the counsellor with a preview", func(t *testing.T) {
			drafts, err := f.Svc.Drafts(ctx, f.EG, c.ID)
			if err != nil || len(drafts) != 1 || drafts[0].Step != "DC3.5" || len(drafts[0].Blocks) == 0 || !drafts[0].Editable {
				t.Fatalf("drafts = %+v, %v (upcoming %v)", drafts, err, steps())
			}
		})
		t.Run("DC3.5 the edited letter is filed and sent once", func(t *testing.T) {
			if err := f.Svc.SendDraft(ctx, f.EG, c.ID, "debt_counselling", "DC3.5", "Hei Kari.\n\nVi mangler lønnsslipper."); err != nil {
				t.Fatal(err)
			}
			v, _ := f.Svc.Case(ctx, f.EG, c.ID)
			var sent []*torg.Record
			for _, r := range v.Records {
				if r.Type == torg.RecordOutgoing {
					sent = append(sent, r)
				}
			}
			if len(sent) != 1 || !strings.Contains(sent[0].Body, "Vi mangler lønnsslipper.") || sent[0].CreatedBy != f.EG.ID {
				t.Fatalf("sent letters: %+v", sent)
			}
			if drafts, _ := f.Svc.Drafts(ctx, f.EG, c.ID); len(drafts) != 0 {
				t.Errorf("the routine still waits for the letter: %+v", drafts)
			}
			tasks, _ := f.Svc.WorkList(ctx, f.EG)
			for _, task := range tasks {
				if task.CaseID == c.ID && task.Step == "DC3.5" {
					t.Errorf("the task to send the DC3.5 letter is still open")
				}
			}
			err := f.Svc.SendDraft(ctx, f.EG, c.ID, "debt_counselling", "DC3.5", "again")
			if torg.ErrorCode(err) != torg.ECONFLICT {
				t.Errorf("second send: %v, want a conflict", err)
			}
		})
	})
}

func mustRoutines(t *testing.T, f *casetest.Fixture, caseID int64) []casework.CaseRoutine {
	t.Helper()
	rs, err := f.Svc.CaseRoutines(ctx, f.EG, caseID)
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

func TestRoutineTaskDoneMovesTheRoutine(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := casetest.New(t, db)
		c := startDebtCase(t, f, oslo(t, "2026-12-21 09:00"))
		find := func(step string) *torg.Task {
			tasks, err := f.Svc.WorkList(ctx, f.EG)
			if err != nil {
				t.Fatal(err)
			}
			for _, task := range tasks {
				if task.CaseID == c.ID && task.Step == step {
					return task
				}
			}
			return nil
		}
		dc21 := find("DC2.1")
		if dc21 == nil || len(dc21.Outcomes) != 2 {
			t.Fatalf("DC2.1 decision task on EG's work list: %+v", dc21)
		}
		if err := f.Svc.CompleteTask(ctx, f.EG, dc21.ID, "", ""); torg.AsError(err) == nil || torg.AsError(err).Field != "outcome" {
			t.Errorf("a decision done without an outcome: %v", err)
		}
		if err := f.Svc.CompleteTask(ctx, f.EG, dc21.ID, "unresolved_matters", ""); err != nil {
			t.Fatal(err)
		}
		t.Run("DC2.2 after DC2.1 found unresolved matters, call the applicant", func(t *testing.T) {
			if find("DC2.2") == nil {
				t.Errorf("no DC2.2 task after the DC2.1 decision")
			}
		})
		t.Run("DC2.2 the answered call takes the call off the work list", func(t *testing.T) {
			if err := f.Svc.LogContact(ctx, f.EG, c.ID, false, "Ringte, ikke svar."); err != nil {
				t.Fatal(err)
			}
			if find("DC2.2") == nil {
				t.Fatal("one unanswered call of at least 2 took DC2.2 off the work list")
			}
			if err := f.Svc.LogContact(ctx, f.EG, c.ID, true, "Snakket med søker."); err != nil {
				t.Fatal(err)
			}
			if task := find("DC2.2"); task != nil {
				t.Errorf("DC2.2 is still on the work list after the answered call: %+v", task)
			}
			if find("DC2.3") == nil {
				t.Error("no DC2.3 decision after the answered call")
			}
		})
	})
}

func TestUndeliveredTaskInTheMunicipalityLanguage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := casetest.New(t, db)
		task := f.Svc.UndeliveredTask(outbox.FailureTask(nil))
		m := outbox.Message{MunicipalityID: f.Muni.ID, CaseID: f.KariCase.ID, Channel: store.ChannelSMS, Recipient: "+4791234567"}
		var got *torg.Task
		err := db.Write(ctx, func(q *store.Q) (err error) {
			got, err = task(ctx, q, m, f.Clock.Now())
			return err
		})
		if err != nil || got == nil || got.Title != "Meldingen kunne ikke leveres: sms til +47*****567" || got.UnitID != f.Debt.ID {
			t.Errorf("task = %+v, %v", got, err)
		}
	})
}

// noAnswerTwice brings a new debt case to two unanswered calls on
// Wednesday 23 December 2026 (DC2.1 unresolved matters, DC2.2 twice).
func noAnswerTwice(t *testing.T, f *casetest.Fixture, c *torg.Case) {
	t.Helper()
	f.Clock.T = oslo(t, "2026-12-21 10:00")
	if err := f.Svc.CompleteStep(ctx, f.EG, c.ID, "debt_counselling", "DC2.1", "unresolved_matters", ""); err != nil {
		t.Fatalf("DC2.1: %v", err)
	}
	for _, day := range []string{"2026-12-22 10:00", "2026-12-23 14:00"} {
		f.Clock.T = oslo(t, day)
		if err := f.Svc.LogContact(ctx, f.EG, c.ID, false, "Ringte, ikke svar."); err != nil {
			t.Fatalf("DC2.2 contact: %v", err)
		}
	}
}

func TestEveryContactIsNoted(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := casetest.New(t, db)
		c := startDebtCase(t, f, oslo(t, "2026-12-21 09:00"))
		t.Run("DC2.7 each call, answered or not, is a note on the case", func(t *testing.T) {
			noAnswerTwice(t, f, c)
			f.Clock.T = oslo(t, "2026-12-28 09:00")
			if err := f.Svc.LogContact(ctx, f.EG, c.ID, true, "Snakket med Kari, hun sender lønnsslipper."); err != nil {
				t.Fatal(err)
			}
			v, err := f.Svc.Case(ctx, f.EG, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			var notes []string
			for _, n := range v.Notes {
				notes = append(notes, n.Body)
			}
			all := strings.Join(notes, "\n")
			if len(notes) != 3 || strings.Count(all, "Ringte, ikke svar.") != 2 || !strings.Contains(all, "lønnsslipper") {
				t.Errorf("notes after two unanswered calls and one answered: %q", notes)
			}
		})
	})
}

func TestFrontDeskTasksReachTheDesk(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := casetest.New(t, db)
		c := startDebtCase(t, f, oslo(t, "2027-01-05 10:00"))
		d := dropOff(f, "k-desk")
		d.CaseID = c.ID
		if _, _, err := f.Svc.RegisterDropOff(ctx, f.FrontDesk, d); err != nil {
			t.Fatal(err)
		}
		t.Run("FD2.2 the routine's desk task is on the front desk's list, not the counsellors'", func(t *testing.T) {
			tasks, err := f.DB.R().CaseTasks(ctx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, task := range tasks {
				if task.Step == "FD2.2" {
					found = true
					if task.UnitID != f.Desk.ID || task.AssigneeID != 0 {
						t.Errorf("FD2.2 task on unit %d, assignee %d; want the desk's shared list (unit %d)", task.UnitID, task.AssigneeID, f.Desk.ID)
					}
				}
			}
			if !found {
				t.Fatal("no FD2.2 task")
			}
		})
	})
}
