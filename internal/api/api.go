// Package api serves torg's JSON API under /api/v1/ for authorised
// integrations: persons, cases, records and their documents, notes, the
// work list, front-desk inquiries and the message inbox.
//
// Every request but GET /api/v1/openapi.json carries an API token,
// "Authorization: Bearer <token>", and acts as the employee the token
// belongs to, with that employee's access. Responses are explicit DTOs in
// snake_case, never the domain types, so that the wire format changes only
// on purpose; the embedded openapi.json describes them, and the tests check
// every response against it. Errors are RFC 9457 problem details with the
// message in the language of Accept-Language.
package api

import (
	"log/slog"
	"net/http"
	"strings"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
)

// prefix is where the server mounts the API; the paths in openapi.json are
// relative to it.
const prefix = "/api/v1"

// api holds what the handlers share.
type api struct {
	svc *casework.Service
	log *slog.Logger
	mux *http.ServeMux
}

// handlerFunc handles a request for an authenticated actor (nil on public
// routes). An error it returns is written as a problem.
type handlerFunc func(w http.ResponseWriter, r *http.Request, actor *torg.Employee) error

// route is one operation of openapi.json.
type route struct {
	method string
	path   string // as in openapi.json, without the prefix
	public bool   // needs no token
	h      handlerFunc
}

// New returns the handler for the JSON API. The server mounts it with
// mux.Handle("/api/v1/", api.New(svc, log)).
func New(svc *casework.Service, log *slog.Logger) http.Handler {
	a := &api{svc: svc, log: log, mux: http.NewServeMux()}
	for _, rt := range a.routes() {
		a.mux.Handle(rt.method+" "+prefix+rt.path, a.wrap(rt))
	}
	return a
}

func (a *api) routes() []route {
	rts := []route{
		{"GET", "/openapi.json", true, a.openAPI},
		{"POST", "/persons/lookup", false, a.lookupPerson},
		{"GET", "/persons", false, a.searchPersons},
		{"POST", "/persons", false, a.createPerson},
		{"GET", "/persons/{id}", false, a.person},
		{"GET", "/persons/{id}/cases", false, a.personCases},
		{"GET", "/cases/{id}", false, a.caseDetail},
		{"POST", "/cases/{id}/notes", false, a.addNote},
		{"GET", "/records/{id}", false, a.record},
		{"GET", "/records/{id}/documents/{doc}", false, a.document},
		{"GET", "/tasks", false, a.workList},
		{"POST", "/tasks/{id}/complete", false, a.completeTask},
		{"POST", "/inquiries", false, a.createInquiry},
		{"GET", "/inquiries/{id}", false, a.inquiry},
	}
	rts = append(rts, a.pickupRoutes()...)
	rts = append(rts, a.threadRoutes()...)
	return append(rts, a.debtRoutes()...)
}

// ServeHTTP routes a request. A request that matches no route gets a
// problem instead of the mux's plain-text 404 or 405.
func (a *api) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// Handler only finds the route; ServeHTTP matches again because only
	// it sets the path values. Matching costs far less than the database.
	h, pattern := a.mux.Handler(r)
	if pattern != "" {
		a.mux.ServeHTTP(w, r)
		return
	}
	// Let the mux decide between 404 and 405 (with its Allow header),
	// then answer in the API's own format.
	rec := &headerRecorder{header: http.Header{}}
	h.ServeHTTP(rec, r)
	if allow := rec.header.Get("Allow"); allow != "" {
		w.Header().Set("Allow", allow)
	}
	a.fail(w, r, unmatched(rec.status, r.Method))
}

// wrap authenticates the caller of a route, runs its handler and writes
// any error as a problem.
func (a *api) wrap(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer a.recoverPanic(w, r)
		// Responses carry personal data: no shared caches, no sniffing.
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		var actor *torg.Employee
		var err error
		if !rt.public {
			actor, err = a.authenticate(r)
		}
		if err == nil {
			err = rt.h(w, r, actor)
		}
		if err != nil {
			a.fail(w, r, err)
		}
	})
}

// authenticate returns the employee of the request's bearer token.
func (a *api) authenticate(r *http.Request) (*torg.Employee, error) {
	scheme, token, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	token = strings.TrimSpace(token)
	if !strings.EqualFold(scheme, "Bearer") || token == "" {
		return nil, torg.Errorf(torg.EUNAUTHORIZED, "api.token_missing")
	}
	return a.svc.TokenEmployee(r.Context(), token)
}

// recoverPanic turns a panicking handler into a logged internal error.
func (a *api) recoverPanic(w http.ResponseWriter, r *http.Request) {
	v := recover()
	if v == nil {
		return
	}
	if v == http.ErrAbortHandler {
		panic(v)
	}
	a.log.ErrorContext(r.Context(), "api: handler panicked", "method", r.Method, "route", r.Pattern, "panic", v)
	writeProblem(w, r, http.StatusInternalServerError, internalError())
}

// headerRecorder keeps the status and headers of a response and drops its body.
type headerRecorder struct {
	header http.Header
	status int
}

func (h *headerRecorder) Header() http.Header         { return h.header }
func (h *headerRecorder) Write(b []byte) (int, error) { return len(b), nil }
func (h *headerRecorder) WriteHeader(status int)      { h.status = status }
