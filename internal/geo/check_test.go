package geo

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/org"
)

func circle(id int64, c org.Point, radiusM float64) org.Site {
	return org.Site{ID: id, Name: "site", Lat: c.Lat, Lon: c.Lon, RadiusM: radiusM, Active: true}
}

func fixAt(p org.Point, accuracyM float64) Fix {
	return Fix{Lat: p.Lat, Lon: p.Lon, AccuracyM: accuracyM}
}

// mustCheck runs Check and fails the test on an error.
func mustCheck(t *testing.T, f Fix, sites []org.Site, p Policy) Result {
	t.Helper()
	r, err := Check(f, sites, p)
	if err != nil {
		t.Fatalf("Check: %v", err)
	}
	return r
}

// TestCheckCircle walks one 50 m site (margin 20, so the accuracy limit is
// 70 m) outwards from its centre, in each time zone.
func TestCheckCircle(t *testing.T) {
	tests := []struct {
		name   string
		northM float64 // from the centre
		accM   float64
		want   Verdict
		distM  float64
	}{
		{"centre", 0, 10, Inside, 0},
		{"just inside radius", 49, 10, Inside, 0},
		{"exactly on radius", 50, 10, Inside, 0},
		{"radius+margin-1", 69, 10, Inside, 19},
		{"radius+margin+1, small accuracy", 71, 5, Outside, 21},
		// A usable fix is judged by its point: the margin already is the
		// tolerance, so this is Outside although its circle reaches the fence.
		{"radius+margin+1, accuracy at the limit", 71, 70, Outside, 21},
		{"centre, accuracy at the limit", 0, 70, Inside, 0},
		{"centre, accuracy just over the limit", 0, 70.5, Unverifiable, 0},
		{"inside, accuracy 180 (coarse)", 0, 180, Unverifiable, 0},
		{"inside, accuracy 0", 10, 0, Inside, 0},
		// Coarse fixes 1 km past the margin: d - accuracy either side of 20.
		{"coarse, circle reaches the margin", 1070, 1000.1, Unverifiable, 1020},
		{"coarse, circle stops short of the margin", 1070, 999.9, Outside, 1020},
		{"coarse and 20 km away", 20000, 1500, Outside, 19950},
	}
	for _, zone := range []struct {
		name   string
		centre org.Point
	}{{"WIB Kalianda", kalianda}, {"WITA Makassar", makassar}, {"WIT Jayapura", jayapura}} {
		for _, tt := range tests {
			t.Run(zone.name+"/"+tt.name, func(t *testing.T) {
				site := circle(7, zone.centre, 50)
				r := mustCheck(t, fixAt(at(zone.centre, 0, tt.northM), tt.accM), []org.Site{site}, DefaultPolicy())
				if r.Verdict != tt.want {
					t.Errorf("verdict %s, want %s (d=%.3f)", r.Verdict, tt.want, r.DistanceM)
				}
				if math.Abs(r.DistanceM-tt.distM) > 0.01 {
					t.Errorf("distance %.4f, want %.4f", r.DistanceM, tt.distM)
				}
				if r.SiteID != 7 || r.AccuracyM != tt.accM || r.MarginM != 20 || r.AccuracyLimitM != 70 {
					t.Errorf("result fields: %+v", r)
				}
			})
		}
	}
}

// TestCheckAccuracyLimit shows the limit follows the site's size and is
// capped by MaxAccuracyM.
func TestCheckAccuracyLimit(t *testing.T) {
	tests := []struct {
		name    string
		radiusM float64
		p       Policy
		accM    float64
		want    Verdict
		limit   float64
	}{
		{"Bengkulu 15 m, accuracy 35", 15, DefaultPolicy(), 35, Inside, 35},
		{"Bengkulu 15 m, accuracy 40", 15, DefaultPolicy(), 40, Unverifiable, 35},
		{"500 m site, accuracy at the cap", 500, DefaultPolicy(), 150, Inside, 150},
		{"500 m site, accuracy over the cap", 500, DefaultPolicy(), 151, Unverifiable, 150},
		{"no cap", 500, Policy{MarginM: 20}, 400, Inside, 520},
		{"no margin", 50, Policy{MaxAccuracyM: 150}, 50, Inside, 50},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustCheck(t, fixAt(kalianda, tt.accM), []org.Site{circle(1, kalianda, tt.radiusM)}, tt.p)
			if r.Verdict != tt.want || r.AccuracyLimitM != tt.limit {
				t.Errorf("got %s limit %.1f, want %s limit %.1f", r.Verdict, r.AccuracyLimitM, tt.want, tt.limit)
			}
		})
	}
}

func TestCheckSeveralSites(t *testing.T) {
	a := circle(1, kalianda, 50)
	b := circle(2, at(kalianda, 0, 1000), 50) // 1 km north of a
	c := circle(3, at(kalianda, 0, 5000), 50)
	off := circle(4, at(kalianda, 0, 1000), 50)
	off.Active = false
	tests := []struct {
		name   string
		sites  []org.Site
		fix    Fix
		want   Verdict
		siteID int64
	}{
		{"no sites", nil, fixAt(kalianda, 10), Unverifiable, 0},
		{"only inactive sites", []org.Site{off}, fixAt(at(kalianda, 0, 1000), 10), Unverifiable, 0},
		{"inside the second", []org.Site{a, b, c}, fixAt(at(kalianda, 0, 1010), 10), Inside, 2},
		{"outside all: nearest", []org.Site{c, a, b}, fixAt(at(kalianda, 0, 2000), 10), Outside, 2},
		{"inactive site ignored", []org.Site{off, a}, fixAt(at(kalianda, 0, 1000), 10), Outside, 1},
		// Coarse 400 m fix 300 m north of b: could be in b, cannot reach c.
		{"unverifiable beats outside", []org.Site{c, b}, fixAt(at(kalianda, 0, 1300), 400), Unverifiable, 2},
		{"inside beats a nearer unverifiable", []org.Site{circle(5, kalianda, 10), circle(6, at(kalianda, 0, 100), 200)},
			fixAt(kalianda, 50), Inside, 6},
		{"overlapping: first of equals", []org.Site{b, circle(8, at(kalianda, 0, 1000), 80)},
			fixAt(at(kalianda, 0, 1000), 10), Inside, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustCheck(t, tt.fix, tt.sites, DefaultPolicy())
			if r.Verdict != tt.want || r.SiteID != tt.siteID {
				t.Errorf("got %s site %d, want %s site %d", r.Verdict, r.SiteID, tt.want, tt.siteID)
			}
		})
	}
}

// TestCheckPolygon uses sites whose circle is a 10 m dot at the south-west
// corner, so every Inside below proves the polygon replaced the circle.
func TestCheckPolygon(t *testing.T) {
	sq := circle(1, kalianda, 10)
	sq.Polygon = square(kalianda) // circumradius 70.7 m, limit 90.7 m
	ell := circle(2, makassar, 10)
	ell.Polygon = lShape(makassar)
	tests := []struct {
		name  string
		site  org.Site
		fix   Fix
		want  Verdict
		distM float64
	}{
		{"square: inside", sq, fixAt(at(kalianda, 60, 60), 10), Inside, 0},
		{"square: 10 m past an edge", sq, fixAt(at(kalianda, 110, 50), 10), Inside, 10},
		{"square: 30 m past an edge", sq, fixAt(at(kalianda, 130, 50), 10), Outside, 30},
		{"square: on an edge", sq, fixAt(at(kalianda, 0, 50), 10), Inside, 0},
		{"square: accuracy 85 inside", sq, fixAt(at(kalianda, 50, 50), 85), Inside, 0},
		{"square: accuracy 95 inside", sq, fixAt(at(kalianda, 50, 50), 95), Unverifiable, 0},
		{"L: in the body", ell, fixAt(at(makassar, 50, 150), 10), Inside, 0},
		{"L: in the notch", ell, fixAt(at(makassar, 150, 150), 10), Outside, 50},
		{"L: notch, 15 m from the arm", ell, fixAt(at(makassar, 185, 115), 10), Inside, 15},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustCheck(t, tt.fix, []org.Site{tt.site}, DefaultPolicy())
			if r.Verdict != tt.want || math.Abs(r.DistanceM-tt.distM) > 0.01 {
				t.Errorf("got %s d=%.3f, want %s d=%.3f", r.Verdict, r.DistanceM, tt.want, tt.distM)
			}
		})
	}
}

func TestCheckRejectsBadInput(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	sites := []org.Site{circle(1, kalianda, 50)}
	tests := []struct {
		name  string
		fix   Fix
		field string // "" means valid
	}{
		{"valid extremes", Fix{Lat: 90, Lon: -180, AccuracyM: 0}, ""},
		{"lat NaN", Fix{Lat: nan, Lon: 105, AccuracyM: 10}, "lat"},
		{"lat 90.0001", Fix{Lat: 90.0001, Lon: 105, AccuracyM: 10}, "lat"},
		{"lat -91", Fix{Lat: -91, Lon: 105, AccuracyM: 10}, "lat"},
		{"lon 180.5", Fix{Lat: -5, Lon: 180.5, AccuracyM: 10}, "lon"},
		{"lon -Inf", Fix{Lat: -5, Lon: -inf, AccuracyM: 10}, "lon"},
		{"accuracy negative", Fix{Lat: -5, Lon: 105, AccuracyM: -1}, "accuracy_m"},
		{"accuracy NaN", Fix{Lat: -5, Lon: 105, AccuracyM: nan}, "accuracy_m"},
		{"accuracy +Inf", Fix{Lat: -5, Lon: 105, AccuracyM: inf}, "accuracy_m"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Check(tt.fix, sites, DefaultPolicy())
			if tt.field == "" {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			if e := apperr.As(err); e.Code != apperr.Invalid || e.Field != tt.field {
				t.Errorf("got %v, want invalid on %q", err, tt.field)
			}
		})
	}
}

func TestCheckBadPolicyIsInternal(t *testing.T) {
	for _, p := range []Policy{{MarginM: -1}, {MarginM: math.NaN()}, {MaxAccuracyM: math.Inf(1)}} {
		_, err := Check(fixAt(kalianda, 10), nil, p)
		if !apperr.Is(err, apperr.Internal) {
			t.Errorf("policy %+v: got %v, want internal", p, err)
		}
	}
}

func TestCheckSkipsCorruptSites(t *testing.T) {
	bad := circle(1, kalianda, math.NaN())
	r := mustCheck(t, fixAt(kalianda, 10), []org.Site{bad, circle(2, at(kalianda, 0, 500), 50)}, DefaultPolicy())
	if r.SiteID != 2 || r.Verdict != Outside {
		t.Errorf("got %+v, want Outside against site 2", r)
	}
}

func TestResultJSON(t *testing.T) {
	r := mustCheck(t, fixAt(kalianda, 10), []org.Site{circle(1, kalianda, 50)}, DefaultPolicy())
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"verdict":"inside","site_id":1,"site_name":"site","distance_m":0,"accuracy_m":10,"margin_m":20,"accuracy_limit_m":70}`
	if string(b) != want {
		t.Errorf("JSON\n got %s\nwant %s", b, want)
	}
}
