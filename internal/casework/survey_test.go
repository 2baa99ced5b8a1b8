package casework_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/casework/casetest"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

// surveyTicket stores a ticket of the fixture's municipality that a
// counter served from called to done.
func surveyTicket(t *testing.T, f *casetest.Fixture, svc *torg.QueueService, errand, phone string,
	issued, called, done time.Time) *torg.Ticket {
	t.Helper()
	ctx := context.Background()
	tk := &torg.Ticket{MunicipalityID: f.Muni.ID, ServiceID: svc.ID, Day: torg.DateOf(issued.In(osloZone(t))), Errand: errand,
		Phone: phone, Status: torg.TicketWaiting, Issued: issued}
	err := f.DB.Write(ctx, func(q *store.Q) error {
		n, err := q.NextTicketSeq(ctx, svc.ID, tk.Day)
		if err != nil {
			return err
		}
		tk.Seq, tk.Number, tk.Token = n, fmt.Sprintf("%s%03d", svc.Prefix, n), fmt.Sprintf("tok-%s-%d-%d", svc.Prefix, n, issued.Unix())
		if err := q.CreateTicket(ctx, tk, ""); err != nil {
			return err
		}
		if called.IsZero() {
			return nil
		}
		tk.Status, tk.Called = torg.TicketCalled, called
		if err := q.UpdateTicket(ctx, tk, torg.TicketWaiting); err != nil {
			return err
		}
		if done.IsZero() {
			return nil
		}
		tk.Status, tk.Done = torg.TicketDone, done
		return q.UpdateTicket(ctx, tk, torg.TicketCalled)
	})
	if err != nil {
		t.Fatal(err)
	}
	return tk
}

func osloZone(t *testing.T) *time.Location {
	loc, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func putService(t *testing.T, f *casetest.Fixture, code, prefix string, wait, service time.Duration) *torg.QueueService {
	t.Helper()
	s := &torg.QueueService{MunicipalityID: f.Muni.ID, Code: code, Name: code, Prefix: prefix, TargetWait: wait, TargetService: service}
	if err := f.DB.Write(context.Background(), func(q *store.Q) error { return q.PutQueueService(context.Background(), s) }); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSatisfactionSurvey(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := casetest.New(t, db)
		pass := putService(t, f, "passport", "A", 15*time.Minute, 10*time.Minute)
		now := f.Clock.T
		kiosk := surveyTicket(t, f, pass, "passport_adult", "", now.Add(-40*time.Minute), now.Add(-30*time.Minute), now.Add(-20*time.Minute))
		sms := surveyTicket(t, f, pass, "passport_child", "+4791234567", now.Add(-35*time.Minute), now.Add(-20*time.Minute), now.Add(-5*time.Minute))
		offer := func(tk *torg.Ticket) {
			t.Helper()
			if err := db.Write(ctx, func(q *store.Q) error { return f.Svc.OfferSurvey(ctx, q, tk) }); err != nil {
				t.Fatal(err)
			}
		}
		offer(kiosk)
		offer(sms)
		offer(sms) // offering again changes nothing and sends no second SMS

		t.Run("CG14 the SMS link goes to a citizen who left a number, once", func(t *testing.T) {
			m, err := db.R().OutboxByKey(ctx, fmt.Sprintf("survey:%d", surveyID(t, f, sms)))
			if err != nil {
				t.Fatal(err)
			}
			if m.Channel != store.ChannelSMS || m.Recipient != "+4791234567" ||
				!strings.Contains(m.Body, casework.SurveyPath("9901", sms.Token)) || !strings.Contains(m.Body, sms.Number) {
				t.Errorf("SMS = %+v", m)
			}
			if _, err := db.R().OutboxByKey(ctx, fmt.Sprintf("survey:%d", surveyID(t, f, kiosk))); torg.ErrorCode(err) != torg.ENOTFOUND {
				t.Errorf("an SMS for the ticket without a number: %v", err)
			}
		})
		t.Run("CG14 behind a public address the SMS link is whole", func(t *testing.T) {
			cfg := casework.DefaultConfig()
			cfg.BaseURL = "https://torg.torgvik.example"
			svc := casework.New(db, f.Clock, cfg)
			tk := surveyTicket(t, f, pass, "moving", "+4798765432", now.Add(-30*time.Minute), now.Add(-25*time.Minute), now.Add(-10*time.Minute))
			if err := db.Write(ctx, func(q *store.Q) error { return svc.OfferSurvey(ctx, q, tk) }); err != nil {
				t.Fatal(err)
			}
			m, err := db.R().OutboxByKey(ctx, fmt.Sprintf("survey:%d", surveyID(t, f, tk)))
			if err != nil || !strings.Contains(m.Body, "https://torg.torgvik.example/kiosk/9901/survey/"+tk.Token+"?via=sms") {
				t.Errorf("SMS = %+v, %v", m, err)
			}
		})
		t.Run("CG14 the kiosk finds today's finished visit by its ticket number", func(t *testing.T) {
			tok, err := f.Svc.FindSurvey(ctx, "9901", " "+strings.ToLower(kiosk.Number)+" ")
			if err != nil || tok != kiosk.Token {
				t.Errorf("FindSurvey = %q, %v; want %q", tok, err, kiosk.Token)
			}
			if _, err := f.Svc.FindSurvey(ctx, "9901", "Z999"); torg.AsError(err) == nil || torg.AsError(err).Key != "survey.number_unknown" {
				t.Errorf("unknown number: %v", err)
			}
			if _, err := f.Svc.FindSurvey(ctx, "9901", ""); torg.AsError(err) == nil || torg.AsError(err).Field != "number" {
				t.Errorf("no number: %v", err)
			}
		})
		t.Run("CG14 one answer per visit, from 1 to 5", func(t *testing.T) {
			if err := f.Svc.AnswerSurvey(ctx, "9901", kiosk.Token, 0, casework.SurveyKiosk); torg.AsError(err) == nil || torg.AsError(err).Field != "score" {
				t.Errorf("no score: %v", err)
			}
			if err := f.Svc.AnswerSurvey(ctx, "9901", kiosk.Token, 6, casework.SurveyKiosk); err == nil {
				t.Error("score 6 accepted")
			}
			if err := f.Svc.AnswerSurvey(ctx, "9901", kiosk.Token, 5, casework.SurveyKiosk); err != nil {
				t.Fatal(err)
			}
			if err := f.Svc.AnswerSurvey(ctx, "9901", kiosk.Token, 1, casework.SurveyKiosk); torg.ErrorCode(err) != torg.ECONFLICT {
				t.Errorf("second answer: %v", err)
			}
			if _, err := f.Svc.FindSurvey(ctx, "9901", kiosk.Number); torg.AsError(err) == nil || torg.AsError(err).Key != "survey.already_answered" {
				t.Errorf("kiosk after the answer: %v", err)
			}
			v, err := f.Svc.Survey(ctx, "9901", kiosk.Token)
			if err != nil || !v.Answered || v.Number != kiosk.Number {
				t.Errorf("Survey = %+v, %v", v, err)
			}
			if err := f.Svc.AnswerSurvey(ctx, "9901", sms.Token, 2, casework.SurveySMS); err != nil {
				t.Fatal(err)
			}
			if err := f.Svc.AnswerSurvey(ctx, "9901", "no-such-token", 3, casework.SurveySMS); torg.ErrorCode(err) != torg.ENOTFOUND {
				t.Errorf("unknown token: %v", err)
			}
			if _, err := f.Svc.Survey(ctx, "0000", kiosk.Token); torg.ErrorCode(err) != torg.ENOTFOUND {
				t.Errorf("another municipality's code: %v", err)
			}
		})
		t.Run("CG14 the leader sees the results by errand", func(t *testing.T) {
			day := torg.DateOf(now.In(osloZone(t)))
			if _, err := f.Svc.SurveyResults(ctx, f.EG, day, day); torg.ErrorCode(err) != torg.EFORBIDDEN {
				t.Errorf("a counsellor reads the results: %v", err)
			}
			rs, err := f.Svc.SurveyResults(ctx, f.Leader, day, day)
			if err != nil {
				t.Fatal(err)
			}
			want := []casework.SurveyResult{
				{Errand: "moving", Offered: 1}, // asked by SMS, not answered
				{Errand: "passport_adult", Offered: 1, Answered: 1, Scores: [5]int{0, 0, 0, 0, 1}, Mean: 5, Satisfied: 1},
				{Errand: "passport_child", Offered: 1, Answered: 1, Scores: [5]int{0, 1, 0, 0, 0}, Mean: 2, Satisfied: 0},
			}
			if fmt.Sprint(rs) != fmt.Sprint(want) {
				t.Errorf("results = %+v\nwant %+v", rs, want)
			}
			if rs, _ := f.Svc.SurveyResults(ctx, f.Leader, day.AddDays(1), day.AddDays(2)); len(rs) != 0 {
				t.Errorf("another period: %+v", rs)
			}
		})
	})
}

func surveyID(t *testing.T, f *casetest.Fixture, tk *torg.Ticket) int64 {
	t.Helper()
	v, err := f.DB.R().SurveyByToken(context.Background(), f.Muni.ID, tk.Token)
	if err != nil {
		t.Fatal(err)
	}
	return v.ID
}

func TestSurveyAfterDoneAndDisplay(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := casetest.New(t, db)
		_, _, counters := queueFixture(t, f, 1)
		a1, err := f.Svc.IssueTicket(ctx, nil, casework.TicketInput{MunicipalityID: f.Muni.ID, ServiceCode: "passport",
			Errand: "passport_adult", Phone: "+4791234567", Lang: "da", RequestKey: "k1"})
		if err != nil {
			t.Fatal(err)
		}
		a2, err := f.Svc.IssueTicket(ctx, nil, casework.TicketInput{MunicipalityID: f.Muni.ID, ServiceCode: "passport", RequestKey: "k2"})
		if err != nil {
			t.Fatal(err)
		}
		t.Run("the display shows no call before a counter calls, and who waits", func(t *testing.T) {
			v, err := f.Svc.Display(ctx, "9901")
			if err != nil || len(v.Calls) != 0 || v.Waiting != 2 {
				t.Fatalf("display = %+v, %v", v, err)
			}
		})
		f.Clock.T = f.Clock.T.Add(4 * time.Minute)
		called, err := f.Svc.CallNext(ctx, f.FrontDesk, counters[0].ID)
		if err != nil || called.ID != a1.ID {
			t.Fatalf("call = %+v, %v", called, err)
		}
		t.Run("the display shows the called number at its counter, nothing else of the ticket", func(t *testing.T) {
			v, err := f.Svc.Display(ctx, "9901")
			if err != nil || v.Waiting != 1 || len(v.Calls) != 1 {
				t.Fatalf("display = %+v, %v", v, err)
			}
			if c := v.Calls[0]; c.Number != a1.Number || c.Counter != counters[0].Name || c.ID != a1.ID {
				t.Errorf("call = %+v", c)
			}
			if _, err := f.Svc.Display(ctx, "0000"); torg.ErrorCode(err) != torg.ENOTFOUND {
				t.Errorf("unknown municipality: %v", err)
			}
		})
		t.Run("CG14 done at the counter offers the survey and sends its link in the citizen's language", func(t *testing.T) {
			if _, err := db.R().SurveyByToken(ctx, f.Muni.ID, a1.Token); torg.ErrorCode(err) != torg.ENOTFOUND {
				t.Fatalf("a survey before the visit is done: %v", err)
			}
			f.Clock.T = f.Clock.T.Add(6 * time.Minute)
			if _, err := f.Svc.Done(ctx, f.FrontDesk, counters[0].ID, a1.ID); err != nil {
				t.Fatal(err)
			}
			v, err := db.R().SurveyByToken(ctx, f.Muni.ID, a1.Token)
			if err != nil || v.Errand != "passport_adult" || v.Number != a1.Number {
				t.Fatalf("survey = %+v, %v", v, err)
			}
			m, err := db.R().OutboxByKey(ctx, fmt.Sprintf("survey:%d", v.ID))
			if err != nil || !strings.Contains(m.Body, "Tak for dit besøg") || !strings.Contains(m.Body, "/kiosk/9901/survey/"+a1.Token) {
				t.Errorf("SMS = %+v, %v", m, err)
			}
			if tok, err := f.Svc.FindSurvey(ctx, "9901", a1.Number); err != nil || tok != a1.Token {
				t.Errorf("kiosk: %q, %v", tok, err)
			}
			if _, err := f.Svc.FindSurvey(ctx, "9901", a2.Number); torg.AsError(err) == nil || torg.AsError(err).Key != "survey.number_unknown" {
				t.Errorf("a ticket still waiting: %v", err)
			}
		})
		t.Run("stats show the waiting and service time the visit took", func(t *testing.T) {
			day := torg.DateOf(f.Clock.T.In(osloZone(t)))
			st, err := f.Svc.QueueStatistics(ctx, f.Leader, day, day)
			if err != nil {
				t.Fatal(err)
			}
			var e *casework.ErrandStats
			for i := range st.Errands {
				if st.Errands[i].Errand == "passport_adult" {
					e = &st.Errands[i]
				}
			}
			if e == nil || e.WaitMean != 4*time.Minute || e.ServiceMean != 6*time.Minute || e.Within != 1 || st.Tickets != 2 {
				t.Errorf("stats = %+v, errand %+v", st, e)
			}
		})
	})
}
