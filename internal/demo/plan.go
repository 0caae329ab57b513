package demo

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/hadir-id/hadir/internal/org"
)

// minSpan is the smallest team a leader with sub-units is given: a Kepala
// Bidang with two Kepala Seksi also leads a few functional staff directly.
const minSpan = 5

// rank decides a person's age, titles and employment type.
type rank int

const (
	rankStaff rank = iota
	rankLead       // heads of units: kabid, kasi, kepala sekolah, kepala ruangan
	rankHead       // heads of agencies and other senior posts
)

// slot is one planned employee: where they work and for whom.
type slot struct {
	agency int // index into plan.agencies
	unit   int // index into plan.units; -1: none (the agency head)
	pos    int // index into plan.positions
	sup    int // slot of the direct supervisor; -1: none (the Sekda)
	prof   prof
	rank   rank
}

// plan is the whole demo regency in memory, rows linked by slice index
// until the database hands out ids. Building it never touches the database,
// so a failed seed leaves nothing half-written and the plan is the same on
// every run.
type plan struct {
	agencies  []*org.Agency
	parent    []int // index of each agency's parent; -1: top level
	units     []*org.Unit
	unitOf    []int // agency index of each unit
	positions []*org.Position
	posOf     []int
	sites     []*org.Site
	siteOf    []int
	slots     []slot
	heads     []int // slot of each agency's head
	admins    []int // slot of each agency's admin; -1: none (puskesmas: Dinkes's)
	bkd       []int // slots of the regency admins
	byCode    map[string]int
	unitIdx   map[string]int // agency index + "\x00" + unit name
	posIdx    map[string]int // agency index + "\x00" + position title
	grid      int            // next free office place in the Kalianda complex
	rng       *rand.Rand
}

// buildPlan lays out every agency in table order. The Sekretariat Daerah
// comes first so that the Sekda exists before the heads who report to them.
func buildPlan(rng *rand.Rand) (*plan, error) {
	p := &plan{byCode: map[string]int{}, unitIdx: map[string]int{}, posIdx: map[string]int{}, rng: rng}
	for _, o := range allAgencies() {
		if err := p.add(o); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// add lays out one agency: its row, sites, posts and staff.
func (p *plan) add(o opd) error {
	ai := len(p.agencies)
	parent := -1
	if o.parent != "" {
		var ok bool
		if parent, ok = p.byCode[o.parent]; !ok {
			return fmt.Errorf("demo: %s comes before its parent %s", o.code, o.parent)
		}
	}
	p.agencies = append(p.agencies, &org.Agency{Code: o.code, Name: o.name, Kind: o.kind, ShiftWork: o.shift, Active: true})
	p.parent = append(p.parent, parent)
	p.byCode[o.code] = ai
	p.heads = append(p.heads, -1)
	p.admins = append(p.admins, -1)
	p.addSites(ai, o)

	staff := o.size - countPosts(o.tree)
	if staff < 0 {
		return fmt.Errorf("demo: %s has %d posts but only %d employees", o.code, countPosts(o.tree), o.size)
	}
	// Heads of sub-agencies (puskesmas) report to the head of the parent;
	// every other head reports to the Sekda, the head of the first agency.
	sup := -1
	switch {
	case parent >= 0:
		sup = p.heads[parent]
	case ai > 0:
		sup = p.heads[0]
	}
	p.heads[ai] = len(p.slots) // the root post, added first
	p.addPost(ai, o, o.tree, sup, rankHead, allocate(o.tree, staff))
	return nil
}

// addPost adds the holder of t, the posts under t, and t's own staff.
func (p *plan) addPost(ai int, o opd, t *post, sup int, r rank, alloc map[*post]int) {
	unit := p.unit(ai, t.unit)
	s := len(p.slots)
	p.slots = append(p.slots, slot{agency: ai, unit: unit, pos: p.position(ai, t.title, t.kind, t.lead), sup: sup, prof: pick(t.prof, o.prof), rank: r})
	if t.admin {
		p.admins[ai] = s
	}
	if t.bkd {
		p.bkd = append(p.bkd, s)
	}
	for _, k := range t.kids {
		kr := rankLead
		if !k.lead {
			kr = rankHead // staf ahli and the like: senior posts without a team
		}
		p.addPost(ai, o, k, s, kr, alloc)
	}
	mix := t.mix
	if mix == nil {
		mix = o.mix
	}
	for range alloc[t] {
		rl := p.pickRole(mix)
		p.slots = append(p.slots, slot{agency: ai, unit: unit, pos: p.position(ai, rl.title, rl.kind, false), sup: s, prof: pick(rl.prof, o.prof), rank: rankStaff})
	}
}

// pick returns p unless it is profDefault.
func pick(p, fallback prof) prof {
	if p == profDefault {
		return fallback
	}
	return p
}

// pickRole draws a role from a weighted mix.
func (p *plan) pickRole(mix []role) role {
	total := 0
	for _, r := range mix {
		total += r.w
	}
	n := p.rng.IntN(total)
	for _, r := range mix {
		if n < r.w {
			return r
		}
		n -= r.w
	}
	return mix[len(mix)-1]
}

// unit returns the index of an agency's unit, creating it; -1 for "".
func (p *plan) unit(ai int, name string) int {
	if name == "" {
		return -1
	}
	key := fmt.Sprint(ai, "\x00", name)
	if i, ok := p.unitIdx[key]; ok {
		return i
	}
	p.units = append(p.units, &org.Unit{Name: name})
	p.unitOf = append(p.unitOf, ai)
	p.unitIdx[key] = len(p.units) - 1
	return len(p.units) - 1
}

// position returns the index of an agency's position, creating it.
func (p *plan) position(ai int, title, kind string, supervisory bool) int {
	key := fmt.Sprint(ai, "\x00", title)
	if i, ok := p.posIdx[key]; ok {
		return i
	}
	p.positions = append(p.positions, &org.Position{Name: title, Kind: kind, Supervisory: supervisory})
	p.posOf = append(p.posOf, ai)
	p.posIdx[key] = len(p.positions) - 1
	return len(p.positions) - 1
}

// addSites places the agency's office (explicitly or on the Kalianda
// grid) and its further sites.
func (p *plan) addSites(ai int, o opd) {
	lat, lon := o.lat, o.lon
	if lat == 0 {
		lat, lon = p.nextGridPlace()
	}
	radius := o.radius
	if radius == 0 {
		radius = 100
	}
	name := "Kantor " + o.name
	if o.kind == org.KindHealthCentre || o.kind == org.KindHospital {
		name = o.name
	}
	sites := append([]org.Site{{Name: name, Lat: lat, Lon: lon, RadiusM: radius, Polygon: o.polygon}}, o.extra...)
	for _, s := range sites {
		s.Active = true
		p.sites = append(p.sites, &s)
		p.siteOf = append(p.siteOf, ai)
	}
}

// nextGridPlace returns the next free office place on a grid of
// gridCols columns, gridStepM apart, centred on the government complex;
// the columns straddle the centre so no office lands on the Kantor Bupati.
func (p *plan) nextGridPlace() (lat, lon float64) {
	gx, gy := p.grid%gridCols, p.grid/gridCols
	p.grid++
	dx := (float64(gx) - float64(gridCols-1)/2) * gridStepM
	dy := (float64(gy) - 2) * gridStepM
	return offset(complexLat, complexLon, dy, dx)
}

// offset moves a point north by dy and east by dx metres.
func offset(lat, lon, dy, dx float64) (float64, float64) {
	return lat + dy/metresPerDegree, lon + dx/(metresPerDegree*math.Cos(lat*math.Pi/180))
}

// countPosts counts the posts of a tree.
func countPosts(t *post) int {
	n := 1
	for _, k := range t.kids {
		n += countPosts(k)
	}
	return n
}

// allocate decides how many staff work directly under each leading post.
// First every leader of sub-units is brought up to minSpan direct reports,
// top down; the rest goes to the leaves (posts leading no sub-unit) in
// proportion to their share, as evenly as possible.
func allocate(root *post, staff int) map[*post]int {
	out := map[*post]int{}
	var leaves []*post
	for _, t := range breadthFirst(root) {
		if len(t.kids) == 0 {
			leaves = append(leaves, t)
			continue
		}
		n := min(max(minSpan-len(t.kids), 0), staff)
		out[t] += n
		staff -= n
	}
	if len(leaves) == 0 {
		out[root] += staff
		return out
	}
	share := func(t *post) int { return max(t.share, 1) }
	for ; staff > 0; staff-- {
		best := leaves[0]
		for _, t := range leaves[1:] {
			// t is less loaded per share than best: out[t]/share(t) < out[best]/share(best).
			if (out[t]+1)*share(best) < (out[best]+1)*share(t) {
				best = t
			}
		}
		out[best]++
	}
	return out
}

// breadthFirst lists the leading posts of a tree, top down.
func breadthFirst(root *post) []*post {
	var out []*post
	for queue := []*post{root}; len(queue) > 0; queue = queue[1:] {
		t := queue[0]
		if t.lead {
			out = append(out, t)
		}
		queue = append(queue, t.kids...)
	}
	return out
}
