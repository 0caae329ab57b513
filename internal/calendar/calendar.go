package calendar

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Kinds of Holiday.
const (
	KindNational    = "national"     // hari libur nasional
	KindCutiBersama = "cuti_bersama" // cuti bersama
)

// DateLayout is the layout of every date in this package (YYYY-MM-DD).
const DateLayout = time.DateOnly

// Holiday is one day off in the national calendar.
type Holiday struct {
	Date   string `json:"date"`   // YYYY-MM-DD
	Name   string `json:"name"`   // official Indonesian name
	Kind   string `json:"kind"`   // KindNational or KindCutiBersama
	Source string `json:"source"` // legal instrument
}

// RamadanRange is the government-determined Ramadan of one Hijri year.
type RamadanRange struct {
	Year   int    `json:"year"`   // Hijri year, e.g. 1446
	Hijri  string `json:"hijri"`  // e.g. "1446 H"
	From   string `json:"from"`   // 1 Ramadan, YYYY-MM-DD
	To     string `json:"to"`     // last day of Ramadan, YYYY-MM-DD
	Source string `json:"source"` // determination (sidang isbat)
}

//go:embed data/*.json
var dataFS embed.FS

type dataset struct {
	years    []int
	holidays map[int][]Holiday
	ramadan  []RamadanRange
}

var load = sync.OnceValues(func() (*dataset, error) { return parse(dataFS) })

// parse reads and checks every data file in fsys.
func parse(fsys fs.FS) (*dataset, error) {
	files, err := fs.Glob(fsys, "data/holidays_*.json")
	if err != nil {
		return nil, err
	}
	ds := &dataset{holidays: make(map[int][]Holiday)}
	for _, f := range files {
		base := path.Base(f)
		year, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(base, "holidays_"), ".json"))
		if err != nil {
			return nil, fmt.Errorf("calendar: bad file name %s", f)
		}
		var hs []Holiday
		if err := readJSON(fsys, f, &hs); err != nil {
			return nil, err
		}
		if err := checkYear(year, hs); err != nil {
			return nil, fmt.Errorf("calendar: %s: %w", f, err)
		}
		slices.SortFunc(hs, func(a, b Holiday) int { return strings.Compare(a.Date, b.Date) })
		ds.holidays[year] = hs
		ds.years = append(ds.years, year)
	}
	slices.Sort(ds.years)

	if err := readJSON(fsys, "data/ramadan.json", &ds.ramadan); err != nil {
		return nil, err
	}
	for _, r := range ds.ramadan {
		from, err1 := time.Parse(DateLayout, r.From)
		to, err2 := time.Parse(DateLayout, r.To)
		if err1 != nil || err2 != nil || !from.Before(to) || r.Year == 0 || r.Source == "" {
			return nil, fmt.Errorf("calendar: bad Ramadan entry %+v", r)
		}
	}
	return ds, nil
}

func readJSON(fsys fs.FS, name string, v any) error {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return fmt.Errorf("calendar: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("calendar: %s: %w", name, err)
	}
	return nil
}

// checkYear checks the entries of one year's file.
func checkYear(year int, hs []Holiday) error {
	seen := make(map[string]bool, len(hs))
	for _, h := range hs {
		d, err := time.Parse(DateLayout, h.Date)
		if err != nil {
			return fmt.Errorf("bad date %q: %w", h.Date, err)
		}
		if d.Year() != year {
			return fmt.Errorf("date %s is not in %d", h.Date, year)
		}
		if h.Kind != KindNational && h.Kind != KindCutiBersama {
			return fmt.Errorf("date %s: unknown kind %q", h.Date, h.Kind)
		}
		if h.Name == "" || h.Source == "" {
			return fmt.Errorf("date %s: empty name or source", h.Date)
		}
		if seen[h.Date] {
			return fmt.Errorf("duplicate date %s (merge the names with \" / \")", h.Date)
		}
		seen[h.Date] = true
	}
	return nil
}

// Holidays returns the national holidays and cuti bersama of a Gregorian
// year, sorted by date. It returns an error for a year that is not shipped.
// The caller owns the returned slice.
func Holidays(year int) ([]Holiday, error) {
	ds, err := load()
	if err != nil {
		return nil, err
	}
	hs, ok := ds.holidays[year]
	if !ok {
		return nil, fmt.Errorf("calendar: no holiday data for %d (have %v)", year, ds.years)
	}
	return slices.Clone(hs), nil
}

// Years returns the Gregorian years shipped, ascending.
func Years() []int {
	ds, err := load()
	if err != nil {
		return nil
	}
	return slices.Clone(ds.years)
}

// All returns every shipped holiday of every year, sorted by date. It
// panics if the embedded data is broken, which the package tests rule out.
func All() []Holiday {
	ds, err := load()
	if err != nil {
		panic(err)
	}
	var all []Holiday
	for _, y := range ds.years {
		all = append(all, ds.holidays[y]...)
	}
	return all
}

// Ramadan returns the first and last day (YYYY-MM-DD, inclusive) of the
// Ramadan that begins in the Gregorian year, as determined by the
// government. ok is false when that year is not shipped.
func Ramadan(year int) (from, to string, ok bool) {
	ds, err := load()
	if err != nil {
		return "", "", false
	}
	prefix := strconv.Itoa(year) + "-"
	for _, r := range ds.ramadan {
		if strings.HasPrefix(r.From, prefix) {
			return r.From, r.To, true
		}
	}
	return "", "", false
}

// RamadanRanges returns every shipped Ramadan range, in file order.
func RamadanRanges() []RamadanRange {
	ds, err := load()
	if err != nil {
		return nil
	}
	return slices.Clone(ds.ramadan)
}
