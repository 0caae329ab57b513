package demo

import (
	"math/rand/v2"
	"time"

	"github.com/hadir-id/hadir/internal/calendar"
	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/rules"
	"github.com/hadir-id/hadir/internal/store"
	"github.com/hadir-id/hadir/internal/timesheet"
)

// rulesFrom is when the demo's rules take effect: 1 January 2025, the first
// year of the shipped calendar.
var rulesFrom = civil.Date{Year: 2025, Month: time.January, Day: 1}

// writeRules gives the demo regency its attendance rules: the common-
// practice policy, the Perpres office week, Ramadan hours, the national
// calendar, rosters for shift agencies around today, and a month of
// check-ins for Diskominfo so that history and recaps have something to
// show. A recompute job turns those into days on first start.
func (d *draft) writeRules(b *store.Bulk, regencyID int64, loc *time.Location, today civil.Date) error {
	pol := &rules.Policy{RegencyID: regencyID, Name: "Kebijakan presensi Kabupaten (demo)", ValidFrom: rulesFrom, Body: rules.DefaultPolicy}
	sch := &rules.Schedule{RegencyID: regencyID, Name: "Jam kerja Perpres 21/2023", ValidFrom: rulesFrom, Weekly: rules.DefaultWeekly}
	if err := insert(b, []*rules.Policy{pol}); err != nil {
		return err
	}
	if err := insert(b, []*rules.Schedule{sch}); err != nil {
		return err
	}
	if err := insert(b, ramadanPeriods(regencyID)); err != nil {
		return err
	}
	if err := d.writeHolidays(b, regencyID); err != nil {
		return err
	}
	if err := insert(b, d.rosters(today)); err != nil {
		return err
	}
	return d.writeHistory(b, regencyID, loc, today)
}

func ramadanPeriods(regencyID int64) []*rules.Period {
	var out []*rules.Period
	for _, r := range calendar.RamadanRanges() {
		from, err1 := civil.Parse(r.From)
		to, err2 := civil.Parse(r.To)
		if err1 != nil || err2 != nil {
			continue
		}
		out = append(out, &rules.Period{RegencyID: regencyID, Name: "Jam kerja Ramadan " + r.Hijri,
			DateFrom: from, DateTo: to, Weekly: rules.RamadanWeekly})
	}
	return out
}

func (d *draft) writeHolidays(b *store.Bulk, regencyID int64) error {
	var out []*rules.Holiday
	for _, y := range calendar.Years() {
		hs, err := rules.CalendarHolidays(regencyID, y)
		if err != nil {
			return err
		}
		for i := range hs {
			out = append(out, &hs[i])
		}
	}
	return insert(b, out)
}

// shifts of a hospital ward: morning, afternoon, night (overnight).
var shifts = [3][2]string{{"07:00", "14:00"}, {"14:00", "21:00"}, {"21:00", "07:00"}}

// rosters rotate every employee of a shift agency through morning,
// afternoon, night and two days off, from two weeks before today to two
// weeks after.
func (d *draft) rosters(today civil.Date) []*rules.RosterEntry {
	var out []*rules.RosterEntry
	for i, s := range d.slots {
		if !d.agencies[s.agency].ShiftWork {
			continue
		}
		for day := -14; day <= 14; day++ {
			date := today.AddDays(day)
			k := (i + day + 1000) % 5 // 0,1,2 shifts; 3,4 off
			e := &rules.RosterEntry{EmployeeID: d.employees[i].ID, Date: date, Off: k >= 3}
			if k < 3 {
				e.StartTime, e.EndTime = ptr(shifts[k][0]), ptr(shifts[k][1])
			}
			out = append(out, e)
		}
	}
	return out
}

// writeHistory records check-ins of the persona's agency from the first of
// last month to yesterday — mostly on time, some late, a few forgotten
// check-outs and absences — and queues their recomputation.
func (d *draft) writeHistory(b *store.Bulk, regencyID int64, loc *time.Location, today civil.Date) error {
	agency := d.personas[0].agency
	from := civil.Date{Year: today.Year, Month: today.Month, Day: 1}.AddDays(-1)
	from = civil.Date{Year: from.Year, Month: from.Month, Day: 1}
	rng := rand.New(rand.NewPCG(seed1, uint64(today.Time(time.UTC).Unix())))
	var evs []*rules.Event
	for i, s := range d.slots {
		if s.agency != agency {
			continue
		}
		for day := from; day.Before(today); day = day.AddDays(1) {
			evs = append(evs, dayEvents(rng, d.employees[i].ID, day, loc)...)
		}
	}
	if err := insert(b, evs); err != nil {
		return err
	}
	job := &timesheet.Job{RegencyID: regencyID, AgencyID: ptr(d.agencies[agency].ID), DateFrom: from,
		DateTo: today, Reason: "demo.history", CreatedAt: time.Now().UTC()}
	return insert(b, []*timesheet.Job{job})
}

// dayEvents draws one weekday's events: 85 % on time, 10 % late, 3 % no
// check-out, 2 % absent.
func dayEvents(rng *rand.Rand, empID int64, day civil.Date, loc *time.Location) []*rules.Event {
	wd := day.Weekday()
	if wd == time.Saturday || wd == time.Sunday {
		return nil
	}
	r := rng.IntN(100)
	if r < 2 {
		return nil
	}
	start := day.Time(loc).Add(7*time.Hour + 30*time.Minute)
	in := start.Add(-time.Duration(5+rng.IntN(40)) * time.Minute)
	if r < 12 {
		in = start.Add(time.Duration(1+rng.IntN(75))*time.Minute + time.Duration(rng.IntN(60))*time.Second)
	}
	end := start.Add(8*time.Hour + 30*time.Minute)
	if wd == time.Friday {
		end = end.Add(30 * time.Minute)
	}
	out := []*rules.Event{{EmployeeID: empID, At: in.UTC(), Type: "in", Source: "demo", Status: rules.EventAccepted, CreatedAt: in.UTC()}}
	if r >= 12 && r < 15 {
		return out
	}
	leave := end.Add(time.Duration(rng.IntN(50)-5) * time.Minute)
	return append(out, &rules.Event{EmployeeID: empID, At: leave.UTC(), Type: "out", Source: "demo", Status: rules.EventAccepted, CreatedAt: leave.UTC()})
}
