package attendance

import "time"

// assignEvents applies rule 3: each event goes to the shift whose window
// holds it and whose start (in) or end (out) is nearest, the earlier shift
// on a tie; then checkin_pick/checkout_pick keep one event per shift.
//
// A window reaches at most 12 hours from its anchor, and an anchor lies on
// its date or the next, so only dates within a few days of the event's own
// local date can claim it. That makes assignment O(events) with no sorting:
// picking first/last is a running minimum/maximum.
func assignEvents(c *Case, plans []dayPlan) {
	if len(plans) == 0 {
		return
	}
	base := plans[0].date.ordinal()
	for i := range c.Events {
		e := &c.Events[i]
		k := DateOf(e.At, c.Location).ordinal() - base
		best := -1
		var bestDist time.Duration
		for j := max(k-edgeDays, 0); j <= k+edgeDays && j < len(plans); j++ {
			dist, ok := plans[j].fits(e, &c.Policy)
			if ok && (best < 0 || dist < bestDist) {
				best, bestDist = j, dist
			}
		}
		if best >= 0 {
			plans[best].count(e, &c.Policy, c.Location)
		}
	}
}

// fits reports whether e lies in the shift's window for its type, and how
// far it is from the window's anchor (start for in, end for out).
func (p *dayPlan) fits(e *Event, pol *Policy) (time.Duration, bool) {
	if !p.scheduled {
		return 0, false
	}
	anchor, before, after := p.start, pol.CheckinWindow.BeforeStartMin, pol.CheckinWindow.AfterStartMin
	if e.Type == Out {
		anchor, before, after = p.end, pol.CheckoutWindow.BeforeEndMin, pol.CheckoutWindow.AfterEndMin
	}
	d := e.At.Sub(anchor)
	if d < -minutes(before) || d > minutes(after) {
		return 0, false
	}
	if d < 0 {
		d = -d
	}
	return d, true
}

// count offers e to the shift as its counted in or out, keeping the first
// or last by instant as the policy picks.
func (p *dayPlan) count(e *Event, pol *Policy, loc *time.Location) {
	at := e.At.In(loc)
	if e.Type == In {
		if !p.hasIn || better(at, p.in, pol.CheckinPick) {
			p.in, p.hasIn = at, true
		}
		return
	}
	if !p.hasOut || better(at, p.out, pol.CheckoutPick) {
		p.out, p.hasOut = at, true
	}
}

func better(at, cur time.Time, pick Pick) bool {
	if pick == PickLast {
		return at.After(cur)
	}
	return at.Before(cur)
}

func minutes(m int) time.Duration { return time.Duration(m) * time.Minute }
