package timesheet

import (
	"context"
	"time"

	"github.com/hadir-id/hadir/internal/attendance"
	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/rules"
)

// Month is a calendar month.
type Month struct {
	Year  int
	Month time.Month
}

// ParseMonth reads YYYY-MM.
func ParseMonth(s string) (Month, bool) {
	t, err := time.Parse("2006-01", s)
	if err != nil {
		return Month{}, false
	}
	return Month{t.Year(), t.Month()}, true
}

// First and Last are the month's first and last dates.
func (m Month) First() civil.Date { return civil.Date{Year: m.Year, Month: m.Month, Day: 1} }

// Last is the month's last date.
func (m Month) Last() civil.Date { return civil.Of(m.First().Time(time.UTC).AddDate(0, 1, -1)) }

// Recap is one employee's month: the rule-7 summary of the stored days.
type Recap struct {
	EmployeeID  int64              `json:"employee_id"`
	Summary     attendance.Summary `json:"summary"`
	Days        int                `json:"days_recorded"`
	Provisional bool               `json:"provisional"`
}

// PolicySource gives a policy version by id.
type PolicySource interface {
	Policy(ctx context.Context, id int64) (rules.Policy, error)
}

// Recaps summarises the stored days of each employee in [from, to] under
// the policy of their last recorded day (its cap and minutes per day).
func Recaps(ctx context.Context, ps PolicySource, days []DayRecord) ([]Recap, error) {
	parsed := map[int64]attendance.Policy{}
	out := []Recap{} // never null on the wire (an agency month with employees but no stored day yet)
	for start := 0; start < len(days); {
		end := start
		for end < len(days) && days[end].EmployeeID == days[start].EmployeeID {
			end++
		}
		r, err := recapOf(ctx, ps, parsed, days[start:end])
		if err != nil {
			return nil, err
		}
		out = append(out, r)
		start = end
	}
	return out, nil
}

func recapOf(ctx context.Context, ps PolicySource, parsed map[int64]attendance.Policy, days []DayRecord) (Recap, error) {
	last := days[len(days)-1].PolicyID
	pol, ok := parsed[last]
	if !ok {
		p, err := ps.Policy(ctx, last)
		if err != nil {
			return Recap{}, err
		}
		if pol, err = rules.ParsePolicy(p.Body); err != nil {
			return Recap{}, err
		}
		parsed[last] = pol
	}
	eds := make([]attendance.Day, len(days))
	prov := false
	for i, d := range days {
		eds[i] = d.engineDay()
		prov = prov || d.Provisional
	}
	return Recap{EmployeeID: days[0].EmployeeID, Summary: attendance.Summarize(&pol, eds), Days: len(days), Provisional: prov}, nil
}
