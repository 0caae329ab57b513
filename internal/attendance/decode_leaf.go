package attendance

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Leaf decoders: each returns a set function for a field that writes the
// decoded value to dst or returns a *FieldError at the field's path.

func setString(dst *string) func(*jval, string) error {
	return func(v *jval, path string) error {
		if v.kind != jString {
			return typeErr(v, path, jString)
		}
		*dst = v.str
		return nil
	}
}

func setBool(dst *bool) func(*jval, string) error {
	return func(v *jval, path string) error {
		if v.kind != jBool {
			return typeErr(v, path, jBool)
		}
		*dst = v.b
		return nil
	}
}

func setInt(dst *int) func(*jval, string) error {
	return func(v *jval, path string) error {
		n, err := wholeNumber(v, path)
		*dst = n
		return err
	}
}

// setNullableInt decodes an integer or null (nil).
func setNullableInt(dst **int) func(*jval, string) error {
	return func(v *jval, path string) error {
		if v.kind == jNull {
			*dst = nil
			return nil
		}
		n, err := wholeNumber(v, path)
		*dst = &n
		return err
	}
}

// wholeNumber reads a JSON number that must be integral. 450.0 is accepted
// as 450 because some JSON writers print every number as a float.
func wholeNumber(v *jval, path string) (int, error) {
	if v.kind != jNumber {
		return 0, typeErr(v, path, jNumber)
	}
	if n, err := strconv.ParseInt(v.str, 10, 0); err == nil {
		return int(n), nil
	}
	f, err := strconv.ParseFloat(v.str, 64)
	switch {
	case err != nil || math.Abs(f) > 1<<53:
		return 0, fieldErr(path, v.str+" is out of range")
	case f != math.Trunc(f):
		return 0, fieldErr(path, v.str+" is not a whole number of minutes")
	}
	return int(f), nil
}

func setPct(dst *float64) func(*jval, string) error {
	return func(v *jval, path string) error {
		if v.kind != jNumber {
			return typeErr(v, path, jNumber)
		}
		f, err := strconv.ParseFloat(v.str, 64)
		if err != nil {
			return fieldErr(path, v.str+" is out of range")
		}
		*dst = f
		return nil
	}
}

func setDate(dst *Date) func(*jval, string) error {
	return func(v *jval, path string) error {
		if v.kind != jString {
			return typeErr(v, path, jString)
		}
		d, err := ParseDate(v.str)
		if err != nil {
			return fieldErr(path, err.Error())
		}
		*dst = d
		return nil
	}
}

func setClock(dst *Clock) func(*jval, string) error {
	return func(v *jval, path string) error {
		if v.kind != jString {
			return typeErr(v, path, jString)
		}
		c, err := ParseClock(v.str)
		if err != nil {
			return fieldErr(path, err.Error())
		}
		*dst = c
		return nil
	}
}

func setInstant(dst *time.Time) func(*jval, string) error {
	return func(v *jval, path string) error {
		if v.kind != jString {
			return typeErr(v, path, jString)
		}
		t, err := ParseInstant(v.str)
		if err != nil {
			return fieldErr(path, err.Error())
		}
		*dst = t
		return nil
	}
}

// ParseInstant reads an RFC 3339 instant that has seconds and an offset:
// YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM). The result keeps the given
// offset (UTC for Z and +00:00); fractions beyond nanoseconds are
// truncated. Unlike time.Parse it never consults the host's local zone.
func ParseInstant(s string) (time.Time, error) {
	bad := fmt.Errorf("%q is not an RFC 3339 instant with seconds and an offset", s)
	if len(s) < 20 || (s[10] != 'T' && s[10] != 't') || s[13] != ':' || s[16] != ':' {
		return time.Time{}, bad
	}
	d, err := ParseDate(s[:10])
	hh, ok1 := digits(s[11:13])
	mm, ok2 := digits(s[14:16])
	ss, ok3 := digits(s[17:19])
	if err != nil || !ok1 || !ok2 || !ok3 || hh > 23 || mm > 59 || ss > 59 {
		return time.Time{}, bad
	}
	rest := s[19:]
	ns := 0
	if rest[0] == '.' {
		frac := rest[1:]
		end := strings.IndexAny(frac, "Zz+-")
		if end < 1 {
			return time.Time{}, bad
		}
		if ns, err = fraction(frac[:end]); err != nil {
			return time.Time{}, bad
		}
		rest = frac[end:]
	}
	loc, ok := parseOffset(rest)
	if !ok {
		return time.Time{}, bad
	}
	return time.Date(d.Year, d.Month, d.Day, hh, mm, ss, ns, loc), nil
}

// fraction reads the digits after the decimal point as nanoseconds.
func fraction(s string) (int, error) {
	if _, ok := digits(s); !ok {
		return 0, fmt.Errorf("bad fraction")
	}
	s = (s + "000000000")[:9]
	n, _ := digits(s)
	return n, nil
}

// parseOffset reads Z or ±HH:MM. A zero offset is time.UTC so that an
// instant survives encode/decode unchanged.
func parseOffset(s string) (*time.Location, bool) {
	if s == "Z" || s == "z" {
		return time.UTC, true
	}
	if len(s) != 6 || (s[0] != '+' && s[0] != '-') || s[3] != ':' {
		return nil, false
	}
	h, ok1 := digits(s[1:3])
	m, ok2 := digits(s[4:6])
	if !ok1 || !ok2 || h > 23 || m > 59 {
		return nil, false
	}
	off := h*3600 + m*60
	if s[0] == '-' {
		off = -off
	}
	if off == 0 {
		return time.UTC, true
	}
	return time.FixedZone("", off), true
}
