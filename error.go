package torg

import (
	"errors"
	"fmt"
)

// Error codes. They map to HTTP statuses in the web and API layers.
const (
	ENOTFOUND     = "not_found"
	EINVALID      = "invalid"
	ECONFLICT     = "conflict"
	EFORBIDDEN    = "forbidden"
	EUNAUTHORIZED = "unauthorized"
	EINTERNAL     = "internal"
)

// Error is an error meant for a person: Code says what kind it is, Key names
// the message in the i18n catalogues and Args fills its placeholders
// (name, value pairs). Field names the form field at fault, if any.
type Error struct {
	Code  string
	Key   string
	Args  []any
	Field string
}

// Error returns the code and key; people see the translated message instead.
func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("torg: %s: %s (%s)", e.Code, e.Key, e.Field)
	}
	return fmt.Sprintf("torg: %s: %s", e.Code, e.Key)
}

// Errorf returns an *Error with the given code, message key and arguments.
func Errorf(code, key string, args ...any) *Error {
	return &Error{Code: code, Key: key, Args: args}
}

// FieldError returns an EINVALID *Error that names the form field at fault.
func FieldError(field, key string, args ...any) *Error {
	return &Error{Code: EINVALID, Key: key, Args: args, Field: field}
}

// ErrorCode returns the code of err if it is or wraps an *Error, and
// EINTERNAL otherwise.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	if err == nil {
		return ""
	}
	return EINTERNAL
}

// AsError returns the *Error in err's chain, or nil.
func AsError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return nil
}
