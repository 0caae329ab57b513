// Package geo owns the server-side geofence: given a browser position fix
// and an agency's office sites, it decides whether the fix is Inside,
// Outside or Unverifiable. It is pure: no I/O, no clock.
//
// The decision is made on the server because anything the PWA decides can
// be forged (asn-rules §9 item 28), and it is accuracy-aware because a
// browser fix is a circle, not a point: the browser reports a radius
// (coords.accuracy, roughly 95 %) within which the device probably is.
//
// # Rule
//
// For each active site, the area is its polygon when it has one (three or
// more points), otherwise the disc (centre, RadiusM). Then:
//
//	d     = distance in metres from the reported point to the area (0 inside it)
//	size  = RadiusM, or for a polygon the radius of its circumscribed circle
//	limit = min(size + MarginM, MaxAccuracyM)   // MaxAccuracyM 0: no cap
//	fine  = AccuracyM <= limit
//
//	Inside        d <= MarginM && fine
//	Outside       d >  MarginM && (fine || d - AccuracyM > MarginM)
//	Unverifiable  otherwise, i.e. !fine && d - AccuracyM <= MarginM
//
// In words: a fix whose accuracy circle is no larger than the site (plus the
// margin) is trusted, and its point is judged against the area grown by the
// margin; the margin is the one tolerance for GPS error at the fence edge
// (asn-rules §9 item 29). A coarser fix (iOS Precise Location off, Android
// approximate location) can never be Inside. It is Outside only when even
// the nearest edge of its accuracy circle lies beyond the area plus margin;
// otherwise it is Unverifiable, not Outside (constraints C9), and the UI
// should tell the employee how to enable precise location.
//
// Unverifiable therefore always means "the accuracy is the reason", which
// keeps the message honest: a precise fix 30 m beyond the margin is Outside,
// not "cannot verify".
//
// Across sites the best verdict wins (Inside > Unverifiable > Outside);
// among equal verdicts the site with the smaller d, then the earlier one in
// the slice.
package geo

import (
	"math"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/org"
)

// Verdict is the outcome of a geofence check. Its string is part of the API.
type Verdict string

// The verdicts.
const (
	Inside       Verdict = "inside"
	Outside      Verdict = "outside"
	Unverifiable Verdict = "unverifiable" // too coarse to decide, or no active site
)

// Fix is a browser position: WGS84 degrees and the accuracy radius in metres.
type Fix struct {
	Lat       float64 `json:"lat"`
	Lon       float64 `json:"lon"`
	AccuracyM float64 `json:"accuracy_m"`
}

// Validate rejects NaN, infinities and out-of-range values, which JSON can
// carry (as huge numbers) and which would otherwise poison every comparison.
// Errors: invalid, with Field "lat", "lon" or "accuracy_m".
func (f Fix) Validate() error {
	switch {
	case !finite(f.Lat) || f.Lat < -90 || f.Lat > 90:
		return apperr.InvalidField("lat", "geo.lat_range")
	case !finite(f.Lon) || f.Lon < -180 || f.Lon > 180:
		return apperr.InvalidField("lon", "geo.lon_range")
	case !finite(f.AccuracyM) || f.AccuracyM < 0:
		return apperr.InvalidField("accuracy_m", "geo.accuracy_negative")
	}
	return nil
}

// Policy is the regency's geofence tolerance.
type Policy struct {
	// MarginM is added around every site's area: GPS error at the fence edge
	// is ±20–50 m indoors, more than a 15 m radius (asn-rules §9 item 29).
	MarginM float64 `json:"margin_m"`
	// MaxAccuracyM caps the accuracy that can ever be Inside, so a huge site
	// does not accept kilometre-wide fixes. 0 means no cap.
	MaxAccuracyM float64 `json:"max_accuracy_m"`
}

// DefaultPolicy is a 20 m margin (about one typical urban fix) and a 150 m
// cap (the largest common Pemda radius, Cilegon; coarse location on phones
// reports hundreds of metres and more).
func DefaultPolicy() Policy { return Policy{MarginM: 20, MaxAccuracyM: 150} }

// Validate checks that both numbers are finite and not negative.
// Errors: invalid, with Field "margin_m" or "max_accuracy_m".
func (p Policy) Validate() error {
	if !finite(p.MarginM) || p.MarginM < 0 {
		return apperr.InvalidField("margin_m", "geo.margin_negative")
	}
	if !finite(p.MaxAccuracyM) || p.MaxAccuracyM < 0 {
		return apperr.InvalidField("max_accuracy_m", "geo.max_accuracy_negative")
	}
	return nil
}

// Result explains a verdict with the numbers the UI and audit need.
type Result struct {
	Verdict  Verdict `json:"verdict"`
	SiteID   int64   `json:"site_id"` // the site decided against; 0 when there is none
	SiteName string  `json:"site_name"`
	// DistanceM is from the reported point to the site's area: 0 inside it.
	DistanceM float64 `json:"distance_m"`
	AccuracyM float64 `json:"accuracy_m"`
	MarginM   float64 `json:"margin_m"`
	// AccuracyLimitM is the worst accuracy this site accepts as Inside, so
	// the UI can say "your accuracy is 800 m; 70 m is needed".
	AccuracyLimitM float64 `json:"accuracy_limit_m"`
}

// Check decides where fix is relative to sites; see the package doc for the
// rule. No active site gives Unverifiable with SiteID 0.
// Errors: invalid for a bad fix (the API answers 400); internal for a bad
// policy, which is a configuration bug, not the caller's fault.
func Check(fix Fix, sites []org.Site, p Policy) (Result, error) {
	if err := fix.Validate(); err != nil {
		return Result{}, err
	}
	if err := p.Validate(); err != nil {
		return Result{}, apperr.Wrap(err, "geofence policy")
	}
	best := Result{Verdict: Unverifiable, AccuracyM: fix.AccuracyM, MarginM: p.MarginM}
	found := false
	for _, s := range sites {
		if !s.Active || !usable(s) {
			continue
		}
		r := judge(fix, s, p)
		if !found || better(r, best) {
			best, found = r, true
		}
	}
	return best, nil
}

// judge applies the rule to one site.
func judge(fix Fix, s org.Site, p Policy) Result {
	d, size := area(org.Point{Lat: fix.Lat, Lon: fix.Lon}, s)
	limit := size + p.MarginM
	if p.MaxAccuracyM > 0 {
		limit = math.Min(limit, p.MaxAccuracyM)
	}
	fine := fix.AccuracyM <= limit
	v := Unverifiable
	switch {
	case d <= p.MarginM && fine:
		v = Inside
	case d > p.MarginM && (fine || d-fix.AccuracyM > p.MarginM):
		v = Outside
	}
	return Result{Verdict: v, SiteID: s.ID, SiteName: s.Name, DistanceM: d,
		AccuracyM: fix.AccuracyM, MarginM: p.MarginM, AccuracyLimitM: limit}
}

// area returns the distance from pt to the site's area (0 inside) and the
// area's radius.
func area(pt org.Point, s org.Site) (d, size float64) {
	if len(openRing(s.Polygon)) >= 3 {
		size = circumRadius(s.Polygon)
		if InPolygon(pt, s.Polygon) {
			return 0, size
		}
		return DistanceToBoundary(pt, s.Polygon), size
	}
	centre := org.Point{Lat: s.Lat, Lon: s.Lon}
	return math.Max(0, Distance(pt, centre)-s.RadiusM), s.RadiusM
}

// usable guards against rows that bypassed org.Site.Validate: NaN in a site
// would make it silently win or lose every comparison.
func usable(s org.Site) bool {
	if !finite(s.Lat) || !finite(s.Lon) || !finite(s.RadiusM) || s.RadiusM < 0 {
		return false
	}
	for _, q := range s.Polygon {
		if !finite(q.Lat) || !finite(q.Lon) {
			return false
		}
	}
	return true
}

// better reports whether a beats b: a stronger verdict, then a nearer site.
func better(a, b Result) bool {
	if rank(a.Verdict) != rank(b.Verdict) {
		return rank(a.Verdict) > rank(b.Verdict)
	}
	return a.DistanceM < b.DistanceM
}

func rank(v Verdict) int {
	switch v {
	case Inside:
		return 2
	case Unverifiable:
		return 1
	}
	return 0
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
