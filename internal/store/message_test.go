package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

func TestThreads(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := mustTMFixture(t, db)
		due := now.Add(7 * time.Hour)
		th := &torg.Thread{MunicipalityID: f.m.ID, UnitID: f.u.ID, PersonID: f.p.ID, Kind: torg.MsgInquiry,
			Subject: "Spørsmål om timen", Due: due, RequestKey: "k1"}
		msg := &torg.Message{FromCitizen: true, Body: "<script>alert(1)</script> Hei",
			Documents: []torg.Document{{SHA256: "ab", Filename: "brev.pdf", MediaType: "application/pdf", Size: 3}}}
		mustWrite(t, db, func(q *store.Q) error {
			if err := q.PutBlob(ctx, "ab", []byte("pdf")); err != nil {
				return err
			}
			if err := q.CreateThread(ctx, th, now); err != nil {
				return err
			}
			msg.ThreadID = th.ID
			return q.AddMessage(ctx, msg, "k1", now)
		})

		got, err := db.R().Thread(ctx, f.m.ID, th.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != torg.ThreadNew || got.PersonName != "Kari Nordmann" || got.UnitName != "Gjeld" ||
			!got.Due.Equal(due) || got.RequestKey != "k1" || !got.LastMessage.Equal(now) {
			t.Errorf("thread = %+v", got)
		}
		if _, err := db.R().Thread(ctx, f.m.ID+1, th.ID); torg.ErrorCode(err) != torg.ENOTFOUND {
			t.Errorf("thread of another municipality: %v, want ENOTFOUND", err)
		}
		if byKey, err := db.R().ThreadByRequestKey(ctx, f.p.ID, "k1"); err != nil || byKey.ID != th.ID {
			t.Errorf("thread by key = %v, %v", byKey, err)
		}
		t.Run("a double submit is a conflict", func(t *testing.T) {
			err := db.Write(ctx, func(q *store.Q) error {
				again := *th
				return q.CreateThread(ctx, &again, now)
			})
			if torg.ErrorCode(err) != torg.ECONFLICT {
				t.Errorf("second thread with the key: %v, want ECONFLICT", err)
			}
			err = db.Write(ctx, func(q *store.Q) error {
				return q.AddMessage(ctx, &torg.Message{ThreadID: th.ID, FromCitizen: true, Body: "x"}, "k1", now)
			})
			if torg.ErrorCode(err) != torg.ECONFLICT {
				t.Errorf("second message with the key: %v, want ECONFLICT", err)
			}
		})

		msgs, err := db.R().ThreadMessages(ctx, th.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(msgs) != 1 || msgs[0].Body != msg.Body || !msgs[0].FromCitizen || len(msgs[0].Documents) != 1 ||
			msgs[0].Documents[0].Filename != "brev.pdf" {
			t.Fatalf("messages = %+v", msgs)
		}
		if d, err := db.R().MessageDocument(ctx, th.ID, msgs[0].Documents[0].ID); err != nil || d.SHA256 != "ab" {
			t.Errorf("document = %+v, %v", d, err)
		}
		if _, err := db.R().MessageDocument(ctx, th.ID+1, msgs[0].Documents[0].ID); torg.ErrorCode(err) != torg.ENOTFOUND {
			t.Errorf("document through another thread: %v, want ENOTFOUND", err)
		}

		inbox := func(qy store.ThreadQuery) []*torg.Thread {
			t.Helper()
			qy.MunicipalityID = f.m.ID
			ts, err := db.R().Threads(ctx, qy)
			if err != nil {
				t.Fatal(err)
			}
			return ts
		}
		t.Run("unread until the employee opens it", func(t *testing.T) {
			ts := inbox(store.ThreadQuery{UnitIDs: []int64{f.u.ID}, Open: true, Reader: f.e.ID})
			if len(ts) != 1 || !ts[0].Unread {
				t.Fatalf("inbox = %+v, want one unread thread", ts)
			}
			if n, err := db.R().UnreadThreadCount(ctx, f.e.ID, []int64{f.u.ID}); err != nil || n != 1 {
				t.Errorf("unread count = %d, %v", n, err)
			}
			mustWrite(t, db, func(q *store.Q) error { return q.MarkThreadRead(ctx, th.ID, f.e.ID, now.Add(time.Minute)) })
			if ts := inbox(store.ThreadQuery{Reader: f.e.ID}); !(len(ts) == 1 && !ts[0].Unread) {
				t.Errorf("after reading: %+v", ts)
			}
			if n, _ := db.R().UnreadThreadCount(ctx, f.e.ID, []int64{f.u.ID}); n != 0 {
				t.Errorf("unread count after reading = %d", n)
			}
		})
		t.Run("filters", func(t *testing.T) {
			if ts := inbox(store.ThreadQuery{Unassigned: true}); len(ts) != 1 {
				t.Errorf("unassigned = %d threads", len(ts))
			}
			if ts := inbox(store.ThreadQuery{ResponsibleID: f.e.ID}); len(ts) != 0 {
				t.Errorf("mine = %d threads, want none", len(ts))
			}
			if ts := inbox(store.ThreadQuery{DueBefore: due.Add(time.Minute)}); len(ts) != 1 {
				t.Errorf("due before = %d threads, want 1", len(ts))
			}
			if ts := inbox(store.ThreadQuery{DueBefore: due}); len(ts) != 0 {
				t.Errorf("due before its due time = %d threads, want none", len(ts))
			}
			if ts := inbox(store.ThreadQuery{Statuses: []string{torg.ThreadDone}}); len(ts) != 0 {
				t.Errorf("done = %d threads, want none", len(ts))
			}
		})

		t.Run("update, answer, read by the citizen", func(t *testing.T) {
			th.Status, th.ResponsibleID, th.CaseID = torg.ThreadWaiting, f.e.ID, f.c.ID
			th.WaitingSince = now.Add(time.Hour)
			answer := &torg.Message{ThreadID: th.ID, AuthorID: f.e.ID, Body: "Hvilken dag?"}
			mustWrite(t, db, func(q *store.Q) error {
				if err := q.UpdateThread(ctx, th, now.Add(time.Hour)); err != nil {
					return err
				}
				return q.AddMessage(ctx, answer, "", now.Add(time.Hour))
			})
			got, _ := db.R().Thread(ctx, f.m.ID, th.ID)
			if got.Status != torg.ThreadWaiting || got.ResponsibleName != "Tor Mo" || got.CaseID != f.c.ID ||
				!got.WaitingSince.Equal(now.Add(time.Hour)) {
				t.Errorf("updated thread = %+v", got)
			}
			if ts := inbox(store.ThreadQuery{DueBefore: due.Add(time.Hour)}); len(ts) != 0 {
				t.Errorf("a waiting thread is never due soon: %d", len(ts))
			}
			if ts, _ := db.R().CaseThreads(ctx, f.c.ID); len(ts) != 1 {
				t.Errorf("case threads = %d", len(ts))
			}
			if n, _ := db.R().UnreadByCitizen(ctx, f.p.ID); n != 1 {
				t.Errorf("unread by citizen = %d, want 1", n)
			}
			mustWrite(t, db, func(q *store.Q) error { return q.MarkMessagesReadByCitizen(ctx, th.ID, now.Add(2*time.Hour)) })
			if n, _ := db.R().UnreadByCitizen(ctx, f.p.ID); n != 0 {
				t.Errorf("unread by citizen after reading = %d", n)
			}
			if ts, _ := db.R().PersonThreads(ctx, f.p.ID); len(ts) != 1 || ts[0].ID != th.ID {
				t.Errorf("person threads = %+v", ts)
			}
		})

		t.Run("routine state and tasks", func(t *testing.T) {
			tr := &store.ThreadRoutine{ThreadID: th.ID, RoutineID: "digital_messages", Version: 2, State: []byte(`{"a":1}`), Updated: now}
			task := &torg.Task{MunicipalityID: f.m.ID, UnitID: f.u.ID, ThreadID: th.ID, Title: "Les", RoutineID: "digital_messages", Step: "DM1"}
			mustWrite(t, db, func(q *store.Q) error {
				if err := q.SaveThreadRoutine(ctx, tr); err != nil {
					return err
				}
				tr.State = []byte(`{"a":2}`)
				if err := q.SaveThreadRoutine(ctx, tr); err != nil {
					return err
				}
				return q.CreateTask(ctx, task, now)
			})
			trs, err := db.R().ThreadRoutines(ctx, th.ID)
			if err != nil || len(trs) != 1 || string(trs[0].State) != `{"a":2}` {
				t.Errorf("thread routines = %+v, %v", trs, err)
			}
			ts, err := db.R().ThreadTasks(ctx, th.ID)
			if err != nil || len(ts) != 1 || ts[0].ThreadID != th.ID {
				t.Fatalf("thread tasks = %+v, %v", ts, err)
			}
			mustWrite(t, db, func(q *store.Q) error {
				return q.CompleteThreadStepTasks(ctx, th.ID, "digital_messages", "DM1", now)
			})
			if ts, _ := db.R().ThreadTasks(ctx, th.ID); !ts[0].IsDone() {
				t.Errorf("the step's task is still open")
			}
		})
	})
}
