package web_test

// Benchmarks on a large register: person lookup by national ID and the
// case page, on SQLite. The database — Torgvik's demo organisation, a
// million synthetic persons with a case each, and one case with 50
// records, notes and tasks — takes a few minutes to build. It is built
// once and kept between runs; benchmarks run on a copy, so what they
// write (audit events, sessions) never reaches the kept database.
//
//	TORG_BENCH_PERSONS  persons in the large database (default 1,000,000)
//	TORG_BENCH_DIR      where built databases are kept (default $TMPDIR/torg-bench-1m)
//
// With -short only the small (10,000-person) database is used. See
// docs/benchmarks.md for what each benchmark measures and the figures.

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/demo"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/web"
)

const (
	smallPersons = 10_000    // the database to compare lookups on the large one with
	pageRecords  = 50        // records in the benchmarked case
	sampleSize   = 1 << 16   // national IDs kept for lookups, spread over the register
	caseBatch    = 5000      // cases per transaction while building
	benchLayout  = "cases-1" // change when build changes, so kept databases are rebuilt
)

var buildNow = time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)

// manifest describes a built database. It is written last: a database
// without one was not finished.
type manifest struct {
	Key     string   // schema and layout the database was built with
	Persons int      // persons in the municipality
	CaseID  int64    // the case with pageRecords records
	NINs    []string // national IDs of persons spread over the register
}

// benchEnv is an open copy of a built database with the services on it.
type benchEnv struct {
	m      manifest
	path   string // the copy
	db     *store.DB
	svc    *casework.Service
	muni   int64
	desk   *torg.Employee // front desk: looks persons up
	mux    *http.ServeMux
	cookie *http.Cookie // a counsellor's session, who may read the case
}

var (
	envMu sync.Mutex
	envs  = map[int]*benchEnv{}
	seeds atomic.Uint64
)

// TestMain removes the copies the benchmarks wrote to.
func TestMain(m *testing.M) {
	code := m.Run()
	for _, e := range envs {
		e.db.Close()
		removeDB(e.path)
	}
	os.Exit(code)
}

// largePersons returns the size of the large database.
func largePersons(b *testing.B) int {
	s := strings.ReplaceAll(os.Getenv("TORG_BENCH_PERSONS"), "_", "")
	if s == "" {
		return 1_000_000
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1000 {
		b.Fatalf("TORG_BENCH_PERSONS=%q: want a number of at least 1000", s)
	}
	return n
}

func benchDir() string {
	if d := os.Getenv("TORG_BENCH_DIR"); d != "" {
		return d
	}
	return filepath.Join(os.TempDir(), "torg-bench-1m")
}

// env returns the open database of a size, building it if need be.
func env(b *testing.B, persons int) *benchEnv {
	b.Helper()
	if testing.Short() && persons > smallPersons {
		b.Skip("the large database is skipped with -short")
	}
	envMu.Lock()
	defer envMu.Unlock()
	if e := envs[persons]; e != nil {
		return e
	}
	e, err := openEnv(b, persons)
	if err != nil {
		b.Fatal(err)
	}
	envs[persons] = e
	return e
}

func openEnv(b *testing.B, persons int) (*benchEnv, error) {
	ctx := context.Background()
	kept, m, err := keptDB(b, persons)
	if err != nil {
		return nil, err
	}
	// One copy per size, not per run, so that a run cut short leaves no
	// stray copy behind; its write-ahead log must not outlive it.
	path := filepath.Join(benchDir(), fmt.Sprintf("run-%d.db", persons))
	removeDB(path)
	if err := copyFile(path, kept); err != nil {
		return nil, err
	}
	db, err := store.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	e := &benchEnv{m: m, path: path, db: db, svc: casework.New(db, torg.SystemClock{}, casework.DefaultConfig()),
		mux: http.NewServeMux()}
	if err := e.start(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return e, nil
}

func (e *benchEnv) start(ctx context.Context) error {
	muni, err := e.db.R().MunicipalityByCode(ctx, demo.MunicipalityCode)
	if err != nil {
		return err
	}
	e.muni = muni.ID
	if e.desk, err = e.svc.EmployeeByUsername(ctx, "skranke"); err != nil {
		return err
	}
	h, err := web.New(e.svc, slog.New(slog.DiscardHandler), web.Options{})
	if err != nil {
		return err
	}
	h.Register(e.mux)
	e.cookie, err = login(e.mux, "eg", demo.Password)
	return err
}

// login posts the login form and returns the session cookie.
func login(h http.Handler, user, password string) (*http.Cookie, error) {
	form := url.Values{"username": {user}, "password": {password}}
	req := httptest.NewRequest("POST", "/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	for _, c := range rec.Result().Cookies() {
		if c.Name == "torg_session" && c.Value != "" {
			return c, nil
		}
	}
	return nil, fmt.Errorf("login as %s: status %d and no session cookie", user, rec.Code)
}

// removeDB removes a SQLite database and its write-ahead log.
func removeDB(path string) {
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(path + suffix)
	}
}

func copyFile(dst, src string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// parallel runs body on goroutines (rounded up to a multiple of
// GOMAXPROCS): on the benchmark's own goroutine when it is 1.
func parallel(b *testing.B, goroutines int, body func(pb interface{ Next() bool })) {
	b.ReportAllocs()
	if goroutines == 1 {
		b.ResetTimer()
		body(loop{b})
		return
	}
	procs := runtime.GOMAXPROCS(0)
	b.SetParallelism((goroutines + procs - 1) / procs)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) { body(pb) })
}

type loop struct{ b *testing.B }

func (l loop) Next() bool { return l.b.Loop() }

// BenchmarkPersonByNIN is the store's point lookup of a person by
// national ID, on the small and the large database, from one goroutine
// and from four (the size of the read pool on two cores).
func BenchmarkPersonByNIN(b *testing.B) {
	for _, n := range []int{smallPersons, largePersons(b)} {
		lookups(b, n, []int{1, 4}, func(ctx context.Context, e *benchEnv, nin string) error {
			_, err := e.db.R().PersonByNIN(ctx, e.muni, nin)
			return err
		})
	}
}

// BenchmarkFindPersonByNIN is the front desk's lookup (FD1.1) in
// casework: access check, validation of the number, the lookup, and the
// audit event written through the group-committing writer before the
// person is shown.
func BenchmarkFindPersonByNIN(b *testing.B) {
	lookups(b, largePersons(b), []int{1, 4, 64}, func(ctx context.Context, e *benchEnv, nin string) error {
		_, err := e.svc.FindPersonByNIN(ctx, e.desk, nin)
		return err
	})
}

// lookups runs a sub-benchmark of find on the database of a size for each
// number of goroutines, each looking up sampled national IDs at random.
func lookups(b *testing.B, persons int, goroutines []int, find func(context.Context, *benchEnv, string) error) {
	ctx := context.Background()
	for _, g := range goroutines {
		b.Run(fmt.Sprintf("persons=%d/goroutines=%d", persons, g), func(b *testing.B) {
			e := env(b, persons)
			parallel(b, g, func(pb interface{ Next() bool }) {
				r := rand.New(rand.NewPCG(seeds.Add(1), 0x746f7267))
				for pb.Next() {
					if err := find(ctx, e, e.m.NINs[r.IntN(len(e.m.NINs))]); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}

// BenchmarkCasePage50Records is GET /cases/{id} for a counsellor of the
// unit, on a case of the large database with 50 records, ten notes and
// five tasks: session check, the case and its parts read, the audit event
// written, the page rendered. It runs in the handler, and over HTTP through
// a local server with 64 concurrent clients on the same two cores; a bare
// 20 KB page through the same server and clients is the yardstick.
func BenchmarkCasePage50Records(b *testing.B) {
	n := largePersons(b)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 128}}
	defer client.CloseIdleConnections()
	var srv, bare *httptest.Server
	defer func() {
		for _, s := range []*httptest.Server{srv, bare} {
			if s != nil {
				s.Close()
			}
		}
	}()
	b.Run(fmt.Sprintf("persons=%d/handler/goroutines=1", n), func(b *testing.B) {
		e := env(b, n)
		size := checkCasePage(b, e)
		parallel(b, 1, func(pb interface{ Next() bool }) {
			for pb.Next() {
				rec := httptest.NewRecorder()
				e.mux.ServeHTTP(rec, e.caseRequest(""))
				if rec.Code != http.StatusOK {
					b.Errorf("status %d", rec.Code)
					return
				}
			}
		})
		b.ReportMetric(float64(size), "bytes/page")
	})
	b.Run(fmt.Sprintf("persons=%d/http/goroutines=64", n), func(b *testing.B) {
		e := env(b, n)
		if srv == nil {
			srv = httptest.NewServer(e.mux)
		}
		getAll(b, client, func() *http.Request { return e.caseRequest(srv.URL) })
	})
	b.Run("bare-20KB/http/goroutines=64", func(b *testing.B) {
		if bare == nil {
			bare = httptest.NewServer(barePage())
		}
		getAll(b, client, func() *http.Request {
			req, _ := http.NewRequest("GET", bare.URL+"/", nil)
			return req
		})
	})
}

// caseRequest returns a logged-in GET of the benchmarked case, to base
// (a server's URL) or, with base "", for the handler.
func (e *benchEnv) caseRequest(base string) *http.Request {
	req, _ := http.NewRequest("GET", fmt.Sprintf("%s/cases/%d", base, e.m.CaseID), nil)
	req.Header.Set("Accept-Language", "nb")
	req.AddCookie(e.cookie)
	return req
}

var recordLink = regexp.MustCompile(`href="/records/[0-9]+"`)

// checkCasePage fetches the case page once and fails unless it shows the
// case's records; it returns the page's size.
func checkCasePage(b *testing.B, e *benchEnv) int {
	rec := httptest.NewRecorder()
	e.mux.ServeHTTP(rec, e.caseRequest(""))
	body := rec.Body.String()
	if n := len(recordLink.FindAllString(body, -1)); rec.Code != http.StatusOK || n != pageRecords {
		b.Fatalf("case page: status %d, %d records, want %d", rec.Code, n, pageRecords)
	}
	return len(body)
}

// getAll sends requests from 64 goroutines and reads each response.
func getAll(b *testing.B, client *http.Client, req func() *http.Request) {
	parallel(b, 64, func(pb interface{ Next() bool }) {
		for pb.Next() {
			resp, err := client.Do(req())
			if err != nil {
				b.Error(err)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				b.Errorf("status %d", resp.StatusCode)
				return
			}
		}
	})
}

// barePage serves a fixed 20 KB HTML page: what HTTP alone costs.
func barePage() http.Handler {
	page := []byte("<!doctype html><title>bare</title>" + strings.Repeat("<p>torg benchmark yardstick</p>\n", 20_000/32))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	})
}
