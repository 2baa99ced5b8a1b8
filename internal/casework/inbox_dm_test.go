package casework_test

import (
	"strings"
	"testing"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/casework/casetest"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

// The staff's actions on a thread, step by step of the DM routine.

func TestStaffAnswers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newMsgFixture(t, db)
		ctx := f.ctx

		t.Run("DM1 an answer reaches the citizen, is journaled, and done ends the thread", func(t *testing.T) {
			th := f.write(t, f.Kari, torg.MsgInquiry, "Når er neste møte?")
			if err := f.Svc.Answer(ctx, f.EG, th.ID, "   ", nil, false); fieldOf(err) != "body" {
				t.Errorf("an empty answer: %v, want an error on body", err)
			}
			if err := f.Svc.Answer(ctx, f.EG, th.ID, "Vi ringer deg i morgen.", nil, false); err != nil {
				t.Fatal(err)
			}
			got := f.thread(t, th.ID)
			wantStatus(t, got, torg.ThreadInProgress)
			if !got.FirstAnswer.Equal(casetest.Now) {
				t.Errorf("first answer %v, want now", got.FirstAnswer)
			}
			if err := f.Svc.Answer(ctx, f.EG, th.ID, "Møtet er 1. desember kl. 10.", nil, true); err != nil {
				t.Fatal(err)
			}
			got = f.thread(t, th.ID)
			wantStatus(t, got, torg.ThreadDone)
			if !got.FirstAnswer.Equal(casetest.Now) {
				t.Error("the second answer moved the first answer's time")
			}
			if err := f.Svc.Answer(ctx, f.EG, th.ID, "Og en ting til", nil, false); torg.ErrorCode(err) != torg.ECONFLICT {
				t.Errorf("an answer to a done thread: %v, want ECONFLICT", err)
			}
			for _, task := range mustThreadTasks(t, f, th.ID) {
				if !task.IsDone() {
					t.Errorf("task %s open after the thread is done", task.Step)
				}
			}
			v, err := f.Svc.CitizenThread(ctx, f.Kari, th.ID)
			if err != nil || len(v.Messages) != 3 || v.Messages[2].Body != "Møtet er 1. desember kl. 10." {
				t.Fatalf("Kari's thread: %v, %s", err, fmtAll(v))
			}
			for _, m := range v.Messages {
				if m.RecordID == 0 {
					t.Errorf("message %q is not journaled on Kari's case", m.Body)
				}
			}
			for _, m := range v.Messages[1:] {
				n, err := db.R().OutboxByKey(ctx, "thread/"+itoa(th.ID)+"/message/"+itoa(m.ID)+"/notify")
				if err != nil || n.Channel != store.ChannelSMS || n.Recipient != f.Kari.Phone || strings.Contains(n.Body, "desember") {
					t.Errorf("the notice of answer %d: %+v, %v; want an SMS to Kari without the content", m.ID, n, err)
				}
			}
		})

		t.Run("waiting for the citizen pauses the clock until they answer", func(t *testing.T) {
			th := f.write(t, f.Kari, torg.MsgInquiry, "Kan jeg betale mindre?") // due Tuesday 08:30
			if err := f.Svc.WaitForCitizen(ctx, f.EG, th.ID, " "); fieldOf(err) != "question" {
				t.Errorf("an empty question: %v, want an error on question", err)
			}
			if err := f.Svc.WaitForCitizen(ctx, f.EG, th.ID, "Hvor mye kan du betale i måneden?"); err != nil {
				t.Fatal(err)
			}
			got := f.thread(t, th.ID)
			wantStatus(t, got, torg.ThreadWaiting)
			if !got.FirstAnswer.IsZero() {
				t.Error("a question counted as the answer")
			}
			if err := f.Svc.WaitForCitizen(ctx, f.EG, th.ID, "Og?"); torg.ErrorCode(err) != torg.ECONFLICT {
				t.Errorf("waiting twice: %v, want ECONFLICT", err)
			}
			f.Clock.T = casetest.Now.Add(2 * time.Hour) // two working hours paused
			defer func() { f.Clock.T = casetest.Now }()
			if _, err := f.Svc.CitizenReply(ctx, f.Kari, th.ID, "Tusen kroner.", nil, ""); err != nil {
				t.Fatal(err)
			}
			got = f.thread(t, th.ID)
			wantStatus(t, got, torg.ThreadInProgress)
			if want := osloTime("2026-11-24 10:30"); !got.Due.Equal(want) {
				t.Errorf("due after the pause %v, want %v", got.Due.In(osloLoc), want)
			}
		})

		t.Run("statuses set by hand", func(t *testing.T) {
			th := f.write(t, f.Kari, torg.MsgInquiry, "Hei")
			if err := f.Svc.SetThreadStatus(ctx, f.EG, th.ID, torg.ThreadWaiting); fieldOf(err) != "status" {
				t.Errorf("waiting by hand: %v, want an error on status", err)
			}
			if err := f.Svc.SetThreadStatus(ctx, f.EG, th.ID, torg.ThreadCaseHandling); err != nil {
				t.Fatal(err)
			}
			wantStatus(t, f.thread(t, th.ID), torg.ThreadCaseHandling)
			if err := f.Svc.SetThreadStatus(ctx, f.EG, th.ID, torg.ThreadDone); err != nil {
				t.Fatal(err)
			}
			got := f.thread(t, th.ID)
			wantStatus(t, got, torg.ThreadDone)
			if casework.ThreadOutcome(got, casetest.Now) != casework.OutcomeNoAnswer {
				t.Errorf("outcome %s, want no_answer", casework.ThreadOutcome(got, casetest.Now))
			}
			if err := f.Svc.SetThreadStatus(ctx, f.EG, th.ID, torg.ThreadInProgress); err != nil {
				t.Fatal(err)
			}
			wantStatus(t, f.thread(t, th.ID), torg.ThreadInProgress)
		})

		t.Run("DM5 an invoice question: handled, checked, then a concrete answer", func(t *testing.T) {
			th := f.write(t, f.Kari, torg.MsgInvoice, "Fakturaen for oktober har feil beløp.")
			wantStatus(t, th, torg.ThreadCaseHandling) // DM5.2
			task := f.openTask(t, th.ID, "DM5.1")
			if task.AssigneeID != 0 {
				t.Errorf("DM5.1 assigned to %d, want the service's list for the invoicing owner", task.AssigneeID)
			}
			if err := f.Svc.ThreadTask(ctx, f.EG, th.ID, task.ID, ""); err != nil {
				t.Fatal(err)
			}
			f.openTask(t, th.ID, "DM5.3")
			wantStatus(t, f.thread(t, th.ID), torg.ThreadCaseHandling)
			if err := f.Svc.Answer(ctx, f.EG, th.ID, "Vi har kontrollert fakturaen og kreditert 450 kroner.", nil, true); err != nil {
				t.Fatal(err)
			}
			got := f.thread(t, th.ID)
			wantStatus(t, got, torg.ThreadDone)
			if steps := f.steps(t, th.ID); len(steps) != 0 {
				t.Errorf("steps still running after the concrete answer: %v", steps)
			}
		})

		t.Run("a routine task done from the thread", func(t *testing.T) {
			th := f.write(t, f.Kari, torg.MsgInquiry, "Hei igjen")
			other := f.write(t, f.Kari, torg.MsgInquiry, "Enda en")
			task := f.openTask(t, th.ID, "DM1")
			if err := f.Svc.ThreadTask(ctx, f.EG, th.ID, task.ID, "maybe"); fieldOf(err) != "outcome" {
				t.Errorf("a decision without its outcome: %v, want an error on outcome", err)
			}
			if err := f.Svc.ThreadTask(ctx, f.EG, other.ID, task.ID, "answer"); torg.ErrorCode(err) != torg.ENOTFOUND {
				t.Errorf("another thread's task: %v, want ENOTFOUND", err)
			}
			if err := f.Svc.ThreadTask(ctx, f.KH, th.ID, task.ID, "answer"); torg.ErrorCode(err) != torg.EFORBIDDEN {
				t.Errorf("a colleague completes EG's task: %v, want EFORBIDDEN", err)
			}
			if err := f.Svc.ThreadTask(ctx, f.EG, th.ID, task.ID, "answer"); err != nil {
				t.Fatal(err)
			}
			f.openTask(t, th.ID, "DM1-answer")
			sv, err := f.Svc.StaffThreadPage(ctx, f.EG, th.ID)
			if err != nil || len(sv.Events) != 1 || sv.Events[0].Detail != "DM1 answer" {
				t.Errorf("history %+v, %v; want the step", sv.Events, err)
			}
		})
	})
}

func TestForward(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newMsgFixture(t, db)
		ctx := f.ctx

		t.Run("DM2 forward: the interim reply reaches the citizen's thread, employee 2 answers", func(t *testing.T) {
			th := f.write(t, f.Kari, torg.MsgInquiry, "Jeg vil snakke med Knut om budsjettet.")
			if err := f.Svc.Forward(ctx, f.EG, th.ID, casework.ForwardTo{}, ""); fieldOf(err) != "to" {
				t.Errorf("forward to nobody: %v, want an error on to", err)
			}
			if err := f.Svc.Forward(ctx, f.EG, th.ID, casework.ForwardTo{EmployeeID: f.Outsider.ID}, ""); fieldOf(err) != "to" {
				t.Errorf("forward to another service's counsellor as one's own: %v, want an error on to", err)
			}
			if err := f.Svc.Forward(ctx, f.EG, th.ID, casework.ForwardTo{EmployeeID: f.KH.ID}, "Hun vil snakke med deg om budsjettet."); err != nil {
				t.Fatal(err)
			}
			got := f.thread(t, th.ID)
			wantStatus(t, got, torg.ThreadInProgress) // DM2.2
			if got.ResponsibleID != f.KH.ID || !got.FirstAnswer.IsZero() {
				t.Errorf("responsible %d, first answer %v; want KH and no answer yet", got.ResponsibleID, got.FirstAnswer)
			}
			if task := f.openTask(t, th.ID, "DM2.3"); task.AssigneeID != f.KH.ID {
				t.Errorf("DM2.3 assigned to %d, want KH", task.AssigneeID)
			}
			v, err := f.Svc.CitizenThread(ctx, f.Kari, th.ID)
			if err != nil {
				t.Fatal(err)
			}
			interim := v.Messages[len(v.Messages)-1]
			if !interim.Interim || !strings.Contains(interim.Body, "sendt den videre") || !strings.Contains(interim.Body, f.Debt.Name) {
				t.Errorf("Kari's thread ends with %+v, want the interim reply naming the service", interim)
			}
			sv, err := f.Svc.StaffThreadPage(ctx, f.KH, th.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(sv.Events) != 1 || sv.Events[0].Action != "thread.forward" || !strings.Contains(sv.Events[0].Detail, "budsjettet") ||
				!strings.Contains(sv.Events[0].Detail, f.KH.Name) {
				t.Errorf("history = %+v, want the forward to KH with EG's note", sv.Events)
			}
			if err := f.Svc.Answer(ctx, f.KH, th.ID, "Budsjettet ser bra ut.", nil, true); err != nil {
				t.Fatal(err)
			}
			got = f.thread(t, th.ID)
			wantStatus(t, got, torg.ThreadDone)
			if !got.AnsweredInTime() {
				t.Error("answered at once, but not in time")
			}
		})

		t.Run("DM2 forward to another service's shared inbox", func(t *testing.T) {
			th := f.write(t, f.Kari, torg.MsgInquiry, "Gjelder barnevernet")
			if err := f.Svc.Forward(ctx, f.EG, th.ID, casework.ForwardTo{UnitID: f.Other.ID}, ""); err != nil {
				t.Fatal(err)
			}
			got := f.thread(t, th.ID)
			if got.UnitID != f.Other.ID || got.ResponsibleID != 0 {
				t.Errorf("thread in unit %d with %d, want Barnevern's shared inbox", got.UnitID, got.ResponsibleID)
			}
			if task := f.openTask(t, th.ID, "DM2.3"); task.UnitID != f.Other.ID {
				t.Errorf("DM2.3 in unit %d, want Barnevern", task.UnitID)
			}
			if _, err := f.Svc.StaffThread(ctx, f.EG, th.ID); torg.ErrorCode(err) != torg.ENOTFOUND {
				t.Errorf("EG still reads the forwarded thread: %v", err)
			}
			if err := f.Svc.Answer(ctx, f.Outsider, th.ID, "Vi tar kontakt.", nil, true); err != nil {
				t.Errorf("Barnevern answers: %v", err)
			}
		})

		t.Run("DM4 an application forwarded: the interim reply tells the expected handling time", func(t *testing.T) {
			if err := f.Svc.SetHandlingWeeks(ctx, f.Leader, f.Debt.ID, "3"); err != nil {
				t.Fatal(err)
			}
			th := f.write(t, f.Kari, torg.MsgApplication, "Jeg søker om hjelp til å forhandle med banken.")
			if err := f.Svc.Forward(ctx, f.EG, th.ID, casework.ForwardTo{EmployeeID: f.KH.ID}, ""); err != nil {
				t.Fatal(err)
			}
			got := f.thread(t, th.ID)
			wantStatus(t, got, torg.ThreadCaseHandling) // DM4.2
			ms := f.messages(t, th.ID)
			if last := ms[len(ms)-1]; !last.Interim || !strings.Contains(last.Body, "3 uker") {
				t.Errorf("interim reply %q, want the expected handling time of 3 weeks", last.Body)
			}
			if task := f.openTask(t, th.ID, "DM4.3"); task.AssigneeID != f.KH.ID {
				t.Errorf("DM4.3 on the list of employee %d, want the case handler it was forwarded to (%d)", task.AssigneeID, f.KH.ID)
			}
			if err := f.Svc.Answer(ctx, f.KH, th.ID, "Søknaden er innvilget. Vi ringer deg.", nil, true); err != nil {
				t.Fatal(err)
			}
			wantStatus(t, f.thread(t, th.ID), torg.ThreadDone)
		})

		t.Run("DM4 the service's own interim reply, in the citizen's language", func(t *testing.T) {
			err := f.Svc.SaveMessageTemplate(ctx, f.Leader, f.Debt.ID, casework.TemplateInput{Purpose: store.TemplateApplication,
				Lang: "nb", Body: "Søknaden er hos en saksbehandler i {unit}. Regn med {weeks} uker."})
			if err != nil {
				t.Fatal(err)
			}
			th := f.write(t, f.Kari, torg.MsgApplication, "Jeg søker igjen.")
			if err := f.Svc.Forward(ctx, f.EG, th.ID, casework.ForwardTo{EmployeeID: f.KH.ID}, ""); err != nil {
				t.Fatal(err)
			}
			ms := f.messages(t, th.ID)
			if want := "Søknaden er hos en saksbehandler i Gjeldsrådgivning. Regn med 3 uker."; ms[len(ms)-1].Body != want {
				t.Errorf("interim reply %q, want %q", ms[len(ms)-1].Body, want)
			}
		})
	})
}

func TestReclassifyAndSplit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newMsgFixture(t, db)
		ctx := f.ctx

		t.Run("DM7 an improper message goes to the leader, who closes it without an answer", func(t *testing.T) {
			th := f.write(t, f.Kari, torg.MsgInquiry, "Dere er noen idioter!!!")
			if err := f.Svc.Reclassify(ctx, f.EG, th.ID, "rude"); fieldOf(err) != "kind" {
				t.Errorf("an unknown kind: %v, want an error on kind", err)
			}
			if err := f.Svc.Reclassify(ctx, f.EG, th.ID, torg.MsgImproper); err != nil {
				t.Fatal(err)
			}
			got := f.thread(t, th.ID)
			if got.Kind != torg.MsgImproper || got.ResponsibleID != f.Leader.ID {
				t.Errorf("kind %s responsible %d, want improper with the leader", got.Kind, got.ResponsibleID)
			}
			task := f.openTask(t, th.ID, "DM7")
			if task.AssigneeID != 0 || task.UnitID != f.Debt.ID {
				t.Errorf("DM7 task = %+v, want on the unit's list for its leaders", task)
			}
			list, err := f.Svc.WorkList(ctx, f.Leader)
			if err != nil || !hasTask(list, task.ID) {
				t.Errorf("the leader's work list lacks the DM7 task: %v", err)
			}
			for _, step := range f.steps(t, th.ID) {
				if step == "DM1" {
					t.Error("the inquiry's DM1 still runs on an improper message")
				}
			}
			if err := f.Svc.SetThreadStatus(ctx, f.Leader, th.ID, torg.ThreadDone); err != nil {
				t.Fatal(err)
			}
			got = f.thread(t, th.ID)
			if got.Status != torg.ThreadDone || len(f.messages(t, th.ID)) != 1 {
				t.Errorf("status %s with %d messages, want done without an answer", got.Status, len(f.messages(t, th.ID)))
			}
		})

		t.Run("DM9 a message to the wrong recipient gets the reply at once and is done", func(t *testing.T) {
			th := f.write(t, f.Kari, torg.MsgInquiry, "Jeg trenger ny resept på blodtrykksmedisin.")
			if err := f.Svc.Reclassify(ctx, f.EG, th.ID, torg.MsgWrongRecipient); err != nil {
				t.Fatal(err)
			}
			got := f.thread(t, th.ID)
			wantStatus(t, got, torg.ThreadDone)
			ms := f.messages(t, th.ID)
			if len(ms) != 2 || !strings.Contains(ms[1].Body, "fastlegen") || ms[1].Interim || !got.AnsweredInTime() {
				t.Errorf("messages %s, want the wrong-recipient reply as the answer", fmtAll(ms))
			}
			if steps := f.steps(t, th.ID); len(steps) != 0 {
				t.Errorf("steps still running: %v", steps)
			}
		})

		t.Run("DM8 split into linked parts, each answered by its service", func(t *testing.T) {
			th := f.write(t, f.Kari, torg.MsgInquiry, "Hvor mye skylder jeg? Og når kommer barnevernet på besøk?")
			for _, bad := range []struct {
				parts []casework.SplitPart
				field string
			}{
				{nil, "parts"},
				{[]casework.SplitPart{{UnitID: f.Debt.ID, Body: "Hvor mye skylder jeg?"}}, "part_unit_0"},
				{[]casework.SplitPart{{UnitID: f.Other.ID, Body: " "}}, "part_body_0"},
				{[]casework.SplitPart{{UnitID: f.Other.ID, Body: "a"}, {UnitID: f.Other.ID, Body: "b"}}, "part_unit_1"},
			} {
				if _, err := f.Svc.Split(ctx, f.EG, th.ID, bad.parts); fieldOf(err) != bad.field {
					t.Errorf("split %+v: %v, want an error on %s", bad.parts, err, bad.field)
				}
			}
			parts, err := f.Svc.Split(ctx, f.EG, th.ID, []casework.SplitPart{{UnitID: f.Other.ID, Body: "Når kommer barnevernet på besøk?"}})
			if err != nil {
				t.Fatal(err)
			}
			got := f.thread(t, th.ID)
			if got.Kind != torg.MsgSeveralServices || got.Status != torg.ThreadCaseHandling { // DM8.2
				t.Errorf("original: kind %s status %s, want several services in case handling", got.Kind, got.Status)
			}
			part := parts[0]
			if part.UnitID != f.Other.ID || part.ParentID != th.ID || part.PersonID != f.Kari.ID || !part.Due.Equal(th.Due) {
				t.Errorf("part = %+v, want Kari's, to Barnevern, linked, due as the original", part)
			}
			v, err := f.Svc.Inbox(ctx, f.Outsider, f.Other.ID, casework.FilterOpen)
			if err != nil || !inboxHas(v, part.ID) {
				t.Fatalf("Barnevern's inbox lacks the part: %v", err)
			}
			pv, err := f.Svc.StaffThread(ctx, f.Outsider, part.ID)
			if err != nil || pv.Parent != nil && pv.Parent.ID != th.ID || pv.Messages[0].Body != "Når kommer barnevernet på besøk?" ||
				!pv.Messages[0].FromCitizen {
				t.Errorf("Barnevern's part: %v, %s", err, fmtAll(pv))
			}
			if err := f.Svc.Answer(ctx, f.Outsider, part.ID, "Vi kommer på tirsdag.", nil, true); err != nil {
				t.Fatal(err)
			}
			if err := f.Svc.Answer(ctx, f.EG, th.ID, "Du skylder 12 000 kroner.", nil, true); err != nil {
				t.Fatal(err)
			}
			wantStatus(t, f.thread(t, part.ID), torg.ThreadDone)
			wantStatus(t, f.thread(t, th.ID), torg.ThreadDone)
			cv, err := f.Svc.CitizenThread(ctx, f.Kari, th.ID)
			if err != nil || len(cv.Children) != 1 || cv.Children[0].ID != part.ID {
				t.Errorf("Kari's thread does not link the part: %v", err)
			}
		})
	})
}

func TestLinkAndFormalRecord(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newMsgFixture(t, db)
		ctx := f.ctx
		tore := &torg.Case{MunicipalityID: f.Muni.ID, UnitID: f.Debt.ID, Type: torg.CaseTypeDebt, Title: "Gjeldsrådgivning – Tore Tausen",
			ResponsibleID: f.Leader.ID, Status: torg.CaseOpen}
		err := db.Write(ctx, func(q *store.Q) error {
			if err := q.CreateCase(ctx, tore, casetest.Now); err != nil {
				return err
			}
			return q.AddParty(ctx, &torg.Party{CaseID: tore.ID, PersonID: f.Confidential.ID, Role: torg.PartyApplicant})
		})
		if err != nil {
			t.Fatal(err)
		}

		t.Run("a thread linked to the citizen's case has every message journaled", func(t *testing.T) {
			th, err := f.Svc.OpenThreadForTest(ctx, f.Confidential, f.Debt.ID, torg.MsgInquiry, "Hvordan går det med saken?")
			if err != nil {
				t.Fatal(err)
			}
			if err := f.Svc.Answer(ctx, f.Leader, th.ID, "Vi venter på svar fra banken.", nil, false); err != nil {
				t.Fatal(err)
			}
			if err := f.Svc.LinkThread(ctx, f.Leader, th.ID, f.KariCase.ID); fieldOf(err) != "case" {
				t.Errorf("link to Kari's case: %v, want an error on case", err)
			}
			if err := f.Svc.LinkThread(ctx, f.EG, th.ID, tore.ID); torg.ErrorCode(err) != torg.ENOTFOUND {
				t.Errorf("EG links a kode 7 thread: %v, want ENOTFOUND", err)
			}
			before := len(mustRecords(t, f, tore.ID))
			if err := f.Svc.LinkThread(ctx, f.Leader, th.ID, tore.ID); err != nil {
				t.Fatal(err)
			}
			recs := mustRecords(t, f, tore.ID)[before:]
			if len(recs) != 2 || recs[0].Type != torg.RecordIncoming || recs[1].Type != torg.RecordOutgoing {
				t.Fatalf("records %s, want the citizen's message in and the answer out", fmtAll(recs))
			}
			if err := f.Svc.LinkThread(ctx, f.Leader, th.ID, tore.ID); torg.ErrorCode(err) != torg.ECONFLICT {
				t.Errorf("linking twice: %v, want ECONFLICT", err)
			}
			if err := f.Svc.Answer(ctx, f.Leader, th.ID, "Banken har svart.", nil, true); err != nil {
				t.Fatal(err)
			}
			if n := len(mustRecords(t, f, tore.ID)) - before; n != 3 {
				t.Errorf("%d records after the next answer, want 3", n)
			}
		})

		t.Run("DM6 a complaint: facts checked, answered, the leader answers through a formal record", func(t *testing.T) {
			th := f.write(t, f.Kari, torg.MsgComplaint, "Jeg fikk aldri svar på brevet mitt i oktober.")
			if err := f.Svc.ThreadTask(ctx, f.EG, th.ID, f.openTask(t, th.ID, "DM6.1").ID, ""); err != nil {
				t.Fatal(err)
			}
			wantStatus(t, f.thread(t, th.ID), torg.ThreadCaseHandling) // DM6.2
			if err := f.Svc.AnswerAsRecord(ctx, f.EG, th.ID, "Svar"); torg.ErrorCode(err) != torg.EFORBIDDEN {
				t.Errorf("a counsellor answers through a record: %v, want EFORBIDDEN", err)
			}
			if err := f.Svc.Answer(ctx, f.EG, th.ID, "Beklager, brevet ble liggende. Du får svar i dag.", nil, true); err != nil {
				t.Fatal(err)
			}
			wantStatus(t, f.thread(t, th.ID), torg.ThreadDone)
			task := f.openTask(t, th.ID, "DM6.4")
			list, err := f.Svc.WorkList(ctx, f.Leader)
			if err != nil || !hasTask(list, task.ID) {
				t.Fatalf("the leader's work list lacks DM6.4: %v", err)
			}
			if sv, err := f.Svc.StaffThreadPage(ctx, f.Leader, th.ID); err != nil || !sv.CanRecord {
				t.Errorf("the leader is not offered the formal answer while considering it: %v", err)
			}
			if sv, err := f.Svc.StaffThreadPage(ctx, f.EG, th.ID); err != nil || sv.CanRecord {
				t.Errorf("a counsellor is offered the formal answer: %v", err)
			}
			if err := f.Svc.AnswerAsRecord(ctx, f.Leader, th.ID, " "); fieldOf(err) != "record_body" {
				t.Errorf("an empty formal answer: %v, want an error on record_body", err)
			}
			before := len(mustRecords(t, f, f.KariCase.ID))
			body := "Vi har gått gjennom saken. Brevet ditt ble ikke besvart i tide, og vi har endret rutinene våre."
			if err := f.Svc.AnswerAsRecord(ctx, f.Leader, th.ID, body); err != nil {
				t.Fatal(err)
			}
			recs := mustRecords(t, f, f.KariCase.ID)[before:]
			if len(recs) != 1 || recs[0].Type != torg.RecordOutgoing || recs[0].Title != "Svar på klagen din" ||
				!strings.Contains(recs[0].Body, "endret rutinene") || len(recs[0].Documents) != 1 {
				t.Fatalf("records %s, want one outgoing letter with its PDF", fmtAll(recs))
			}
			ms := f.messages(t, th.ID)
			if last := ms[len(ms)-1]; last.RecordID != recs[0].ID || !strings.Contains(last.Body, "digitale postkassen") {
				t.Errorf("the thread's last message %+v, want the note that the letter went to the mailbox", last)
			}
			letter, err := db.R().OutboxByKey(ctx, "thread/"+itoa(th.ID)+"/record/"+itoa(recs[0].ID))
			if err != nil || letter.Channel != store.ChannelMailbox || letter.Subject != "Svar på klagen din" || letter.DocumentSHA256 == "" {
				t.Errorf("the letter in the outbox: %+v, %v; want it for Kari's digital mailbox with its PDF", letter, err)
			}
			for _, tk := range mustThreadTasks(t, f, th.ID) {
				if tk.Step == "DM6.4" && !tk.IsDone() {
					t.Error("DM6.4 is still open after the formal answer")
				}
			}
			if sv, err := f.Svc.StaffThreadPage(ctx, f.Leader, th.ID); err != nil || sv.CanRecord {
				t.Errorf("the formal answer is offered again after it was given: %v", err)
			}
		})

		t.Run("DM6 a formal answer needs the case it is filed in", func(t *testing.T) {
			th, err := f.Svc.OpenThreadForTest(ctx, f.Confidential, f.Debt.ID, torg.MsgComplaint, "Klage")
			if err != nil {
				t.Fatal(err)
			}
			if err := f.Svc.AnswerAsRecord(ctx, f.Leader, th.ID, "Svar"); fieldOf(err) != "record_body" {
				t.Errorf("a formal answer without a case: %v", err)
			}
			inq := f.write(t, f.Kari, torg.MsgInquiry, "Spørsmål")
			if err := f.Svc.AnswerAsRecord(ctx, f.Leader, inq.ID, "Svar"); torg.ErrorCode(err) != torg.ECONFLICT {
				t.Errorf("a formal answer to an inquiry: %v, want ECONFLICT", err)
			}
		})
	})
}

func TestAppointmentChange(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newMsgFixture(t, db)
		ctx := f.ctx
		book := func(start time.Time) *torg.Appointment {
			ap := &torg.Appointment{MunicipalityID: f.Muni.ID, CaseID: f.KariCase.ID, CounsellorID: f.KH.ID,
				Start: start, End: start.Add(time.Hour), Place: "Hjemme hos Kari", Status: torg.AppointmentBooked}
			if err := db.Write(ctx, func(q *store.Q) error { return q.CreateAppointment(ctx, ap, casetest.Now) }); err != nil {
				t.Fatal(err)
			}
			return ap
		}
		write := func(ap *torg.Appointment, body string) *torg.Thread {
			th, err := f.Svc.WriteMessage(ctx, f.Kari, casework.NewMessage{UnitID: f.Debt.ID, Kind: torg.MsgAppointmentChange,
				Body: body, AppointmentID: ap.ID})
			if err != nil {
				t.Fatal(err)
			}
			return th
		}

		t.Run("DM3 a moved visit: the work list changes and the employee due on it is told on their phone", func(t *testing.T) {
			ap := book(osloTime("2026-11-25 10:00"))
			th := write(ap, "Kan vi flytte besøket på onsdag til torsdag?")
			in := casework.AppointmentChange{AppointmentID: ap.ID, Date: "26.11.2026", Start: "13:00", End: "12:00"}
			if err := f.Svc.ChangeAppointment(ctx, f.Leader, th.ID, in); fieldOf(err) != "end" {
				t.Errorf("ending before it starts: %v, want an error on end", err)
			}
			in.End = "14:00"
			if err := f.Svc.ChangeAppointment(ctx, f.Leader, th.ID, in); err != nil {
				t.Fatal(err)
			}
			got, err := db.R().Appointment(ctx, f.Muni.ID, ap.ID)
			if err != nil || !got.Start.Equal(osloTime("2026-11-26 13:00")) || got.Status != torg.AppointmentBooked {
				t.Errorf("appointment = %+v, %v; want Thursday 13:00", got, err)
			}
			day, err := db.R().CounsellorAppointments(ctx, f.KH.ID, osloTime("2026-11-26 00:00"), osloTime("2026-11-27 00:00"))
			if err != nil || len(day) != 1 {
				t.Errorf("KH's Thursday: %d appointments, %v; want the moved visit", len(day), err)
			}
			wantNotice(t, f, f.KH, "flyttet til")
			f.openTask(t, th.ID, "DM3.3")
			for _, tk := range mustThreadTasks(t, f, th.ID) {
				if (tk.Step == "DM3.1" || tk.Step == "DM3.2") && !tk.IsDone() {
					t.Errorf("%s still open after the change", tk.Step)
				}
			}
			if err := f.Svc.Answer(ctx, f.Leader, th.ID, "Besøket er flyttet til torsdag kl. 13.", nil, true); err != nil {
				t.Fatal(err)
			}
			wantStatus(t, f.thread(t, th.ID), torg.ThreadDone)
		})

		t.Run("DM3 a visit given to a colleague: both are told", func(t *testing.T) {
			ap := book(osloTime("2026-11-27 09:00"))
			th := write(ap, "Kan noen andre komme på fredag?")
			in := casework.AppointmentChange{AppointmentID: ap.ID, Date: "2026-11-27", Start: "09:00", End: "10:00", EmployeeID: f.Outsider.ID}
			if err := f.Svc.ChangeAppointment(ctx, f.Leader, th.ID, in); fieldOf(err) != "employee" {
				t.Errorf("a colleague of another service: %v, want an error on employee", err)
			}
			in.EmployeeID = f.EG.ID
			if err := f.Svc.ChangeAppointment(ctx, f.Leader, th.ID, in); err != nil {
				t.Fatal(err)
			}
			wantNotice(t, f, f.KH, "gitt til en kollega")
			wantNotice(t, f, f.EG, "Du har fått avtalen")
		})

		t.Run("DM3 a cancelled visit", func(t *testing.T) {
			ap := book(osloTime("2026-11-30 10:00"))
			other := book(osloTime("2026-12-01 10:00"))
			th := write(ap, "Jeg må avlyse besøket på mandag.")
			if err := f.Svc.CancelAppointment(ctx, f.Leader, th.ID, other.ID); fieldOf(err) != "appointment" {
				t.Errorf("cancelling another appointment than the message's: %v", err)
			}
			if err := f.Svc.CancelAppointment(ctx, f.EG, th.ID, ap.ID); err != nil {
				t.Fatal(err)
			}
			got, _ := db.R().Appointment(ctx, f.Muni.ID, ap.ID)
			if got.Status != torg.AppointmentCancelled {
				t.Errorf("status %s, want cancelled", got.Status)
			}
			wantNotice(t, f, f.KH, "avlyst")
			if err := f.Svc.CancelAppointment(ctx, f.EG, th.ID, ap.ID); torg.ErrorCode(err) != torg.ECONFLICT {
				t.Errorf("cancelling twice: %v, want ECONFLICT", err)
			}
			inq := f.write(t, f.Kari, torg.MsgInquiry, "Spørsmål")
			if err := f.Svc.CancelAppointment(ctx, f.EG, inq.ID, other.ID); torg.ErrorCode(err) != torg.ECONFLICT {
				t.Errorf("an inquiry cancels an appointment: %v, want ECONFLICT", err)
			}
		})
	})
}

func TestCompliance(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newMsgFixture(t, db)
		ctx := f.ctx
		defer func() { f.Clock.T = casetest.Now }()
		inTime := f.write(t, f.Kari, torg.MsgInquiry, "Spørsmål 1") // due Tuesday 08:30
		late := f.write(t, f.Kari, torg.MsgInquiry, "Spørsmål 2")
		overdue := f.write(t, f.Kari, torg.MsgComplaint, "Klage")
		waiting := f.write(t, f.Kari, torg.MsgInquiry, "Spørsmål 3")
		hidden := f.write(t, f.Protected, torg.MsgInquiry, "Spørsmål 4")
		if err := f.Svc.Answer(ctx, f.EG, inTime.ID, "Svar", nil, true); err != nil {
			t.Fatal(err)
		}
		if err := f.Svc.WaitForCitizen(ctx, f.EG, waiting.ID, "Hva mener du?"); err != nil {
			t.Fatal(err)
		}
		f.Clock.T = osloTime("2026-11-24 12:00")
		if err := f.Svc.Answer(ctx, f.EG, late.ID, "Svar", nil, true); err != nil {
			t.Fatal(err)
		}
		if _, err := f.Svc.Compliance(ctx, f.EG, f.Debt.ID, torg.Date{}, torg.Date{}); torg.ErrorCode(err) != torg.ENOTFOUND {
			t.Errorf("a counsellor's compliance view: %v, want ENOTFOUND", err)
		}
		day := torg.Date{Year: 2026, Month: 11, Day: 23}
		if _, err := f.Svc.Compliance(ctx, f.Leader, f.Debt.ID, day, day.AddDays(-1)); fieldOf(err) != "to" {
			t.Errorf("a period ending before it starts: %v", err)
		}
		v, err := f.Svc.Compliance(ctx, f.Leader, f.Debt.ID, day, day)
		if err != nil {
			t.Fatal(err)
		}
		want := casework.ComplianceRow{Kind: "total", Received: 5, InTime: 1, Late: 1, Overdue: 2, Pending: 1}
		if v.Total != want {
			t.Errorf("total = %+v, want %+v", v.Total, want)
		}
		if v.Total.Percent() != 25 {
			t.Errorf("in time %d%%, want 25%%", v.Total.Percent())
		}
		outcomes := map[int64]string{}
		for _, ct := range v.Threads {
			outcomes[ct.ID] = ct.Outcome
		}
		for id, want := range map[int64]string{inTime.ID: casework.OutcomeInTime, late.ID: casework.OutcomeLate,
			overdue.ID: casework.OutcomeOverdue, waiting.ID: casework.OutcomePending, hidden.ID: casework.OutcomeOverdue} {
			if outcomes[id] != want {
				t.Errorf("thread %d: %s, want %s", id, outcomes[id], want)
			}
		}
		if len(v.Rows) != 2 || v.Rows[0].Kind != torg.MsgInquiry || v.Rows[1].Kind != torg.MsgComplaint || v.Rows[1].Overdue != 1 {
			t.Errorf("rows = %+v, want inquiries then complaints", v.Rows)
		}
		next, err := f.Svc.Compliance(ctx, f.Leader, f.Debt.ID, day.AddDays(1), day.AddDays(1))
		if err != nil || next.Total.Received != 0 {
			t.Errorf("the next day: %+v, %v; want nothing received", next.Total, err)
		}
	})
}

func fieldOf(err error) string {
	if e := torg.AsError(err); e != nil {
		return e.Field
	}
	return ""
}

func mustThreadTasks(t *testing.T, f *msgFixture, id int64) []*torg.Task {
	t.Helper()
	ts, err := f.DB.R().ThreadTasks(f.ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return ts
}

func mustRecords(t *testing.T, f *msgFixture, caseID int64) []*torg.Record {
	t.Helper()
	rs, err := f.DB.R().CaseRecords(f.ctx, caseID)
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

func wantNotice(t *testing.T, f *msgFixture, e *torg.Employee, text string) {
	t.Helper()
	p, err := f.Svc.Notices(f.ctx, e)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range p.Notices {
		if strings.Contains(n.Body, text) {
			return
		}
	}
	t.Errorf("%s has no notice saying %q: %s", e.Username, text, fmtAll(p.Notices))
}
