package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/i18n"
)

// problem is an RFC 9457 problem details object with torg's extension
// members: the error code, the message key and the field at fault.
type problem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail"`
	Code   string `json:"code"`
	Key    string `json:"key"`
	Field  string `json:"field,omitempty"`
}

// statusError is an error in the request itself, found before any use case
// runs: a body that is not JSON or too large, a route that does not exist.
// It carries its own status, which the torg error code cannot express.
type statusError struct {
	status int
	err    *torg.Error
}

func (e *statusError) Error() string { return e.err.Error() }

// statuses maps torg error codes to HTTP statuses. EINVALID is 422: the
// request was well-formed JSON, but its content does not pass validation.
var statuses = map[string]int{
	torg.ENOTFOUND:     http.StatusNotFound,
	torg.EINVALID:      http.StatusUnprocessableEntity,
	torg.ECONFLICT:     http.StatusConflict,
	torg.EFORBIDDEN:    http.StatusForbidden,
	torg.EUNAUTHORIZED: http.StatusUnauthorized,
}

// problemTypes names the problem type of each status the API answers with.
// The others (405, 500) are "about:blank": nothing beyond the status.
var problemTypes = map[int]string{
	http.StatusBadRequest:            "urn:torg:problem:malformed",
	http.StatusUnauthorized:          "urn:torg:problem:unauthorized",
	http.StatusForbidden:             "urn:torg:problem:forbidden",
	http.StatusNotFound:              "urn:torg:problem:not_found",
	http.StatusConflict:              "urn:torg:problem:conflict",
	http.StatusRequestEntityTooLarge: "urn:torg:problem:too_large",
	http.StatusUnprocessableEntity:   "urn:torg:problem:invalid",
}

// apiFields renames the form fields the use cases report to the API's
// JSON member names.
var apiFields = map[string]string{"person": "person_id", "unit": "unit_id", "case": "case_id"}

// fail writes err as a problem. Errors that are not a torg.Error are
// internal: they are logged and the client gets a generic message.
func (a *api) fail(w http.ResponseWriter, r *http.Request, err error) {
	status, e := classify(err)
	if status == http.StatusInternalServerError {
		// Only the route pattern, never the URL: its query may hold a name.
		a.log.ErrorContext(r.Context(), "api: request failed", "method", r.Method, "route", r.Pattern, "err", err)
		e = internalError()
	}
	if status == http.StatusUnauthorized {
		challenge := `Bearer realm="torg"`
		if e.Key == "token.invalid" {
			challenge += `, error="invalid_token"` // RFC 6750 §3.1: a token was sent but is no good
		}
		w.Header().Set("WWW-Authenticate", challenge)
	}
	writeProblem(w, r, status, e)
}

// classify returns the status and the person-facing error of err.
func classify(err error) (int, *torg.Error) {
	var se *statusError
	if errors.As(err, &se) {
		return se.status, se.err
	}
	if e := torg.AsError(err); e != nil {
		if status, ok := statuses[e.Code]; ok {
			return status, e
		}
	}
	return http.StatusInternalServerError, nil
}

func internalError() *torg.Error { return torg.Errorf(torg.EINTERNAL, "api.internal") }

// writeProblem writes e as a problem in the language the request prefers.
func writeProblem(w http.ResponseWriter, r *http.Request, status int, e *torg.Error) {
	p := i18n.New(i18n.Negotiate("", r.Header.Get("Accept-Language"), i18n.EN))
	typ, ok := problemTypes[status]
	if !ok {
		typ = "about:blank"
	}
	field := e.Field
	if f, ok := apiFields[field]; ok {
		field = f
	}
	b, err := json.Marshal(problem{Type: typ, Title: p.T(fmt.Sprintf("api.status_%d", status)), Status: status,
		Detail: p.T(e.Key, e.Args...), Code: e.Code, Key: e.Key, Field: field})
	if err != nil {
		// A problem is strings and an int; it cannot fail to encode.
		panic(err)
	}
	h := w.Header()
	h.Set("Content-Type", "application/problem+json")
	h.Set("Content-Language", string(p.Lang()))
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
}

// unmatched is the error for a request that matches no route: the mux's
// status, 404 or 405.
func unmatched(status int, method string) error {
	if status == http.StatusMethodNotAllowed {
		return &statusError{status, torg.Errorf(torg.EINVALID, "api.method_not_allowed", "method", method)}
	}
	return &statusError{http.StatusNotFound, torg.Errorf(torg.ENOTFOUND, "api.route_not_found")}
}
