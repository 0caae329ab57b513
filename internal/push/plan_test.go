package push_test

import (
	"strings"
	"testing"
	"time"

	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/push"
	"github.com/hadir-id/hadir/internal/timesheet"
)

// 1,000 employees starting at 07:30: their before-start reminders fall in
// 07:05–07:15, no minute gets more than 1.5× its share or less than half,
// and planning again gives the same instants (every node agrees).
func TestStaggerThousand(t *testing.T) {
	d := civil.Date{Year: 2026, Month: 12, Day: 7}
	start := time.Date(2026, 12, 7, 7, 30, 0, 0, wib)
	end := start.Add(8*time.Hour + 30*time.Minute)
	days := make([]timesheet.DayRecord, 1000)
	for i := range days {
		days[i] = timesheet.DayRecord{EmployeeID: int64(1000 + i*7), Date: d, AgencyID: 1, Scheduled: true, ShiftStart: &start, ShiftEnd: &end}
	}
	timing := push.DefaultTiming()
	plan := push.PlanShifts(days, timing, nil, wib)
	again := push.PlanShifts(days, timing, nil, wib)
	perMinute := map[string]int{}
	n := 0
	for i, r := range plan {
		if !r.At.Equal(again[i].At) {
			t.Fatalf("not deterministic: %v vs %v", r.At, again[i].At)
		}
		if r.Category != push.BeforeStart {
			continue
		}
		n++
		if r.At.Before(start.Add(-25*time.Minute)) || !r.At.Before(start.Add(-15*time.Minute)) {
			t.Fatalf("reminder at %s, outside 07:05–07:15", r.At.In(wib).Format("15:04:05"))
		}
		if !r.Expires.Equal(start.Add(timing.MissedAfter)) {
			t.Fatalf("expires %v", r.Expires)
		}
		perMinute[r.At.In(wib).Format("15:04")]++
	}
	if n != 1000 || len(perMinute) != 10 {
		t.Fatalf("%d reminders over %d minutes", n, len(perMinute))
	}
	for m, c := range perMinute {
		if c < 50 || c > 150 {
			t.Errorf("minute %s has %d of 1,000 reminders (share 100)", m, c)
		}
	}
	lead := push.PlanShifts(days[:1], timing, map[int64]time.Duration{1: 30 * time.Minute}, wib)
	if lead[0].At.After(start.Add(-30 * time.Minute)) {
		t.Errorf("the agency's 30-minute lead ignored: %v", lead[0].At)
	}
}

// Nobody checked in gets a check-in reminder; nobody checked out gets a
// check-out one; a day off gets none.
func TestPlanShiftsConditions(t *testing.T) {
	d := civil.Date{Year: 2026, Month: 12, Day: 7}
	start := time.Date(2026, 12, 7, 7, 30, 0, 0, wib)
	end := start.Add(8 * time.Hour)
	in, out := start.Add(-time.Minute), end.Add(time.Minute)
	cats := func(day timesheet.DayRecord) string {
		var s []string
		for _, r := range push.PlanShifts([]timesheet.DayRecord{day}, push.DefaultTiming(), nil, wib) {
			s = append(s, r.Category)
		}
		return strings.Join(s, ",")
	}
	base := timesheet.DayRecord{EmployeeID: 1, Date: d, Scheduled: true, ShiftStart: &start, ShiftEnd: &end}
	withIn, both, off := base, base, base
	withIn.CheckIn = &in
	both.CheckIn, both.CheckOut = &in, &out
	off.Scheduled, off.ShiftStart, off.ShiftEnd = false, nil, nil
	for _, tc := range []struct {
		day  timesheet.DayRecord
		want string
	}{{base, "before_start,missed_checkin,missing_checkout"}, {withIn, "missing_checkout"}, {both, ""}, {off, ""}} {
		if got := cats(tc.day); got != tc.want {
			t.Errorf("got %q, want %q", got, tc.want)
		}
	}
}

// A notification never exceeds MaxPayload: a long body is cut at a rune.
func TestNotificationFits(t *testing.T) {
	n := push.Notification{Title: "Pengingat", Body: strings.Repeat("é", 2000), URL: "/#checkin", Tag: "in-20261207"}
	b, err := n.Encode()
	if err != nil || len(b) > push.MaxPayload || !strings.Contains(string(b), "…") {
		t.Fatalf("%d bytes %v", len(b), err)
	}
	d := civil.Date{Year: 2026, Month: 12, Day: 7}
	digest := push.PlanDigests(map[int64]map[string]int{9: {"reviews": 3, "devices": 1}}, d, push.DefaultTiming(), wib)
	got := digest[0].Text.Render("en", d)
	if got.Title != "4 requests are waiting for your approval" || got.Body != "3 check-ins to review, 1 new devices to approve. Tap to review." {
		t.Fatalf("digest %+v", got)
	}
	if at := digest[0].At.In(wib); at.Hour() != 9 || at.Minute() >= 10 {
		t.Fatalf("digest at %v", at)
	}
}
