package attendance

import (
	"fmt"
	"testing"
	"time"
)

// at formats an instant on Monday 2025-03-03 in WIB, offset from hh:mm.
func at(hhmm string, offset time.Duration) string {
	base, err := ParseInstant("2025-03-03T" + hhmm + ":00+07:00")
	if err != nil {
		panic(err)
	}
	return base.Add(offset).Format(time.RFC3339Nano)
}

func rounding(r Rounding) func(testing.TB, *Case) {
	return func(_ testing.TB, c *Case) { c.Policy.MinuteRounding = r }
}

// Rule 4 and the late bands: band edges 0/1/30/31/60/61/90/91 minutes, and
// part minutes (59 s, 60 s, 61 s, half a second) both ways.
func TestLateMinutesRoundingAndBands(t *testing.T) {
	edges := []struct {
		late        time.Duration
		floor, ceil int
	}{
		{0, 0, 0},
		{500 * time.Millisecond, 0, 1},
		{59 * time.Second, 0, 1},
		{60 * time.Second, 1, 1},
		{61 * time.Second, 1, 2},
		{30 * time.Minute, 30, 30},
		{30*time.Minute + 59*time.Second, 30, 31},
		{31 * time.Minute, 31, 31},
		{60 * time.Minute, 60, 60},
		{60*time.Minute + time.Second, 60, 61},
		{61 * time.Minute, 61, 61},
		{90 * time.Minute, 90, 90},
		{90*time.Minute + time.Second, 90, 91},
		{91 * time.Minute, 91, 91},
		{240 * time.Minute, 240, 240},
	}
	var rows []dayCase
	for _, e := range edges {
		for _, r := range []Rounding{RoundFloor, RoundCeil} {
			want := e.floor
			if r == RoundCeil {
				want = e.ceil
			}
			rows = append(rows, dayCase{
				name:   fmt.Sprintf("%s/%v", r, e.late),
				setup:  rounding(r),
				events: []string{"in " + at("07:30", e.late), "out " + at("16:00", 0)},
				date:   "2025-03-03",
				want:   dayWant{codes: codes(bandCode("TL", want)), late: want, in: at("07:30", e.late)},
			})
		}
	}
	runDayCases(t, rows)
}

// Rule 4 for early leave, the same edges measured back from the end.
func TestEarlyMinutesRoundingAndBands(t *testing.T) {
	edges := []struct {
		early       time.Duration
		floor, ceil int
	}{
		{0, 0, 0},
		{59 * time.Second, 0, 1},
		{60 * time.Second, 1, 1},
		{61 * time.Second, 1, 2},
		{30 * time.Minute, 30, 30},
		{31 * time.Minute, 31, 31},
		{60*time.Minute + 1*time.Second, 60, 61},
		{61 * time.Minute, 61, 61},
		{90 * time.Minute, 90, 90},
		{91 * time.Minute, 91, 91},
	}
	var rows []dayCase
	for _, e := range edges {
		for _, r := range []Rounding{RoundFloor, RoundCeil} {
			want := e.floor
			if r == RoundCeil {
				want = e.ceil
			}
			rows = append(rows, dayCase{
				name:   fmt.Sprintf("%s/%v", r, e.early),
				setup:  rounding(r),
				events: []string{"in " + at("07:30", 0), "out " + at("16:00", -e.early)},
				date:   "2025-03-03",
				want:   dayWant{codes: codes(bandCode("PSW", want)), early: want, out: at("16:00", -e.early)},
			})
		}
	}
	runDayCases(t, rows)
}

// bandCode is the standard band for m minutes, or H for 0.
func bandCode(prefix string, m int) string {
	switch {
	case m == 0:
		return "H"
	case m <= 30:
		return prefix + "1"
	case m <= 60:
		return prefix + "2"
	case m <= 90:
		return prefix + "3"
	}
	return prefix + "4"
}

func tolerance(min int, r Rounding) func(testing.TB, *Case) {
	return func(_ testing.TB, c *Case) {
		c.Policy.LateToleranceMin = min
		c.Policy.MinuteRounding = r
	}
}

// Rule 4's tolerance cancels a lateness up to it and never subtracts.
func TestLateTolerance(t *testing.T) {
	out := "out " + at("16:00", 0)
	runDayCases(t, []dayCase{
		{"14 min under 15", tolerance(15, RoundFloor), []string{"in " + at("07:44", 0), out},
			"2025-03-03", dayWant{codes: codes("H")}},
		{"exactly 15", tolerance(15, RoundFloor), []string{"in " + at("07:45", 59*time.Second), out},
			"2025-03-03", dayWant{codes: codes("H")}},
		{"16 stays 16", tolerance(15, RoundFloor), []string{"in " + at("07:46", 0), out},
			"2025-03-03", dayWant{codes: codes("TL1"), late: 16}},
		{"25 stays 25", tolerance(15, RoundFloor), []string{"in " + at("07:55", 0), out},
			"2025-03-03", dayWant{codes: codes("TL1"), late: 25}},
		{"ceil pushes 15m01s past", tolerance(15, RoundCeil), []string{"in " + at("07:45", time.Second), out},
			"2025-03-03", dayWant{codes: codes("TL1"), late: 16}},
		{"tolerance 0 one minute", tolerance(0, RoundFloor), []string{"in " + at("07:31", 0), out},
			"2025-03-03", dayWant{codes: codes("TL1"), late: 1}},
		{"tolerance 720 covers all", tolerance(720, RoundFloor), []string{"in " + at("11:30", 0), out},
			"2025-03-03", dayWant{codes: codes("H")}},
	})
}

func makeup(maxMin, tol int, r Rounding) func(testing.TB, *Case) {
	return func(_ testing.TB, c *Case) {
		c.Policy.Makeup = Makeup{Enabled: true, MaxMin: maxMin}
		c.Policy.LateToleranceMin = tol
		c.Policy.MinuteRounding = r
	}
}

// Rule 5: staying until end + late minutes cancels a lateness up to max_min.
func TestMakeup(t *testing.T) {
	in25 := "in " + at("07:55", 0)
	runDayCases(t, []dayCase{
		{"exactly end+late", makeup(30, 0, RoundFloor), []string{in25, "out " + at("16:25", 0)},
			"2025-03-03", dayWant{codes: codes("H"), madeUp: true}},
		{"one second short", makeup(30, 0, RoundFloor), []string{in25, "out " + at("16:25", -time.Second)},
			"2025-03-03", dayWant{codes: codes("TL1"), late: 25}},
		{"late equals max", makeup(30, 0, RoundFloor), []string{"in " + at("08:00", 0), "out " + at("16:30", 0)},
			"2025-03-03", dayWant{codes: codes("H"), madeUp: true}},
		{"late is max+1", makeup(30, 0, RoundFloor), []string{"in " + at("08:01", 0), "out " + at("18:00", 0)},
			"2025-03-03", dayWant{codes: codes("TL2"), late: 31}},
		{"disabled", func(_ testing.TB, c *Case) { c.Policy.Makeup = Makeup{MaxMin: 30} },
			[]string{in25, "out " + at("17:00", 0)}, "2025-03-03", dayWant{codes: codes("TL1"), late: 25}},
		{"floor: part minute not owed", makeup(30, 0, RoundFloor),
			[]string{"in " + at("07:55", 30*time.Second), "out " + at("16:25", 0)},
			"2025-03-03", dayWant{codes: codes("H"), madeUp: true}},
		{"ceil: rounded minute owed", makeup(30, 0, RoundCeil),
			[]string{"in " + at("07:54", time.Second), "out " + at("16:25", -time.Second)},
			"2025-03-03", dayWant{codes: codes("TL1"), late: 25}},
		{"no check-out, no make-up", makeup(30, 0, RoundFloor), []string{in25},
			"2025-03-03", dayWant{codes: codes("TL1", "PSW4"), late: 25, out: "null"}},
		{"after tolerance: 25 with 15", makeup(30, 15, RoundFloor), []string{in25, "out " + at("16:25", 0)},
			"2025-03-03", dayWant{codes: codes("H"), madeUp: true}},
		{"tolerance first: not made up", makeup(30, 15, RoundFloor), []string{"in " + at("07:40", 0), "out " + at("17:00", 0)},
			"2025-03-03", dayWant{codes: codes("H")}},
	})
}

func picks(in, out Pick) func(testing.TB, *Case) {
	return func(_ testing.TB, c *Case) { c.Policy.CheckinPick, c.Policy.CheckoutPick = in, out }
}

// Rule 3's picks, with the retries a flaky network produces.
func TestPicks(t *testing.T) {
	evs := []string{
		"in " + at("07:40", 0), "in " + at("07:20", 0), "in " + at("07:40", 0),
		"out " + at("16:05", 0), "out " + at("15:30", 0), "out " + at("16:05", 0),
	}
	runDayCases(t, []dayCase{
		{"first/last", picks(PickFirst, PickLast), evs, "2025-03-03",
			dayWant{codes: codes("H"), in: at("07:20", 0), out: at("16:05", 0)}},
		{"last/first", picks(PickLast, PickFirst), evs, "2025-03-03",
			dayWant{codes: codes("TL1", "PSW1"), late: 10, early: 30, in: at("07:40", 0), out: at("15:30", 0)}},
		{"first/first", picks(PickFirst, PickFirst), evs, "2025-03-03",
			dayWant{codes: codes("PSW1"), early: 30, in: at("07:20", 0), out: at("15:30", 0)}},
		{"last/last", picks(PickLast, PickLast), evs, "2025-03-03",
			dayWant{codes: codes("TL1"), late: 10, in: at("07:40", 0), out: at("16:05", 0)}},
		{"same instant, other offset", picks(PickFirst, PickLast),
			[]string{"in 2025-03-03T00:35:00Z", "in " + at("07:35", 0), "out 2025-03-03T09:00:00Z"}, "2025-03-03",
			dayWant{codes: codes("TL1"), late: 5, in: at("07:35", 0), out: at("16:00", 0)}},
	})
}
