package kinerja

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/auth"
	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/i18n"
	"github.com/hadir-id/hadir/internal/org"
)

// RealisationRow is one RHK's realisation in a period, in BKN's structure
// (RHK, indikator, target, realisasi, bukti dukung, umpan balik, rating,
// predikat): approved entries only — entered once, exported as is.
type RealisationRow struct {
	EmployeeID int64    `json:"employee_id"`
	Name       string   `json:"name"`
	NIP        string   `json:"nip"`
	RHKID      int64    `json:"rhk_id"`
	Kind       string   `json:"kind"`
	RHK        string   `json:"rhk"`
	Indicator  string   `json:"indicator"`
	TargetQty  float64  `json:"target_qty"`
	TargetUnit string   `json:"target_unit"`
	Volume     float64  `json:"realised_qty"` // approved volume in the target's unit
	Minutes    int      `json:"realised_min"`
	Entries    int      `json:"entries"`
	Evidence   []string `json:"evidence"`
	Feedback   string   `json:"feedback"`
	Rating     Rating   `json:"rating"`
	Predikat   Predikat `json:"predikat"`
	Text       string   `json:"text"` // copy-ready block for the national "progres harian"
}

// Period is a month or a quarter of a year, by the regency's setting.
type Period struct {
	Kind     string     `json:"kind"`
	Year     int        `json:"year"`
	N        int        `json:"n"`
	From, To civil.Date `json:"-"`
}

// PeriodOf checks and bounds period n of year for the setting.
func PeriodOf(kind string, year, n int) (Period, error) {
	if err := validYear(year); err != nil {
		return Period{}, err
	}
	months := 1
	if kind == PeriodQuarter {
		months = 3
	}
	if n < 1 || n*months > 12 {
		return Period{}, apperr.InvalidField("period", "kinerja.range", "min", 1, "max", 12/months)
	}
	start := time.Date(year, time.Month((n-1)*months+1), 1, 0, 0, 0, 0, time.UTC)
	return Period{Kind: kind, Year: year, N: n, From: civil.Of(start), To: civil.Of(start.AddDate(0, months, -1))}, nil
}

// Realisation is one employee's rows of a period: the caller's own, one of
// their chain, or of an agency they administer. Errors: invalid, not_found.
func (s *Service) Realisation(ctx context.Context, p *auth.Principal, employeeID int64, year, n int) ([]RealisationRow, error) {
	today := s.today(ctx, p)
	e, err := s.Store.Employee(ctx, employeeID, today)
	if err != nil || e.RegencyID != p.RegencyID {
		return nil, orNotFound(nil, "kinerja.no_employee")
	}
	own := p.EmployeeID != nil && *p.EmployeeID == employeeID
	admin := e.Current != nil && p.CanAgency(auth.PermOrgRead, e.Current.AgencyID)
	if !own && !admin {
		if ok, err := s.canDecide(ctx, p, employeeID, today); err != nil || !ok {
			return nil, orNotFound(err, "kinerja.no_employee")
		}
	}
	return s.realise(ctx, p, []org.Employee{e}, year, n)
}

// AgencyRealisation is the rows of every employee of an agency the caller
// administers. Errors: forbidden, invalid.
func (s *Service) AgencyRealisation(ctx context.Context, p *auth.Principal, agencyID int64, year, n int) ([]RealisationRow, error) {
	if !p.CanAgency(auth.PermOrgRead, agencyID) {
		return nil, apperr.New(apperr.Forbidden, "kinerja.admin_only")
	}
	emps, err := s.Store.Employees(ctx, org.EmployeeFilter{RegencyID: p.RegencyID, On: s.today(ctx, p), AgencyIDs: []int64{agencyID}, Limit: 10000})
	if err != nil {
		return nil, err
	}
	return s.realise(ctx, p, emps, year, n)
}

func (s *Service) realise(ctx context.Context, p *auth.Principal, emps []org.Employee, year, n int) ([]RealisationRow, error) {
	set, err := s.Store.KinerjaSettings(ctx, p.RegencyID)
	if err != nil {
		return nil, err
	}
	per, err := PeriodOf(set.Period, year, n)
	if err != nil || len(emps) == 0 {
		return []RealisationRow{}, err
	}
	ids := make([]int64, len(emps))
	for i, e := range emps {
		ids[i] = e.ID
	}
	es, err := s.Store.Entries(ctx, EntryFilter{EmployeeIDs: ids, From: per.From, To: per.To, Status: StatusApproved})
	if err != nil {
		return nil, err
	}
	evs, err := s.Store.Evaluations(ctx, ids, year)
	if err != nil {
		return nil, err
	}
	rows := []RealisationRow{}
	for _, e := range emps {
		k, err := s.Store.SKP(ctx, e.ID, year)
		if apperr.CodeOf(err) == apperr.NotFound {
			continue
		} else if err != nil {
			return nil, err
		}
		rows = append(rows, rowsOf(e, k, es, evalOf(evs, e.ID, per), per)...)
	}
	return rows, nil
}

func evalOf(evs []Evaluation, id int64, per Period) Evaluation {
	for _, ev := range evs {
		if ev.EmployeeID == id && ev.PeriodKind == per.Kind && ev.Period == per.N {
			return ev
		}
	}
	return Evaluation{}
}

func rowsOf(e org.Employee, k SKP, es []Entry, ev Evaluation, per Period) []RealisationRow {
	out := make([]RealisationRow, 0, len(k.RHKs))
	for _, r := range k.RHKs {
		row := RealisationRow{EmployeeID: e.ID, Name: e.Name, RHKID: r.ID, Kind: r.Kind, RHK: r.Text, Indicator: r.Indicator,
			TargetQty: r.TargetQty, TargetUnit: r.TargetUnit, Feedback: ev.Feedback, Rating: ev.Result, Predikat: ev.Predikat, Evidence: []string{}}
		if e.NIP != nil {
			row.NIP = *e.NIP
		}
		var lines []string
		for _, x := range es {
			if x.EmployeeID != e.ID || x.RHKID != r.ID {
				continue
			}
			row.Entries++
			row.Minutes += x.Minutes
			if strings.EqualFold(x.Unit, r.TargetUnit) {
				row.Volume += x.Volume
			}
			if x.EvidenceURL != "" {
				row.Evidence = append(row.Evidence, x.EvidenceURL)
			}
			lines = append(lines, i18n.T("id", "kinerja.copy.line", map[string]string{"date": x.Date.String(), "what": x.What, "qty": trimFloat(x.Volume), "unit": x.Unit, "minutes": fmt.Sprint(x.Minutes)}))
		}
		sort.Strings(row.Evidence)
		row.Text = copyBlock(row, per, lines)
		out = append(out, row)
	}
	return out
}

// copyBlock is the text an employee pastes into BKN e-Kinerja's "progres
// harian" for one RHK, from the catalogue in Indonesian (that form's
// language, whatever the app's).
func copyBlock(r RealisationRow, per Period, lines []string) string {
	var b strings.Builder
	b.WriteString(i18n.T("id", "kinerja.copy.head", map[string]string{"rhk": r.RHK, "indicator": r.Indicator,
		"target": trimFloat(r.TargetQty), "unit": r.TargetUnit}) + "\n")
	b.WriteString(i18n.T("id", "kinerja.copy.done", map[string]string{"period": per.Label(), "qty": trimFloat(r.Volume), "unit": r.TargetUnit,
		"entries": fmt.Sprint(r.Entries), "minutes": fmt.Sprint(r.Minutes)}) + "\n")
	for _, l := range lines {
		b.WriteString(l + "\n")
	}
	if len(r.Evidence) > 0 {
		b.WriteString(i18n.T("id", "kinerja.copy.evidence", map[string]string{"links": strings.Join(r.Evidence, " ")}) + "\n")
	}
	return b.String()
}

// Label names the period as BKN's forms do ("Triwulan I 2026", "Maret
// 2026"), from the Indonesian catalogue.
func (p Period) Label() string {
	if p.Kind == PeriodQuarter {
		return i18n.T("id", "kinerja.period.quarter", map[string]string{"n": []string{"I", "II", "III", "IV"}[p.N-1], "year": fmt.Sprint(p.Year)})
	}
	return i18n.T("id", "kinerja.period.month", map[string]string{"month": i18n.T("id", fmt.Sprintf("kinerja.month.%d", p.N), nil), "year": fmt.Sprint(p.Year)})
}

func trimFloat(f float64) string {
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.2f", f), "0"), ".")
}
