package civil

import (
	"encoding/json"
	"testing"
	"time"
)

func TestDate(t *testing.T) {
	d, err := Parse("2025-03-09")
	if err != nil || d.String() != "2025-03-09" || d.AddDays(23).String() != "2025-04-01" || d.Weekday() != time.Sunday {
		t.Fatalf("%v %v %v %v", d, err, d.AddDays(23), d.Weekday())
	}
	for _, bad := range []string{"2025-02-30", "2025-3-9", "09-03-2025", "", "2025-03-09T00:00:00Z"} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q) accepted", bad)
		}
	}
	a, b := Date{2024, 12, 31}, Date{2025, 1, 1}
	if !a.Before(b) || b.Before(a) || a.Before(a) || !b.After(a) || a.Compare(a) != 0 {
		t.Error("ordering")
	}
	if (Date{5, 1, 2}).String() != "0005-01-02" {
		t.Errorf("padding: %s", Date{5, 1, 2})
	}
	var z Date
	j, _ := json.Marshal(z)
	if string(j) != "null" || !z.IsZero() {
		t.Errorf("zero: %s", j)
	}
	var back Date
	if err := json.Unmarshal([]byte(`"2026-11-29"`), &back); err != nil || back != (Date{2026, 11, 29}) {
		t.Errorf("unmarshal: %v %v", back, err)
	}
	if err := back.Scan(time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC)); err != nil || back != (Date{2025, 1, 2}) {
		t.Errorf("scan time: %v %v", back, err)
	}
	if err := back.Scan("2025-01-03"); err != nil || back != (Date{2025, 1, 3}) {
		t.Errorf("scan text: %v %v", back, err)
	}
}
