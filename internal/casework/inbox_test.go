package casework_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/casework/casetest"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

// The staff inbox: who sees which threads, the filters and the unread
// count (DM1–DM9).

func TestInboxAccess(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newMsgFixture(t, db)
		ctx := f.ctx
		kari := f.write(t, f.Kari, torg.MsgInquiry, "Når er neste møte?")
		hidden := f.write(t, f.Protected, torg.MsgInquiry, "Jeg har ny adresse")

		t.Run("another service's inbox is not found", func(t *testing.T) {
			if _, err := f.Svc.Inbox(ctx, f.Outsider, f.Debt.ID, casework.FilterOpen); torg.ErrorCode(err) != torg.ENOTFOUND {
				t.Errorf("Barnevern's counsellor reads the debt inbox: %v, want ENOTFOUND", err)
			}
			if _, err := f.Svc.Inbox(ctx, f.EG, f.Other.ID, casework.FilterOpen); torg.ErrorCode(err) != torg.ENOTFOUND {
				t.Errorf("EG reads Barnevern's inbox: %v, want ENOTFOUND", err)
			}
			if _, err := f.Svc.StaffThread(ctx, f.Outsider, kari.ID); torg.ErrorCode(err) != torg.ENOTFOUND {
				t.Errorf("Barnevern's counsellor opens a debt thread: %v, want ENOTFOUND", err)
			}
			if _, err := f.Svc.Inbox(ctx, f.Admin, f.Debt.ID, casework.FilterOpen); torg.ErrorCode(err) != torg.ENOTFOUND {
				t.Errorf("the administrator reads an inbox: %v, want ENOTFOUND", err)
			}
		})

		t.Run("DC1.3 a protected citizen's thread is only for cleared staff", func(t *testing.T) {
			v, err := f.Svc.Inbox(ctx, f.EG, f.Debt.ID, casework.FilterOpen)
			if err != nil {
				t.Fatal(err)
			}
			if inboxHas(v, hidden.ID) || !inboxHas(v, kari.ID) {
				t.Errorf("EG's inbox: %s; want Kari's thread and not the kode 6 person's", inboxIDs(v))
			}
			if _, err := f.Svc.StaffThread(ctx, f.EG, hidden.ID); torg.ErrorCode(err) != torg.ENOTFOUND {
				t.Errorf("EG opens the kode 6 thread: %v, want ENOTFOUND", err)
			}
			for _, do := range []func() error{
				func() error { return f.Svc.Answer(ctx, f.EG, hidden.ID, "Hei", nil, true) },
				func() error { return f.Svc.Reclassify(ctx, f.EG, hidden.ID, torg.MsgImproper) },
				func() error { return f.Svc.WaitForCitizen(ctx, f.EG, hidden.ID, "Hvilken adresse?") },
			} {
				if err := do(); torg.ErrorCode(err) != torg.ENOTFOUND {
					t.Errorf("EG acts on the kode 6 thread: %v, want ENOTFOUND", err)
				}
			}
			v, err = f.Svc.Inbox(ctx, f.Leader, f.Debt.ID, casework.FilterOpen)
			if err != nil || !inboxHas(v, hidden.ID) {
				t.Errorf("the cleared leader's inbox lacks the kode 6 thread: %v", err)
			}
			if _, err := f.Svc.StaffThread(ctx, f.Leader, hidden.ID); err != nil {
				t.Errorf("the cleared leader opens the kode 6 thread: %v", err)
			}
		})

		t.Run("the unread count: citizens' messages not yet opened, within clearance", func(t *testing.T) {
			n, err := f.Svc.UnreadCount(ctx, f.KH)
			if err != nil || n != 1 {
				t.Fatalf("KH's unread count = %d, %v; want 1 (not the kode 6 thread)", n, err)
			}
			v, _ := f.Svc.Inbox(ctx, f.KH, f.Debt.ID, casework.FilterOpen)
			if th := inboxThread(v, kari.ID); th == nil || !th.Unread {
				t.Error("Kari's thread is not marked unread for KH")
			}
			if _, err := f.Svc.StaffThread(ctx, f.KH, kari.ID); err != nil {
				t.Fatal(err)
			}
			if n, _ := f.Svc.UnreadCount(ctx, f.KH); n != 0 {
				t.Errorf("KH's unread count after reading = %d, want 0", n)
			}
			if n, _ := f.Svc.UnreadCount(ctx, f.Leader); n != 1 {
				t.Errorf("the leader's unread count = %d, want 1: Kari's, not the kode 6 thread the leader opened", n)
			}
			var read bool
			db.R().AuditEvents(ctx, 0, func(e *torg.AuditEvent) error {
				read = read || e.Action == "thread.read" && e.ActorID == f.KH.ID && e.PersonID == f.Kari.ID
				return nil
			})
			if !read {
				t.Error("opening a thread is not in the audit log")
			}
		})
	})
}

func TestInboxFilters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newMsgFixture(t, db)
		ctx := f.ctx
		defer func() { f.Clock.T = casetest.Now }()
		// Monday 09:00: due Tuesday 08:30 (7 working hours of 08:00–15:30).
		mine := f.write(t, f.Kari, torg.MsgInquiry, "Når er neste møte?") // to EG, Kari's counsellor
		shared, err := f.Svc.OpenThreadForTest(ctx, f.Confidential, f.Debt.ID, torg.MsgInquiry, "Hvem er saksbehandler?")
		if err != nil {
			t.Fatal(err)
		}
		waiting := f.write(t, f.Kari, torg.MsgInquiry, "Kan jeg betale mindre?")
		if err := f.Svc.WaitForCitizen(ctx, f.EG, waiting.ID, "Hvor mye kan du betale i måneden?"); err != nil {
			t.Fatal(err)
		}
		done := f.write(t, f.Kari, torg.MsgInquiry, "Takk for sist")
		if err := f.Svc.Answer(ctx, f.EG, done.ID, "Bare hyggelig.", nil, true); err != nil {
			t.Fatal(err)
		}
		check := func(t *testing.T, a *torg.Employee, filter casework.InboxFilter, want ...int64) {
			t.Helper()
			v, err := f.Svc.Inbox(ctx, a, f.Debt.ID, filter)
			if err != nil {
				t.Fatal(err)
			}
			got := inboxIDs(v)
			if got != idList(want...) {
				t.Errorf("%s's %s: %s, want %s", a.Username, filter, got, idList(want...))
			}
			if filter != casework.FilterDone && v.Counts[filter] != len(want) {
				t.Errorf("%s count = %d, want %d", filter, v.Counts[filter], len(want))
			}
		}
		check(t, f.EG, casework.FilterOpen, mine.ID, waiting.ID) // EG is not cleared for the kode 7 person
		check(t, f.Leader, casework.FilterOpen, mine.ID, shared.ID, waiting.ID)
		check(t, f.EG, casework.FilterMine, mine.ID, waiting.ID)
		check(t, f.EG, casework.FilterUnassigned)
		check(t, f.Leader, casework.FilterUnassigned, shared.ID)
		check(t, f.EG, casework.FilterWaiting, waiting.ID)
		check(t, f.EG, casework.FilterDone, done.ID)
		check(t, f.EG, casework.FilterDueSoon)
		check(t, f.EG, casework.FilterOverdue)

		f.Clock.T = osloTime("2026-11-24 07:00") // before opening: 1.5 working hours left
		check(t, f.Leader, casework.FilterDueSoon, mine.ID, shared.ID)
		check(t, f.Leader, casework.FilterOverdue)
		f.Clock.T = osloTime("2026-11-24 08:45")
		check(t, f.Leader, casework.FilterDueSoon)
		check(t, f.Leader, casework.FilterOverdue, mine.ID, shared.ID) // the waiting thread's clock is paused

		t.Run("FD4 a thread whose responsible is absent today is the service's to pick up", func(t *testing.T) {
			_, err := f.Svc.AddAbsence(ctx, f.Leader, f.Debt.ID, casework.AbsenceInput{EmployeeID: f.EG.ID, Kind: "sick",
				From: "2026-11-24", To: "2026-11-24"})
			if err != nil {
				t.Fatal(err)
			}
			check(t, f.KH, casework.FilterUnassigned, mine.ID, waiting.ID)
			if err := f.Svc.TakeThread(ctx, f.KH, mine.ID); err != nil {
				t.Fatal(err)
			}
			check(t, f.KH, casework.FilterMine, mine.ID)
			err = f.Svc.Forward(ctx, f.KH, mine.ID, casework.ForwardTo{EmployeeID: f.EG.ID}, "")
			if e := torg.AsError(err); e == nil || e.Key != "inbox.forward_absent" {
				t.Errorf("forward to the absent EG: %v, want inbox.forward_absent", err)
			}
		})
	})
}

func inboxThread(v *casework.InboxView, id int64) *casework.InboxThread {
	for _, t := range v.Threads {
		if t.ID == id {
			return t
		}
	}
	return nil
}

func inboxHas(v *casework.InboxView, id int64) bool { return inboxThread(v, id) != nil }

func inboxIDs(v *casework.InboxView) string {
	var ids []int64
	for _, t := range v.Threads {
		ids = append(ids, t.ID)
	}
	return idList(ids...)
}

func idList(ids ...int64) string {
	slices.Sort(ids)
	var s []string
	for _, id := range ids {
		s = append(s, itoa(id))
	}
	return "[" + strings.Join(s, " ") + "]"
}

func TestMessageTemplates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newMsgFixture(t, db)
		ctx := f.ctx
		v, err := f.Svc.MessageTemplates(ctx, f.EG, f.Debt.ID)
		if err != nil {
			t.Fatal(err)
		}
		if v.CanEdit || len(v.Replies) != 12 || v.Replies[0].Own != nil || !strings.Contains(v.Replies[0].Body, "{unit}") {
			t.Errorf("a counsellor's view: can edit %v, %d replies, first %+v", v.CanEdit, len(v.Replies), v.Replies[0])
		}
		in := casework.TemplateInput{Purpose: store.TemplateForwarded, Lang: "nb", Body: "Vi har sendt meldingen til rett person."}
		if err := f.Svc.SaveMessageTemplate(ctx, f.EG, f.Debt.ID, in); torg.ErrorCode(err) != torg.EFORBIDDEN {
			t.Errorf("a counsellor saves a template: %v, want EFORBIDDEN", err)
		}
		for _, bad := range []struct {
			in    casework.TemplateInput
			field string
		}{
			{casework.TemplateInput{Purpose: store.TemplateForwarded, Lang: "nb", Body: "  "}, "body"},
			{casework.TemplateInput{Purpose: "letter", Lang: "nb", Body: "x"}, "purpose"},
			{casework.TemplateInput{Purpose: store.TemplateForwarded, Lang: "xx", Body: "x"}, "lang"},
			{casework.TemplateInput{Purpose: store.TemplateAnswer, Lang: "nb", Body: "x"}, "title"},
		} {
			if e := torg.AsError(f.Svc.SaveMessageTemplate(ctx, f.Leader, f.Debt.ID, bad.in)); e == nil || e.Field != bad.field {
				t.Errorf("save %+v: %v, want an error on %s", bad.in, e, bad.field)
			}
		}
		if err := f.Svc.SaveMessageTemplate(ctx, f.Leader, f.Debt.ID, in); err != nil {
			t.Fatal(err)
		}
		answer := casework.TemplateInput{Purpose: store.TemplateAnswer, Lang: "nb", Title: "Åpningstider", Body: "Vi har åpent 8–15.30."}
		if err := f.Svc.SaveMessageTemplate(ctx, f.Leader, f.Debt.ID, answer); err != nil {
			t.Fatal(err)
		}
		for _, weeks := range []string{"-1", "53", "tre"} {
			if e := torg.AsError(f.Svc.SetHandlingWeeks(ctx, f.Leader, f.Debt.ID, weeks)); e == nil || e.Field != "weeks" {
				t.Errorf("handling time %q: %v, want an error on weeks", weeks, e)
			}
		}
		if err := f.Svc.SetHandlingWeeks(ctx, f.Leader, f.Debt.ID, "4"); err != nil {
			t.Fatal(err)
		}
		v, err = f.Svc.MessageTemplates(ctx, f.Leader, f.Debt.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !v.CanEdit || v.HandlingWeeks != 4 || v.Replies[0].Own == nil || v.Replies[0].Body != in.Body || len(v.Answers) != 1 {
			t.Errorf("the leader's view: %+v", v)
		}
		got, err := f.Svc.AnswerTemplate(ctx, f.EG, f.Debt.ID, v.Answers[0].ID)
		if err != nil || got.Body != answer.Body {
			t.Errorf("answer template = %+v, %v", got, err)
		}
		if _, err := f.Svc.AnswerTemplate(ctx, f.Outsider, f.Debt.ID, v.Answers[0].ID); torg.ErrorCode(err) != torg.ENOTFOUND {
			t.Errorf("another service reads the template: %v, want ENOTFOUND", err)
		}
		if err := f.Svc.DeleteMessageTemplate(ctx, f.Leader, f.Debt.ID, v.Replies[0].Own.ID); err != nil {
			t.Fatal(err)
		}
		v, _ = f.Svc.MessageTemplates(ctx, f.Leader, f.Debt.ID)
		if v.Replies[0].Own != nil {
			t.Error("the standard text does not apply again after the service's own was deleted")
		}
	})
}
