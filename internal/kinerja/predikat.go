// Package kinerja owns e-kinerja (PermenPAN-RB 6/2022): the SKP plan with
// its RHK, the daily activity log against a standard-minutes catalogue,
// approval by the supervisor or an acting Plt/Plh, the monthly minutes
// requirement from the attendance engine's days, periodic evaluation with
// the predikat matrix, and the distribution-pattern warning. The rules in
// predikat.go and requirement.go are pure; the services declare the store
// they need (internal/store implements it).
package kinerja

// Rating is a rating of results (hasil kerja) or of behaviour (perilaku
// kerja, BerAKHLAK): below, as or above expectation.
type Rating string

// The three ratings of PermenPAN-RB 6/2022.
const (
	Below Rating = "di_bawah"
	As    Rating = "sesuai"
	Above Rating = "di_atas"
)

// Ratings lists the accepted ratings.
var Ratings = []Rating{Below, As, Above}

// Predikat is an employee's performance predikat.
type Predikat string

// The five predikat, best first.
const (
	SangatBaik     Predikat = "sangat_baik"
	Baik           Predikat = "baik"
	ButuhPerbaikan Predikat = "butuh_perbaikan"
	Kurang         Predikat = "kurang" // Kurang / misconduct
	SangatKurang   Predikat = "sangat_kurang"
)

// Predikats lists the predikat, best first.
var Predikats = []Predikat{SangatBaik, Baik, ButuhPerbaikan, Kurang, SangatKurang}

// matrix is the predikat matrix of PermenPAN-RB 6/2022 (asn-rules.md §5):
// rows rating of results, columns rating of behaviour.
var matrix = map[Rating]map[Rating]Predikat{
	Above: {Below: Kurang, As: Baik, Above: SangatBaik},
	As:    {Below: Kurang, As: Baik, Above: Baik},
	Below: {Below: SangatKurang, As: ButuhPerbaikan, Above: ButuhPerbaikan},
}

// PredikatOf returns the predikat of a rating of results and one of
// behaviour; ok is false when either rating is not one of Ratings.
func PredikatOf(result, behaviour Rating) (p Predikat, ok bool) {
	p, ok = matrix[result][behaviour]
	return p, ok
}

// ValidRating reports whether r is one of the three ratings.
func ValidRating(r Rating) bool { return r == Below || r == As || r == Above }

// BerAKHLAK lists the seven core values behaviour is rated against
// (no levels since 2022).
var BerAKHLAK = []string{"berorientasi_pelayanan", "akuntabel", "kompeten", "harmonis", "loyal", "adaptif", "kolaboratif"}

// BehaviourRating sums up the seven values' ratings into the behaviour
// rating: above when most values are above and none below, below when most
// are below, otherwise as expected. The supervisor may override it.
func BehaviourRating(values map[string]Rating) Rating {
	n := map[Rating]int{}
	for _, v := range values {
		n[v]++
	}
	switch {
	case n[Below]*2 > len(BerAKHLAK):
		return Below
	case n[Above]*2 > len(BerAKHLAK) && n[Below] == 0:
		return Above
	}
	return As
}

// AnnualPredikat is the year's predikat from the periods' predikat: the
// most frequent one, ties going to the later period (the most recent
// performance), none when there are no periods.
func AnnualPredikat(periods []Predikat) (Predikat, bool) {
	if len(periods) == 0 {
		return "", false
	}
	count := map[Predikat]int{}
	best := periods[len(periods)-1]
	for _, p := range periods {
		count[p]++
	}
	for i := len(periods) - 1; i >= 0; i-- {
		if count[periods[i]] > count[best] {
			best = periods[i]
		}
	}
	return best, true
}
