package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

func mustEnqueue(t *testing.T, db *store.DB, f tmFixture, channel, key string) *store.OutboxMessage {
	t.Helper()
	m := &store.OutboxMessage{MunicipalityID: f.m.ID, CaseID: f.c.ID, PersonID: f.p.ID, Channel: channel,
		Recipient: "+4791234567", Subject: "Innkalling", Body: "Du er innkalt.", IdempotencyKey: key}
	mustWrite(t, db, func(q *store.Q) error { _, err := q.Enqueue(context.Background(), m, now); return err })
	return m
}

func claimOutbox(t *testing.T, db *store.DB, node string, at time.Time) []store.OutboxMessage {
	t.Helper()
	var ms []store.OutboxMessage
	mustWrite(t, db, func(q *store.Q) (err error) {
		ms, err = q.ClaimOutbox(context.Background(), node, at, time.Minute, 100)
		return err
	})
	return ms
}

func TestEnqueueTwiceIsNoOp(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := mustTMFixture(t, db)
		first := mustEnqueue(t, db, f, store.ChannelSMS, "k1")
		again := &store.OutboxMessage{MunicipalityID: f.m.ID, Channel: store.ChannelEmail, Recipient: "x@y.no",
			IdempotencyKey: "k1"}
		var created bool
		mustWrite(t, db, func(q *store.Q) (err error) { created, err = q.Enqueue(ctx, again, now); return err })
		got, err := db.R().OutboxByKey(ctx, "k1")
		if err != nil {
			t.Fatal(err)
		}
		if created || got.ID != first.ID || got.Channel != store.ChannelSMS || got.Status != store.OutboxPending {
			t.Errorf("second enqueue: created %v, stored %+v", created, got)
		}
	})
}

func TestOutboxRetryAndGiveUp(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := mustTMFixture(t, db)
		m := mustEnqueue(t, db, f, store.ChannelSMS, "k1")
		ms := claimOutbox(t, db, "a", now)
		if len(ms) != 1 || ms[0].Status != store.OutboxSending || ms[0].Attempts != 1 {
			t.Fatalf("claimed %+v", ms)
		}
		err := db.Write(ctx, func(q *store.Q) error { return q.MarkFailed(ctx, m.ID, "b", "503", now.Add(time.Minute)) })
		if !errors.Is(err, store.ErrLeaseLost) {
			t.Errorf("node b marked a's message failed: %v", err)
		}
		mustWrite(t, db, func(q *store.Q) error { return q.MarkFailed(ctx, m.ID, "a", "503", now.Add(time.Minute)) })
		if got := claimOutbox(t, db, "a", now.Add(59*time.Second)); len(got) != 0 {
			t.Errorf("claimed before the next attempt: %+v", got)
		}
		ms = claimOutbox(t, db, "b", now.Add(time.Minute))
		if len(ms) != 1 || ms[0].Attempts != 2 || ms[0].LastError != "503" {
			t.Fatalf("second claim %+v", ms)
		}
		mustWrite(t, db, func(q *store.Q) error { return q.GiveUp(ctx, m.ID, "b", "410 gone") })
		failed, err := db.R().FailedOutbox(ctx, f.m.ID, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(failed) != 1 || failed[0].LastError != "410 gone" {
			t.Errorf("failed = %+v", failed)
		}
		if got := claimOutbox(t, db, "b", now.Add(time.Hour)); len(got) != 0 {
			t.Errorf("a given-up message was claimed again: %+v", got)
		}
	})
}

func TestOutboxLeaseRecovery(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := mustTMFixture(t, db)
		m := mustEnqueue(t, db, f, store.ChannelEmail, "k1")
		claimOutbox(t, db, "a", now)
		if got := claimOutbox(t, db, "b", now.Add(30*time.Second)); len(got) != 0 {
			t.Errorf("b claimed while a's lease holds: %+v", got)
		}
		if got := claimOutbox(t, db, "b", now.Add(time.Minute)); len(got) != 1 || got[0].Attempts != 2 {
			t.Fatalf("b did not take over after a's lease: %+v", got)
		}
		// a delivered after all: that it may record; b's later result is moot.
		mustWrite(t, db, func(q *store.Q) error { return q.MarkSent(ctx, m.ID, now.Add(61*time.Second)) })
		err := db.Write(ctx, func(q *store.Q) error { return q.MarkSent(ctx, m.ID, now.Add(62*time.Second)) })
		if !errors.Is(err, store.ErrLeaseLost) {
			t.Errorf("second MarkSent: %v", err)
		}
		err = db.Write(ctx, func(q *store.Q) error { return q.MarkFailed(ctx, m.ID, "b", "x", now) })
		if !errors.Is(err, store.ErrLeaseLost) {
			t.Errorf("MarkFailed after sent: %v", err)
		}
		n, _ := db.R().CountOutbox(ctx, store.OutboxSent)
		if n != 1 {
			t.Errorf("sent = %d", n)
		}
	})
}

func TestMailboxAndLogAreIdempotent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := mustTMFixture(t, db)
		m := mustEnqueue(t, db, f, store.ChannelMailbox, "k1")
		for range 2 {
			mustWrite(t, db, func(q *store.Q) error {
				if err := q.PutMailbox(ctx, *m, now); err != nil {
					return err
				}
				return q.LogMessage(ctx, *m, now)
			})
		}
		box, err := db.R().Mailbox(ctx, f.p.ID)
		if err != nil {
			t.Fatal(err)
		}
		log, err := db.R().ChannelLog(ctx, f.m.ID, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(box) != 1 || box[0].Subject != "Innkalling" || len(log) != 1 {
			t.Fatalf("mailbox %+v, log %+v: one each", box, log)
		}
		mustWrite(t, db, func(q *store.Q) error { return q.MarkMailboxRead(ctx, f.p.ID, box[0].ID, now) })
		box, _ = db.R().Mailbox(ctx, f.p.ID)
		if !box[0].Read.Equal(now) {
			t.Errorf("read = %v", box[0].Read)
		}
	})
}

func TestPrintBatchTakesEachItemOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := mustTMFixture(t, db)
		var ids []int64
		for i := range 3 {
			m := mustEnqueue(t, db, f, store.ChannelPrint, fmt.Sprint("p", i))
			mustWrite(t, db, func(q *store.Q) error { return q.QueuePrint(ctx, *m, now) })
			mustWrite(t, db, func(q *store.Q) error { return q.QueuePrint(ctx, *m, now) })
			ids = append(ids, m.ID)
		}
		queue, err := db.R().PrintQueue(ctx, f.m.ID, 100)
		if err != nil || len(queue) != 3 {
			t.Fatalf("queue %d items, %v", len(queue), err)
		}
		mustWrite(t, db, func(q *store.Q) error { return q.PutBlob(ctx, "sha-batch", []byte("%PDF")) })
		b := &store.PrintBatch{MunicipalityID: f.m.ID, DocumentSHA256: "sha-batch"}
		mustWrite(t, db, func(q *store.Q) error { return q.CreatePrintBatch(ctx, b, ids[:2], now) })
		err = db.Write(ctx, func(q *store.Q) error {
			return q.CreatePrintBatch(ctx, &store.PrintBatch{MunicipalityID: f.m.ID, DocumentSHA256: "sha-batch"}, ids, now)
		})
		if torg.ErrorCode(err) != torg.ECONFLICT {
			t.Errorf("a batch with items already batched: %v, want ECONFLICT", err)
		}
		queue, _ = db.R().PrintQueue(ctx, f.m.ID, 100)
		batches, _ := db.R().PrintBatches(ctx, f.m.ID, 10)
		if len(queue) != 1 || queue[0].ID != ids[2] || len(batches) != 1 || batches[0].Count != 2 {
			t.Errorf("queue %+v, batches %+v", queue, batches)
		}
	})
}
