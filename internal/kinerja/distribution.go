package kinerja

import (
	"math"
	"strconv"
)

// Organisation predikat (predikat kinerja organisasi), which bounds how
// the staff's predikat may be distributed (ekinerja-lamsel.md §1.2).
const (
	OrgIstimewa       = "istimewa"
	OrgBaik           = "baik"
	OrgButuhPerbaikan = "butuh_perbaikan"
	OrgKurang         = "kurang"
	OrgSangatKurang   = "sangat_kurang"
)

// OrgPredikats lists the organisation predikat.
var OrgPredikats = []string{OrgIstimewa, OrgBaik, OrgButuhPerbaikan, OrgKurang, OrgSangatKurang}

// Warning is one way a unit's distribution breaks the pattern of its
// organisation's predikat: Key is a catalogue key, Args its placeholders.
type Warning struct {
	Key  string            `json:"key"`
	Args map[string]string `json:"args,omitempty"`
}

// bound is one rule of a pattern: the share of the predikat in Of must be
// at most Max or at least Min (percent; -1 = no bound).
type bound struct {
	of       []Predikat
	min, max float64
	key      string
}

// patterns are the distribution rules per organisation predikat. "Some"
// (Baik must have some Butuh Perbaikan or Kurang) is a minimum above zero.
var patterns = map[string][]bound{
	OrgIstimewa: {{of: []Predikat{SangatBaik}, min: -1, max: 70, key: "kinerja.dist_max"}},
	OrgBaik: {{of: []Predikat{Baik}, min: -1, max: 70, key: "kinerja.dist_max"},
		{of: []Predikat{ButuhPerbaikan, Kurang}, min: 0.0001, max: -1, key: "kinerja.dist_some"}},
	OrgButuhPerbaikan: {{of: []Predikat{ButuhPerbaikan}, min: 60, max: -1, key: "kinerja.dist_min"},
		{of: []Predikat{SangatBaik}, min: -1, max: 10, key: "kinerja.dist_max"}},
	OrgKurang: {{of: []Predikat{Kurang}, min: 60, max: -1, key: "kinerja.dist_min"},
		{of: []Predikat{ButuhPerbaikan}, min: 10, max: -1, key: "kinerja.dist_min"},
		{of: []Predikat{SangatBaik}, min: -1, max: 10, key: "kinerja.dist_max"}},
	OrgSangatKurang: {{of: []Predikat{SangatKurang}, min: 60, max: -1, key: "kinerja.dist_min"},
		{of: []Predikat{Kurang, ButuhPerbaikan}, min: 10, max: -1, key: "kinerja.dist_min"},
		{of: []Predikat{SangatBaik}, min: -1, max: 0, key: "kinerja.dist_none"}},
}

// DistributionWarnings checks a unit's staff predikat against the pattern
// of the organisation's predikat; nil when it fits (or nobody is rated).
// Shares are of the rated staff; a bound is inclusive (70 % of "Sangat
// Baik" under Istimewa is allowed, 70.1 % is not).
func DistributionWarnings(org string, staff []Predikat) []Warning {
	if len(staff) == 0 {
		return nil
	}
	count := map[Predikat]int{}
	for _, p := range staff {
		count[p]++
	}
	var out []Warning
	for _, b := range patterns[org] {
		n := 0
		for _, p := range b.of {
			n += count[p]
		}
		share := float64(n) * 100 / float64(len(staff))
		if (b.max >= 0 && share > b.max) || (b.min >= 0 && share < b.min) {
			out = append(out, Warning{Key: b.key, Args: map[string]string{"predikat": joinPredikat(b.of),
				"share": fmtPct(share), "limit": fmtPct(max(b.max, b.min))}})
		}
	}
	return out
}

// ValidOrgPredikat reports whether s is an organisation predikat.
func ValidOrgPredikat(s string) bool { _, ok := patterns[s]; return ok }

func joinPredikat(ps []Predikat) string {
	s := ""
	for i, p := range ps {
		if i > 0 {
			s += "/"
		}
		s += string(p)
	}
	return s
}

// fmtPct writes a share with at most one decimal.
func fmtPct(f float64) string { return strconv.FormatFloat(math.Round(f*10)/10, 'f', -1, 64) }
