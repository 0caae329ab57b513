package attendance

import (
	"testing"
	"time"
)

// monthCase is one employee's month: 31 days in WIB, Mon–Thu 07:30–16:00,
// Fri 07:30–16:30, an in and an out every weekday with some lateness and
// early leave, two holidays and a two-day leave.
func monthCase(b testing.TB) *Case {
	c := officeCase(b)
	c.Period = DateRange{Date{2025, 3, 1}, Date{2025, 3, 31}}
	c.Holidays = []Holiday{{Date{2025, 3, 28}, "Cuti bersama Nyepi"}, {Date{2025, 3, 31}, "Idul Fitri"}}
	c.Absences = []Absence{{Date{2025, 3, 12}, Date{2025, 3, 13}, "CT"}}
	for i := 0; i < 31; i++ {
		d := c.Period.From.AddDays(i)
		in := d.At(clk("07:30"), c.Location).Add(time.Duration(i*97%50-20) * time.Minute)
		out := d.At(clk("16:00"), c.Location).Add(time.Duration(i*53%70-30) * time.Minute)
		c.Events = append(c.Events, Event{At: in, Type: In}, Event{At: out, Type: Out})
	}
	return c
}

func BenchmarkEvaluateMonth(b *testing.B) {
	c := monthCase(b)
	if err := c.Validate(); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		Evaluate(c)
	}
}

// BenchmarkAgencyMonth is the server's recomputation: 500 employees.
func BenchmarkAgencyMonth(b *testing.B) {
	c := monthCase(b)
	b.ReportAllocs()
	for b.Loop() {
		for range 500 {
			Evaluate(c)
		}
	}
}

func BenchmarkValidateMonth(b *testing.B) {
	c := monthCase(b)
	b.ReportAllocs()
	for b.Loop() {
		if err := c.Validate(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEvaluateJSONMonth(b *testing.B) {
	data, err := EncodeCase(monthCase(b))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := EvaluateJSON(data); err != nil {
			b.Fatal(err)
		}
	}
}
