package store

import (
	"slices"
	"sync"
	"time"

	"github.com/hashicorp/golang-lru/v2/expirable"

	"github.com/hadir-id/hadir/internal/rules"
	"github.com/hadir-id/hadir/internal/tuning"
)

// recentCache keeps each employee's recent events — what every check-in
// reads for its signals and its status line — for a minute, and appends
// the events this node commits. The app's opening request loads an
// employee's entry; the tap that follows seconds later, and the employee's
// next check-ins through this node, read nothing.
//
// Consistency: an entry is exact for this node's writes — the check-in
// commit appends to it, a review or an imported event drops it. An event
// written through another node reaches this one when the entry expires
// (a minute). Only the signals and the status line read it; stored days
// are always computed from the database.
//
// A load races with commits: it is kept only if no write of events
// finished while it ran (seq), and appends skip events already present.
type recentCache struct {
	mu      sync.Mutex
	seq     uint64 // bumped by every write of events through this node
	entries *expirable.LRU[int64, *recentEntry]
}

// recentEntry holds an employee's events since `since`, oldest first.
type recentEntry struct {
	since  time.Time
	loaded time.Time // appends keep it: an entry lives a minute from its load
	evs    []recentEvent
}

// recentEvent is the part of an event the check-in reads, in about 130
// bytes instead of a full rules.Event's 400.
type recentEvent struct {
	id, employeeID      int64
	at                  time.Time
	typ, source, status string
	lat, lon, acc       float64
	hasPos, hasAcc      bool
}

func compactEvent(e rules.Event) recentEvent {
	r := recentEvent{id: e.ID, employeeID: e.EmployeeID, at: e.At, typ: intern(e.Type), source: intern(e.Source), status: intern(e.Status)}
	if e.Lat != nil && e.Lon != nil {
		r.lat, r.lon, r.hasPos = *e.Lat, *e.Lon, true
	}
	if e.AccuracyM != nil {
		r.acc, r.hasAcc = *e.AccuracyM, true
	}
	return r
}

func (r recentEvent) event() rules.Event {
	e := rules.Event{ID: r.id, EmployeeID: r.employeeID, At: r.at, Type: r.typ, Source: r.source, Status: r.status}
	if r.hasPos {
		lat, lon := r.lat, r.lon
		e.Lat, e.Lon = &lat, &lon
	}
	if r.hasAcc {
		acc := r.acc
		e.AccuracyM = &acc
	}
	return e
}

// intern returns the shared copy of the few values types, sources and
// statuses take, so that cached events do not each hold their own.
func intern(s string) string {
	switch s {
	case "in":
		return "in"
	case "out":
		return "out"
	case "checkin":
		return "checkin"
	case rules.EventAccepted:
		return rules.EventAccepted
	case rules.EventPending:
		return rules.EventPending
	case rules.EventRejected:
		return rules.EventRejected
	}
	return s
}

func newRecentCache() *recentCache {
	return &recentCache{entries: expirable.NewLRU[int64, *recentEntry](tuning.RecentCacheSize, nil, tuning.RecentTTL)}
}

// get returns a copy of the employee's events since `since` when the entry
// covers that range; seq is the write sequence to hand to put after a miss.
func (c *recentCache) get(employeeID int64, since time.Time) (evs []rules.Event, ok bool, seq uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, found := c.entries.Get(employeeID)
	if !found || e.since.After(since) || time.Since(e.loaded) >= tuning.RecentTTL {
		return nil, false, c.seq
	}
	out := make([]rules.Event, 0, len(e.evs)+1)
	for _, ev := range e.evs {
		if !ev.at.Before(since) {
			out = append(out, ev.event())
		}
	}
	return out, true, c.seq
}

// put stores a load made when the sequence was seq, unless events were
// written since.
func (c *recentCache) put(employeeID int64, since time.Time, evs []rules.Event, seq uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.seq != seq {
		return
	}
	e := &recentEntry{since: since, loaded: time.Now(), evs: make([]recentEvent, len(evs))}
	for i, ev := range evs {
		e.evs[i] = compactEvent(ev)
	}
	c.entries.Add(employeeID, e)
}

// committed appends events this node has just committed to the entries
// that exist (an entry is never changed in place).
func (c *recentCache) committed(evs []rules.Event) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.seq++
	for _, ev := range evs {
		e, ok := c.entries.Peek(ev.EmployeeID)
		if !ok || slices.ContainsFunc(e.evs, func(x recentEvent) bool { return x.id == ev.ID }) {
			continue
		}
		next := make([]recentEvent, len(e.evs), len(e.evs)+1)
		copy(next, e.evs)
		next = append(next, compactEvent(ev))
		slices.SortStableFunc(next, func(a, b recentEvent) int { return a.at.Compare(b.at) })
		c.entries.Add(ev.EmployeeID, &recentEntry{since: e.since, loaded: e.loaded, evs: next})
	}
}

// forget drops employees' entries after a write that changes events in
// place (a review) or adds them outside the check-in path.
func (c *recentCache) forget(employeeIDs ...int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.seq++
	for _, id := range employeeIDs {
		c.entries.Remove(id)
	}
}
