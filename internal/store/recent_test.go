package store

import (
	"testing"
	"time"

	"github.com/hadir-id/hadir/internal/rules"
)

func ev(id, emp int64, at time.Time) rules.Event {
	lat, lon := -5.73, 105.59
	return rules.Event{ID: id, EmployeeID: emp, At: at, Type: "in", Source: "checkin", Status: rules.EventAccepted, Lat: &lat, Lon: &lon}
}

// The recent-events cache: a load is kept only when no write finished
// while it ran; commits append to existing entries once; a review or an
// import drops the entry; a query for an older range misses.
func TestRecentCache(t *testing.T) {
	t0 := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	c := newRecentCache()

	_, ok, seq := c.get(1, t0)
	if ok {
		t.Fatal("hit on an empty cache")
	}
	c.committed([]rules.Event{ev(10, 2, t0.Add(time.Hour))}) // a write finished while employee 1 was loading
	c.put(1, t0, []rules.Event{ev(9, 1, t0.Add(time.Minute))}, seq)
	if _, ok, _ := c.get(1, t0); ok {
		t.Fatal("a load that raced with a write was kept")
	}

	_, _, seq = c.get(1, t0)
	c.put(1, t0, []rules.Event{ev(9, 1, t0.Add(time.Minute))}, seq)
	c.committed([]rules.Event{ev(11, 1, t0.Add(2*time.Hour)), ev(9, 1, t0.Add(time.Minute))}) // 9 is already there
	got, ok, _ := c.get(1, t0)
	if !ok || len(got) != 2 || got[0].ID != 9 || got[1].ID != 11 || got[1].Lat == nil || *got[1].Lat != -5.73 {
		t.Fatalf("after a commit: %+v (hit %v)", got, ok)
	}
	got[0].Status = "changed by the caller"
	if again, _, _ := c.get(1, t0); again[0].Status != rules.EventAccepted {
		t.Fatal("a caller changed the cached entry")
	}
	if later, ok, _ := c.get(1, t0.Add(90*time.Minute)); !ok || len(later) != 1 || later[0].ID != 11 {
		t.Fatalf("a later range: %+v", later)
	}
	if _, ok, _ := c.get(1, t0.Add(-time.Hour)); ok {
		t.Fatal("an older range than the entry's was served from it")
	}
	c.forget(1)
	if _, ok, _ := c.get(1, t0); ok {
		t.Fatal("served after forget")
	}
}
