package kinerja

import "github.com/hadir-id/hadir/internal/civil"

// Day is what the requirement needs of one stored attendance day: whether
// the engine scheduled work (holidays and days off are not scheduled) and
// whether the day carries an absence code (leave, sick, official duty …).
// Days the employee was not assigned to the agency (before a transfer in,
// after one out) are simply not given.
type Day struct {
	Date      civil.Date
	Scheduled bool
	Absence   string // the absence code (CT, CS, DL …), "" when none
	Absent    bool   // absent without a reason (TK): still required
}

// Requirement is a month's minutes requirement and how it was reached.
type Requirement struct {
	WorkingDays   int `json:"working_days"`    // scheduled days of the month
	ExcusedDays   int `json:"excused_days"`    // of which leave, sick, duty …
	RequiredDays  int `json:"required_days"`   // working − excused
	MinutesPerDay int `json:"minutes_per_day"` // the setting
	Minutes       int `json:"minutes"`         // required days × minutes per day
}

// RequirementOf computes the requirement of the days given (the month's
// stored days in the employee's assignments): every scheduled day counts,
// less the days with an absence code; holidays and days off are not
// scheduled. Absence without a reason (TK) does not lower it.
func RequirementOf(days []Day, minutesPerDay int) Requirement {
	r := Requirement{MinutesPerDay: minutesPerDay}
	for _, d := range days {
		if !d.Scheduled {
			continue
		}
		r.WorkingDays++
		if d.Absence != "" {
			r.ExcusedDays++
		}
	}
	r.RequiredDays = r.WorkingDays - r.ExcusedDays
	r.Minutes = r.RequiredDays * minutesPerDay
	return r
}

// Progress is a month's approved and pending minutes against the
// requirement. Approved minutes count at most the daily cap per day.
type Progress struct {
	Requirement
	Approved  int     `json:"approved_min"`
	Submitted int     `json:"submitted_min"`
	Draft     int     `json:"draft_min"`
	Left      int     `json:"left_min"`
	Pct       float64 `json:"pct"` // approved / required, capped at 100
}

// ProgressOf adds the month's minutes per day and state to a requirement;
// each day's approved minutes are capped at dailyCap.
func ProgressOf(req Requirement, approvedByDay map[civil.Date]int, submitted, draft, dailyCap int) Progress {
	p := Progress{Requirement: req, Submitted: submitted, Draft: draft}
	for _, m := range approvedByDay {
		p.Approved += min(m, dailyCap)
	}
	p.Left = max(0, req.Minutes-p.Approved)
	if req.Minutes > 0 {
		p.Pct = min(100, float64(p.Approved)*100/float64(req.Minutes))
		p.Pct = float64(int(p.Pct*10)) / 10
	} else if p.Approved > 0 {
		p.Pct = 100
	}
	return p
}

// WorkingDaysBetween counts the scheduled days strictly after from up to
// and including to: how late an entry for date from is on day to.
func WorkingDaysBetween(days map[civil.Date]bool, from, to civil.Date) int {
	n := 0
	for d := from.AddDays(1); !d.After(to); d = d.AddDays(1) {
		if days[d] {
			n++
		}
	}
	return n
}
