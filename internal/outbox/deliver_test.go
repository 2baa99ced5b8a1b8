package outbox_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/outbox"
	"github.com/torg-kommune/torg/internal/outbox/outboxtest"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

var now = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

// flaky is a channel that fails with err, counting its calls.
type flaky struct {
	mu    sync.Mutex
	calls int
	err   error
}

func (*flaky) Name() string { return store.ChannelSMS }

func (f *flaky) Deliver(context.Context, outbox.Message) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	return f.err
}

func mustDrain(t *testing.T, d *outbox.Deliverer) int {
	t.Helper()
	n, err := d.Drain(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestDefaultsDeliverEachChannel(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clock := &torg.FixedClock{T: now}
		f := outboxtest.MustFixture(t, db, now)
		for _, ch := range []string{store.ChannelMailbox, store.ChannelPrint, store.ChannelSMS, store.ChannelEmail} {
			outboxtest.MustEnqueue(t, db, now, f.Message(ch, "k-"+ch))
		}
		d := outbox.New(db, clock, outbox.Defaults(db, clock)...)
		if n := mustDrain(t, d); n != 4 {
			t.Errorf("drained %d, want 4", n)
		}
		if n := mustDrain(t, d); n != 0 {
			t.Errorf("second drain handled %d; sent messages must stay sent", n)
		}
		sent, _ := db.R().CountOutbox(ctx, store.OutboxSent)
		box, _ := db.R().Mailbox(ctx, f.Person.ID)
		queue, _ := db.R().PrintQueue(ctx, f.M.ID, 10)
		log, _ := db.R().ChannelLog(ctx, f.M.ID, 10)
		if sent != 4 || len(box) != 1 || len(queue) != 1 || len(log) != 2 {
			t.Errorf("sent %d, mailbox %d, print queue %d, log %d; want 4, 1, 1, 2", sent, len(box), len(queue), len(log))
		}
	})
}

func TestRetryWithBackoffThenTask(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clock := &torg.FixedClock{T: now}
		f := outboxtest.MustFixture(t, db, now)
		m := f.Message(store.ChannelSMS, "k1")
		outboxtest.MustEnqueue(t, db, now, m)
		ch := &flaky{err: errors.New("503 busy")}
		d := outbox.New(db, clock, ch)
		var waits []time.Duration
		for range 20 {
			if mustDrain(t, d) == 0 {
				t.Fatal("nothing due")
			}
			got, _ := db.R().OutboxByKey(ctx, "k1")
			if got.Status == store.OutboxFailed {
				break
			}
			waits = append(waits, got.NextAttempt.Sub(clock.T))
			if mustDrain(t, d) != 0 {
				t.Fatal("retried before its backoff")
			}
			clock.T = got.NextAttempt
		}
		h := time.Hour
		want := []time.Duration{time.Minute, 5 * time.Minute, 30 * time.Minute, 2 * h, 12 * h, 12 * h, 12 * h}
		if diff := cmp.Diff(want, waits); diff != "" {
			t.Errorf("backoff (-want +got):\n%s", diff)
		}
		if ch.calls != outbox.DefaultMaxAttempts {
			t.Errorf("%d attempts, want %d", ch.calls, outbox.DefaultMaxAttempts)
		}
		clock.Advance(30 * 24 * h)
		if mustDrain(t, d) != 0 {
			t.Error("a given-up message was tried again")
		}
		tasks, _ := db.R().CaseTasks(ctx, f.Case.ID)
		if len(tasks) != 1 || tasks[0].Title != "Message could not be delivered: sms to +47*****567" ||
			tasks[0].UnitID != f.Unit.ID || tasks[0].AssigneeID != 0 {
			t.Fatalf("tasks = %+v; want one unassigned task in the case's unit", tasks)
		}
		t.Logf("task: %s\n%s", tasks[0].Title, tasks[0].Detail)
	})
}

func TestPermanentErrorGivesUpAtOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clock := &torg.FixedClock{T: now}
		f := outboxtest.MustFixture(t, db, now)
		outboxtest.MustEnqueue(t, db, now, f.Message(store.ChannelSMS, "k1"))
		ch := &flaky{err: outbox.Permanent(errors.New("400 unknown number"))}
		d := outbox.New(db, clock, ch)
		mustDrain(t, d)
		failed, _ := db.R().FailedOutbox(ctx, f.M.ID, 10)
		tasks, _ := db.R().CaseTasks(ctx, f.Case.ID)
		if ch.calls != 1 || len(failed) != 1 || len(tasks) != 1 {
			t.Errorf("calls %d, failed %d, tasks %d; want 1, 1, 1", ch.calls, len(failed), len(tasks))
		}
	})
}

func TestGiveUpWithoutTaskOwnerStillRecordsFailure(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clock := &torg.FixedClock{T: now}
		f := outboxtest.MustFixture(t, db, now)
		m := f.Message(store.ChannelSMS, "k1")
		m.CaseID = 0
		outboxtest.MustEnqueue(t, db, now, m)
		d := outbox.New(db, clock, &flaky{err: outbox.Permanent(errors.New("400"))})
		mustDrain(t, d)
		failed, _ := db.R().FailedOutbox(ctx, f.M.ID, 10)
		if len(failed) != 1 || failed[0].LastError != "permanent: 400" {
			t.Errorf("failed = %+v; the message must stay listed as failed", failed)
		}
	})
}

func TestMissingChannelIsRetried(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		clock := &torg.FixedClock{T: now}
		f := outboxtest.MustFixture(t, db, now)
		outboxtest.MustEnqueue(t, db, now, f.Message(store.ChannelEmail, "k1"))
		mustDrain(t, outbox.New(db, clock))
		got, _ := db.R().OutboxByKey(context.Background(), "k1")
		if got.Status != store.OutboxPending || got.LastError == "" {
			t.Errorf("message = %+v; want pending with the error kept", got)
		}
	})
}

func TestMaskRecipient(t *testing.T) {
	tests := []struct {
		name string
		m    outbox.Message
		want string
	}{
		{"phone", outbox.Message{Channel: store.ChannelSMS, Recipient: "+4791234567"}, "+47*****567"},
		{"short", outbox.Message{Channel: store.ChannelSMS, Recipient: "1234"}, "****"},
		{"email", outbox.Message{Channel: store.ChannelEmail, Recipient: "kari.nordmann@example.no"}, "k***@example.no"},
		{"mailbox", outbox.Message{Channel: store.ChannelMailbox, PersonID: 7, Recipient: "Kari"}, "person 7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := outbox.MaskRecipient(tt.m); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestConcurrentDeliverersShareTheWork(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		clock := &torg.FixedClock{T: now}
		f := outboxtest.MustFixture(t, db, now)
		var ms []*store.OutboxMessage
		for i := range 300 {
			ms = append(ms, f.Message(store.ChannelSMS, fmt.Sprint("k", i)))
		}
		outboxtest.MustEnqueue(t, db, now, ms...)
		gw := outboxtest.NewSMSGateway(t)
		var wg sync.WaitGroup
		for range 3 {
			d := outbox.New(db, clock, &outbox.HTTPSMS{URL: gw.Server.URL})
			d.Batch = 20
			wg.Go(func() {
				if _, err := d.Drain(context.Background()); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		if gw.Total() != 300 || gw.Unique() != 300 {
			t.Errorf("gateway got %d requests for %d messages; want 300 each", gw.Total(), gw.Unique())
		}
	})
}
