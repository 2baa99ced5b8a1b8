package casework_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/casework/casetest"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

// queueFixture adds two queue services and n open counters serving both.
func queueFixture(t *testing.T, f *casetest.Fixture, n int) (passport, general *torg.QueueService, counters []*torg.Counter) {
	t.Helper()
	ctx := context.Background()
	passport = &torg.QueueService{MunicipalityID: f.Muni.ID, Code: "passport", Name: "Pas og kørekort", Prefix: "A",
		TargetWait: 15 * time.Minute, TargetService: 10 * time.Minute}
	general = &torg.QueueService{MunicipalityID: f.Muni.ID, Code: "general", Name: "Øvrige", Prefix: "B"}
	err := f.DB.Write(ctx, func(q *store.Q) error {
		for _, s := range []*torg.QueueService{passport, general} {
			if err := q.PutQueueService(ctx, s); err != nil {
				return err
			}
		}
		for i := range n {
			c := &torg.Counter{MunicipalityID: f.Muni.ID, Name: fmt.Sprintf("Skranke %d", i+1), Open: true,
				Services: []int64{passport.ID, general.ID}}
			if err := q.PutCounter(ctx, c); err != nil {
				return err
			}
			counters = append(counters, c)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return passport, general, counters
}

func TestQueue(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := casetest.New(t, db)
		passport, general, counters := queueFixture(t, f, 2)

		t.Run("CG3 kiosk ticket numbered per service and day, a double tap gives the same ticket", func(t *testing.T) {
			a1, err := f.Svc.IssueTicket(ctx, nil, casework.TicketInput{MunicipalityID: f.Muni.ID, ServiceCode: "passport", RequestKey: "tap-1"})
			if err != nil {
				t.Fatal(err)
			}
			again, err := f.Svc.IssueTicket(ctx, nil, casework.TicketInput{MunicipalityID: f.Muni.ID, ServiceCode: "passport", RequestKey: "tap-1"})
			if err != nil || again.ID != a1.ID || again.Number != "A001" {
				t.Fatalf("double tap = %+v, %v; want A001 again", again, err)
			}
			b1, err := f.Svc.IssueTicket(ctx, nil, casework.TicketInput{MunicipalityID: f.Muni.ID, ServiceCode: "general", RequestKey: "tap-2"})
			if err != nil || b1.Number != "B001" {
				t.Fatalf("general = %+v, %v; want B001", b1, err)
			}
			a2, err := f.Svc.IssueTicket(ctx, nil, casework.TicketInput{MunicipalityID: f.Muni.ID, ServiceCode: "passport", RequestKey: "tap-3"})
			if err != nil || a2.Number != "A002" || a2.IssuedBy != 0 || a2.Token == "" {
				t.Fatalf("second passport = %+v, %v; want A002 from the kiosk", a2, err)
			}
			if _, err := f.Svc.IssueTicket(ctx, nil, casework.TicketInput{MunicipalityID: f.Muni.ID, ServiceCode: "nope"}); errKey(err) != "queue.service_unknown" {
				t.Fatalf("unknown service: %v", err)
			}
			if _, err := f.Svc.IssueTicket(ctx, nil, casework.TicketInput{MunicipalityID: f.Muni.ID, ServiceCode: "passport", Phone: "ring me"}); errKey(err) != "queue.phone_invalid" {
				t.Fatalf("bad phone: %v", err)
			}
		})

		t.Run("CG3 counters call an arrived appointment first, then the oldest; recall, no-show, done, transfer", func(t *testing.T) {
			f.Clock.Advance(time.Minute)
			g, err := f.Svc.IssueTicket(ctx, f.FrontDesk, casework.TicketInput{ServiceCode: "general", Priority: true, Note: "Aftale kl. 9.15"})
			if err != nil || g.IssuedBy != f.FrontDesk.ID {
				t.Fatalf("guide ticket = %+v, %v", g, err)
			}
			c1 := counters[0]
			first, err := f.Svc.CallNext(ctx, f.FrontDesk, c1.ID)
			if err != nil || first.ID != g.ID || first.CounterName != "Skranke 1" {
				t.Fatalf("first call = %+v, %v; want the appointment", first, err)
			}
			if _, err := f.Svc.Recall(ctx, f.FrontDesk, c1.ID, first.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := f.Svc.NoShow(ctx, f.FrontDesk, c1.ID, first.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := f.Svc.Done(ctx, f.FrontDesk, c1.ID, first.ID); errKey(err) != "queue.ticket_moved" {
				t.Fatalf("done after no-show: %v", err)
			}
			f.Clock.Advance(5 * time.Minute)
			second, err := f.Svc.CallNext(ctx, f.FrontDesk, c1.ID)
			if err != nil || second.Number != "A001" || second.Wait() != 6*time.Minute {
				t.Fatalf("second call = %+v, %v; want A001 after 6 minutes", second, err)
			}
			next, err := f.Svc.Transfer(ctx, f.FrontDesk, c1.ID, second.ID, general.ID)
			if err != nil || !strings.HasPrefix(next.Number, "B") || !next.Priority || next.Status != torg.TicketWaiting {
				t.Fatalf("transfer = %+v, %v", next, err)
			}
			old, _ := f.DB.R().Ticket(ctx, f.Muni.ID, second.ID)
			if old.Status != torg.TicketTransferred || old.TransferredTo != next.ID {
				t.Fatalf("transferred ticket = %+v", old)
			}
			// The next call takes the transferred ticket first; calling again
			// finishes it.
			third, err := f.Svc.CallNext(ctx, f.FrontDesk, c1.ID)
			if err != nil || third.ID != next.ID {
				t.Fatalf("third call = %+v, %v; want the transferred ticket", third, err)
			}
			f.Clock.Advance(4 * time.Minute)
			if _, err := f.Svc.CallNext(ctx, f.FrontDesk, c1.ID); err != nil {
				t.Fatal(err)
			}
			done, _ := f.DB.R().Ticket(ctx, f.Muni.ID, third.ID)
			if done.Status != torg.TicketDone || done.ServiceTime() != 4*time.Minute {
				t.Fatalf("ticket served = %+v; want done after 4 minutes", done)
			}
			_ = passport
		})

		t.Run("CG3 a closed counter cannot call", func(t *testing.T) {
			c2 := counters[1]
			if err := f.Svc.OpenCounter(ctx, f.FrontDesk, c2.ID, false); err != nil {
				t.Fatal(err)
			}
			if _, err := f.Svc.CallNext(ctx, f.FrontDesk, c2.ID); errKey(err) != "queue.counter_closed" {
				t.Fatalf("closed counter: %v", err)
			}
			if _, err := f.Svc.CallNext(ctx, f.Outsider, c2.ID); err == nil {
				t.Fatal("an employee without the front desk role called a ticket")
			}
			if err := f.Svc.OpenCounter(ctx, f.FrontDesk, c2.ID, true); err != nil {
				t.Fatal(err)
			}
		})

		t.Run("CG3 an SMS when at most three tickets are ahead, once", func(t *testing.T) {
			var ts []*torg.Ticket
			for i := range 6 {
				tk, err := f.Svc.IssueTicket(ctx, nil, casework.TicketInput{MunicipalityID: f.Muni.ID, ServiceCode: "passport",
					Phone: fmt.Sprintf("+45 1234 56%02d", i), RequestKey: fmt.Sprint("sms-", i)})
				if err != nil {
					t.Fatal(err)
				}
				ts = append(ts, tk)
			}
			// Drain whatever else waits so that only these six are left.
			sent := func(tk *torg.Ticket) bool {
				_, err := f.DB.R().OutboxByKey(ctx, fmt.Sprintf("queue-near:%d", tk.ID))
				return err == nil
			}
			for {
				cur, err := f.Svc.CallNext(ctx, f.FrontDesk, counters[1].ID)
				if err != nil {
					t.Fatal(err)
				}
				if cur.ID == ts[0].ID {
					break
				}
			}
			// ts[0] is called; ts[1..3] have 0..2 ahead, ts[4] three, ts[5] four.
			for i, tk := range ts[1:] {
				if want := i+1 <= 4; sent(tk) != want {
					t.Errorf("ticket %s: SMS sent = %v, want %v", tk.Number, sent(tk), want)
				}
			}
			m, err := f.DB.R().OutboxByKey(ctx, fmt.Sprintf("queue-near:%d", ts[4].ID))
			if err != nil || m.Channel != store.ChannelSMS || !strings.Contains(m.Body, ts[4].Number) {
				t.Fatalf("sms = %+v, %v", m, err)
			}
			if _, err := f.Svc.CallNext(ctx, f.FrontDesk, counters[1].ID); err != nil {
				t.Fatal(err)
			}
			if !sent(ts[5]) {
				t.Error("the sixth ticket got no SMS when three were ahead")
			}
			if !sent(ts[0]) {
				t.Error("the called ticket got no SMS while it was near")
			}
			// Once: calling on does not send a ticket's SMS again.
			m2, err := f.DB.R().OutboxByKey(ctx, fmt.Sprintf("queue-near:%d", ts[4].ID))
			if err != nil || m2.ID != m.ID {
				t.Errorf("the SMS of %s changed: %+v, %v", ts[4].Number, m2, err)
			}
		})
	})
}

func TestQueueConcurrency(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := casetest.New(t, db)
		const nCounters, nTickets = 20, 60
		_, _, counters := queueFixture(t, f, nCounters)
		var wg sync.WaitGroup
		numbers := make(chan string, nTickets)
		for i := range nTickets {
			wg.Add(1)
			go func() {
				defer wg.Done()
				code := []string{"passport", "general"}[i%2]
				tk, err := f.Svc.IssueTicket(ctx, nil, casework.TicketInput{MunicipalityID: f.Muni.ID, ServiceCode: code,
					RequestKey: fmt.Sprint("c-", i)})
				if err != nil {
					t.Error(err)
					return
				}
				numbers <- tk.Number
			}()
		}
		wg.Wait()
		close(numbers)
		seenNumber := map[string]bool{}
		for n := range numbers {
			if seenNumber[n] {
				t.Errorf("CG3 number %s issued twice", n)
			}
			seenNumber[n] = true
		}
		if len(seenNumber) != nTickets {
			t.Fatalf("issued %d distinct numbers, want %d", len(seenNumber), nTickets)
		}
		// Twenty counters call at once, each five times (60 tickets for 100
		// calls); no ticket may be called to two counters.
		var mu sync.Mutex
		calledBy := map[int64]int64{}
		for _, c := range counters {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range 5 {
					tk, err := f.Svc.CallNext(ctx, f.FrontDesk, c.ID)
					if errKey(err) == "queue.empty" {
						return
					}
					if err != nil {
						t.Error(err)
						return
					}
					mu.Lock()
					if other, ok := calledBy[tk.ID]; ok {
						t.Errorf("ticket %s called to counters %d and %d", tk.Number, other, c.ID)
					}
					calledBy[tk.ID] = c.ID
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		if len(calledBy) != nTickets {
			t.Errorf("%d tickets called, want every one of %d", len(calledBy), nTickets)
		}
		left, _ := db.R().Tickets(ctx, f.Muni.ID, store.TicketFilter{Status: []string{torg.TicketWaiting}})
		if len(left) != 0 {
			t.Errorf("%d tickets still waiting", len(left))
		}
	})
}

// errKey is the message key of a torg error, or "".
func errKey(err error) string {
	var e *torg.Error
	if errors.As(err, &e) {
		return e.Key
	}
	return ""
}
