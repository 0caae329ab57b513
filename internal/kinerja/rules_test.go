package kinerja

import (
	"testing"
	"time"

	"github.com/hadir-id/hadir/internal/civil"
)

func TestPredikatMatrix(t *testing.T) {
	tests := []struct {
		result, behaviour Rating
		want              Predikat
	}{
		{Above, Below, Kurang}, {Above, As, Baik}, {Above, Above, SangatBaik},
		{As, Below, Kurang}, {As, As, Baik}, {As, Above, Baik},
		{Below, Below, SangatKurang}, {Below, As, ButuhPerbaikan}, {Below, Above, ButuhPerbaikan},
	}
	for _, tt := range tests {
		if got, ok := PredikatOf(tt.result, tt.behaviour); !ok || got != tt.want {
			t.Errorf("PredikatOf(%s, %s) = %s, %v; want %s", tt.result, tt.behaviour, got, ok, tt.want)
		}
	}
	if _, ok := PredikatOf("baik", As); ok {
		t.Error("an unknown rating gave a predikat")
	}
}

func many(p Predikat, n int) []Predikat {
	out := make([]Predikat, n)
	for i := range out {
		out[i] = p
	}
	return out
}

func join(ps ...[]Predikat) []Predikat {
	var out []Predikat
	for _, p := range ps {
		out = append(out, p...)
	}
	return out
}

func TestDistributionWarnings(t *testing.T) {
	tests := []struct {
		name  string
		org   string
		staff []Predikat
		want  []string // warning keys
	}{
		{"istimewa 70% sangat baik: at the bound", OrgIstimewa, join(many(SangatBaik, 7), many(Baik, 3)), nil},
		{"istimewa 71% sangat baik", OrgIstimewa, join(many(SangatBaik, 71), many(Baik, 29)), []string{"kinerja.dist_max"}},
		{"baik 70% baik with one butuh perbaikan", OrgBaik, join(many(Baik, 7), many(SangatBaik, 2), many(ButuhPerbaikan, 1)), nil},
		{"baik without butuh perbaikan or kurang", OrgBaik, join(many(Baik, 6), many(SangatBaik, 4)), []string{"kinerja.dist_some"}},
		{"baik 80% baik and none below", OrgBaik, join(many(Baik, 8), many(SangatBaik, 2)), []string{"kinerja.dist_max", "kinerja.dist_some"}},
		{"butuh perbaikan 60% at the bound, 10% sangat baik", OrgButuhPerbaikan, join(many(ButuhPerbaikan, 6), many(SangatBaik, 1), many(Baik, 3)), nil},
		{"butuh perbaikan 59%", OrgButuhPerbaikan, join(many(ButuhPerbaikan, 59), many(Baik, 41)), []string{"kinerja.dist_min"}},
		{"kurang 60/10", OrgKurang, join(many(Kurang, 6), many(ButuhPerbaikan, 1), many(Baik, 3)), nil},
		{"kurang without butuh perbaikan", OrgKurang, join(many(Kurang, 7), many(Baik, 3)), []string{"kinerja.dist_min"}},
		{"sangat kurang with one sangat baik", OrgSangatKurang, join(many(SangatKurang, 6), many(Kurang, 3), many(SangatBaik, 1)), []string{"kinerja.dist_none"}},
		{"nobody rated", OrgBaik, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := DistributionWarnings(tt.org, tt.staff)
			if len(got) != len(tt.want) {
				t.Fatalf("warnings %+v, want %v", got, tt.want)
			}
			for i, w := range got {
				if w.Key != tt.want[i] {
					t.Errorf("warning %d: %s, want %s", i, w.Key, tt.want[i])
				}
			}
		})
	}
}

func d(day int) civil.Date { return civil.Date{Year: 2026, Month: time.March, Day: day} }

// March 2026: 22 weekdays. Days are given as the engine stores them.
func TestRequirementArithmetic(t *testing.T) {
	month := func(edit func(day int, x *Day)) []Day {
		var out []Day
		for i := 1; i <= 31; i++ {
			x := Day{Date: d(i), Scheduled: d(i).Weekday() != time.Saturday && d(i).Weekday() != time.Sunday}
			edit(i, &x)
			out = append(out, x)
		}
		return out
	}
	tests := []struct {
		name string
		days []Day
		want Requirement
	}{
		{"full month", month(func(int, *Day) {}), Requirement{WorkingDays: 22, RequiredDays: 22, Minutes: 6600}},
		{"Nyepi and Idul Fitri holidays (not scheduled)", month(func(i int, x *Day) {
			if i == 19 || i == 20 || i == 23 {
				x.Scheduled = false
			}
		}), Requirement{WorkingDays: 19, RequiredDays: 19, Minutes: 5700}},
		{"three days of leave, one sick, two of duty", month(func(i int, x *Day) {
			switch i {
			case 2, 3, 4:
				x.Absence = "CT"
			case 5:
				x.Absence = "CS"
			case 9, 10:
				x.Absence = "DL"
			}
		}), Requirement{WorkingDays: 22, ExcusedDays: 6, RequiredDays: 16, Minutes: 4800}},
		{"absent without reason still required", month(func(i int, x *Day) { x.Absent = i == 2 }), Requirement{WorkingDays: 22, RequiredDays: 22, Minutes: 6600}},
		{"transferred in on the 16th: days before are not given", month(func(int, *Day) {})[15:], Requirement{WorkingDays: 12, RequiredDays: 12, Minutes: 3600}},
		{"leave on a holiday counts once", month(func(i int, x *Day) {
			if i == 19 {
				x.Scheduled, x.Absence = false, "CT"
			}
		}), Requirement{WorkingDays: 21, RequiredDays: 21, Minutes: 6300}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.want.MinutesPerDay = 300
			if got := RequirementOf(tt.days, 300); got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestProgressCapsEachDay(t *testing.T) {
	req := Requirement{RequiredDays: 2, MinutesPerDay: 300, Minutes: 600}
	p := ProgressOf(req, map[civil.Date]int{d(2): 700, d(3): 200}, 60, 30, 660)
	if p.Approved != 860 || p.Left != 0 || p.Pct != 100 || p.Submitted != 60 || p.Draft != 30 {
		t.Errorf("progress %+v", p)
	}
	p = ProgressOf(req, map[civil.Date]int{d(2): 200}, 0, 0, 660)
	if p.Left != 400 || p.Pct != 33.3 {
		t.Errorf("progress %+v", p)
	}
}

func TestAnnualPredikatAndBehaviour(t *testing.T) {
	if a, _ := AnnualPredikat([]Predikat{Baik, SangatBaik, Baik, SangatBaik}); a != SangatBaik {
		t.Errorf("tie should go to the later period: %s", a)
	}
	if a, _ := AnnualPredikat([]Predikat{Baik, Baik, Kurang}); a != Baik {
		t.Errorf("most frequent: %s", a)
	}
	v := RatingMap{}
	for i, k := range BerAKHLAK {
		v[k] = Above
		if i == 0 {
			v[k] = Below
		}
	}
	if r := BehaviourRating(v); r != As {
		t.Errorf("six above and one below: %s, want sesuai", r)
	}
}

func TestWorkingDaysBetween(t *testing.T) {
	w := map[civil.Date]bool{}
	for i := 1; i <= 31; i++ {
		w[d(i)] = d(i).Weekday() != time.Saturday && d(i).Weekday() != time.Sunday
	}
	// Friday 6 March → Monday 9 March: one working day late.
	if n := WorkingDaysBetween(w, d(6), d(9)); n != 1 {
		t.Errorf("got %d", n)
	}
}
