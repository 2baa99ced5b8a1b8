package api

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework/casetest"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

// TestAPI exercises every operation through HTTP on each database, checks
// every response against openapi.json, and finally that every documented
// operation was called.
func TestAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := loadSpec(t)
		e := newEnv(t, db, s)
		t.Run("authentication", e.testAuth)
		t.Run("requests", e.testRequests)
		t.Run("persons", e.testPersons)
		t.Run("cases", e.testCases)
		t.Run("records", e.testRecords)
		t.Run("inquiries", e.testInquiries)
		t.Run("tasks", e.testTasks)
		t.Run("routine tasks", e.testRoutineTasks)
		t.Run("debts", e.testDebts)
		t.Run("pickups", e.testPickups)
		t.Run("threads", e.testThreads)
		t.Run("internal errors", func(t *testing.T) { testInternalError(t, db, s) })
		t.Run("every documented operation is exercised", func(t *testing.T) { s.checkCoverage(t) })
	})
}

// checkCoverage fails for each documented operation no test has called.
func (s *spec) checkCoverage(t *testing.T) {
	if f := flag.Lookup("test.run"); f != nil && strings.Contains(f.Value.String(), "/") {
		t.Skip("only some of the API tests ran")
	}
	for _, op := range s.operations() {
		if !s.hits[op] {
			t.Errorf("%s is documented but no test calls it", op)
		}
	}
}

// env is a fixture municipality behind the API, with a token per employee.
type env struct {
	*casetest.Fixture
	h      http.Handler
	spec   *spec
	tokens map[int64]string
	log    *bytes.Buffer
}

func newEnv(t *testing.T, db *store.DB, s *spec) *env {
	t.Helper()
	f := casetest.New(t, db)
	e := &env{Fixture: f, spec: s, tokens: map[int64]string{}, log: &bytes.Buffer{}}
	e.h = New(f.Svc, slog.New(slog.NewTextHandler(e.log, nil)))
	for _, emp := range []*torg.Employee{f.FrontDesk, f.EG, f.KH, f.Leader, f.Admin, f.Outsider} {
		tok, err := f.Svc.CreateToken(context.Background(), emp.ID, "api test", 24*time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		e.tokens[emp.ID] = tok
	}
	return e
}

// obj is a JSON object to send: tests send only the members they mean,
// as a client would, so that the request can be checked against the document.
type obj = map[string]any

// response is what the API answered.
type response struct {
	status int
	header http.Header
	body   []byte
}

// do sends a request as an employee (nil: without a token) to a path under
// the API, checks the answer against openapi.json and returns it. A body
// that is a string or []byte is sent as it is, anything else as JSON;
// header holds name, value pairs.
func (e *env) do(t *testing.T, as *torg.Employee, method, path string, body any, header ...string) *response {
	t.Helper()
	var raw []byte
	switch b := body.(type) {
	case nil:
	case string:
		if b != "" {
			raw = []byte(b)
		}
	case []byte:
		raw = b
	default:
		var err error
		if raw, err = json.Marshal(b); err != nil {
			t.Fatal(err)
		}
	}
	r := httptest.NewRequest(method, prefix+path, bytes.NewReader(raw))
	if raw != nil {
		r.Header.Set("Content-Type", "application/json")
	}
	if as != nil {
		r.Header.Set("Authorization", "Bearer "+e.tokens[as.ID])
	}
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	e.h.ServeHTTP(w, r)
	res := &response{status: w.Code, header: w.Header(), body: w.Body.Bytes()}
	u, _ := url.Parse(path)
	e.spec.check(t, method, u.Path, raw, res)
	return res
}

// get is do for a GET without a body.
func (e *env) get(t *testing.T, as *torg.Employee, path string, header ...string) *response {
	t.Helper()
	return e.do(t, as, http.MethodGet, path, nil, header...)
}

// post is do for a POST.
func (e *env) post(t *testing.T, as *torg.Employee, path string, body any, header ...string) *response {
	t.Helper()
	return e.do(t, as, http.MethodPost, path, body, header...)
}

// json checks the status and decodes the body into v.
func (r *response) json(t *testing.T, status int, v any) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d: %s", r.status, status, r.body)
	}
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decode %s: %v", r.body, err)
	}
}

// problem checks the status and returns the problem in the body.
func (r *response) problem(t *testing.T, status int) problem {
	t.Helper()
	var p problem
	r.json(t, status, &p)
	if p.Status != status {
		t.Errorf("problem status %d in a %d response", p.Status, status)
	}
	return p
}

// wantProblem checks a problem's code, key and field, and that its detail
// is a message with every placeholder filled.
func wantProblem(t *testing.T, p problem, code, key, field string) {
	t.Helper()
	if p.Code != code || p.Key != key || p.Field != field {
		t.Errorf("problem (code, key, field) = (%q, %q, %q), want (%q, %q, %q): %s",
			p.Code, p.Key, p.Field, code, key, field, p.Detail)
	}
	if p.Detail == "" || strings.ContainsAny(p.Detail, "⟦{") {
		t.Errorf("problem detail %q: no message for the key, or a placeholder left unfilled", p.Detail)
	}
}

// ids returns the IDs of a list of DTOs.
func ids[T any](list []T, id func(T) int64) []int64 {
	var out []int64
	for _, v := range list {
		out = append(out, id(v))
	}
	slices.Sort(out)
	return out
}
