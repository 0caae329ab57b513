package attendance

import (
	"fmt"
	"time"
)

// Date is a civil (calendar) date with no time and no zone. It has the same
// shape as civil.Date so the two convert directly, but the engine keeps its
// own copy to stay a stdlib-only leaf package.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// ParseDate reads a date in the strict form YYYY-MM-DD (ten characters,
// zero-padded) and rejects impossible dates such as 2025-02-30.
func ParseDate(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, fmt.Errorf("%q is not a date in the form YYYY-MM-DD", s)
	}
	y, ok1 := digits(s[0:4])
	m, ok2 := digits(s[5:7])
	d, ok3 := digits(s[8:10])
	date := Date{y, time.Month(m), d}
	if !ok1 || !ok2 || !ok3 || !date.Valid() {
		return Date{}, fmt.Errorf("%q is not a date in the form YYYY-MM-DD", s)
	}
	return date, nil
}

// DateOf returns the calendar date of instant t in loc.
func DateOf(t time.Time, loc *time.Location) Date {
	y, m, d := t.In(loc).Date()
	return Date{y, m, d}
}

// Valid reports whether d is a real calendar date with a four-digit year.
func (d Date) Valid() bool {
	if d.Year < 0 || d.Year > 9999 || d.Month < time.January || d.Month > time.December {
		return false
	}
	return d.Day >= 1 && d.Day <= daysIn(d.Year, d.Month)
}

// String gives YYYY-MM-DD.
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// MarshalText gives YYYY-MM-DD, so a Date can be a JSON value or map key.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads YYYY-MM-DD strictly; see ParseDate.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// AddDays returns d moved by n days (n may be negative).
func (d Date) AddDays(n int) Date { return dateFromOrdinal(d.ordinal() + n) }

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday {
	// Day 0 of the ordinal, 1970-01-01, was a Thursday.
	return time.Weekday(((d.ordinal()+4)%7 + 7) % 7)
}

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int {
	a, b := d.ordinal(), e.ordinal()
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.Compare(e) > 0 }

// At returns the instant at wall-clock time c on d in loc.
func (d Date) At(c Clock, loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, int(c)/60, int(c)%60, 0, 0, loc)
}

// ordinal counts days since 1970-01-01. Integer civil-date arithmetic
// (Hinnant's days_from_civil) avoids building a time.Time per step, which
// matters when a month of 500 employees is recomputed.
func (d Date) ordinal() int {
	y, m := d.Year, int(d.Month)
	if m <= 2 {
		y--
	}
	era := y
	if era < 0 {
		era -= 399
	}
	era /= 400
	yoe := y - era*400
	mp := m - 3
	if m <= 2 {
		mp = m + 9
	}
	doy := (153*mp+2)/5 + d.Day - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// dateFromOrdinal is the inverse of ordinal (Hinnant's civil_from_days).
func dateFromOrdinal(z int) Date {
	z += 719468
	era := z
	if era < 0 {
		era -= 146096
	}
	era /= 146097
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	day := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if mp >= 10 {
		m = mp - 9
	}
	y := yoe + era*400
	if m <= 2 {
		y++
	}
	return Date{y, time.Month(m), day}
}

func daysIn(y int, m time.Month) int {
	switch m {
	case time.February:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// digits parses a run of ASCII digits; signs and spaces are rejected, which
// strconv.Atoi would let through.
func digits(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// DateRange is an inclusive range of dates.
type DateRange struct {
	From Date
	To   Date
}

// Contains reports whether d lies in r, both ends included.
func (r DateRange) Contains(d Date) bool { return !d.Before(r.From) && !d.After(r.To) }

// Clock is a wall-clock time of day in minutes after midnight, 0 (00:00)
// to 1439 (23:59).
type Clock int

// ParseClock reads a time of day in the strict form HH:MM, 00:00 to 23:59.
func ParseClock(s string) (Clock, error) {
	if len(s) == 5 && s[2] == ':' {
		h, ok1 := digits(s[0:2])
		m, ok2 := digits(s[3:5])
		if ok1 && ok2 && h <= 23 && m <= 59 {
			return Clock(h*60 + m), nil
		}
	}
	return 0, fmt.Errorf("%q is not a time of day in the form HH:MM (00:00 to 23:59)", s)
}

// Valid reports whether c is between 00:00 and 23:59.
func (c Clock) Valid() bool { return c >= 0 && c < 24*60 }

// String gives HH:MM.
func (c Clock) String() string { return fmt.Sprintf("%02d:%02d", int(c)/60, int(c)%60) }

// MarshalText gives HH:MM.
func (c Clock) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// UnmarshalText reads HH:MM strictly; see ParseClock.
func (c *Clock) UnmarshalText(b []byte) error {
	v, err := ParseClock(string(b))
	if err != nil {
		return err
	}
	*c = v
	return nil
}
