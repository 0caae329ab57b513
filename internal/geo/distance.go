package geo

import (
	"math"

	"github.com/hadir-id/hadir/internal/org"
)

// EarthRadiusM is the WGS84 mean radius (R1 = (2a+b)/3). A sphere is close
// enough for office geofences: the ellipsoid changes distances by < 0.5 %,
// far less than the browser's own accuracy.
const EarthRadiusM = 6371008.8

// metresPerDegree is the length of one degree of a great circle.
const metresPerDegree = EarthRadiusM * math.Pi / 180

// onEdgeM is how close to a polygon edge a point must be to count as lying
// on it. Ray casting alone is undecided for points exactly on an edge; a
// millimetre is far below any GPS fix and well above float noise.
const onEdgeM = 1e-3

// Distance is the great-circle (haversine) distance between a and b in
// metres. Haversine stays accurate for the short distances that matter here,
// where the spherical law of cosines loses precision.
func Distance(a, b org.Point) float64 {
	φ1, φ2 := radians(a.Lat), radians(b.Lat)
	dφ := φ2 - φ1
	dλ := radians(b.Lon - a.Lon)
	h := sq(math.Sin(dφ/2)) + math.Cos(φ1)*math.Cos(φ2)*sq(math.Sin(dλ/2))
	return 2 * EarthRadiusM * math.Asin(math.Min(1, math.Sqrt(h)))
}

// InPolygon reports whether p lies inside the polygon or on its boundary.
// poly is a ring of at least three points; the closing point may be repeated
// or not. The test is ray casting on raw lat/lon, which is exact enough at
// office scale (no edge spans the antimeridian or a pole in Indonesia).
func InPolygon(p org.Point, poly []org.Point) bool {
	ring := openRing(poly)
	if len(ring) < 3 {
		return false
	}
	if DistanceToBoundary(p, ring) <= onEdgeM {
		return true // points on an edge or a vertex count as inside
	}
	inside := false
	for i, j := 0, len(ring)-1; i < len(ring); j, i = i, i+1 {
		a, b := ring[i], ring[j]
		if (a.Lat > p.Lat) != (b.Lat > p.Lat) {
			x := (b.Lon-a.Lon)*(p.Lat-a.Lat)/(b.Lat-a.Lat) + a.Lon
			if p.Lon < x {
				inside = !inside
			}
		}
	}
	return inside
}

// DistanceToBoundary is the distance in metres from p to the nearest edge of
// the polygon, whether p is inside or outside. It projects the vertices onto
// a local equirectangular plane centred on p, which keeps the error below
// about 0.1 % for edges within 10 km of p. It returns +Inf for an empty ring.
func DistanceToBoundary(p org.Point, poly []org.Point) float64 {
	ring := openRing(poly)
	if len(ring) == 0 {
		return math.Inf(1)
	}
	cosφ := math.Cos(radians(p.Lat))
	project := func(q org.Point) (x, y float64) {
		return (q.Lon - p.Lon) * cosφ * metresPerDegree, (q.Lat - p.Lat) * metresPerDegree
	}
	best := math.Inf(1)
	for i, j := 0, len(ring)-1; i < len(ring); j, i = i, i+1 {
		ax, ay := project(ring[j])
		bx, by := project(ring[i])
		best = math.Min(best, originToSegment(ax, ay, bx, by))
	}
	return best
}

// originToSegment is the plane distance from (0,0) to the segment a–b.
func originToSegment(ax, ay, bx, by float64) float64 {
	dx, dy := bx-ax, by-ay
	l2 := dx*dx + dy*dy
	t := 0.0
	if l2 > 0 {
		t = math.Max(0, math.Min(1, -(ax*dx+ay*dy)/l2))
	}
	return math.Hypot(ax+t*dx, ay+t*dy)
}

// circumRadius is the largest distance from the vertices' mean to a vertex:
// the "radius" of a polygon site when judging whether a fix's accuracy is
// fine enough for it.
func circumRadius(poly []org.Point) float64 {
	ring := openRing(poly)
	if len(ring) == 0 {
		return 0
	}
	var c org.Point
	for _, q := range ring {
		c.Lat += q.Lat / float64(len(ring))
		c.Lon += q.Lon / float64(len(ring))
	}
	r := 0.0
	for _, q := range ring {
		r = math.Max(r, Distance(c, q))
	}
	return r
}

// openRing drops a repeated closing point so that callers see each vertex
// once; edges are formed cyclically either way.
func openRing(poly []org.Point) []org.Point {
	if n := len(poly); n > 1 && poly[0] == poly[n-1] {
		return poly[:n-1]
	}
	return poly
}

func radians(deg float64) float64 { return deg * math.Pi / 180 }

func sq(x float64) float64 { return x * x }
