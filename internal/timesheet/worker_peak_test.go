package timesheet

import (
	"testing"
	"time"
)

// At the peak the outbox yields for at most PeakDelay; otherwise it drains
// every round.
func TestWorkerDefersAtPeak(t *testing.T) {
	peak, calm := func() bool { return true }, func() bool { return false }
	cases := []struct {
		name      string
		peak      func() bool
		lastDrain time.Duration // ago
		want      bool
	}{
		{"no peak signal", nil, time.Second, false},
		{"calm", calm, time.Second, false},
		{"peak, drained a second ago", peak, time.Second, true},
		{"peak, drained 90 s ago", peak, 90 * time.Second, true},
		{"peak, drained past the delay", peak, 121 * time.Second, false},
	}
	for _, c := range cases {
		w := &Worker{Peak: c.peak}
		if got := w.deferring(time.Now().Add(-c.lastDrain)); got != c.want {
			t.Errorf("%s: deferring = %v, want %v", c.name, got, c.want)
		}
	}
	w := &Worker{Peak: peak, PeakDelay: 10 * time.Second}
	if w.deferring(time.Now().Add(-11 * time.Second)) {
		t.Error("a configured PeakDelay was ignored")
	}
}
