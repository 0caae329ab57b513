package signals

import (
	"math"
	"slices"
	"time"

	"github.com/hadir-id/hadir/internal/geo"
	"github.com/hadir-id/hadir/internal/org"
)

// accuracyImplausible: an accuracy under the minimum (0 included, which some
// mock apps send) is not what a browser reports indoors.
func accuracyImplausible(o Observation, _ History, t Thresholds) *Signal {
	if t.MinPlausibleAccuracyM <= 0 || !finite(o.AccuracyM) || o.AccuracyM >= t.MinPlausibleAccuracyM {
		return nil
	}
	return &Signal{Code: AccuracyImplausible, Evidence: map[string]any{
		"accuracy_m": round(o.AccuracyM, 2), "min_m": t.MinPlausibleAccuracyM}}
}

// accuracyRepeated: the current accuracy and the newest previous ones are
// the same to the centimetre, RepeatedAccuracyCount times in a row.
func accuracyRepeated(o Observation, h History, t Thresholds) *Signal {
	if t.RepeatedAccuracyCount <= 1 || !finite(o.AccuracyM) {
		return nil
	}
	cm := centimetres(o.AccuracyM)
	run := 1
	for _, a := range h.RecentAccuracies {
		if !finite(a) || centimetres(a) != cm {
			break
		}
		run++
	}
	if run < t.RepeatedAccuracyCount {
		return nil
	}
	return &Signal{Code: AccuracyRepeated, Evidence: map[string]any{
		"accuracy_m": round(o.AccuracyM, 2), "count": run}}
}

// positionStale: the fix was taken long before the server got it, so it
// may be a cached or replayed position rather than where the phone is now.
func positionStale(o Observation, _ History, t Thresholds) *Signal {
	if t.MaxPositionAge <= 0 || o.At.IsZero() || o.PositionAt.IsZero() {
		return nil
	}
	age := o.At.Sub(o.PositionAt)
	if age <= t.MaxPositionAge {
		return nil
	}
	return &Signal{Code: PositionStale, Evidence: map[string]any{
		"age_s": seconds(age), "max_s": seconds(t.MaxPositionAge)}}
}

// positionFuture: the fix claims to come from the future, so the device
// clock is wrong or the payload was built by hand.
func positionFuture(o Observation, _ History, t Thresholds) *Signal {
	if t.MaxPositionFuture <= 0 || o.At.IsZero() || o.PositionAt.IsZero() {
		return nil
	}
	ahead := o.PositionAt.Sub(o.At)
	if ahead <= t.MaxPositionFuture {
		return nil
	}
	return &Signal{Code: PositionFuture, Evidence: map[string]any{
		"ahead_s": seconds(ahead), "max_s": seconds(t.MaxPositionFuture)}}
}

// impossibleTravel compares o with the employee's previous event using
// server times, which the client cannot forge.
func impossibleTravel(o Observation, h History, t Thresholds) *Signal {
	p := h.Previous
	if t.MaxSpeedKmh <= 0 || p == nil || p.At.IsZero() || o.At.IsZero() || !located(o) || !located(*p) {
		return nil
	}
	elapsed := o.At.Sub(p.At)
	if elapsed < 0 || (t.MaxTravelGap > 0 && elapsed > t.MaxTravelGap) {
		return nil // out of order, or long enough to have gone anywhere
	}
	km := geo.Distance(org.Point{Lat: p.Lat, Lon: p.Lon}, org.Point{Lat: o.Lat, Lon: o.Lon}) / 1000
	if km < t.MinTravelKm {
		return nil
	}
	// Two events in the same second still count: a floor of one second keeps
	// the speed finite (JSON has no Inf).
	hours := math.Max(elapsed.Hours(), 1.0/3600)
	speed := km / hours
	if speed <= t.MaxSpeedKmh {
		return nil
	}
	return &Signal{Code: ImpossibleTravel, Evidence: map[string]any{
		"speed_kmh": round(speed, 0), "distance_km": round(km, 1),
		"minutes": round(elapsed.Minutes(), 1), "max_kmh": t.MaxSpeedKmh}}
}

// sharedCoordinates is the Cirebon method: several employees reporting the
// very same coordinates, to the decimal, within a few minutes. The
// employee's own earlier fixes never count: standing still is not sharing.
func sharedCoordinates(o Observation, h History, t Thresholds) *Signal {
	if t.SameSpotWindow <= 0 || t.SameSpotDecimals <= 0 || t.SameSpotEmployees <= 1 || o.At.IsZero() || !located(o) {
		return nil
	}
	scale := math.Pow(10, float64(t.SameSpotDecimals))
	lat, lon := math.Round(o.Lat*scale), math.Round(o.Lon*scale)
	ids := []int64{o.EmployeeID}
	for _, n := range h.Nearby {
		if n.EmployeeID == o.EmployeeID || n.At.IsZero() || absDur(n.At.Sub(o.At)) > t.SameSpotWindow {
			continue
		}
		if math.Round(n.Lat*scale) == lat && math.Round(n.Lon*scale) == lon {
			ids = append(ids, n.EmployeeID)
		}
	}
	ids = distinct(ids)
	if len(ids) < t.SameSpotEmployees {
		return nil
	}
	return &Signal{Code: SharedCoordinates, Evidence: map[string]any{
		"employees": ids, "lat": round(o.Lat, t.SameSpotDecimals), "lon": round(o.Lon, t.SameSpotDecimals),
		"window_min": t.SameSpotWindow.Minutes()}}
}

// sharedDevice: one per-install device key signing for several employees.
// One employee with two devices is normal (a new phone) and does not count.
func sharedDevice(o Observation, h History, t Thresholds) *Signal {
	if t.DeviceSharedBy <= 1 || o.DeviceKeyID == "" {
		return nil
	}
	ids := distinct(append([]int64{o.EmployeeID}, h.DeviceEmployees...))
	if len(ids) < t.DeviceSharedBy {
		return nil
	}
	return &Signal{Code: SharedDevice, Evidence: map[string]any{
		"device_key_id": o.DeviceKeyID, "employees": ids}}
}

// signCountRegression: a passkey counter that did not grow suggests a cloned
// authenticator (WebAuthn §6.1.1). Synced passkeys (iCloud, Google) always
// send 0, and a first use may move from 0 to any value, so only a nonzero
// count at or below a nonzero stored count is flagged.
func signCountRegression(o Observation, _ History, _ Thresholds) *Signal {
	if o.SignCount == 0 || o.StoredSignCount == 0 || o.SignCount > o.StoredSignCount {
		return nil
	}
	return &Signal{Code: SignCountRegression, Evidence: map[string]any{
		"sign_count": o.SignCount, "stored_sign_count": o.StoredSignCount}}
}

// distinct sorts ids and removes duplicates, so evidence is deterministic.
func distinct(ids []int64) []int64 {
	out := slices.Clone(ids)
	slices.Sort(out)
	return slices.Compact(out)
}

// located guards against NaN and infinite coordinates, which would turn
// into NaN speeds or match each other and poison the JSON evidence.
func located(o Observation) bool { return finite(o.Lat) && finite(o.Lon) }

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

func centimetres(m float64) int64 { return int64(math.Round(m * 100)) }

func round(x float64, decimals int) float64 {
	scale := math.Pow(10, float64(decimals))
	return math.Round(x*scale) / scale
}

func seconds(d time.Duration) float64 { return round(d.Seconds(), 1) }

func absDur(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}
