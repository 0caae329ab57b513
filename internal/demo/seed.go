// Package demo seeds a realistic demo regency — Pemerintah Kabupaten
// Lampung Selatan with its 7,235 ASN — into an empty database, so that
// Hadir can be tried, tested and measured at the size of a real kabupaten.
// The data are deterministic: the same agencies, people and NIPs on every
// run, so tests and docs may name them.
package demo

import (
	"context"
	"math/rand/v2"
	"time"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/auth"
	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/config"
	"github.com/hadir-id/hadir/internal/store"
)

// RegencyName is the name of the demo regency.
const RegencyName = "Pemerintah Kabupaten Lampung Selatan"

// The fixed seed of the data. Changing it changes every name and NIP.
const seed1, seed2 = 1982_02_11, 35551 // Kalianda became the capital on 11-02-1982; its postcode

// Persona is a demo user to sign in as, one per role.
type Persona struct {
	Role       string // "employee", "supervisor", "agency_admin" or "regency_admin"
	Label      string // Indonesian description, e.g. "Pegawai Diskominfo"
	UserID     int64
	EmployeeID int64
	Name       string
	NIP        string
	AgencyID   int64
	AgencyName string
}

// Result describes what Seed wrote.
type Result struct {
	RegencyID int64
	Agencies  int
	Employees int
	Sites     int
	Personas  []Persona
	Elapsed   time.Duration
}

// Seed writes the demo regency into an empty, migrated database in one
// transaction: everything or nothing. tz is the regency's time zone (WIB or
// an Indonesian IANA zone, normally Asia/Jakarta); no appointment is later
// than today's month, so every assignment is in force today.
// Errors: invalid (time zone, a today before 2020), conflict (the database
// already has a regency), or a database error.
func Seed(ctx context.Context, st *store.Store, tz string, today civil.Date) (*Result, error) {
	start := time.Now()
	zone, err := config.CanonicalZone(tz)
	if err != nil {
		return nil, apperr.InvalidField("timezone", "demo.timezone", "zone", tz)
	}
	if today.Before(civil.Date{Year: 2020, Month: time.January, Day: 1}) {
		return nil, apperr.InvalidField("today", "demo.today_too_early", "today", today)
	}
	regencies, err := st.Regencies(ctx)
	if err != nil {
		return nil, err
	}
	if len(regencies) > 0 {
		return nil, apperr.New(apperr.Conflict, "demo.not_empty", "regency", regencies[0].Name)
	}
	rng := rand.New(rand.NewPCG(seed1, seed2))
	p, err := buildPlan(rng)
	if err != nil {
		return nil, err
	}
	d, err := p.draft(newPeople(rng, today))
	if err != nil {
		return nil, err
	}
	var res *Result
	err = st.InBulk(ctx, func(b *store.Bulk) error {
		var werr error
		if res, werr = d.write(b, zone); werr != nil {
			return werr
		}
		loc, werr := time.LoadLocation(zone)
		if werr != nil {
			return werr
		}
		return d.writeRules(b, res.RegencyID, loc, today)
	})
	if err != nil {
		return nil, err
	}
	res.Elapsed = time.Since(start)
	return res, nil
}

// SignInLinks issues a one-time sign-in link for each persona, in order.
func SignInLinks(ctx context.Context, st *store.Store, baseURL string, personas []Persona) ([]string, error) {
	links := make([]string, 0, len(personas))
	for _, p := range personas {
		userID := p.UserID
		token, err := st.CreateLoginToken(ctx, &userID, auth.PurposeSignIn, auth.SignInLinkTTL)
		if err != nil {
			return nil, err
		}
		links = append(links, baseURL+"/api/v1/auth/link?token="+token)
	}
	return links, nil
}
