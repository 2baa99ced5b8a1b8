package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/torg-kommune/torg"
)

// maxBody is the largest JSON request body accepted.
const maxBody = 1 << 20

// decode reads the request's JSON body into v: one object, no unknown
// members, at most maxBody bytes. Its errors are 400 or 413 problems.
func decode(w http.ResponseWriter, r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return bodyError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return bodyError(err)
		}
		return malformed("", "api.json_trailing")
	}
	return nil
}

// bodyError says what is wrong with a body that did not decode.
func bodyError(err error) error {
	var tooLarge *http.MaxBytesError
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &tooLarge):
		return &statusError{http.StatusRequestEntityTooLarge,
			torg.Errorf(torg.EINVALID, "api.body_too_large", "max", "1 MiB")}
	case errors.Is(err, io.EOF):
		return malformed("", "api.json_empty")
	case errors.As(err, &typeErr) && typeErr.Field == "":
		return malformed("", "api.json_object")
	case errors.As(err, &typeErr):
		return malformed(typeErr.Field, "api.json_type", "field", typeErr.Field, "want", jsonType(typeErr.Type))
	}
	// encoding/json reports an unknown member only as text.
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		if n, err := strconv.Unquote(name); err == nil {
			name = n
		}
		return malformed(name, "api.json_unknown_field", "field", name)
	}
	return malformed("", "api.json_syntax")
}

func malformed(field, key string, args ...any) error {
	return &statusError{http.StatusBadRequest, &torg.Error{Code: torg.EINVALID, Key: key, Args: args, Field: field}}
}

// jsonType names the JSON type that decodes into a Go type.
func jsonType(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "integer"
	case reflect.Float32, reflect.Float64:
		return "number"
	case reflect.Slice, reflect.Array:
		return "array"
	}
	return "object"
}

// writeJSON writes v as the JSON response with the given status. It
// encodes before writing anything, so that a failure is still a problem.
func writeJSON(w http.ResponseWriter, status int, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("api: encode response: %w", err)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
	return nil
}

// pathID returns a numeric path parameter. Anything but a positive integer
// names nothing that exists: 404.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, torg.Errorf(torg.ENOTFOUND, "error.not_found")
	}
	return id, nil
}

// location returns the URL path of a resource under the API.
func location(format string, args ...any) string { return prefix + fmt.Sprintf(format, args...) }

// optID returns nil for the zero ID, which the domain uses for "none".
func optID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

// optString returns nil for the empty string.
func optString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// optTime returns nil for the zero time and t in UTC otherwise.
func optTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	t = t.UTC()
	return &t
}

// optDate returns nil for the zero date.
func optDate(d torg.Date) *torg.Date {
	if d.IsZero() {
		return nil
	}
	return &d
}
