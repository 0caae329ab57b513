// Package apperr owns Hadir's domain error codes. Services and stores return
// *Error values; the api package maps each code to one HTTP status in a single
// place, so the domain never knows about HTTP.
package apperr

import (
	"errors"
	"fmt"
)

// Code is a domain error class. Its string is part of the public API
// (the "code" field of every JSON error body).
type Code string

// The domain error codes.
const (
	Invalid      Code = "invalid"      // bad input; Field names the offending field
	NotFound     Code = "not_found"    // no such thing, or not visible to the caller
	Conflict     Code = "conflict"     // duplicate, or state does not allow it
	Unauthorized Code = "unauthorized" // not signed in
	Forbidden    Code = "forbidden"    // signed in but not allowed
	TooMany      Code = "too_many"     // rate limited; retry later
	Unavailable  Code = "unavailable"  // overloaded or a dependency is down; retry later
	Internal     Code = "internal"     // a bug or an outage; details only in the log
)

// Error is a domain error: a code, the message it shows the user named by
// Key (an entry of the i18n catalogues, e.g. "kinerja.minutes_over_cap")
// with Args for its {placeholders}, and the field (JSON path) it concerns,
// when there is one. The API renders Key once, at the edge, in the caller's
// language; Go code holds no user-facing text (a test enforces it).
//
// Message is internal context for the log (Wrap), never shown to a user.
type Error struct {
	Code    Code
	Key     string
	Args    map[string]string
	Message string
	Field   string
	Detail  any   // extra data for the client (e.g. an overload receipt), shown as is
	Err     error // wrapped cause, logged, never shown
}

func (e *Error) Error() string {
	msg := e.Message
	if e.Key != "" {
		msg = e.Key
		if len(e.Args) > 0 {
			msg += fmt.Sprint(e.Args)
		}
	}
	if e.Field != "" {
		msg = e.Field + ": " + msg
	}
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, msg, e.Err)
	}
	return string(e.Code) + ": " + msg
}

func (e *Error) Unwrap() error { return e.Err }

// New builds an error with a code and a catalogue message: key names the
// message, kv are its placeholders as name, value pairs ("max", 660).
func New(code Code, key string, kv ...any) *Error {
	return &Error{Code: code, Key: key, Args: pairs(kv)}
}

// InvalidField builds an Invalid error about one field (a JSON path) with a
// catalogue message; kv as for New.
func InvalidField(field, key string, kv ...any) *Error {
	return &Error{Code: Invalid, Field: field, Key: key, Args: pairs(kv)}
}

// pairs turns name, value, name, value … into the placeholder map; a value
// is written with fmt.Sprint. An odd trailing name is kept with "".
func pairs(kv []any) map[string]string {
	if len(kv) == 0 {
		return nil
	}
	m := make(map[string]string, (len(kv)+1)/2)
	for i := 0; i < len(kv); i += 2 {
		v := ""
		if i+1 < len(kv) {
			v = fmt.Sprint(kv[i+1])
		}
		m[fmt.Sprint(kv[i])] = v
	}
	return m
}

// Wrap marks err as Internal, keeping it as the cause; msg is context for
// the log (what was being done), never shown: an internal error reaches the
// user only as the catalogue's "error.internal".
func Wrap(err error, msg string) *Error {
	return &Error{Code: Internal, Message: msg, Err: err}
}

// CodeOf returns the code of the first *Error in err's chain, Internal for
// any other non-nil error, and "" for nil.
func CodeOf(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// As returns the first *Error in err's chain, or an Internal one wrapping err.
func As(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return &Error{Code: Internal, Message: "Internal error", Err: err}
}

// Is reports whether err carries the given code.
func Is(err error, code Code) bool { return CodeOf(err) == code }
