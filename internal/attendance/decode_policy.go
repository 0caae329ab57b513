package attendance

// fields is the policy's schema: every member is required (the spec leaves
// no policy value to a default, so a missing one is a mistake, not a
// choice). Enumerations are checked while decoding so that the error names
// the field as it appears in the document.
func (pol *Policy) fields() []field {
	return []field{
		req("minute_rounding", func(v *jval, p string) error {
			var s string
			if err := setString(&s)(v, p); err != nil {
				return err
			}
			pol.MinuteRounding = Rounding(s)
			return checkRounding(p, pol.MinuteRounding)
		}),
		req("checkin_window", func(v *jval, p string) error {
			w := &pol.CheckinWindow
			return decodeObject(v, p, []field{
				req("before_start_min", setInt(&w.BeforeStartMin)), req("after_start_min", setInt(&w.AfterStartMin)),
			})
		}),
		req("checkout_window", func(v *jval, p string) error {
			w := &pol.CheckoutWindow
			return decodeObject(v, p, []field{
				req("before_end_min", setInt(&w.BeforeEndMin)), req("after_end_min", setInt(&w.AfterEndMin)),
			})
		}),
		req("checkin_pick", setPick(&pol.CheckinPick)),
		req("checkout_pick", setPick(&pol.CheckoutPick)),
		req("late_tolerance_min", setInt(&pol.LateToleranceMin)),
		req("makeup", func(v *jval, p string) error {
			m := &pol.Makeup
			return decodeObject(v, p, []field{req("enabled", setBool(&m.Enabled)), req("max_min", setInt(&m.MaxMin))})
		}),
		req("late_bands", setBands(&pol.LateBands)),
		req("early_bands", setBands(&pol.EarlyBands)),
		req("missing_checkin", setMissing(&pol.MissingCheckin)),
		req("missing_checkout", setMissing(&pol.MissingCheckout)),
		req("absent", func(v *jval, p string) error {
			a := &pol.Absent
			return decodeObject(v, p, []field{req("code", setString(&a.Code)), req("deduction_pct", setPct(&a.DeductionPct))})
		}),
		req("absence_codes", func(v *jval, p string) error { return decodeAbsenceCodes(v, p, &pol.AbsenceCodes) }),
		{name: "minutes_per_day", required: true, nullable: true, set: setNullableInt(&pol.MinutesPerDay)},
		req("monthly_cap_pct", setPct(&pol.MonthlyCapPct)),
	}
}

func setPick(dst *Pick) func(*jval, string) error {
	return func(v *jval, path string) error {
		var s string
		if err := setString(&s)(v, path); err != nil {
			return err
		}
		*dst = Pick(s)
		return checkPick(path, *dst)
	}
}

func setBands(dst *[]Band) func(*jval, string) error {
	return func(v *jval, path string) error {
		*dst = sliceFor[Band](v)
		return decodeArray(v, path, func(i int, v *jval, p string) error {
			b := &(*dst)[i]
			return decodeObject(v, p, []field{
				req("code", setString(&b.Code)),
				req("from_min", setInt(&b.FromMin)),
				{name: "to_min", required: true, nullable: true, set: setNullableInt(&b.ToMin)},
				req("deduction_pct", setPct(&b.DeductionPct)),
			})
		})
	}
}

func setMissing(m *MissingRule) func(*jval, string) error {
	return func(v *jval, path string) error {
		return decodeObject(v, path, []field{
			req("code", setString(&m.Code)),
			req("deduction_pct", setPct(&m.DeductionPct)),
			req("count_min", setInt(&m.CountMin)),
		})
	}
}

// decodeAbsenceCodes decodes {"CT": 0, "I": 0.5}: free keys, each a
// percentage. It always yields a non-nil map.
func decodeAbsenceCodes(v *jval, path string, dst *map[string]float64) error {
	if v.kind != jObject {
		return typeErr(v, path, jObject)
	}
	codes := make(map[string]float64, len(v.keys))
	for i, key := range v.keys {
		p := join(path, key)
		if _, dup := codes[key]; dup {
			return fieldErr(p, "field given twice")
		}
		var pct float64
		if err := setPct(&pct)(v.vals[i], p); err != nil {
			return err
		}
		codes[key] = pct
	}
	*dst = codes
	return nil
}
