package casework_test

import (
	"archive/zip"
	"bytes"
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/casework/casetest"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

// msgFixture is the casetest municipality with its routines loaded, for the
// citizen message tests (DM1–DM9).
type msgFixture struct {
	*casetest.Fixture
	ctx context.Context
}

func newMsgFixture(t *testing.T, db *store.DB) *msgFixture {
	t.Helper()
	f := &msgFixture{Fixture: casetest.New(t, db), ctx: context.Background()}
	if _, err := f.Svc.LoadRoutines(f.ctx); err != nil {
		t.Fatal(err)
	}
	return f
}

var osloLoc = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		panic(err)
	}
	return loc
}()

func osloTime(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, osloLoc)
	if err != nil {
		panic(err)
	}
	return t
}

// write has p write to the debt service and fails the test on error.
func (f *msgFixture) write(t *testing.T, p *torg.Person, kind, body string) *torg.Thread {
	t.Helper()
	th, err := f.Svc.WriteMessage(f.ctx, p, casework.NewMessage{UnitID: f.Debt.ID, Kind: kind, Subject: "Spørsmål", Body: body})
	if err != nil {
		t.Fatal(err)
	}
	return th
}

func (f *msgFixture) thread(t *testing.T, id int64) *torg.Thread {
	t.Helper()
	th, err := f.DB.R().Thread(f.ctx, f.Muni.ID, id)
	if err != nil {
		t.Fatal(err)
	}
	return th
}

// openTask returns the thread's open task for a step; it fails the test if
// there is none.
func (f *msgFixture) openTask(t *testing.T, threadID int64, step string) *torg.Task {
	t.Helper()
	ts, err := f.DB.R().ThreadTasks(f.ctx, threadID)
	if err != nil {
		t.Fatal(err)
	}
	for _, task := range ts {
		if task.Step == step && !task.IsDone() {
			return task
		}
	}
	t.Fatalf("no open task for step %s; tasks: %s", step, taskSteps(ts))
	return nil
}

func taskSteps(ts []*torg.Task) string {
	var out []string
	for _, t := range ts {
		s := t.Step
		if t.IsDone() {
			s += "(done)"
		}
		out = append(out, s)
	}
	return strings.Join(out, ", ")
}

func (f *msgFixture) complete(t *testing.T, as *torg.Employee, threadID int64, step, outcome string) {
	t.Helper()
	task := f.openTask(t, threadID, step)
	if err := f.Svc.CompleteTask(f.ctx, as, task.ID, outcome, ""); err != nil {
		t.Fatalf("complete %s: %v", step, err)
	}
}

func (f *msgFixture) steps(t *testing.T, threadID int64) []string {
	t.Helper()
	s, err := f.Svc.ThreadStepsForTest(f.ctx, threadID)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func (f *msgFixture) messages(t *testing.T, threadID int64) []*torg.Message {
	t.Helper()
	ms, err := f.DB.R().ThreadMessages(f.ctx, threadID)
	if err != nil {
		t.Fatal(err)
	}
	return ms
}

func wantStatus(t *testing.T, th *torg.Thread, status string) {
	t.Helper()
	if th.Status != status {
		t.Errorf("thread %d status = %s, want %s", th.ID, th.Status, status)
	}
}

func TestCitizenMessageRoutine(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newMsgFixture(t, db)
		ctx := f.ctx

		t.Run("DM1 an inquiry is read and answered by its owner within a day", func(t *testing.T) {
			th := f.write(t, f.Kari, torg.MsgInquiry, "Når er neste møte?")
			wantStatus(t, th, torg.ThreadNew)
			// Kari has a debt case with Eva Gran responsible: the message goes to her and onto the case.
			if th.CaseID != f.KariCase.ID || th.ResponsibleID != f.EG.ID {
				t.Errorf("thread case %d responsible %d, want case %d and EG", th.CaseID, th.ResponsibleID, f.KariCase.ID)
			}
			// Monday 09:00 + 7 working hours (08:00–15:30) = Tuesday 08:30.
			if want := osloTime("2026-11-24 08:30"); !th.Due.Equal(want) {
				t.Errorf("due %v, want %v", th.Due.In(osloLoc), want)
			}
			task := f.openTask(t, th.ID, "DM1")
			if task.AssigneeID != f.EG.ID || !slices.Equal(task.Outcomes, []string{"answer", "forward"}) {
				t.Errorf("DM1 task = %+v", task)
			}
			f.complete(t, f.EG, th.ID, "DM1", "answer")
			f.complete(t, f.EG, th.ID, "DM1-answer", "")
			th = f.thread(t, th.ID)
			wantStatus(t, th, torg.ThreadDone)
			if th.Done.IsZero() {
				t.Error("a done thread has no done time")
			}
		})

		t.Run("DM1 answering from the thread does the routine's steps", func(t *testing.T) {
			th := f.write(t, f.Kari, torg.MsgInquiry, "Kan jeg ta med meg en venn?")
			f.Clock.T = f.Clock.T.Add(time.Hour)
			defer func() { f.Clock.T = casetest.Now }()
			if err := f.Svc.AnswerForTest(ctx, f.EG, th.ID, "Ja, det går fint.", nil, false); err != nil {
				t.Fatal(err)
			}
			th = f.thread(t, th.ID)
			wantStatus(t, th, torg.ThreadDone)
			if !th.FirstAnswer.Equal(f.Clock.T) || !th.AnsweredInTime() {
				t.Errorf("first answer %v (due %v), want answered in time at %v", th.FirstAnswer, th.Due, f.Clock.T)
			}
			if steps := f.steps(t, th.ID); len(steps) != 0 {
				t.Errorf("running steps after the answer: %v", steps)
			}
			ts, _ := f.DB.R().ThreadTasks(ctx, th.ID)
			for _, task := range ts {
				if !task.IsDone() {
					t.Errorf("task %s still open after the answer", task.Step)
				}
			}
		})

		t.Run("DM1 a protected citizen's words stay off the unit's work list", func(t *testing.T) {
			th := f.write(t, f.Protected, torg.MsgInquiry, "Jeg har flyttet til Storgata 5")
			if task := f.openTask(t, th.ID, "DM1"); task.Detail != "" || task.AssigneeID != 0 {
				t.Errorf("DM1 task = %+v, want no detail on the shared list", task)
			}
			plain := f.write(t, f.Kari, torg.MsgInquiry, "Hei")
			if task := f.openTask(t, plain.ID, "DM1"); task.Detail != "Spørsmål" {
				t.Errorf("DM1 task detail = %q, want the subject", task.Detail)
			}
		})

		t.Run("DM2 an inquiry for another employee: interim reply, forward, in progress, answer", func(t *testing.T) {
			th := f.write(t, f.Kari, torg.MsgInquiry, "Jeg vil snakke med Knut om budsjettet.")
			f.complete(t, f.EG, th.ID, "DM1", "forward")
			if task := f.openTask(t, th.ID, "DM2.1"); task.AssigneeID != f.EG.ID || task.Due.IsZero() {
				t.Errorf("DM2.1 task = %+v, want EG's with a due date", task)
			}
			// DM2.1 done: the interim reply is sent and Knut Hansen takes over.
			if err := f.Svc.AnswerForTest(ctx, f.EG, th.ID, "Meldingen er sendt videre til Knut Hansen.", nil, true); err != nil {
				t.Fatal(err)
			}
			f.complete(t, f.EG, th.ID, "DM2.1", "")
			th = f.thread(t, th.ID)
			wantStatus(t, th, torg.ThreadInProgress) // DM2.2
			if !th.FirstAnswer.IsZero() {
				t.Error("an interim reply counted as the answer")
			}
			f.openTask(t, th.ID, "DM2.3")
			if err := f.Svc.AnswerForTest(ctx, f.KH, th.ID, "Budsjettet ser bra ut.", nil, false); err != nil {
				t.Fatal(err)
			}
			wantStatus(t, f.thread(t, th.ID), torg.ThreadDone)
			ms := f.messages(t, th.ID)
			if len(ms) != 3 || !ms[1].Interim || ms[2].AuthorID != f.KH.ID {
				t.Errorf("messages = %s", fmtAll(ms))
			}
		})

		t.Run("DM3 an appointment change goes to the work-list distributor and the employee due on the visit", func(t *testing.T) {
			ap := &torg.Appointment{MunicipalityID: f.Muni.ID, CaseID: f.KariCase.ID, CounsellorID: f.KH.ID,
				Start: casetest.Now.Add(48 * time.Hour), End: casetest.Now.Add(49 * time.Hour), Place: "Hjemme", Status: torg.AppointmentBooked}
			if err := db.Write(ctx, func(q *store.Q) error { return q.CreateAppointment(ctx, ap, casetest.Now) }); err != nil {
				t.Fatal(err)
			}
			th, err := f.Svc.WriteMessage(ctx, f.Kari, casework.NewMessage{UnitID: f.Debt.ID, Kind: torg.MsgAppointmentChange,
				Body: "Jeg må avlyse besøket på onsdag.", AppointmentID: ap.ID})
			if err != nil {
				t.Fatal(err)
			}
			if th.AppointmentID != ap.ID {
				t.Errorf("appointment %d, want %d", th.AppointmentID, ap.ID)
			}
			// "As soon as possible": by closing time the same working day.
			if want := osloTime("2026-11-23 15:30"); !th.Due.Equal(want) {
				t.Errorf("due %v, want %v", th.Due.In(osloLoc), want)
			}
			if task := f.openTask(t, th.ID, "DM3.1"); task.AssigneeID != 0 || task.UnitID != f.Debt.ID {
				t.Errorf("DM3.1 = %+v, want the unit's shared list", task)
			}
			if task := f.openTask(t, th.ID, "DM3.2"); task.AssigneeID != f.KH.ID {
				t.Errorf("DM3.2 notice to %d, want KH who is due on the visit", task.AssigneeID)
			}
			f.complete(t, f.Leader, th.ID, "DM3.1", "")
			f.complete(t, f.Leader, th.ID, "DM3.3", "")
			wantStatus(t, f.thread(t, th.ID), torg.ThreadDone)
		})

		t.Run("DM4 an application: interim reply with handling time, in case handling, full answer", func(t *testing.T) {
			th := f.write(t, f.Kari, torg.MsgApplication, "Jeg søker om hjelp til å forhandle med banken.")
			f.openTask(t, th.ID, "DM4.1")
			f.complete(t, f.EG, th.ID, "DM4.1", "")
			wantStatus(t, f.thread(t, th.ID), torg.ThreadCaseHandling) // DM4.2
			f.openTask(t, th.ID, "DM4.3")
			if err := f.Svc.AnswerForTest(ctx, f.EG, th.ID, "Søknaden er innvilget.", nil, false); err != nil {
				t.Fatal(err)
			}
			wantStatus(t, f.thread(t, th.ID), torg.ThreadDone)
		})

		t.Run("DM5 an invoice question is in case handling at once", func(t *testing.T) {
			th := f.write(t, f.Kari, torg.MsgInvoice, "Fakturaen for oktober er feil.")
			wantStatus(t, th, torg.ThreadCaseHandling) // DM5.2
			f.openTask(t, th.ID, "DM5.1")
			if err := f.Svc.AnswerForTest(ctx, f.EG, th.ID, "Fakturaen er kreditert.", nil, false); err != nil {
				t.Fatal(err)
			}
			wantStatus(t, f.thread(t, th.ID), torg.ThreadDone)
		})

		t.Run("DM6 a complaint: facts checked within a day, handled, the leader considers a formal answer", func(t *testing.T) {
			th := f.write(t, f.Kari, torg.MsgComplaint, "Jeg fikk aldri svar på brevet mitt.")
			if want := osloTime("2026-11-24 08:30"); !th.Due.Equal(want) {
				t.Errorf("due %v, want %v", th.Due.In(osloLoc), want)
			}
			f.complete(t, f.Leader, th.ID, "DM6.1", "")
			wantStatus(t, f.thread(t, th.ID), torg.ThreadCaseHandling) // DM6.2
			f.complete(t, f.Leader, th.ID, "DM6.3", "")
			wantStatus(t, f.thread(t, th.ID), torg.ThreadDone)
			if task := f.openTask(t, th.ID, "DM6.4"); task.AssigneeID != 0 {
				t.Errorf("DM6.4 assigned to %d, want the unit's leaders", task.AssigneeID)
			}
		})

		t.Run("DM7 an improper message goes to the leader", func(t *testing.T) {
			th, err := f.Svc.OpenThreadForTest(ctx, f.Confidential, f.Debt.ID, torg.MsgImproper, "Dere er noen idioter!!!")
			if err != nil {
				t.Fatal(err)
			}
			task := f.openTask(t, th.ID, "DM7")
			if task.AssigneeID != 0 || task.UnitID != f.Debt.ID {
				t.Errorf("DM7 task = %+v, want on the unit's list for its leaders", task)
			}
			if err := f.Svc.CompleteTask(ctx, f.Leader, task.ID, "", ""); err != nil {
				t.Errorf("the leader completes the notice: %v", err)
			}
		})

		t.Run("DM8 questions for several services: in case handling until the other service answers", func(t *testing.T) {
			th, err := f.Svc.OpenThreadForTest(ctx, f.Confidential, f.Debt.ID, torg.MsgSeveralServices, "Gjeld og barnehage")
			if err != nil {
				t.Fatal(err)
			}
			f.complete(t, f.KH, th.ID, "DM8.1", "")
			wantStatus(t, f.thread(t, th.ID), torg.ThreadCaseHandling) // DM8.2
			f.complete(t, f.KH, th.ID, "DM8.3", "")
			wantStatus(t, f.thread(t, th.ID), torg.ThreadDone)
		})

		t.Run("DM9 a message to the wrong recipient is answered within a day and done", func(t *testing.T) {
			th, err := f.Svc.OpenThreadForTest(ctx, f.Confidential, f.Debt.ID, torg.MsgWrongRecipient, "Søknad om byggetillatelse")
			if err != nil {
				t.Fatal(err)
			}
			if th.Due.IsZero() {
				t.Error("DM9 has no due time")
			}
			if err := f.Svc.AnswerForTest(ctx, f.KH, th.ID, "Send meldingen på nytt til byggesak.", nil, false); err != nil {
				t.Fatal(err)
			}
			wantStatus(t, f.thread(t, th.ID), torg.ThreadDone)
		})
	})
}

func TestMessagesJournaledAndNotified(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newMsgFixture(t, db)
		ctx := f.ctx
		pdf := []byte("%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF")
		th, err := f.Svc.WriteMessage(ctx, f.Kari, casework.NewMessage{UnitID: f.Debt.ID, Kind: torg.MsgInquiry,
			Subject: "Lønnsslipp", Body: "Her er lønnsslippen.", Files: []casework.Upload{{Filename: "lønn.pdf", Data: pdf}}})
		if err != nil {
			t.Fatal(err)
		}
		secret := "Saldoen på kontoen din er 12 345 kroner."
		if err := f.Svc.AnswerForTest(ctx, f.EG, th.ID, secret, nil, false); err != nil {
			t.Fatal(err)
		}
		recs, err := db.R().CaseRecords(ctx, f.KariCase.ID)
		if err != nil {
			t.Fatal(err)
		}
		var in, out *torg.Record
		for _, r := range recs {
			switch {
			case r.Type == torg.RecordIncoming && strings.Contains(r.Title, "Lønnsslipp"):
				in = r
			case r.Type == torg.RecordOutgoing && strings.Contains(r.Title, "Lønnsslipp"):
				out = r
			}
		}
		if in == nil || out == nil {
			t.Fatalf("records on the case: %s", fmtAll(recs))
		}
		if in.Body != "Her er lønnsslippen." || len(in.Documents) != 1 || in.Documents[0].MediaType != "application/pdf" ||
			in.PersonID != f.Kari.ID {
			t.Errorf("incoming record = %+v", in)
		}
		if out.Body != secret || out.CreatedBy != f.EG.ID {
			t.Errorf("outgoing record = %+v", out)
		}
		ms := f.messages(t, th.ID)
		if ms[0].RecordID != in.ID || ms[1].RecordID != out.ID {
			t.Errorf("messages point to records %d, %d; want %d, %d", ms[0].RecordID, ms[1].RecordID, in.ID, out.ID)
		}
		n, err := db.R().OutboxByKey(ctx, "thread/"+itoa(th.ID)+"/message/"+itoa(ms[1].ID)+"/notify")
		if err != nil {
			t.Fatalf("no notice for the answer: %v", err)
		}
		if n.Channel != store.ChannelSMS || n.Recipient != f.Kari.Phone || strings.Contains(n.Body, "12 345") ||
			!strings.Contains(n.Body, "innbyggerportalen") {
			t.Errorf("notice = %+v: an SMS that says only that something is new", n)
		}
		if _, err := db.R().OutboxByKey(ctx, "thread/"+itoa(th.ID)+"/message/"+itoa(ms[0].ID)+"/notify"); torg.ErrorCode(err) != torg.ENOTFOUND {
			t.Errorf("the citizen was notified of their own message: %v", err)
		}

		t.Run("e-mail when the citizen has no phone, nothing when neither", func(t *testing.T) {
			p := f.Confidential
			p.Phone, p.Email = "", "tore@example.org"
			if err := db.Write(ctx, func(q *store.Q) error { return q.UpdatePerson(ctx, p, casetest.Now) }); err != nil {
				t.Fatal(err)
			}
			th := f.write(t, p, torg.MsgInquiry, "Hei")
			if err := f.Svc.AnswerForTest(ctx, f.KH, th.ID, "Hei selv", nil, false); err != nil {
				t.Fatal(err)
			}
			ms := f.messages(t, th.ID)
			n, err := db.R().OutboxByKey(ctx, "thread/"+itoa(th.ID)+"/message/"+itoa(ms[1].ID)+"/notify")
			if err != nil || n.Channel != store.ChannelEmail || n.Recipient != p.Email || strings.Contains(n.Body, "Hei selv") {
				t.Errorf("notice = %+v, %v", n, err)
			}
			if th.CaseID != 0 {
				t.Errorf("a citizen without a case got case %d", th.CaseID)
			}
		})
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestMessageDeadlines(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newMsgFixture(t, db)
		ctx := f.ctx

		t.Run("Friday afternoon before Constitution Day and Whit Monday: due on Tuesday", func(t *testing.T) {
			// Friday 14 May 2027 14:00; Monday 17 May is both Grunnlovsdag and 2. pinsedag.
			f.Clock.T = osloTime("2027-05-14 14:00").UTC()
			defer func() { f.Clock.T = casetest.Now }()
			th := f.write(t, f.Confidential, torg.MsgInquiry, "Hva gjør jeg med inkassobrevet?")
			// 1.5 hours on Friday, none on the weekend or the holiday, 5.5 on Tuesday.
			if want := osloTime("2027-05-18 13:30"); !th.Due.Equal(want) {
				t.Errorf("due %v, want %v", th.Due.In(osloLoc), want)
			}
			f.Clock.T = osloTime("2027-05-18 13:00").UTC()
			if th := f.thread(t, th.ID); th.Overdue(f.Clock.T) {
				t.Error("overdue before its due time")
			}
			if soon, err := f.Svc.DueSoon(ctx, th, 2*time.Hour); err != nil || !soon {
				t.Errorf("due soon = %v, %v; want true half an hour before", soon, err)
			}
			if !th.Overdue(osloTime("2027-05-18 13:31")) {
				t.Error("not overdue after its due time")
			}
		})

		t.Run("a pause while waiting for the citizen moves the due time on", func(t *testing.T) {
			th := f.write(t, f.Confidential, torg.MsgComplaint, "Jeg er misfornøyd.") // Monday 09:00, due Tuesday 08:30
			f.Clock.T = osloTime("2026-11-23 10:00").UTC()
			defer func() { f.Clock.T = casetest.Now }()
			if err := f.Svc.WaitForTest(ctx, f.Muni.ID, th.ID); err != nil {
				t.Fatal(err)
			}
			waiting := f.thread(t, th.ID)
			wantStatus(t, waiting, torg.ThreadWaiting)
			if !waiting.WaitingSince.Equal(f.Clock.T) {
				t.Errorf("waiting since %v", waiting.WaitingSince)
			}
			// Waiting past the due time is not late: the clock is stopped.
			if waiting.Overdue(osloTime("2026-11-24 09:00")) {
				t.Error("a waiting thread counts as overdue")
			}
			// The citizen answers on Tuesday 10:00: 5.5 + 2 working hours passed.
			f.Clock.T = osloTime("2026-11-24 10:00").UTC()
			got, err := f.Svc.CitizenReply(ctx, f.Confidential, th.ID, "Det gjelder brevet fra 12. november.", nil, "")
			if err != nil {
				t.Fatal(err)
			}
			if got.ID != th.ID {
				t.Errorf("the reply went to thread %d, want %d", got.ID, th.ID)
			}
			wantStatus(t, got, torg.ThreadInProgress)
			// Tuesday 08:30 + 7.5 working hours = Wednesday 08:30.
			if want := osloTime("2026-11-25 08:30"); !got.Due.Equal(want) {
				t.Errorf("due after the pause %v, want %v", got.Due.In(osloLoc), want)
			}
			if !got.WaitingSince.IsZero() {
				t.Error("the clock still paused")
			}
		})

		t.Run("a thread in case handling returns to it after waiting", func(t *testing.T) {
			th := f.write(t, f.Confidential, torg.MsgInvoice, "Feil beløp")
			if err := f.Svc.WaitForTest(ctx, f.Muni.ID, th.ID); err != nil {
				t.Fatal(err)
			}
			got, err := f.Svc.CitizenReply(ctx, f.Confidential, th.ID, "Beløpet var 300 kroner.", nil, "")
			if err != nil {
				t.Fatal(err)
			}
			wantStatus(t, got, torg.ThreadCaseHandling)
		})

		t.Run("ExtendDue skips nights, weekends and holidays", func(t *testing.T) {
			cal, err := f.Svc.CalendarForTest(ctx, f.Muni.ID)
			if err != nil {
				t.Fatal(err)
			}
			due := osloTime("2027-05-18 13:30")
			// Waiting from Friday 15:00 to Tuesday 09:00 is 0.5 + 1 working hours.
			got := casework.ExtendDue(cal, osloLoc, due, osloTime("2027-05-14 15:00"), osloTime("2027-05-18 09:00"))
			if want := osloTime("2027-05-18 15:00"); !got.Equal(want) {
				t.Errorf("extended due %v, want %v", got.In(osloLoc), want)
			}
			if got := casework.AnswerDue(cal, osloLoc, osloTime("2027-05-14 14:00")); !got.Equal(osloTime("2027-05-18 13:30")) {
				t.Errorf("answer due %v", got.In(osloLoc))
			}
		})
	})
}

func docx(t *testing.T, withDocument bool) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	name := "word/document.xml"
	if !withDocument {
		name = "payload.exe"
	}
	w, err := zw.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte("<w:document/>"))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestMessageBadInput(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newMsgFixture(t, db)
		ctx := f.ctx
		pdf := []byte("%PDF-1.7\n...")
		png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
		heic := append([]byte{0, 0, 0, 0x18}, []byte("ftypheic\x00\x00\x00\x00mif1heic")...)
		exe := []byte("MZ\x90\x00\x03\x00\x00\x00")
		threads := func() int {
			ts, err := db.R().PersonThreads(ctx, f.Kari.ID)
			if err != nil {
				t.Fatal(err)
			}
			return len(ts)
		}
		before := threads()
		write := func(in casework.NewMessage) (*torg.Thread, error) {
			in.UnitID = cmpOr(in.UnitID, f.Debt.ID)
			in.Kind = cmpOr(in.Kind, torg.MsgInquiry)
			return f.Svc.WriteMessage(ctx, f.Kari, in)
		}
		big := make([]byte, casework.DefaultConfig().MaxUploadBytes+1)
		copy(big, pdf)
		for _, tt := range []struct {
			name  string
			in    casework.NewMessage
			field string
			key   string
		}{
			{"an empty message", casework.NewMessage{Body: ""}, "body", "msg.body_required"},
			{"a message of spaces", casework.NewMessage{Body: " \n\t "}, "body", "msg.body_required"},
			{"a message too long", casework.NewMessage{Body: strings.Repeat("å", torg.MaxMessageBody+1)}, "body", "msg.body_too_long"},
			{"a program named as a PDF", casework.NewMessage{Body: "Vedlegg", Files: []casework.Upload{{Filename: "brev.pdf", Data: exe}}}, "files", "msg.attachment_type"},
			{"a zip that is no Word document", casework.NewMessage{Body: "Vedlegg", Files: []casework.Upload{{Filename: "brev.docx", Data: docx(t, false)}}}, "files", "msg.attachment_type"},
			{"an attachment over the limit", casework.NewMessage{Body: "Vedlegg", Files: []casework.Upload{{Filename: "stor.pdf", Data: big}}}, "files", "msg.attachment_too_large"},
			{"an empty attachment", casework.NewMessage{Body: "Vedlegg", Files: []casework.Upload{{Filename: "tom.pdf"}}}, "files", "upload.empty"},
			{"eleven attachments", casework.NewMessage{Body: "Vedlegg", Files: slices.Repeat([]casework.Upload{{Filename: "a.pdf", Data: pdf}}, 11)}, "files", "msg.too_many_files"},
			{"a kind only staff set", casework.NewMessage{Body: "Hei", Kind: torg.MsgImproper}, "kind", "msg.kind_invalid"},
			{"an unknown kind", casework.NewMessage{Body: "Hei", Kind: "spam"}, "kind", "msg.kind_invalid"},
			{"an unknown service", casework.NewMessage{Body: "Hei", UnitID: 999999}, "unit", "msg.unit_required"},
			{"another citizen's appointment", casework.NewMessage{Body: "Hei", Kind: torg.MsgAppointmentChange, AppointmentID: 999999}, "appointment", "msg.appointment_unknown"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				_, err := write(tt.in)
				e := torg.AsError(err)
				if e == nil || e.Field != tt.field || e.Key != tt.key {
					t.Errorf("error = %v, want %s on %s", err, tt.key, tt.field)
				}
				if n := threads(); n != before {
					t.Errorf("%d threads stored by a refused message", n-before)
				}
			})
		}

		t.Run("attachments are known by their content, not their name", func(t *testing.T) {
			files := []casework.Upload{{Filename: "bilde.exe", Data: png}, {Filename: "IMG_0001.HEIC", Data: heic},
				{Filename: "søknad", Data: docx(t, true)}, {Filename: "a.pdf", Data: pdf}}
			th, err := write(casework.NewMessage{Body: "Fire vedlegg", Files: files})
			if err != nil {
				t.Fatal(err)
			}
			ds := f.messages(t, th.ID)[0].Documents
			var types []string
			for _, d := range ds {
				types = append(types, d.MediaType)
			}
			want := []string{"image/png", "image/heic", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/pdf"}
			if !slices.Equal(types, want) {
				t.Errorf("types %v, want %v", types, want)
			}
			before = threads()
		})

		t.Run("script in the text is kept as text", func(t *testing.T) {
			body := `<script>alert("hei")</script> <b>viktig</b>`
			th, err := write(casework.NewMessage{Body: body})
			if err != nil {
				t.Fatal(err)
			}
			if got := f.messages(t, th.ID)[0].Body; got != body {
				t.Errorf("body stored as %q", got)
			}
			before = threads()
		})

		t.Run("a double submit opens one thread with one message", func(t *testing.T) {
			in := casework.NewMessage{Body: "Sendt to ganger", RequestKey: "form-123"}
			a, err := write(in)
			if err != nil {
				t.Fatal(err)
			}
			b, err := write(in)
			if err != nil {
				t.Fatal(err)
			}
			if a.ID != b.ID || len(f.messages(t, a.ID)) != 1 || threads() != before+1 {
				t.Errorf("threads %d and %d, %d messages", a.ID, b.ID, len(f.messages(t, a.ID)))
			}
			// A reply sent twice is one reply.
			for range 2 {
				if _, err := f.Svc.CitizenReply(ctx, f.Kari, a.ID, "Og en ting til", nil, "reply-1"); err != nil {
					t.Fatal(err)
				}
			}
			if n := len(f.messages(t, a.ID)); n != 2 {
				t.Errorf("%d messages after a double reply, want 2", n)
			}
			before = threads()
		})
	})
}

func cmpOr[T comparable](a, b T) T {
	var zero T
	if a != zero {
		return a
	}
	return b
}

func TestCitizenAccess(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newMsgFixture(t, db)
		ctx := f.ctx
		th := f.write(t, f.Kari, torg.MsgInquiry, "Mitt spørsmål")
		other := f.Confidential

		denied := func(t *testing.T, object string) {
			t.Helper()
			evs, err := db.R().PersonAudit(ctx, other.ID, 50)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range evs {
				if e.Action == "citizen.denied" && e.Object == object {
					return
				}
			}
			t.Errorf("no citizen.denied audit event for %s", object)
		}
		t.Run("another citizen's thread is not found, and audited", func(t *testing.T) {
			if _, err := f.Svc.CitizenThread(ctx, other, th.ID); torg.ErrorCode(err) != torg.ENOTFOUND {
				t.Errorf("read: %v, want ENOTFOUND", err)
			}
			denied(t, "thread:"+itoa(th.ID))
			if _, err := f.Svc.CitizenReply(ctx, other, th.ID, "Jeg svarer også", nil, ""); torg.ErrorCode(err) != torg.ENOTFOUND {
				t.Errorf("reply: %v, want ENOTFOUND", err)
			}
			if n := len(f.messages(t, th.ID)); n != 1 {
				t.Errorf("%d messages: another citizen's reply was stored", n)
			}
			if _, _, err := f.Svc.CitizenDocument(ctx, other, th.ID, 1); torg.ErrorCode(err) != torg.ENOTFOUND {
				t.Errorf("document: %v, want ENOTFOUND", err)
			}
			if _, err := f.Svc.CitizenThread(ctx, other, 987654); torg.ErrorCode(err) != torg.ENOTFOUND {
				t.Errorf("a thread that does not exist: %v", err)
			}
		})

		t.Run("another citizen's letter is not found, and audited", func(t *testing.T) {
			var box []store.MailboxMessage
			err := db.Write(ctx, func(q *store.Q) error {
				m := &store.OutboxMessage{MunicipalityID: f.Muni.ID, PersonID: f.Kari.ID, Channel: store.ChannelMailbox,
					Subject: "Vedtak", Body: "Brev", IdempotencyKey: "letter-1"}
				if _, err := q.Enqueue(ctx, m, casetest.Now); err != nil {
					return err
				}
				if err := q.PutMailbox(ctx, *m, casetest.Now); err != nil {
					return err
				}
				var err error
				box, err = q.Mailbox(ctx, f.Kari.ID)
				return err
			})
			if err != nil || len(box) != 1 {
				t.Fatalf("mailbox %v, %v", box, err)
			}
			if _, _, err := f.Svc.CitizenLetter(ctx, other, box[0].ID); torg.ErrorCode(err) != torg.ENOTFOUND {
				t.Errorf("letter: %v, want ENOTFOUND", err)
			}
			denied(t, "mailbox:"+itoa(box[0].ID))
			l, _, err := f.Svc.CitizenLetter(ctx, f.Kari, box[0].ID)
			if err != nil || l.Subject != "Vedtak" || l.Read.IsZero() {
				t.Errorf("own letter = %+v, %v", l, err)
			}
		})

		t.Run("the citizen's own thread, read", func(t *testing.T) {
			if err := f.Svc.AnswerForTest(ctx, f.EG, th.ID, "Svar", nil, false); err != nil {
				t.Fatal(err)
			}
			home, err := f.Svc.CitizenHome(ctx, f.Kari)
			if err != nil {
				t.Fatal(err)
			}
			if home.UnreadMessages != 1 || len(home.Threads) != 1 || len(home.Cases) != 1 ||
				home.Cases[0].StatusKey != "msg.case_status_B" || home.Cases[0].UnitName != f.Debt.Name {
				t.Errorf("home = %s", fmtAll(home))
			}
			v, err := f.Svc.CitizenThread(ctx, f.Kari, th.ID)
			if err != nil || len(v.Messages) != 2 || v.CanReply {
				t.Fatalf("view = %s, %v", fmtAll(v), err)
			}
			if home, _ := f.Svc.CitizenHome(ctx, f.Kari); home.UnreadMessages != 0 {
				t.Errorf("still %d unread after reading", home.UnreadMessages)
			}
		})

		t.Run("a reply to a done thread opens a new linked thread", func(t *testing.T) {
			done := f.thread(t, th.ID)
			wantStatus(t, done, torg.ThreadDone)
			next, err := f.Svc.CitizenReply(ctx, f.Kari, th.ID, "Takk, men ett spørsmål til", nil, "after-done")
			if err != nil {
				t.Fatal(err)
			}
			if next.ID == th.ID || next.ParentID != th.ID || next.Status != torg.ThreadNew || next.Subject != done.Subject ||
				next.CaseID != f.KariCase.ID || next.ResponsibleID != f.EG.ID || next.Due.IsZero() {
				t.Errorf("new thread = %+v", next)
			}
			if n := len(f.messages(t, th.ID)); n != 2 {
				t.Errorf("the done thread has %d messages, want its 2", n)
			}
			if ms := f.messages(t, next.ID); len(ms) != 1 || ms[0].Body != "Takk, men ett spørsmål til" {
				t.Errorf("new thread's messages = %s", fmtAll(ms))
			}
			f.openTask(t, next.ID, "DM1")
			again, err := f.Svc.CitizenReply(ctx, f.Kari, th.ID, "Takk, men ett spørsmål til", nil, "after-done")
			if err != nil || again.ID != next.ID {
				t.Errorf("the same reply again opened %v, %v", again, err)
			}
			v, err := f.Svc.CitizenThread(ctx, f.Kari, th.ID)
			if err != nil || len(v.Children) != 1 || v.Children[0].ID != next.ID {
				t.Errorf("done thread's children = %s, %v", fmtAll(v), err)
			}
		})

		t.Run("who has looked at my data", func(t *testing.T) {
			if _, err := f.Svc.Case(ctx, f.EG, f.KariCase.ID); err != nil {
				t.Fatal(err)
			}
			log, err := f.Svc.AccessLog(ctx, f.Kari)
			if err != nil {
				t.Fatal(err)
			}
			i := slices.IndexFunc(log, func(e casework.AccessEntry) bool { return e.Employee == f.EG.Name })
			if i < 0 {
				t.Fatalf("Eva Gran's read is not in the log: %s", fmtAll(log))
			}
			if e := log[i]; e.Unit != f.Debt.Name || e.WhatKey != "msg.access_case" || e.Changed {
				t.Errorf("entry = %+v", e)
			}
			for _, e := range log {
				if e.Employee == "" {
					t.Errorf("an entry without an employee: %+v", e)
				}
			}
			other, _ := f.Svc.AccessLog(ctx, f.Confidential)
			for _, e := range other {
				if e.Action == "citizen.denied" {
					t.Errorf("the citizen's own attempt is in their access log: %+v", e)
				}
			}
		})

		t.Run("services to write to", func(t *testing.T) {
			us, err := f.Svc.CitizenUnits(ctx, f.Muni.ID)
			if err != nil || len(us) != 3 {
				t.Errorf("units = %v, %v", us, err)
			}
		})
	})
}

func TestSniffMessageFile(t *testing.T) {
	for _, tt := range []struct {
		name string
		data []byte
		want string
	}{
		{"pdf", []byte("%PDF-1.4"), "application/pdf"},
		{"jpeg", []byte{0xFF, 0xD8, 0xFF, 0xE0}, "image/jpeg"},
		{"png", []byte("\x89PNG\r\n\x1a\n"), "image/png"},
		{"heic", []byte("\x00\x00\x00\x18ftypmif1"), "image/heic"},
		{"mp4 is no heic", []byte("\x00\x00\x00\x18ftypisom"), ""},
		{"html", []byte("<html><script>"), ""},
		{"gif", []byte("GIF89a"), ""},
		{"short", []byte("%P"), ""},
	} {
		if got := casework.SniffMessageFile(tt.data); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}
