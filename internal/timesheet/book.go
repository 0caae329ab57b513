package timesheet

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/hadir-id/hadir/internal/attendance"
	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/org"
	"github.com/hadir-id/hadir/internal/rules"
)

// book is a regency's rules, loaded once per recomputation and parsed once
// per version.
type book struct {
	mu        sync.Mutex // guards the parse caches: a cached book is shared
	zone      string
	loc       *time.Location
	policies  []rules.Policy
	schedules []rules.Schedule
	periods   []rules.Period
	holidays  []attendance.Holiday
	parsedPol map[int64]attendance.Policy
	parsedWk  map[string]attendance.Weekly
}

func (rc *Recomputer) loadBook(ctx context.Context, regencyID int64, from, to civil.Date) (*book, error) {
	r, err := rc.Store.Regency(ctx, regencyID)
	if err != nil {
		return nil, err
	}
	b := &book{zone: r.Timezone, parsedPol: map[int64]attendance.Policy{}, parsedWk: map[string]attendance.Weekly{}}
	if b.loc, err = attendance.LoadZone(r.Timezone); err != nil {
		return nil, err
	}
	if b.policies, err = rc.Store.Policies(ctx, regencyID); err != nil {
		return nil, err
	}
	if b.schedules, err = rc.Store.Schedules(ctx, regencyID); err != nil {
		return nil, err
	}
	if b.periods, err = rc.Store.Periods(ctx, regencyID); err != nil {
		return nil, err
	}
	hs, err := rc.Store.Holidays(ctx, regencyID, from.AddDays(-margin), to.AddDays(margin))
	for _, h := range hs {
		b.holidays = append(b.holidays, attendance.Holiday{Date: engineDate(h.Date), Name: h.Name})
	}
	return b, err
}

// margin: the engine lets shifts of three days around the period claim
// events, so every input reaches that far.
const margin = 3

func engineDate(d civil.Date) attendance.Date { return attendance.Date(d) }

// policyFor returns the policy version in force on d for an agency.
func (b *book) policyFor(agencyID int64, d civil.Date) *rules.Policy {
	return rules.PolicyInForce(b.policies, agencyID, d)
}

// scheduleFor returns the schedule in force on d: the most specific level
// (employee, unit, agency, regency) that has a version from before d. An
// employee's or a unit's schedule belongs to an agency and applies only
// while the assignment is in that agency: after a transfer the old
// agency's schedule for the person no longer decides their hours.
func (b *book) scheduleFor(employeeID int64, a org.Assignment, d civil.Date) *rules.Schedule {
	var lvl [4]*rules.Schedule
	for i := range b.schedules {
		s := &b.schedules[i]
		if s.ValidFrom.After(d) {
			continue
		}
		switch {
		case s.EmployeeID != nil:
			if *s.EmployeeID == employeeID && sameAgency(s.AgencyID, a.AgencyID) {
				lvl[0] = s
			}
		case s.UnitID != nil:
			if a.UnitID != nil && *s.UnitID == *a.UnitID && sameAgency(s.AgencyID, a.AgencyID) {
				lvl[1] = s
			}
		case s.AgencyID != nil:
			if *s.AgencyID == a.AgencyID {
				lvl[2] = s
			}
		default:
			lvl[3] = s
		}
	}
	for _, s := range lvl {
		if s != nil {
			return s
		}
	}
	return nil
}

func sameAgency(id *int64, agencyID int64) bool { return id != nil && *id == agencyID }

func (b *book) policy(p *rules.Policy) (attendance.Policy, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if pol, ok := b.parsedPol[p.ID]; ok {
		return pol, nil
	}
	pol, err := rules.ParsePolicy(p.Body)
	if err != nil {
		return pol, fmt.Errorf("policy %d (%s): %w", p.ID, p.Name, err)
	}
	b.parsedPol[p.ID] = pol
	return pol, nil
}

func (b *book) weekly(w string) (attendance.Weekly, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if wk, ok := b.parsedWk[w]; ok {
		return wk, nil
	}
	wk, err := rules.ParseWeekly(w)
	if err != nil {
		return wk, err
	}
	b.parsedWk[w] = wk
	return wk, nil
}

// periodsFor lists the periods touching [from, to] for an agency: the
// regency's first and the agency's after them, so that the agency's win
// (the engine takes the last covering period).
func (b *book) periodsFor(agencyID int64, from, to civil.Date) ([]attendance.SchedulePeriod, error) {
	var regency, agency []attendance.SchedulePeriod
	for _, p := range b.periods {
		if p.DateTo.Before(from) || p.DateFrom.After(to) {
			continue
		}
		wk, err := b.weekly(p.Weekly)
		if err != nil {
			return nil, fmt.Errorf("period %d (%s): %w", p.ID, p.Name, err)
		}
		sp := attendance.SchedulePeriod{From: engineDate(p.DateFrom), To: engineDate(p.DateTo), Weekly: wk}
		if p.AgencyID == nil {
			regency = append(regency, sp)
		} else if *p.AgencyID == agencyID {
			agency = append(agency, sp)
		}
	}
	return append(regency, agency...), nil
}
