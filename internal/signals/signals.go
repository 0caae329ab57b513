// Package signals raises suspicious-location signals on a check-in: facts
// that a reviewer (the atasan or HR) should look at, never a verdict. A web
// page cannot see Android's mock-location flag (constraints C19), so fake
// GPS, cloned devices and buddy punching can only be suspected from
// patterns; sanctions go through the PP 94/2021 process, never
// automatically (asn-rules §9 item 28). The package is pure: the caller
// loads the history and stores the signals.
package signals

import (
	"cmp"
	"slices"
	"time"
)

// Code names a signal. Its string is part of the API and of stored rows.
type Code string

// The signal codes, each explained where it is raised (checks.go).
const (
	AccuracyImplausible Code = "accuracy_implausible"
	AccuracyRepeated    Code = "accuracy_repeated"
	PositionStale       Code = "position_stale"
	PositionFuture      Code = "position_future"
	ImpossibleTravel    Code = "impossible_travel"
	SharedCoordinates   Code = "shared_coordinates"
	SharedDevice        Code = "shared_device"
	SignCountRegression Code = "sign_count_regression"
)

// Signal is one reason for review, with the numbers a reviewer needs to
// judge it (e.g. {"speed_kmh":812,"distance_km":27.1,"minutes":2}).
// Evidence holds only JSON-friendly values: numbers, strings, []int64.
type Signal struct {
	Code     Code           `json:"code"`
	Evidence map[string]any `json:"evidence"`
}

// Observation is the check-in being judged.
type Observation struct {
	EmployeeID  int64
	DeviceKeyID string    // the per-install device key; "" when none was used
	At          time.Time // server receive time
	PositionAt  time.Time // the browser's position.timestamp; zero when absent
	Lat, Lon    float64
	AccuracyM   float64
	// SignCount is the passkey assertion's counter; StoredSignCount is the
	// credential's counter before this assertion.
	SignCount       uint32
	StoredSignCount uint32
}

// History is what the caller loaded around the observation.
type History struct {
	Previous         *Observation  // this employee's last accepted event; nil if none
	RecentAccuracies []float64     // this employee's last N accuracies, newest first, excluding o
	Nearby           []Observation // other employees' events near o in time and place
	DeviceEmployees  []int64       // every employee who ever used o.DeviceKeyID
}

// Thresholds tune the checks. A zero field disables its check, so a regency
// can switch one off without code; start from DefaultThresholds.
type Thresholds struct {
	// MinPlausibleAccuracyM: an accuracy below it is implausible. Browser
	// fixes indoors are rarely under 3 m; fake-GPS apps often report 1 m or 0.
	MinPlausibleAccuracyM float64
	// RepeatedAccuracyCount: this many consecutive fixes, o included, with
	// the same accuracy to 0.01 m. Real fixes jitter from one reading to the
	// next; a mock provider often hard-codes one value.
	RepeatedAccuracyCount int
	// MaxPositionAge: a fix older than this when it reaches the server was
	// cached or replayed; the PWA asks for maximumAge 0 and times out at 15 s.
	MaxPositionAge time.Duration
	// MaxPositionFuture: a position timestamp this far ahead of the server
	// means a wrong or manipulated device clock; 30 s absorbs normal drift.
	MaxPositionFuture time.Duration
	// MaxSpeedKmh: faster than this between consecutive events is impossible
	// travel; 150 km/h is beyond any road trip in a regency.
	MaxSpeedKmh float64
	// MinTravelKm: pairs closer than this are ignored, because two fixes a
	// few hundred metres apart within a minute are ordinary GPS noise.
	MinTravelKm float64
	// MaxTravelGap: a previous event older than this is ignored; after a
	// night anyone could have travelled anywhere (and flights exist).
	MaxTravelGap time.Duration
	// SameSpotWindow and SameSpotDecimals: coordinates identical to this
	// many decimals (6 ≈ 0.1 m) within the window from SameSpotEmployees
	// or more employees is the Cirebon method: one shared fake location.
	// Real phones side by side never agree to 0.1 m.
	SameSpotWindow    time.Duration
	SameSpotDecimals  int
	SameSpotEmployees int
	// DeviceSharedBy: a device key used by this many employees or more is
	// buddy punching, or a shared office phone that HR should know about.
	DeviceSharedBy int
}

// DefaultThresholds are the values explained on each Thresholds field.
func DefaultThresholds() Thresholds {
	return Thresholds{
		MinPlausibleAccuracyM: 3,
		RepeatedAccuracyCount: 5,
		MaxPositionAge:        60 * time.Second,
		MaxPositionFuture:     30 * time.Second,
		MaxSpeedKmh:           150,
		MinTravelKm:           1,
		MaxTravelGap:          12 * time.Hour,
		SameSpotWindow:        10 * time.Minute,
		SameSpotDecimals:      6,
		SameSpotEmployees:     2,
		DeviceSharedBy:        2,
	}
}

// Evaluate returns the signals o raises, ordered by Code, or nil. A check
// whose input is missing (zero time, nil Previous, empty device key) raises
// nothing: absence of data is not evidence.
func Evaluate(o Observation, h History, t Thresholds) []Signal {
	checks := []func(Observation, History, Thresholds) *Signal{
		accuracyImplausible, accuracyRepeated, positionStale, positionFuture,
		impossibleTravel, sharedCoordinates, sharedDevice, signCountRegression,
	}
	var out []Signal
	for _, check := range checks {
		if s := check(o, h, t); s != nil {
			out = append(out, *s)
		}
	}
	slices.SortFunc(out, func(a, b Signal) int { return cmp.Compare(a.Code, b.Code) })
	return out
}
