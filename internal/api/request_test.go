package api

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework/casetest"
	"github.com/torg-kommune/torg/internal/i18n"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

func (e *env) testAuth(t *testing.T) {
	t.Run("no token is 401 with a Bearer challenge", func(t *testing.T) {
		res := e.get(t, nil, "/tasks")
		wantProblem(t, res.problem(t, http.StatusUnauthorized), torg.EUNAUTHORIZED, "api.token_missing", "")
		if got := res.header.Get("WWW-Authenticate"); !strings.HasPrefix(got, "Bearer") {
			t.Errorf("WWW-Authenticate = %q, want a Bearer challenge", got)
		}
	})
	for _, tt := range []struct{ name, header, key string }{
		{"unknown token", "Bearer torg_nosuchtoken", "token.invalid"},
		{"other scheme", "Basic " + e.tokens[e.EG.ID], "api.token_missing"},
		{"scheme without token", "Bearer ", "api.token_missing"},
	} {
		t.Run(tt.name+" is 401", func(t *testing.T) {
			res := e.get(t, nil, "/tasks", "Authorization", tt.header)
			wantProblem(t, res.problem(t, http.StatusUnauthorized), torg.EUNAUTHORIZED, tt.key, "")
			wantError := tt.key == "token.invalid"
			if got := res.header.Get("WWW-Authenticate"); strings.Contains(got, `error="invalid_token"`) != wantError {
				t.Errorf("WWW-Authenticate = %q, want error=\"invalid_token\" only for a token that is no good", got)
			}
		})
	}
	t.Run("an expired token is 401", func(t *testing.T) {
		tok, err := e.Svc.CreateToken(context.Background(), e.EG.ID, "short", time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		e.Clock.Advance(2 * time.Minute)
		defer e.Clock.Advance(-2 * time.Minute)
		res := e.get(t, nil, "/tasks", "Authorization", "bearer "+tok)
		wantProblem(t, res.problem(t, http.StatusUnauthorized), torg.EUNAUTHORIZED, "token.invalid", "")
	})
	t.Run("the OpenAPI document needs no token", func(t *testing.T) {
		res := e.get(t, nil, "/openapi.json")
		if res.status != http.StatusOK || !bytes.Equal(res.body, openAPIDoc) {
			t.Errorf("status %d, body equal to the embedded document: %v", res.status, bytes.Equal(res.body, openAPIDoc))
		}
	})
	t.Run("a role without access to persons is 403", func(t *testing.T) {
		res := e.get(t, e.Admin, "/persons?q=Nordmann")
		wantProblem(t, res.problem(t, http.StatusForbidden), torg.EFORBIDDEN, "error.forbidden", "")
	})
}

func (e *env) testRequests(t *testing.T) {
	lookup := "/persons/lookup"
	tests := []struct {
		name, body string
		status     int
		key, field string
	}{
		{"unknown member", `{"nin": "10915596784", "nickname": "Kari"}`, 400, "api.json_unknown_field", "nickname"},
		{"malformed JSON", `{"nin": `, 400, "api.json_syntax", ""},
		{"empty body", ``, 400, "api.json_empty", ""},
		{"not an object", `["10915596784"]`, 400, "api.json_object", ""},
		{"member of the wrong type", `{"nin": 10915596784}`, 400, "api.json_type", "nin"},
		{"data after the object", `{"nin": "10915596784"} {}`, 400, "api.json_trailing", ""},
		{"body over 1 MiB", `{"nin": "` + strings.Repeat("1", maxBody) + `"}`, 413, "api.body_too_large", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name+" is a problem", func(t *testing.T) {
			p := e.post(t, e.FrontDesk, lookup, tt.body).problem(t, tt.status)
			wantProblem(t, p, torg.EINVALID, tt.key, tt.field)
		})
	}
	t.Run("an unknown route is a 404 problem", func(t *testing.T) {
		p := e.get(t, e.EG, "/no/such/thing").problem(t, http.StatusNotFound)
		wantProblem(t, p, torg.ENOTFOUND, "api.route_not_found", "")
	})
	t.Run("a method the route does not have is a 405 problem with Allow", func(t *testing.T) {
		res := e.do(t, e.EG, http.MethodDelete, "/persons/1", nil)
		wantProblem(t, res.problem(t, http.StatusMethodNotAllowed), torg.EINVALID, "api.method_not_allowed", "")
		if allow := res.header.Get("Allow"); !strings.Contains(allow, "GET") {
			t.Errorf("Allow = %q, want GET in it", allow)
		}
	})
	t.Run("an ID that is not a positive number is 404", func(t *testing.T) {
		for _, path := range []string{"/persons/abc", "/persons/0", "/cases/-1", "/records/1.5"} {
			wantProblem(t, e.get(t, e.EG, path).problem(t, http.StatusNotFound), torg.ENOTFOUND, "error.not_found", "")
		}
	})
	t.Run("problems and data are not cached", func(t *testing.T) {
		if got := e.get(t, e.EG, "/tasks").header.Get("Cache-Control"); got != "no-store" {
			t.Errorf("Cache-Control = %q, want no-store", got)
		}
	})
}

// testInternalError runs the API on a database that has gone away: the
// client gets a generic 500, and the log has the cause but no personal
// data, no token and no query string.
func testInternalError(t *testing.T, db *store.DB, s *spec) {
	broken := storetest.Open(t, db.Dialect(), storetest.Dialects()[db.Dialect()])
	e := newEnv(t, broken, s)
	broken.Close()
	for _, tt := range []struct{ name, method, path, body string }{
		{"lookup", http.MethodPost, "/persons/lookup", `{"nin": "` + casetest.KariNIN + `"}`},
		{"search", http.MethodGet, "/persons?q=Nordmann", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e.log.Reset()
			res := e.do(t, e.FrontDesk, tt.method, tt.path, tt.body, "Accept-Language", "sv")
			p := res.problem(t, http.StatusInternalServerError)
			wantProblem(t, p, torg.EINTERNAL, "api.internal", "")
			if p.Type != "about:blank" || p.Detail != i18n.New(i18n.SV).T("api.internal") {
				t.Errorf("problem %+v, want about:blank with the generic message in Swedish", p)
			}
			log := e.log.String()
			if !strings.Contains(log, "api: request failed") || !strings.Contains(log, "closed") {
				t.Errorf("log %q: want the failure and its cause", log)
			}
			for _, secret := range []string{casetest.KariNIN, "Nordmann", e.tokens[e.FrontDesk.ID]} {
				if strings.Contains(log, secret) {
					t.Errorf("log holds %q: %s", secret, log)
				}
			}
		})
	}
}

func TestPanicIsLoggedProblem(t *testing.T) {
	var log bytes.Buffer
	a := &api{log: slog.New(slog.NewTextHandler(&log, nil))}
	h := a.wrap(route{public: true, h: func(http.ResponseWriter, *http.Request, *torg.Employee) error { panic("boom") }})
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/api/v1/x", nil))
	if w.Code != http.StatusInternalServerError || w.Header().Get("Content-Type") != "application/problem+json" {
		t.Errorf("status %d, Content-Type %q, want a 500 problem", w.Code, w.Header().Get("Content-Type"))
	}
	if !strings.Contains(log.String(), "boom") {
		t.Errorf("log %q does not hold the panic", log.String())
	}
}
