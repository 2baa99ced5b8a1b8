package scheduler_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/outbox"
	"github.com/torg-kommune/torg/internal/outbox/outboxtest"
	"github.com/torg-kommune/torg/internal/scheduler"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

// The crash test's child process reads its settings from these.
const (
	envHelper = "TORG_CRASH_HELPER"
	envDB     = "TORG_CRASH_DB"
	envSMS    = "TORG_CRASH_SMS"
	envSMTP   = "TORG_CRASH_SMTP"
	crashFrom = "post@kristiansand.kommune.no"
	crashMsgs = 100 // per channel
)

// TestHelperProcess is the crash test's child: a torg node running the
// scheduler and the outbox until it is killed or its stdin closes (the
// parent died). It does nothing in a normal test run.
func TestHelperProcess(t *testing.T) {
	if os.Getenv(envHelper) == "" {
		t.Skip("the child process of TestCrashDuringDelivery")
	}
	ctx, cancel := context.WithCancel(context.Background())
	go func() { io.Copy(io.Discard, os.Stdin); cancel() }()
	db, err := store.Open(ctx, os.Getenv(envDB))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	clock := torg.SystemClock{}
	d := outbox.New(db, clock, &outbox.HTTPSMS{URL: os.Getenv(envSMS)}, &outbox.SMTP{Addr: os.Getenv(envSMTP), From: crashFrom})
	d.Lease, d.Batch, d.Workers, d.Backoff = 2*time.Second, 20, 4, []time.Duration{100 * time.Millisecond}
	s := &scheduler.Scheduler{DB: db, Clock: clock, Outbox: d, Interval: 20 * time.Millisecond,
		Handle: func(context.Context, *store.Q, store.Timer) error { return nil }}
	s.Run(ctx)
}

// trap holds the nth arrival at a receiver, after it was recorded and
// before it is answered, until released: the node that sent it is then
// killed with the message delivered but not marked sent.
type trap struct {
	n       int64
	count   atomic.Int64
	hit     chan struct{}
	release chan struct{}
	once    sync.Once
}

func newTrap(n int64) *trap {
	return &trap{n: n, hit: make(chan struct{}), release: make(chan struct{})}
}

func (tr *trap) hook(string) int {
	if tr.count.Add(1) == tr.n {
		close(tr.hit)
		<-tr.release
	}
	time.Sleep(2 * time.Millisecond) // a receiver's latency, so the kill lands mid-stream
	return 0
}

func (tr *trap) free() { tr.once.Do(func() { close(tr.release) }) }

// TestCrashDuringDelivery is the outbox's acceptance test: a node is
// killed (SIGKILL) while it delivers 200 messages by SMS and e-mail, with
// one SMS and one mail delivered but not yet answered; a second node is
// killed mid-stream; a third finishes the work. Every message must have
// reached its receiver, and exactly once by its idempotency key or
// Message-ID; duplicates at the transport level are counted and reported.
func TestCrashDuringDelivery(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	for dialect, base := range storetest.Dialects() {
		t.Run(dialect, func(t *testing.T) { crashDuringDelivery(t, dialect, base) })
	}
}

func crashDuringDelivery(t *testing.T, dialect, base string) {
	ctx := context.Background()
	url := storetest.URL(t, dialect, base)
	db := mustOpen(t, url)
	f := outboxtest.MustFixture(t, db, now)
	var ms []*store.OutboxMessage
	for i := range crashMsgs {
		ms = append(ms, f.Message(store.ChannelSMS, fmt.Sprintf("sms-%03d", i)),
			f.Message(store.ChannelEmail, fmt.Sprintf("mail-%03d", i)))
	}
	outboxtest.MustEnqueue(t, db, time.Now(), ms...)
	gw, mail := outboxtest.NewSMSGateway(t), outboxtest.NewSMTPServer(t)
	smsTrap, mailTrap := newTrap(40), newTrap(40)
	gw.SetHook(smsTrap.hook)
	mail.SetHook(mailTrap.hook)
	defer smsTrap.free()
	defer mailTrap.free()
	env := []string{envHelper + "=1", envDB + "=" + url, envSMS + "=" + gw.Server.URL, envSMTP + "=" + mail.Addr}

	first := startChild(t, env)
	waitFor(t, "both receivers to hold a message", func() bool { return closed(smsTrap.hit) && closed(mailTrap.hit) })
	first.kill(t)
	smsTrap.free()
	mailTrap.free()
	sentAtKill, _ := db.R().CountOutbox(ctx, store.OutboxSent)
	inFlight, _ := db.R().CountOutbox(ctx, store.OutboxSending)
	t.Logf("killed the first node: %d sent, %d in flight; receivers had %d SMS and %d mails",
		sentAtKill, inFlight, gw.Total(), mail.Total())

	// The second node is killed mid-stream, wherever it happens to be.
	second := startChild(t, env)
	mark := gw.Total() + mail.Total()
	waitFor(t, "60 more arrivals", func() bool { return gw.Total()+mail.Total() >= mark+60 })
	second.kill(t)
	sentAtKill, _ = db.R().CountOutbox(ctx, store.OutboxSent)
	inFlight, _ = db.R().CountOutbox(ctx, store.OutboxSending)
	t.Logf("killed the second node: %d sent, %d in flight; receivers had %d SMS and %d mails",
		sentAtKill, inFlight, gw.Total(), mail.Total())

	third := startChild(t, env)
	waitFor(t, "the outbox to empty", func() bool {
		p, _ := db.R().CountOutbox(ctx, store.OutboxPending)
		s, _ := db.R().CountOutbox(ctx, store.OutboxSending)
		return p+s == 0
	})
	third.kill(t)
	checkExactlyOnce(t, db, gw, mail)
}

// checkExactlyOnce checks that every message was sent and received, and
// reports the duplicates the receivers dropped.
func checkExactlyOnce(t *testing.T, db *store.DB, gw *outboxtest.SMSGateway, mail *outboxtest.SMTPServer) {
	sent, _ := db.R().CountOutbox(context.Background(), store.OutboxSent)
	if sent != 2*crashMsgs {
		t.Errorf("%d messages sent, want %d", sent, 2*crashMsgs)
	}
	smsCounts, mailCounts := gw.Counts(), mail.Counts()
	for i := range crashMsgs {
		if k := fmt.Sprintf("sms-%03d", i); smsCounts[k] == 0 {
			t.Errorf("SMS %s lost", k)
		}
		if id := outbox.MessageID(fmt.Sprintf("mail-%03d", i), crashFrom); mailCounts[id] == 0 {
			t.Errorf("mail %s lost", id)
		}
	}
	if gw.Unique() != crashMsgs || mail.Unique() != crashMsgs || gw.Bad() != 0 {
		t.Errorf("received %d distinct SMS and %d distinct mails (want %d each); %d bad requests",
			gw.Unique(), mail.Unique(), crashMsgs, gw.Bad())
	}
	smsDup, mailDup := gw.Total()-gw.Unique(), mail.Total()-mail.Unique()
	t.Logf("received exactly once by key: %d SMS, %d mails; transport-level duplicates dropped by key: %d SMS, %d mails",
		gw.Unique(), mail.Unique(), smsDup, mailDup)
	if smsDup == 0 || mailDup == 0 {
		t.Error("no duplicate at the receivers: the kill did not land between delivery and its record")
	}
}

// child is a running helper process.
type child struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	out    *bytes.Buffer
	done   chan error
	killed sync.Once
}

func startChild(t *testing.T, env []string) *child {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "-test.v")
	cmd.Env = append(os.Environ(), env...)
	c := &child{cmd: cmd, out: &bytes.Buffer{}, done: make(chan error, 1)}
	cmd.Stdout, cmd.Stderr = c.out, c.out
	var err error
	if c.stdin, err = cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { c.done <- cmd.Wait() }()
	t.Cleanup(func() { c.kill(t) })
	return c
}

// kill sends SIGKILL and waits for the process to end.
func (c *child) kill(t *testing.T) {
	c.killed.Do(func() {
		c.cmd.Process.Kill()
		<-c.done
		if t.Failed() {
			t.Logf("child %d output:\n%s", c.cmd.Process.Pid, c.out)
		}
	})
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func closed(c chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}
