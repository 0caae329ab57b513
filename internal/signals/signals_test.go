package signals

import (
	"encoding/json"
	"math"
	"slices"
	"testing"
	"time"
)

var wib = time.FixedZone("WIB", 7*3600)

// t0 is a Monday 07:25 WIB check-in at Kantor Bupati Lampung Selatan.
var t0 = time.Date(2026, 1, 5, 7, 25, 0, 0, wib)

const metresPerDegreeLat = 6371008.8 * math.Pi / 180

// clean is an observation that raises nothing; rows change one thing.
func clean() (Observation, History) {
	o := Observation{EmployeeID: 1, DeviceKeyID: "dev-a", At: t0, PositionAt: t0.Add(-5 * time.Second),
		Lat: -5.7301234, Lon: 105.5904321, AccuracyM: 12.34}
	return o, History{RecentAccuracies: []float64{17.8, 9.1, 24}, DeviceEmployees: []int64{1}}
}

// north returns o moved m metres north and taken d later.
func north(o Observation, m float64, d time.Duration) Observation {
	o.Lat += m / metresPerDegreeLat
	o.At = o.At.Add(d)
	return o
}

func prev(o Observation, m float64, ago time.Duration) *Observation {
	p := north(o, -m, -ago)
	return &p
}

func other(id int64, o Observation, d time.Duration) Observation {
	o.EmployeeID, o.DeviceKeyID, o.At = id, "dev-x", o.At.Add(d)
	return o
}

func TestEvaluate(t *testing.T) {
	tests := []struct {
		name  string
		setup func(o *Observation, h *History)
		want  []Code
	}{
		{"clean", func(*Observation, *History) {}, nil},
		// AccuracyImplausible: strictly below 3 m.
		{"accuracy 1", func(o *Observation, _ *History) { o.AccuracyM = 1 }, []Code{AccuracyImplausible}},
		{"accuracy 0", func(o *Observation, _ *History) { o.AccuracyM = 0 }, []Code{AccuracyImplausible}},
		{"accuracy 2.99", func(o *Observation, _ *History) { o.AccuracyM = 2.99 }, []Code{AccuracyImplausible}},
		{"accuracy 3", func(o *Observation, _ *History) { o.AccuracyM = 3 }, nil},
		{"accuracy NaN is not evidence", func(o *Observation, _ *History) { o.AccuracyM = math.NaN() }, nil},
		// AccuracyRepeated: the current value plus 4 previous, to the centimetre.
		{"same accuracy 5 times", func(_ *Observation, h *History) { h.RecentAccuracies = []float64{12.34, 12.34, 12.34, 12.34, 8} },
			[]Code{AccuracyRepeated}},
		{"same to 0.01 m 5 times", func(_ *Observation, h *History) { h.RecentAccuracies = []float64{12.343, 12.338, 12.34, 12.344} },
			[]Code{AccuracyRepeated}},
		{"same accuracy 4 times", func(_ *Observation, h *History) { h.RecentAccuracies = []float64{12.34, 12.34, 12.34, 8} }, nil},
		{"run broken by one reading", func(_ *Observation, h *History) { h.RecentAccuracies = []float64{12.34, 12.35, 12.34, 12.34, 12.34} }, nil},
		{"history repeats but not the current fix", func(_ *Observation, h *History) { h.RecentAccuracies = []float64{5, 5, 5, 5, 5} }, nil},
		{"1 m five times raises both", func(o *Observation, h *History) { o.AccuracyM = 1; h.RecentAccuracies = []float64{1, 1, 1, 1} },
			[]Code{AccuracyImplausible, AccuracyRepeated}},
		// PositionStale / PositionFuture.
		{"position 61 s old", func(o *Observation, _ *History) { o.PositionAt = t0.Add(-61 * time.Second) }, []Code{PositionStale}},
		{"position 60 s old", func(o *Observation, _ *History) { o.PositionAt = t0.Add(-60 * time.Second) }, nil},
		{"no position timestamp", func(o *Observation, _ *History) { o.PositionAt = time.Time{} }, nil},
		{"position 31 s ahead", func(o *Observation, _ *History) { o.PositionAt = t0.Add(31 * time.Second) }, []Code{PositionFuture}},
		{"position 30 s ahead", func(o *Observation, _ *History) { o.PositionAt = t0.Add(30 * time.Second) }, nil},
		// ImpossibleTravel.
		{"27 km in 2 min", func(o *Observation, h *History) { h.Previous = prev(*o, 27100, 2*time.Minute) }, []Code{ImpossibleTravel}},
		{"10 km in 3m59s (150.6 km/h)", func(o *Observation, h *History) { h.Previous = prev(*o, 10000, 239*time.Second) },
			[]Code{ImpossibleTravel}},
		{"10 km in 4m01s (149.4 km/h)", func(o *Observation, h *History) { h.Previous = prev(*o, 10000, 241*time.Second) }, nil},
		{"500 m in 1 min", func(o *Observation, h *History) { h.Previous = prev(*o, 500, time.Minute) }, nil},
		{"999 m in 1 s", func(o *Observation, h *History) { h.Previous = prev(*o, 999, time.Second) }, nil},
		{"1001 m in 10 s", func(o *Observation, h *History) { h.Previous = prev(*o, 1001, 10*time.Second) }, []Code{ImpossibleTravel}},
		{"27 km in the same second", func(o *Observation, h *History) { h.Previous = prev(*o, 27100, 0) }, []Code{ImpossibleTravel}},
		{"2000 km, previous 12 h old", func(o *Observation, h *History) { h.Previous = prev(*o, 2e6, 12*time.Hour) }, []Code{ImpossibleTravel}},
		{"2000 km, previous 13 h old", func(o *Observation, h *History) { h.Previous = prev(*o, 2e6, 13*time.Hour) }, nil},
		{"previous after this one", func(o *Observation, h *History) { h.Previous = prev(*o, 27100, -time.Minute) }, nil},
		{"no previous", func(_ *Observation, h *History) { h.Previous = nil }, nil},
		// SharedCoordinates (the Cirebon method).
		{"another employee, same spot, 3 min earlier", func(o *Observation, h *History) { h.Nearby = []Observation{other(2, *o, -3*time.Minute)} },
			[]Code{SharedCoordinates}},
		{"same at 6 decimals, differs at the 8th", func(o *Observation, h *History) {
			n := other(2, *o, time.Minute)
			n.Lat += 4e-8
			h.Nearby = []Observation{n}
		}, []Code{SharedCoordinates}},
		{"differs at the 6th decimal", func(o *Observation, h *History) {
			n := other(2, *o, time.Minute)
			n.Lat += 1e-6
			h.Nearby = []Observation{n}
		}, nil},
		{"exactly 10 min apart", func(o *Observation, h *History) { h.Nearby = []Observation{other(2, *o, -10*time.Minute)} },
			[]Code{SharedCoordinates}},
		{"10 min 1 s apart", func(o *Observation, h *History) { h.Nearby = []Observation{other(2, *o, -601*time.Second)} }, nil},
		{"own repeated coordinates", func(o *Observation, h *History) {
			h.Nearby = []Observation{other(1, *o, -2*time.Minute), other(1, *o, -4*time.Minute)}
		}, nil},
		// SharedDevice.
		{"device used by two employees", func(_ *Observation, h *History) { h.DeviceEmployees = []int64{1, 2} }, []Code{SharedDevice}},
		{"device list without self", func(_ *Observation, h *History) { h.DeviceEmployees = []int64{2} }, []Code{SharedDevice}},
		{"second device of the same employee", func(o *Observation, h *History) { o.DeviceKeyID = "dev-b"; h.DeviceEmployees = []int64{1, 1} }, nil},
		{"empty device history", func(_ *Observation, h *History) { h.DeviceEmployees = nil }, nil},
		{"no device key", func(o *Observation, h *History) { o.DeviceKeyID = ""; h.DeviceEmployees = []int64{1, 2} }, nil},
		// SignCountRegression.
		{"sign count 0/0 (synced passkey)", func(o *Observation, _ *History) { o.SignCount, o.StoredSignCount = 0, 0 }, nil},
		{"sign count grows", func(o *Observation, _ *History) { o.SignCount, o.StoredSignCount = 5, 4 }, nil},
		{"first count after 0", func(o *Observation, _ *History) { o.SignCount, o.StoredSignCount = 1, 0 }, nil},
		{"sign count repeats", func(o *Observation, _ *History) { o.SignCount, o.StoredSignCount = 4, 4 }, []Code{SignCountRegression}},
		{"sign count drops", func(o *Observation, _ *History) { o.SignCount, o.StoredSignCount = 3, 4 }, []Code{SignCountRegression}},
		{"sign count 0 after 4", func(o *Observation, _ *History) { o.SignCount, o.StoredSignCount = 0, 4 }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, h := clean()
			tt.setup(&o, &h)
			if got := codes(Evaluate(o, h, DefaultThresholds())); !slices.Equal(got, tt.want) {
				t.Errorf("codes %v, want %v", got, tt.want)
			}
		})
	}
}

func codes(ss []Signal) []Code {
	var out []Code
	for _, s := range ss {
		out = append(out, s.Code)
	}
	return out
}

// everything raises all codes but PositionFuture (it excludes PositionStale).
func everything() (Observation, History) {
	o, h := clean()
	o.AccuracyM = 1
	o.PositionAt = t0.Add(-340 * time.Second)
	o.SignCount, o.StoredSignCount = 7, 9
	h.RecentAccuracies = []float64{1, 1, 1, 1}
	h.Previous = prev(o, 27100, 2*time.Minute)
	h.Nearby = []Observation{other(3, o, -time.Minute), other(2, o, time.Minute), other(3, o, -2*time.Minute)}
	h.DeviceEmployees = []int64{4, 1}
	return o, h
}

// TestEvidenceJSON pins the evidence a reviewer sees and proves it
// marshals (maps marshal with sorted keys, so the text is stable).
func TestEvidenceJSON(t *testing.T) {
	o, h := everything()
	future, _ := clean()
	future.PositionAt = t0.Add(45 * time.Second)
	got := append(Evaluate(o, h, DefaultThresholds()), Evaluate(future, History{}, DefaultThresholds())...)
	b, err := json.Marshal(got)
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	want := `[` +
		`{"code":"accuracy_implausible","evidence":{"accuracy_m":1,"min_m":3}},` +
		`{"code":"accuracy_repeated","evidence":{"accuracy_m":1,"count":5}},` +
		`{"code":"impossible_travel","evidence":{"distance_km":27.1,"max_kmh":150,"minutes":2,"speed_kmh":813}},` +
		`{"code":"position_stale","evidence":{"age_s":340,"max_s":60}},` +
		`{"code":"shared_coordinates","evidence":{"employees":[1,2,3],"lat":-5.730123,"lon":105.590432,"window_min":10}},` +
		`{"code":"shared_device","evidence":{"device_key_id":"dev-a","employees":[1,4]}},` +
		`{"code":"sign_count_regression","evidence":{"sign_count":7,"stored_sign_count":9}},` +
		`{"code":"position_future","evidence":{"ahead_s":45,"max_s":30}}]`
	if string(b) != want {
		t.Errorf("JSON\n got %s\nwant %s", b, want)
	}
}

// TestZeroThresholdsDisable shows that a zero Thresholds switches every
// check off except the sign counter, which has no threshold.
func TestZeroThresholdsDisable(t *testing.T) {
	o, h := everything()
	if got := codes(Evaluate(o, h, Thresholds{})); !slices.Equal(got, []Code{SignCountRegression}) {
		t.Errorf("codes %v, want only %s", got, SignCountRegression)
	}
}

// TestEvaluateDeterministic feeds the same input twice, with the nearby
// list reversed, and expects identical output.
func TestEvaluateDeterministic(t *testing.T) {
	o, h := everything()
	a, _ := json.Marshal(Evaluate(o, h, DefaultThresholds()))
	slices.Reverse(h.Nearby)
	slices.Reverse(h.DeviceEmployees)
	b, _ := json.Marshal(Evaluate(o, h, DefaultThresholds()))
	if string(a) != string(b) {
		t.Errorf("order-dependent output:\n%s\n%s", a, b)
	}
}
