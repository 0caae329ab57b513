package demo

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/hadir-id/hadir/internal/auth"
	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/org"
)

// people makes the employees of a plan: names, NIPs, types and dates.
type people struct {
	rng    *rand.Rand
	latest int            // latest appointment month (year*12 + month-1)
	seq    map[string]int // NIP prefix (first 15 digits) → last sequence number used
}

// Appointment years: PPPK were first appointed in 2021; the newest CPNS
// in 2024. A PNS served at least a year as CPNS, so was appointed by 2023.
const (
	lastPNSYear  = 2023
	firstPPPK    = 2021
	cpnsYear     = 2024
	minAgeAtTMT  = 19 // no one is appointed before 19
	cpnsShare    = 0.02
	hajjShare    = 0.2  // seniors who write H./Hj. before their name
	noLastName   = 0.12 // people known by one name, common in Java-born families
	youngestHead = 1976 // agency heads are JPT or senior administrators
)

// newPeople caps appointments at today's month so that every assignment
// is already in force today.
func newPeople(rng *rand.Rand, today civil.Date) *people {
	latest := min(cpnsYear*12+11, today.Year*12+int(today.Month)-1)
	return &people{rng: rng, latest: latest, seq: map[string]int{}}
}

// employee makes the employee for one slot.
func (g *people) employee(s slot) *org.Employee {
	pr := profiles[s.prof]
	female := g.rng.Float64() < pr.female
	typ := g.kind(s, pr)
	birth, tmt := g.dates(s.rank, typ, pr)
	nip := g.nip(birth, tmt, female)
	return &org.Employee{
		NIP:          &nip,
		Name:         g.name(pr, female, s.rank != rankStaff, birth),
		EmployeeType: typ,
		UserHandle:   auth.NewUserHandle(),
		ActiveFrom:   civil.Date{Year: tmt / 12, Month: time.Month(tmt%12 + 1), Day: 1},
	}
}

// kind: leaders are PNS; staff are PPPK by their profession's share
// (teachers and health workers most often), a few are CPNS.
func (g *people) kind(s slot, pr profile) string {
	if s.rank != rankStaff {
		return org.TypePNS
	}
	switch u := g.rng.Float64(); {
	case u < cpnsShare:
		return org.TypeCPNS
	case u < cpnsShare+pr.pppk:
		return org.TypePPPK
	}
	return org.TypePNS
}

// dates returns a birth date and the appointment month (TMT CPNS or PPPK).
// Birth years keep everyone below the retirement age (58 for staff and
// administrators, 60 for heads and teachers) in 2026; no one is appointed
// younger than their profession allows (a specialist at 31 at the earliest).
func (g *people) dates(r rank, typ string, pr profile) (time.Time, int) {
	age := max(pr.minAge, 20)
	var by, ty int
	switch {
	case r == rankHead:
		by = g.between(1967, youngestHead)
		ty = by + max(age, 23) + g.rng.IntN(6)
	case r == rankLead:
		by = g.between(1969, 1988)
		ty = by + max(age, 21) + g.rng.IntN(8)
	case typ == org.TypeCPNS:
		by = g.between(1990, min(2000, cpnsYear-age))
		ty = cpnsYear
	case typ == org.TypePPPK:
		by = g.between(1972, min(1998, cpnsYear-age))
		ty = g.between(max(firstPPPK, by+age), cpnsYear)
	default:
		by = g.between(1969, min(1999, lastPNSYear-age))
		ty = by + age + g.rng.IntN(min(10, lastPNSYear-by-age)+1)
	}
	if typ == org.TypePNS {
		ty = min(ty, lastPNSYear)
	}
	birth := time.Date(by, 1, 1+g.rng.IntN(365), 0, 0, 0, 0, time.UTC)
	tmt := min(ty*12+g.rng.IntN(12), g.latest)
	// Never before the 19th birthday's month; only a today before 2020
	// could push it there, and Seed refuses those.
	return birth, max(tmt, (by+minAgeAtTMT)*12+int(birth.Month()))
}

// between returns a uniform year in [lo, hi].
func (g *people) between(lo, hi int) int { return lo + g.rng.IntN(hi-lo+1) }

// nip builds the 18 digits: birth date, appointment month, sex (1 man,
// 2 woman) and a sequence number among people who share the first 15
// digits — as in real NIPs, almost always 001.
func (g *people) nip(birth time.Time, tmt int, female bool) string {
	sex := 1
	if female {
		sex = 2
	}
	prefix := fmt.Sprintf("%s%04d%02d%d", birth.Format("20060102"), tmt/12, tmt%12+1, sex)
	g.seq[prefix]++
	return fmt.Sprintf("%s%03d", prefix, g.seq[prefix])
}

// name builds a name with the titles of the person's education.
func (g *people) name(pr profile, female, senior bool, birth time.Time) string {
	first, last, hajj := maleFirst, maleLast, "H. "
	if female {
		first, last, hajj = femaleFirst, femaleLast, "Hj. "
	}
	n := first[g.rng.IntN(len(first))]
	if g.rng.Float64() >= noLastName {
		n += " " + last[g.rng.IntN(len(last))]
	}
	templates := pr.staff
	if senior {
		templates = pr.senior
	}
	if senior && birth.Year() < 1985 && g.rng.Float64() < hajjShare {
		n = hajj + n
	}
	return fmt.Sprintf(templates[g.rng.IntN(len(templates))], n)
}
