package geo

import (
	"math"
	"testing"

	"github.com/hadir-id/hadir/internal/org"
)

// Reference points in all three Indonesian time zones, so that no test
// leans on one longitude (WIB, WITA, WIT).
var (
	kalianda = org.Point{Lat: -5.73, Lon: 105.59}  // Lampung Selatan, WIB
	makassar = org.Point{Lat: -5.14, Lon: 119.43}  // WITA
	jayapura = org.Point{Lat: -2.53, Lon: 140.72}  // WIT
	equator  = org.Point{Lat: 0, Lon: 0}           // the formula's easy case
	sofifi   = org.Point{Lat: 0.737, Lon: 127.556} // north of the equator
)

// at offsets base by east and north metres. North offsets are exact under
// haversine (a meridian is a great circle), so edge cases use them.
func at(base org.Point, eastM, northM float64) org.Point {
	return org.Point{
		Lat: base.Lat + northM/metresPerDegree,
		Lon: base.Lon + eastM/(metresPerDegree*math.Cos(radians(base.Lat))),
	}
}

func TestDistance(t *testing.T) {
	tests := []struct {
		name   string
		a, b   org.Point
		want   float64
		tolM   float64
		reason string
	}{
		{"0.001° lat at Kalianda", kalianda, org.Point{Lat: -5.731, Lon: 105.59}, 111.2, 0.5, "sanity from the brief"},
		{"0.001° lat at Makassar", makassar, org.Point{Lat: -5.139, Lon: 119.43}, 111.2, 0.5, "WITA"},
		{"0.001° lat at Jayapura", jayapura, org.Point{Lat: -2.531, Lon: 140.72}, 111.2, 0.5, "WIT"},
		{"same point", kalianda, kalianda, 0, 1e-9, "no NaN from acos-style rounding"},
		{"1° lon on the equator", equator, org.Point{Lat: 0, Lon: 1}, 111195.08, 0.01, "R·π/180"},
		{"quarter meridian", equator, org.Point{Lat: 90, Lon: 0}, 10007557.2, 0.1, "R·π/2"},
		{"100 m east at Jayapura", jayapura, at(jayapura, 100, 0), 100, 0.01, "longitude scaled by cos(lat)"},
		{"100 m north-east at Sofifi", sofifi, at(sofifi, 60, 80), 100, 0.01, "northern hemisphere"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Distance(tt.a, tt.b)
			if math.Abs(got-tt.want) > tt.tolM {
				t.Errorf("Distance = %.4f m, want %.4f ± %g (%s)", got, tt.want, tt.tolM, tt.reason)
			}
			if back := Distance(tt.b, tt.a); math.Abs(back-got) > 1e-9 {
				t.Errorf("not symmetric: %.9f vs %.9f", got, back)
			}
		})
	}
}

// square is a 100 m × 100 m square with its south-west corner at base.
func square(base org.Point) []org.Point {
	return []org.Point{at(base, 0, 0), at(base, 100, 0), at(base, 100, 100), at(base, 0, 100)}
}

// lShape is 200 m × 200 m with the north-east 100 m × 100 m quadrant cut
// out: a concave polygon, closed by repeating its first point.
func lShape(base org.Point) []org.Point {
	return []org.Point{at(base, 0, 0), at(base, 200, 0), at(base, 200, 100), at(base, 100, 100),
		at(base, 100, 200), at(base, 0, 200), at(base, 0, 0)}
}

func TestInPolygonAndBoundary(t *testing.T) {
	tests := []struct {
		name   string
		poly   []org.Point
		p      org.Point
		inside bool
		distM  float64
	}{
		{"square centre", square(kalianda), at(kalianda, 50, 50), true, 50},
		{"square near east edge", square(kalianda), at(kalianda, 90, 50), true, 10},
		{"just outside east edge", square(kalianda), at(kalianda, 110, 50), false, 10},
		{"on west edge", square(kalianda), at(kalianda, 0, 50), true, 0},
		{"on south edge", square(kalianda), at(kalianda, 30, 0), true, 0},
		{"on a vertex", square(kalianda), at(kalianda, 100, 100), true, 0},
		{"diagonal from a corner", square(kalianda), at(kalianda, 130, 140), false, 50},
		{"L: in the body", lShape(makassar), at(makassar, 50, 50), true, 50},
		{"L: in the notch", lShape(makassar), at(makassar, 150, 150), false, 50},
		{"L: notch corner", lShape(makassar), at(makassar, 100, 100), true, 0},
		{"L: right arm", lShape(jayapura), at(jayapura, 180, 50), true, 20},
		{"L: above the right arm", lShape(jayapura), at(jayapura, 180, 130), false, 30},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := InPolygon(tt.p, tt.poly); got != tt.inside {
				t.Errorf("InPolygon = %v, want %v", got, tt.inside)
			}
			if got := DistanceToBoundary(tt.p, tt.poly); math.Abs(got-tt.distM) > 0.01 {
				t.Errorf("DistanceToBoundary = %.4f m, want %.4f", got, tt.distM)
			}
		})
	}
}

func TestDegeneratePolygon(t *testing.T) {
	two := []org.Point{kalianda, at(kalianda, 10, 0)}
	if InPolygon(kalianda, two) {
		t.Error("a two-point ring has no inside")
	}
	if d := DistanceToBoundary(kalianda, nil); !math.IsInf(d, 1) {
		t.Errorf("empty ring: distance %v, want +Inf", d)
	}
}

func TestCircumRadius(t *testing.T) {
	want := 50 * math.Sqrt2 // half the square's diagonal
	if got := circumRadius(square(kalianda)); math.Abs(got-want) > 0.01 {
		t.Errorf("circumRadius = %.3f, want %.3f", got, want)
	}
	closed := append(square(kalianda), square(kalianda)[0])
	if got := circumRadius(closed); math.Abs(got-want) > 0.01 {
		t.Errorf("closed ring: circumRadius = %.3f, want %.3f", got, want)
	}
}
