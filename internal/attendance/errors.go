package attendance

import (
	"errors"
	"strconv"
	"time"
	// The engine must give the same answer, and the same "unknown zone"
	// verdict, on every host, including a scratch container without
	// /usr/share/zoneinfo; embedding the zone database makes that so.
	_ "time/tzdata"
)

// FieldError is the only error DecodeCase, Validate and EvaluateJSON
// return. Path is the JSON path of the first offending field
// (schedule.weekly.mon.start, events[3].at); "$" stands for the whole
// document (malformed JSON, trailing data).
type FieldError struct {
	Path string
	Msg  string
}

func (e *FieldError) Error() string { return e.Path + ": " + e.Msg }

func fieldErr(path, msg string) *FieldError { return &FieldError{Path: path, Msg: msg} }

// AsFieldError unwraps err to a *FieldError, if it is one.
func AsFieldError(err error) (*FieldError, bool) {
	var fe *FieldError
	ok := errors.As(err, &fe)
	return fe, ok
}

// join builds a JSON path: join("policy", "makeup") is "policy.makeup". A
// name that is not a plain identifier (an unknown key with a dot, a space
// or a newline in it) is written ["quoted"], so the path stays one
// unambiguous line.
func join(path, name string) string {
	if !plainName(name) {
		return path + "[" + strconv.Quote(name) + "]"
	}
	if path == "" {
		return name
	}
	return path + "." + name
}

func plainName(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return s != ""
}

// index builds a JSON path of an array element: index("events", 3) is
// "events[3]".
func index(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

// LoadZone loads an IANA zone such as Asia/Jakarta. Only real zone names are
// accepted: "" and "Local" would make the result depend on the host.
// It returns a *FieldError at path "timezone".
func LoadZone(name string) (*time.Location, error) {
	if name == "" || name == "Local" {
		return nil, fieldErr("timezone", "unknown time zone "+strconv.Quote(name))
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fieldErr("timezone", "unknown time zone "+strconv.Quote(name))
	}
	return loc, nil
}
