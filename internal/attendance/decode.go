package attendance

import "fmt"

// DecodeCase reads a case in the spec's JSON form strictly — malformed
// JSON, unknown or repeated fields, missing required fields, and values of
// the wrong type or form are refused — and then runs Validate. Empty arrays
// decode as nil slices. Every error is a *FieldError naming the first
// offending field by its JSON path.
func DecodeCase(data []byte) (*Case, error) {
	root, err := parseTree(data)
	if err != nil {
		return nil, err
	}
	c := &Case{}
	if err := decodeObject(root, "", c.fields()); err != nil {
		return nil, err
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return c, nil
}

// UnmarshalJSON decodes c with DecodeCase, so a Case inside a larger
// request body is held to the same rules.
func (c *Case) UnmarshalJSON(data []byte) error {
	d, err := DecodeCase(data)
	if err != nil {
		return err
	}
	*c = *d
	return nil
}

func (c *Case) fields() []field {
	return []field{
		req("timezone", func(v *jval, p string) error {
			if err := setString(&c.TimeZone)(v, p); err != nil {
				return err
			}
			loc, err := LoadZone(c.TimeZone)
			c.Location = loc
			return err
		}),
		req("period", func(v *jval, p string) error { return decodeRange(v, p, &c.Period.From, &c.Period.To) }),
		req("policy", func(v *jval, p string) error { return decodeObject(v, p, c.Policy.fields()) }),
		req("schedule", func(v *jval, p string) error { return decodeObject(v, p, c.Schedule.fields()) }),
		opt("holidays", func(v *jval, p string) error {
			c.Holidays = sliceFor[Holiday](v)
			return decodeArray(v, p, func(i int, v *jval, p string) error {
				h := &c.Holidays[i]
				return decodeObject(v, p, []field{req("date", setDate(&h.Date)), req("name", setString(&h.Name))})
			})
		}),
		opt("absences", func(v *jval, p string) error {
			c.Absences = sliceFor[Absence](v)
			return decodeArray(v, p, func(i int, v *jval, p string) error {
				a := &c.Absences[i]
				return decodeObject(v, p, []field{
					req("from", setDate(&a.From)), req("to", setDate(&a.To)), req("code", setString(&a.Code)),
				})
			})
		}),
		opt("events", func(v *jval, p string) error {
			c.Events = sliceFor[Event](v)
			return decodeArray(v, p, func(i int, v *jval, p string) error {
				return decodeEvent(v, p, &c.Events[i])
			})
		}),
	}
}

// decodeRange decodes {"from": date, "to": date}.
func decodeRange(v *jval, path string, from, to *Date) error {
	return decodeObject(v, path, []field{req("from", setDate(from)), req("to", setDate(to))})
}

func decodeEvent(v *jval, path string, e *Event) error {
	return decodeObject(v, path, []field{
		req("at", setInstant(&e.At)),
		req("type", func(v *jval, p string) error {
			var s string
			if err := setString(&s)(v, p); err != nil {
				return err
			}
			e.Type = EventType(s)
			if e.Type != In && e.Type != Out {
				return fieldErr(p, fmt.Sprintf("unknown event type %q (want \"in\" or \"out\")", s))
			}
			return nil
		}),
	})
}

func (s *Schedule) fields() []field {
	return []field{
		opt("weekly", func(v *jval, p string) error { return decodeWeekly(v, p, &s.Weekly) }),
		opt("periods", func(v *jval, p string) error {
			s.Periods = sliceFor[SchedulePeriod](v)
			return decodeArray(v, p, func(i int, v *jval, p string) error {
				sp := &s.Periods[i]
				return decodeObject(v, p, []field{
					req("from", setDate(&sp.From)),
					req("to", setDate(&sp.To)),
					req("weekly", func(v *jval, p string) error { return decodeWeekly(v, p, &sp.Weekly) }),
				})
			})
		}),
		opt("roster", func(v *jval, p string) error {
			s.Roster = sliceFor[RosterEntry](v)
			return decodeArray(v, p, func(i int, v *jval, p string) error {
				return decodeRosterEntry(v, p, &s.Roster[i])
			})
		}),
	}
}

// decodeWeekly decodes {"mon": shift, …}; a key that is not a weekday is
// an error at that key, and null means a day off like a missing key.
func decodeWeekly(v *jval, path string, w *Weekly) error {
	if v.kind != jObject {
		return typeErr(v, path, jObject)
	}
	*w = Weekly{}
	var seen [7]bool
	for i, key := range v.keys {
		p := join(path, key)
		wd := weekdayIndex(key)
		switch {
		case wd < 0:
			return fieldErr(p, "unknown weekday (want mon, tue, wed, thu, fri, sat or sun)")
		case seen[wd]:
			return fieldErr(p, "field given twice")
		}
		seen[wd] = true
		if v.vals[i].kind == jNull {
			continue
		}
		s := &Shift{}
		if err := decodeShift(v.vals[i], p, s); err != nil {
			return err
		}
		w[wd] = s
	}
	return nil
}

func weekdayIndex(key string) int {
	for i, k := range weekdayKeys {
		if k == key {
			return i
		}
	}
	return -1
}

func decodeShift(v *jval, path string, s *Shift) error {
	return decodeObject(v, path, []field{req("start", setClock(&s.Start)), req("end", setClock(&s.End))})
}

// decodeRosterEntry decodes {"date", "off": true} or {"date", "start",
// "end"}; the model cannot hold half a shift, so the off-or-times rule is
// checked here as well as in Validate.
func decodeRosterEntry(v *jval, path string, r *RosterEntry) error {
	var start, end Clock
	var hasStart, hasEnd bool
	err := decodeObject(v, path, []field{
		req("date", setDate(&r.Date)),
		opt("off", setBool(&r.Off)),
		opt("start", func(v *jval, p string) error { hasStart = true; return setClock(&start)(v, p) }),
		opt("end", func(v *jval, p string) error { hasEnd = true; return setClock(&end)(v, p) }),
	})
	switch {
	case err != nil:
		return err
	case r.Off && (hasStart || hasEnd):
		return fieldErr(join(path, "off"), "a roster entry is either off or has start and end, not both")
	case !r.Off && !hasStart:
		return fieldErr(join(path, "start"), "required unless off is true")
	case !r.Off && !hasEnd:
		return fieldErr(join(path, "end"), "required unless off is true")
	case !r.Off:
		r.Shift = &Shift{Start: start, End: end}
	}
	return nil
}

// sliceFor allocates the slice an array decodes into; an empty array gives
// nil, like a missing one, so decoding is canonical and round-trips.
func sliceFor[T any](v *jval) []T {
	if v.kind != jArray || len(v.vals) == 0 {
		return nil
	}
	return make([]T, len(v.vals))
}
