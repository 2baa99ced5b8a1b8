package workflow

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/app"
	"github.com/torg-kommune/torg/internal/bench/gen"
	"github.com/torg-kommune/torg/internal/bench/load"
	"github.com/torg-kommune/torg/internal/config"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

var quick = Options{Clients: 2, Duration: time.Second, Warmup: 200 * time.Millisecond, Rounds: 1}

// TestTorgSide runs torg's workflow against an in-process torg with the demo municipality, on
// each database engine, and checks what every workflow left behind: the claims of Terms.
func TestTorgSide(t *testing.T) {
	for dialect, base := range storetest.Dialects() {
		t.Run(dialect, func(t *testing.T) {
			cfg := config.Default()
			cfg.Data = t.TempDir()
			cfg.DB = storetest.URL(t, dialect, base)
			cfg.Demo = true
			testTorgSide(t, cfg)
		})
	}
}

func testTorgSide(t *testing.T, cfg config.Config) {
	ctx := context.Background()
	a, err := app.Open(ctx, cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() }) // after serve's cleanup, which is registered later
	url := serve(t, a)

	leader, err := a.Service.EmployeeByUsername(ctx, "leder")
	if err != nil {
		t.Fatal(err)
	}
	token, err := a.Service.CreateToken(ctx, leader.ID, "bench", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	actor, err := Discover(ctx, http.DefaultClient, url, token, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(actor.Persons) < 10 || !leader.InUnit(actor.UnitID) {
		t.Fatalf("Discover found %d persons, unit %d", len(actor.Persons), actor.UnitID)
	}
	outboxBefore := countOutbox(t, a.DB)

	m, err := RunSide(ctx, Torg{URL: url, Actors: []Actor{actor}}.Side(), quick, 1)
	if err != nil {
		t.Fatal(err)
	}
	if m.Errors != 0 || m.Workflows == 0 {
		t.Fatalf("%d workflows, %d errors (first: %s)", m.Workflows, m.Errors, m.FirstError)
	}
	if m.Requests < 3*m.Workflows || m.Requests > 3*(m.Workflows+int64(quick.Clients)) {
		t.Errorf("%d requests for %d workflows, want three each", m.Requests, m.Workflows)
	}
	if m.P50 <= 0 || m.P99 < m.P50 || m.WorkflowsPerSec <= 0 || m.RequestsPerSec < 2.9*m.WorkflowsPerSec {
		t.Errorf("figures: %+v", m)
	}
	steps := map[string]int64{}
	for _, s := range m.Result.Ops {
		steps[s.Name] = s.Count
	}
	for _, name := range []string{StepTorgInquiry, StepTorgNote, StepTorgComplete} {
		if steps[name] < m.Workflows {
			t.Errorf("step %q observed %d times for %d workflows", name, steps[name], m.Workflows)
		}
	}

	// Every workflow (warm-up included) wrote one audit event per request, and nothing went to
	// the outbox: what Terms says.
	actions := map[string]int{}
	err = a.DB.R().AuditEvents(ctx, 0, func(e *torg.AuditEvent) error {
		if e.ActorID == leader.ID {
			actions[e.Action]++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	n := actions["inquiry.walk_in"]
	if n < int(m.Workflows) || actions["note.create"] != n || actions["task.complete"] != n {
		t.Errorf("audit events by action %v for %d measured workflows: want one of each per workflow", actions, m.Workflows)
	}
	if after := countOutbox(t, a.DB); after != outboxBefore {
		t.Errorf("outbox held %d messages before and %d after: the workflow sends something", outboxBefore, after)
	}

	t.Run("inbox", func(t *testing.T) { testInboxSide(t, a, url, actor, leader) })
}

// testInboxSide runs the inbox workflow against the same torg and checks that every workflow
// delivered, answered and closed one thread and put one notice to the citizen in the outbox:
// what makes it the fair counterpart of RT with notifications on.
func testInboxSide(t *testing.T, a *app.App, url string, actor Actor, leader *torg.Employee) {
	ctx := context.Background()
	actors, err := ReachablePersons(ctx, http.DefaultClient, url, []Actor{actor})
	if err != nil {
		t.Fatal(err)
	}
	kept := map[int64]bool{}
	for _, id := range actors[0].Persons {
		kept[id] = true
	}
	for _, id := range actor.Persons {
		p, err := a.DB.R().Person(ctx, leader.MunicipalityID, id)
		if err != nil {
			t.Fatal(err)
		}
		if reachable := p.Phone != "" || p.Email != ""; reachable != kept[id] {
			t.Errorf("person %d: reachable %v, kept %v", id, reachable, kept[id])
		}
	}
	count := func() map[string]int {
		actions := map[string]int{}
		err := a.DB.R().AuditEvents(ctx, 0, func(e *torg.AuditEvent) error {
			if e.ActorID == leader.ID {
				actions[e.Action]++
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return actions
	}
	before, outboxBefore := count(), countOutbox(t, a.DB)

	m, err := RunSide(ctx, Inbox{URL: url, Actors: actors}.Side(), quick, 1)
	if err != nil {
		t.Fatal(err)
	}
	if m.Errors != 0 || m.Workflows == 0 || m.System != "torg inbox" {
		t.Fatalf("%s: %d workflows, %d errors (first: %s)", m.System, m.Workflows, m.Errors, m.FirstError)
	}
	if m.Requests < 3*m.Workflows || m.Requests > 3*(m.Workflows+int64(quick.Clients)) {
		t.Errorf("%d requests for %d workflows, want three each", m.Requests, m.Workflows)
	}
	steps := map[string]int64{}
	for _, s := range m.Result.Ops {
		steps[s.Name] = s.Count
	}
	for _, name := range []string{StepInboxDeliver, StepInboxAnswer, StepInboxClose} {
		if steps[name] < m.Workflows {
			t.Errorf("step %q observed %d times for %d workflows", name, steps[name], m.Workflows)
		}
	}
	after := count()
	n := after["thread.deliver"] - before["thread.deliver"]
	if n < int(m.Workflows) || after["thread.answer"]-before["thread.answer"] != n ||
		after["thread.status"]-before["thread.status"] != n {
		t.Errorf("audit events by action %v (before %v) for %d measured workflows: want one of each per workflow",
			after, before, m.Workflows)
	}
	if sent := countOutbox(t, a.DB) - outboxBefore; sent != int64(n) {
		t.Errorf("%d notices in the outbox for %d workflows: want one each", sent, n)
	}
}

func countOutbox(t *testing.T, db *store.DB) int64 {
	t.Helper()
	var n int64
	for _, st := range []string{store.OutboxPending, store.OutboxSending, store.OutboxSent, store.OutboxFailed} {
		c, err := db.R().CountOutbox(context.Background(), st)
		if err != nil {
			t.Fatal(err)
		}
		n += c
	}
	return n
}

// fakeRT answers the four kinds of request of RT's workflow as RT 5's REST 2.0 does, and
// refuses anything that does not have RT's shape.
type fakeRT struct {
	t        *testing.T
	password string

	mu       sync.Mutex
	sessions map[string]bool
	tickets  map[int]string // status
	resolved int
	logins   int
}

const rtCookie = "RT_SID_rt.local.8580"

func newFakeRT(t *testing.T, password string) *httptest.Server {
	f := &fakeRT{t: t, password: password, sessions: map[string]bool{}, tickets: map[int]string{}}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return srv
}

func (f *fakeRT) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	refuse := func(format string, args ...any) {
		f.t.Errorf("fake RT: %s %s: %s", r.Method, r.URL.Path, fmt.Sprintf(format, args...))
		http.Error(w, "bad request", http.StatusBadRequest)
	}
	if r.Method == http.MethodPost && r.URL.Path == "/NoAuth/Login.html" {
		if r.Header.Get("Content-Type") != "application/x-www-form-urlencoded" {
			refuse("login form with content type %q", r.Header.Get("Content-Type"))
			return
		}
		f.logins++
		sid := strconv.Itoa(len(f.sessions) + 1)
		// RT gives a session to anyone; only a right password logs it in.
		f.sessions[sid] = r.PostFormValue("user") == "root" && r.PostFormValue("pass") == f.password
		http.SetCookie(w, &http.Cookie{Name: rtCookie, Value: sid, Path: "/", HttpOnly: true})
		w.Write([]byte("<html>RT</html>"))
		return
	}
	c, err := r.Cookie(rtCookie)
	if err != nil || !f.sessions[c.Value] {
		w.WriteHeader(http.StatusUnauthorized)
		w.Write([]byte(`{"message":"Unauthorized"}`))
		return
	}
	if r.Method == http.MethodGet && r.URL.Path == "/REST/2.0/queues/all" {
		w.Write([]byte(`{"count":1,"items":[{"id":"1","type":"queue"}],"page":1,"per_page":20,"total":1}`))
		return
	}
	if r.Header.Get("Content-Type") != "application/json" {
		refuse("content type %q", r.Header.Get("Content-Type"))
		return
	}
	var body map[string]string
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		refuse("body: %v", err)
		return
	}
	rest, ok := strings.CutPrefix(r.URL.Path, "/REST/2.0/ticket")
	if !ok {
		refuse("not RT's REST 2.0 ticket path")
		return
	}
	switch {
	case r.Method == http.MethodPost && rest == "":
		if body["Queue"] != "General" || body["Subject"] == "" || !strings.Contains(body["Requestor"], "@") ||
			body["Content"] == "" || body["ContentType"] != "text/plain" || len(body) != 5 {
			refuse("ticket %v", body)
			return
		}
		id := len(f.tickets) + 1
		f.tickets[id] = "new"
		w.WriteHeader(http.StatusCreated)
		fmt.Fprintf(w, `{"_url":"http://%s/REST/2.0/ticket/%d","type":"ticket","id":"%d"}`, r.Host, id, id)
	case r.Method == http.MethodPost && strings.HasSuffix(rest, "/correspond"):
		id, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(rest, "/"), "/correspond"))
		if f.tickets[id] == "" || body["Content"] == "" || body["ContentType"] != "text/plain" || len(body) != 2 {
			refuse("correspond %v on ticket %d", body, id)
			return
		}
		f.tickets[id] = "open"
		w.WriteHeader(http.StatusCreated)
		w.Write([]byte("[\n   \"Correspondence added\"\n]\n"))
	case r.Method == http.MethodPut:
		id, _ := strconv.Atoi(strings.TrimPrefix(rest, "/"))
		if f.tickets[id] != "open" || body["Status"] != "resolved" || len(body) != 1 {
			refuse("update %v of ticket %d (%s)", body, id, f.tickets[id])
			return
		}
		f.tickets[id] = "resolved"
		f.resolved++
		fmt.Fprintf(w, `["Ticket %d: Status changed from 'open' to 'resolved'"]`, id)
	default:
		refuse("unexpected")
	}
}

func TestRTSide(t *testing.T) {
	srv := newFakeRT(t, "s3cret")
	f := srv.Config.Handler.(*fakeRT)
	m, err := RunSide(context.Background(), RT{URL: srv.URL, Password: "s3cret"}.Side(), quick, 1)
	if err != nil {
		t.Fatal(err)
	}
	if m.Errors != 0 || m.Workflows == 0 {
		t.Fatalf("%d workflows, %d errors (first: %s)", m.Workflows, m.Errors, m.FirstError)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.logins != quick.Clients {
		t.Errorf("%d logins for %d clients, want one each", f.logins, quick.Clients)
	}
	if f.resolved < int(m.Workflows) || f.resolved != len(f.tickets) {
		t.Errorf("%d of %d tickets resolved for %d measured workflows", f.resolved, len(f.tickets), m.Workflows)
	}
}

func TestRTWrongPassword(t *testing.T) {
	srv := newFakeRT(t, "s3cret")
	_, err := RunSide(context.Background(), RT{URL: srv.URL, Password: "wrong"}.Side(), quick, 1)
	if err == nil || !strings.Contains(err.Error(), "not logged in") {
		t.Fatalf("RunSide with a wrong password: %v", err)
	}
}

// TestCompare alternates two sides and checks the medians and the ratio.
func TestCompare(t *testing.T) {
	side := func(name string, d time.Duration) *Side {
		before := 0
		return &Side{Name: name,
			NewWorker: func(context.Context, *load.Worker) (any, error) { return nil, nil },
			Before:    func(context.Context) error { before++; return nil },
			Workflow: func(ctx context.Context, w *load.Worker, s *Session) error {
				time.Sleep(d)
				s.reqs = append(s.reqs, request{workflow: s.wf, d: d})
				return nil
			}}
	}
	var order []string
	opt := Options{Clients: 1, Duration: 300 * time.Millisecond, Rounds: 3,
		Progress: func(round int, m *Measure) { order = append(order, fmt.Sprintf("%d:%s", round, m.System)) }}
	c, err := Compare(context.Background(), []*Side{side("slow", 20*time.Millisecond), side("torg", 2*time.Millisecond)},
		[]Pair{{System: "torg", Versus: "slow", Note: "a note"}, {System: "torg", Versus: "absent"}}, opt)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(order, " "); got != "1:slow 1:torg 2:slow 2:torg 3:slow 3:torg" {
		t.Errorf("order %s", got)
	}
	if len(c.Sides) != 2 || c.Sides[0].Rounds != 3 || len(c.Ratios) != 1 || c.Ratios[0].Versus != "slow" {
		t.Fatalf("comparison %+v", c)
	}
	// Sleeps overrun on a busy machine, the short ones most, and by any
	// amount: only the direction and the lower bound are certain.
	if r := c.Ratios[0].Ratio; r <= 1 {
		t.Errorf("ratio %.1f, want about 10 (above 1 at least)", r)
	}
	if p := c.Sides[0].P50; p < 20 {
		t.Errorf("slow side's p50 %.1f ms, want about 20 (at least the sleep)", p)
	}
	if md := c.Markdown(); strings.Contains(md, "too few for a rate") {
		t.Errorf("a round with enough workflows is called too short:\n%s", md)
	}
	c.Rounds[0].Workflows = 1
	md := c.Markdown()
	for _, want := range []string{"| slow | 3 |", "| torg | 3 |", "torg ÷ slow: **", "(workflows/s; a note).", "| 3 | torg |", "the fair ratio is against RT with\n  notifications on", "nothing goes to\n  its outbox",
		"round 1, slow: only 1 workflows from 1 clients, too few"} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
	if _, err := json.Marshal(c); err != nil {
		t.Error(err)
	}
}

func TestActorsFromManifest(t *testing.T) {
	m := &gen.Manifest{
		Staff: []gen.Staff{
			{Username: "c1", Token: "torg_c", Role: gen.RoleCounsellor, UnitID: 1},
			{Username: "l1", Token: "torg_l1", Role: gen.RoleLeader, UnitID: 1},
			{Username: "l2", Token: "torg_l2", Role: gen.RoleLeader, UnitID: 2},
		},
		Samples: []gen.Sample{
			{PersonID: 10, UnitID: 1}, {PersonID: 11, UnitID: 1, Protected: true}, {PersonID: 12, UnitID: 3},
		},
	}
	got, err := ActorsFromManifest(m)
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprint([]Actor{{Token: "torg_l1", UnitID: 1, Persons: []int64{10}}, {Token: "torg_l2", UnitID: 2, Persons: []int64{10, 12}}})
	if fmt.Sprint(got) != want {
		t.Errorf("actors %v, want %s", got, want)
	}
	m.Staff = m.Staff[:1]
	if _, err := ActorsFromManifest(m); err == nil {
		t.Error("a manifest without leaders gave actors")
	}
}

// TestInboxSideOnGenerated runs the inbox workflow on a database made by the generator, with the
// actors of its manifest: its units take messages and its leaders deliver and answer them.
func TestInboxSideOnGenerated(t *testing.T) {
	ctx := context.Background()
	cfg := config.Default()
	cfg.Data = t.TempDir()
	a, err := app.Open(ctx, cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() }) // after serve's cleanup, which is registered later
	man, err := gen.Generate(ctx, a.DB, gen.Config{Country: gen.Norway, Persons: 3000, Cases: 400, Records: 800,
		Notes: 10, Tasks: 10, Inquiries: 10, Samples: 300, Seed: 5}, nil)
	if err != nil {
		t.Fatal(err)
	}
	url := serve(t, a)
	actors, err := ActorsFromManifest(man)
	if err != nil {
		t.Fatal(err)
	}
	if actors, err = ReachablePersons(ctx, http.DefaultClient, url, actors); err != nil {
		t.Fatal(err)
	}
	outboxBefore := countOutbox(t, a.DB)
	m, err := RunSide(ctx, Inbox{URL: url, Actors: actors}.Side(), quick, 1)
	if err != nil {
		t.Fatal(err)
	}
	if m.Errors != 0 || m.Workflows == 0 {
		t.Fatalf("%d workflows, %d errors (first: %s)", m.Workflows, m.Errors, m.FirstError)
	}
	if sent := countOutbox(t, a.DB) - outboxBefore; sent < m.Workflows {
		t.Errorf("%d notices in the outbox for %d measured workflows: want one each at least", sent, m.Workflows)
	}
}

// TestSessionKeys checks that idempotency keys differ between the sessions
// of different rounds even at the same workflow number: a repeated key
// would make torg answer with the first round's object (200, not 201).
func TestSessionKeys(t *testing.T) {
	a, b := &Session{id: sessionCount.Add(1), Seq: 7}, &Session{id: sessionCount.Add(1), Seq: 7}
	if a.Key("wf") == b.Key("wf") || a.Key("wf") == a.Key("wf-inbox") {
		t.Fatalf("keys %q %q %q", a.Key("wf"), b.Key("wf"), a.Key("wf-inbox"))
	}
	if k := a.Key("wf"); !strings.HasPrefix(k, "wf-") || !strings.HasSuffix(k, "-7") {
		t.Fatalf("key %q", k)
	}
}

// serve serves a on a loopback port until the test ends and returns its URL.
func serve(t *testing.T, a *app.App) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- a.Serve(ctx, ln) }()
	t.Cleanup(func() {
		stop()
		<-served
	})
	return "http://" + ln.Addr().String()
}
