package calendar

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func mustDate(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.Parse(DateLayout, s)
	if err != nil {
		t.Fatalf("bad date %q: %v", s, err)
	}
	return d
}

func TestYears(t *testing.T) {
	if got, want := Years(), []int{2025, 2026}; !slices.Equal(got, want) {
		t.Fatalf("Years() = %v, want %v", got, want)
	}
}

func TestCounts(t *testing.T) {
	tests := []struct {
		year        int
		national    int
		cutiBersama int
		weekendNatl []string // national holidays on Sat/Sun, kept as-is
	}{
		// 17 national + 10 cuti bersama (SKB 1017/2024) + 18 Aug added by
		// SKB 933/2025 = 11 cuti bersama.
		{2025, 17, 11, []string{"2025-03-29", "2025-04-20", "2025-06-01", "2025-08-17"}},
		{2026, 17, 8, []string{"2026-03-21", "2026-03-22", "2026-04-05", "2026-05-31"}},
	}
	for _, tt := range tests {
		hs, err := Holidays(tt.year)
		if err != nil {
			t.Fatalf("Holidays(%d): %v", tt.year, err)
		}
		n := map[string]int{}
		var weekend []string
		for _, h := range hs {
			n[h.Kind]++
			wd := mustDate(t, h.Date).Weekday()
			if h.Kind == KindNational && (wd == time.Saturday || wd == time.Sunday) {
				weekend = append(weekend, h.Date)
			}
		}
		if n[KindNational] != tt.national || n[KindCutiBersama] != tt.cutiBersama || len(n) != 2 {
			t.Errorf("%d: counts %v, want %d national + %d cuti_bersama", tt.year, n, tt.national, tt.cutiBersama)
		}
		if !slices.Equal(weekend, tt.weekendNatl) {
			t.Errorf("%d: weekend national holidays %v, want %v", tt.year, weekend, tt.weekendNatl)
		}
	}
}

func TestDataFilesWellFormed(t *testing.T) {
	for _, year := range Years() {
		// Check the raw file, not only what Holidays returns (which sorts).
		raw, err := dataFS.ReadFile("data/holidays_" + itoa(year) + ".json")
		if err != nil {
			t.Fatal(err)
		}
		var hs []Holiday
		if err := json.Unmarshal(raw, &hs); err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		prev := ""
		for _, h := range hs {
			d := mustDate(t, h.Date)
			if d.Format(DateLayout) != h.Date {
				t.Errorf("%s: not canonical YYYY-MM-DD", h.Date)
			}
			if d.Year() != year {
				t.Errorf("%s: in file for %d", h.Date, year)
			}
			if h.Date <= prev {
				t.Errorf("%s: not strictly after %s (unsorted or duplicate)", h.Date, prev)
			}
			prev = h.Date
			if seen[h.Date] {
				t.Errorf("%s: duplicate date", h.Date)
			}
			seen[h.Date] = true
			if h.Kind != KindNational && h.Kind != KindCutiBersama {
				t.Errorf("%s: kind %q", h.Date, h.Kind)
			}
			if strings.TrimSpace(h.Name) == "" || strings.TrimSpace(h.Source) == "" {
				t.Errorf("%s: empty name or source", h.Date)
			}
			if strings.Contains(h.Source, "http") || strings.Contains(h.Source, "www.") {
				t.Errorf("%s: source must name the instrument, not a URL", h.Date)
			}
			if h.Kind == KindCutiBersama && !strings.HasPrefix(h.Name, "Cuti Bersama ") {
				t.Errorf("%s: cuti bersama name %q should start with \"Cuti Bersama \"", h.Date, h.Name)
			}
		}
	}
}

func TestCutiBersamaOnWeekdays(t *testing.T) {
	for _, h := range All() {
		if h.Kind != KindCutiBersama {
			continue
		}
		switch wd := mustDate(t, h.Date).Weekday(); wd {
		case time.Saturday, time.Sunday:
			t.Errorf("cuti bersama %s (%s) falls on %s", h.Date, h.Name, wd)
		}
	}
}

func TestSpotChecks(t *testing.T) {
	tests := []struct {
		date, kind, nameContains string
	}{
		{"2025-01-01", KindNational, "Tahun Baru 2025 Masehi"},
		{"2025-01-27", KindNational, "Isra Mikraj"},
		{"2025-01-28", KindCutiBersama, "Imlek 2576"},
		{"2025-01-29", KindNational, "Imlek 2576"},
		{"2025-03-28", KindCutiBersama, "Nyepi"},
		{"2025-03-29", KindNational, "Nyepi (Tahun Baru Saka 1947)"},
		{"2025-03-31", KindNational, "Idul Fitri 1446 Hijriah"},
		{"2025-04-01", KindNational, "Idul Fitri 1446 Hijriah"},
		{"2025-04-02", KindCutiBersama, "Cuti Bersama Hari Raya Idul Fitri 1446 Hijriah"},
		{"2025-04-07", KindCutiBersama, "Idul Fitri 1446"},
		{"2025-04-18", KindNational, "Wafat Yesus Kristus"},
		{"2025-04-20", KindNational, "Paskah"},
		{"2025-05-12", KindNational, "Waisak 2569"},
		{"2025-05-13", KindCutiBersama, "Waisak"},
		{"2025-05-29", KindNational, "Kenaikan Yesus Kristus"},
		{"2025-05-30", KindCutiBersama, "Kenaikan"},
		{"2025-06-01", KindNational, "Pancasila"},
		{"2025-06-06", KindNational, "Idul Adha 1446"},
		{"2025-06-09", KindCutiBersama, "Idul Adha 1446"},
		{"2025-06-27", KindNational, "Tahun Baru Islam 1447"},
		{"2025-08-17", KindNational, "Proklamasi Kemerdekaan"},
		{"2025-08-18", KindCutiBersama, "Proklamasi Kemerdekaan"},
		{"2025-09-05", KindNational, "Maulid"},
		{"2025-12-25", KindNational, "Kelahiran Yesus Kristus"},
		{"2025-12-26", KindCutiBersama, "Kelahiran Yesus Kristus"},

		{"2026-01-01", KindNational, "Tahun Baru 2026 Masehi"},
		{"2026-01-16", KindNational, "Isra Mikraj"},
		{"2026-02-16", KindCutiBersama, "Imlek 2577"},
		{"2026-02-17", KindNational, "Imlek 2577"},
		{"2026-03-18", KindCutiBersama, "Nyepi"},
		{"2026-03-19", KindNational, "Saka 1948"},
		{"2026-03-20", KindCutiBersama, "Idul Fitri 1447"},
		{"2026-03-21", KindNational, "Idul Fitri 1447 Hijriah"},
		{"2026-03-22", KindNational, "Idul Fitri 1447 Hijriah"},
		{"2026-03-23", KindCutiBersama, "Idul Fitri 1447"},
		{"2026-03-24", KindCutiBersama, "Idul Fitri 1447"},
		{"2026-04-03", KindNational, "Wafat Yesus Kristus"},
		{"2026-04-05", KindNational, "Paskah"},
		{"2026-05-01", KindNational, "Hari Buruh"},
		{"2026-05-14", KindNational, "Kenaikan Yesus Kristus"},
		{"2026-05-15", KindCutiBersama, "Kenaikan"},
		{"2026-05-27", KindNational, "Idul Adha 1447"},
		{"2026-05-28", KindCutiBersama, "Idul Adha 1447"},
		{"2026-05-31", KindNational, "Waisak 2570"},
		{"2026-06-01", KindNational, "Pancasila"},
		{"2026-06-16", KindNational, "Tahun Baru Islam 1448"},
		{"2026-08-17", KindNational, "Proklamasi"},
		{"2026-08-25", KindNational, "Maulid"},
		{"2026-12-24", KindCutiBersama, "Kelahiran Yesus Kristus"},
		{"2026-12-25", KindNational, "Kelahiran Yesus Kristus"},
	}
	byDate := map[string]Holiday{}
	for _, h := range All() {
		byDate[h.Date] = h
	}
	for _, tt := range tests {
		h, ok := byDate[tt.date]
		if !ok {
			t.Errorf("%s: missing", tt.date)
			continue
		}
		if h.Kind != tt.kind || !strings.Contains(h.Name, tt.nameContains) {
			t.Errorf("%s: got %q (%s), want name containing %q (%s)", tt.date, h.Name, h.Kind, tt.nameContains, tt.kind)
		}
	}
	// Days that are NOT holidays, to catch dates copied from drafts or
	// from other years.
	for _, d := range []string{"2025-03-30", "2025-04-08", "2026-03-25", "2026-02-18", "2026-05-26"} {
		if h, ok := byDate[d]; ok {
			t.Errorf("%s should not be a holiday, got %q", d, h.Name)
		}
	}
}

func TestSources(t *testing.T) {
	for _, h := range All() {
		var want []string
		switch {
		case h.Date == "2025-08-18":
			want = []string{"933 Tahun 2025"}
		case strings.HasPrefix(h.Date, "2025-"):
			want = []string{"1017 Tahun 2024"}
			if h.Kind == KindCutiBersama {
				want = append(want, "Keppres No. 2 Tahun 2025")
			}
		case strings.HasPrefix(h.Date, "2026-"):
			want = []string{"1497 Tahun 2025"}
			if h.Kind == KindCutiBersama {
				want = append(want, "Keppres No. 42 Tahun 2025")
			}
		}
		for _, w := range want {
			if !strings.Contains(h.Source, w) {
				t.Errorf("%s: source %q lacks %q", h.Date, h.Source, w)
			}
		}
	}
}

func TestHolidaysUnknownYear(t *testing.T) {
	for _, y := range []int{2024, 2027, 0} {
		if hs, err := Holidays(y); err == nil {
			t.Errorf("Holidays(%d) = %d entries, want error", y, len(hs))
		}
	}
}

func TestHolidaysReturnsCopy(t *testing.T) {
	a, _ := Holidays(2025)
	a[0].Name = "changed"
	b, _ := Holidays(2025)
	if b[0].Name == "changed" {
		t.Fatal("Holidays shares its slice with callers")
	}
}

func TestAllSorted(t *testing.T) {
	all := All()
	if len(all) != 17+11+17+8 {
		t.Errorf("All() has %d entries", len(all))
	}
	if !slices.IsSortedFunc(all, func(a, b Holiday) int { return strings.Compare(a.Date, b.Date) }) {
		t.Error("All() not sorted by date")
	}
}

func TestRamadan(t *testing.T) {
	tests := []struct {
		year     int
		from, to string
		ok       bool
	}{
		{2025, "2025-03-01", "2025-03-30", true}, // 1446 H, 30 days (istikmal)
		{2026, "2026-02-19", "2026-03-20", true}, // 1447 H, 30 days
		{2024, "", "", false},
		{2027, "", "", false},
	}
	for _, tt := range tests {
		from, to, ok := Ramadan(tt.year)
		if from != tt.from || to != tt.to || ok != tt.ok {
			t.Errorf("Ramadan(%d) = %q, %q, %v; want %q, %q, %v", tt.year, from, to, ok, tt.from, tt.to, tt.ok)
		}
	}
	for _, r := range RamadanRanges() {
		from, to := mustDate(t, r.From), mustDate(t, r.To)
		days := int(to.Sub(from).Hours()/24) + 1
		if days != 29 && days != 30 {
			t.Errorf("%s: Ramadan has %d days", r.Hijri, days)
		}
		if r.Hijri != itoa(r.Year)+" H" || r.Source == "" {
			t.Errorf("bad entry %+v", r)
		}
		// The day after Ramadan must be the first day of Idul Fitri.
		syawal := to.AddDate(0, 0, 1).Format(DateLayout)
		hs, err := Holidays(from.Year())
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(hs, func(h Holiday) bool { return h.Date == syawal })
		if i < 0 || hs[i].Kind != KindNational || !strings.HasPrefix(hs[i].Name, "Idul Fitri "+r.Hijri[:4]) {
			t.Errorf("%s: day after Ramadan (%s) is not Idul Fitri %s", r.Hijri, syawal, r.Hijri)
		}
	}
}

func TestParseRejectsBadData(t *testing.T) {
	ramadan := &fstest.MapFile{Data: []byte(`[]`)}
	tests := map[string]string{
		"duplicate date": `[{"date":"2025-01-01","name":"A","kind":"national","source":"S"},
			{"date":"2025-01-01","name":"B","kind":"cuti_bersama","source":"S"}]`,
		"wrong year":    `[{"date":"2024-01-01","name":"A","kind":"national","source":"S"}]`,
		"bad kind":      `[{"date":"2025-01-01","name":"A","kind":"regional","source":"S"}]`,
		"bad date":      `[{"date":"2025-1-1","name":"A","kind":"national","source":"S"}]`,
		"empty source":  `[{"date":"2025-01-01","name":"A","kind":"national","source":""}]`,
		"unknown field": `[{"date":"2025-01-01","name":"A","kind":"national","source":"S","x":1}]`,
	}
	for name, data := range tests {
		fsys := fstest.MapFS{
			"data/holidays_2025.json": {Data: []byte(data)},
			"data/ramadan.json":       ramadan,
		}
		if _, err := parse(fsys); err == nil {
			t.Errorf("%s: parse accepted bad data", name)
		}
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

func TestParseAcceptsGoodData(t *testing.T) {
	fsys := fstest.MapFS{
		"data/holidays_2030.json": {Data: []byte(`[{"date":"2030-01-01","name":"A","kind":"national","source":"S"}]`)},
		"data/ramadan.json":       {Data: []byte(`[]`)},
	}
	ds, err := parse(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ds.years, []int{2030}) || len(ds.holidays[2030]) != 1 {
		t.Fatalf("got %+v", ds)
	}
}
