package push

import (
	"encoding/binary"
	"hash/fnv"
	"sort"
	"strconv"
	"time"

	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/timesheet"
)

// Timing is when reminders go out relative to the shift. Each kind is
// spread over Window with a deterministic per-employee jitter, so a
// regency whose 13,000 staff start at 07:30 does not wake 13,000 phones in
// the same second (and open the app in the same minute).
type Timing struct {
	BeforeStart   time.Duration // default lead before the shift starts; agencies may set their own
	MissedAfter   time.Duration // after the start, still no check-in
	CheckoutAfter time.Duration // after the end, no check-out
	DigestAt      time.Duration // supervisors' digest, after local midnight
	KinerjaAt     time.Duration // the evening's e-kinerja reminder, after local midnight
	Window        time.Duration // the spread of one kind's sends
}

// DefaultTiming: 15 min before the start (the default), 10 min
// after it, 30 min after the end, the digest at 09:00, e-kinerja at 19:00
// (home, before the day is forgotten), each over 10 minutes.
func DefaultTiming() Timing {
	return Timing{BeforeStart: 15 * time.Minute, MissedAfter: 10 * time.Minute, CheckoutAfter: 30 * time.Minute,
		DigestAt: 9 * time.Hour, KinerjaAt: 19 * time.Hour, Window: 10 * time.Minute}
}

// PlanKinerja plans the evening's e-kinerja reminder for every working
// day: whether the employee worked and logged nothing is decided when it
// is due (stillRelevant), like every shift reminder.
func PlanKinerja(days []timesheet.DayRecord, t Timing, loc *time.Location) []Reminder {
	var out []Reminder
	for _, day := range days {
		if !day.Scheduled {
			continue
		}
		base := day.Date.Time(loc).Add(t.KinerjaAt)
		if day.ShiftEnd != nil && day.ShiftEnd.After(base) { // an evening shift: after it ends
			base = *day.ShiftEnd
		}
		out = append(out, Reminder{EmployeeID: day.EmployeeID, AgencyID: day.AgencyID, Date: day.Date, Category: KinerjaLog,
			At: base.Add(Jitter(day.EmployeeID, day.Date, KinerjaLog, t.Window)), Expires: day.Date.Time(loc).Add(24*time.Hour + 6*time.Hour),
			Text: Text{Category: KinerjaLog, URL: "/#kinerja"}})
	}
	return out
}

// Reminder is one planned notification to one employee (or supervisor).
type Reminder struct {
	EmployeeID int64
	AgencyID   int64
	Date       civil.Date // the day it is about (an overnight shift's check-out comes the next morning)
	Category   string
	At         time.Time // planned send instant, jitter included
	Expires    time.Time // after this it is useless: the TTL
	Text       Text
	ref        string // what makes it unique beyond kind, date and employee (a decision's audit row)
}

// Jitter is employee's deterministic offset in [0, window) for a kind on a
// date: the same every time it is computed, on every node.
func Jitter(employeeID int64, d civil.Date, category string, window time.Duration) time.Duration {
	if window <= 0 {
		return 0
	}
	h := fnv.New64a()
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(employeeID))
	h.Write(b[:])
	h.Write([]byte(d.String()))
	h.Write([]byte(category))
	return time.Duration(h.Sum64() % uint64(window/time.Second) * uint64(time.Second))
}

// PlanShifts derives the shift reminders from the engine's days: before
// the start and missed check-in for every scheduled day without a check-in
// yet, missing check-out for a day checked in and not out. beforeStart
// gives an agency's own lead (absent: t.BeforeStart).
func PlanShifts(days []timesheet.DayRecord, t Timing, beforeStart map[int64]time.Duration, loc *time.Location) []Reminder {
	var out []Reminder
	for _, day := range days {
		if !day.Scheduled || day.ShiftStart == nil || day.ShiftEnd == nil {
			continue
		}
		start, end := *day.ShiftStart, *day.ShiftEnd
		args := map[string]string{"start": clock(start, loc), "end": clock(end, loc)}
		add := func(cat string, base, expires time.Time) {
			out = append(out, Reminder{EmployeeID: day.EmployeeID, AgencyID: day.AgencyID, Date: day.Date, Category: cat,
				At: base.Add(Jitter(day.EmployeeID, day.Date, cat, t.Window)), Expires: expires,
				Text: Text{Category: cat, Args: args, URL: "/#checkin"}})
		}
		if day.CheckIn == nil {
			lead, ok := beforeStart[day.AgencyID]
			if !ok {
				lead = t.BeforeStart
			}
			add(BeforeStart, start.Add(-lead-t.Window), start.Add(t.MissedAfter))
			missedUntil := start.Add(3 * time.Hour)
			if end.Before(missedUntil) {
				missedUntil = end
			}
			add(MissedCheckIn, start.Add(t.MissedAfter), missedUntil)
		}
		if day.CheckOut == nil {
			add(MissingCheckOut, end.Add(t.CheckoutAfter), end.Add(4*time.Hour))
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out
}

// PlanDigests plans one digest per supervisor with something pending (a
// count per kind, e.g. "reviews", "devices"; leave and e-kinerja requests
// join through ApprovalSource).
func PlanDigests(pending map[int64]map[string]int, d civil.Date, t Timing, loc *time.Location) []Reminder {
	var out []Reminder
	base := d.Time(loc).Add(t.DigestAt)
	for sup, kinds := range pending {
		total := 0
		for _, n := range kinds {
			total += n
		}
		if total == 0 {
			continue
		}
		out = append(out, Reminder{EmployeeID: sup, Date: d, Category: Approvals,
			At: base.Add(Jitter(sup, d, Approvals, t.Window)), Expires: d.Time(loc).Add(17 * time.Hour),
			Text: Text{Category: Approvals, Args: digestArgs(kinds, total), URL: "/#approvals"}})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out
}

// digestArgs carries the counts; the detail line is worded per language
// at render time (renderDigest).
func digestArgs(kinds map[string]int, total int) map[string]string {
	args := map[string]string{"count": strconv.Itoa(total)}
	for k, n := range kinds {
		if n > 0 {
			args["n_"+k] = strconv.Itoa(n)
		}
	}
	return args
}
