package demo

import (
	"strings"

	"github.com/hadir-id/hadir/internal/org"
)

// opd describes one agency of the demo: what it is, how many people work
// there, how it is organised and where its office is.
type opd struct {
	code, name, kind string
	shift            bool
	size             int    // employees; 0 takes whatever makes the regency total 7,235
	prof             prof   // education of its leaders and, by default, its staff
	mix              []role // who its staff are
	tree             *post  // its head and the posts under them
	lat, lon         float64
	radius           float64     // metres; 0: 100
	polygon          org.Polygon // of the office, when the circle is too coarse
	extra            []org.Site  // further sites (an annex, an assembly ground)
	parent           string      // code of the parent agency, "" for a top-level OPD
}

// post is one position held by one named person in an agency's tree.
type post struct {
	title string // position (jabatan); posts with the same title share one Position
	unit  string // work unit; "" for the head, who leads the whole agency
	kind  string // org.PositionStructural, PositionFunctional or PositionExecutor
	prof  prof   // education of the holder; profDefault: the agency's
	lead  bool   // leads people: gets staff and a Supervisory position
	admin bool   // the holder administers the agency in Hadir
	bkd   bool   // the holder is a regency admin (BKD)
	mix   []role // staff working directly under this post; nil: the agency's
	share int    // share of the agency's staff relative to other leaves; 0: 1
	kids  []*post
}

// role is one kind of staff job with its weight in a mix.
type role struct {
	title string
	kind  string
	prof  prof // profDefault: the agency's
	w     int
}

const (
	str  = org.PositionStructural
	fung = org.PositionFunctional
	exe  = org.PositionExecutor
)

// leaderOf derives the title of a unit's leader from the unit's name.
func leaderOf(unit string) string {
	switch {
	case strings.HasPrefix(unit, "Subbag "):
		return "Kepala Subbagian " + strings.TrimPrefix(unit, "Subbag ")
	case strings.HasPrefix(unit, "Inspektorat Pembantu "):
		return "Inspektur Pembantu " + strings.TrimPrefix(unit, "Inspektorat Pembantu ")
	case strings.HasPrefix(unit, "Asisten "):
		return unit
	}
	return "Kepala " + unit
}

// lead is a structural leader of a unit.
func lead(unit string, kids ...*post) *post {
	return &post{title: leaderOf(unit), unit: unit, kind: str, lead: true, kids: kids}
}

// withMix gives a post its own staff mix.
func (p *post) withMix(mix []role) *post { p.mix = mix; return p }

// bidang is a Dinas division with its sections (seksi); without sections
// the Kepala Bidang leads the functional staff directly, as after the 2021
// simplification of the bureaucracy.
func bidang(name string, seksi ...string) *post {
	b := lead("Bidang " + name)
	for _, s := range seksi {
		b.kids = append(b.kids, lead("Seksi "+s))
	}
	return b
}

// subbidang is a Badan division, whose sections are called subbidang.
func subbidang(name string, subs ...string) *post {
	b := lead("Bidang " + name)
	for _, s := range subs {
		b.kids = append(b.kids, lead("Subbidang "+s))
	}
	return b
}

// adminSubbag is the Subbag Umum dan Kepegawaian: it keeps the staff
// records, so its Kepala Subbagian administers the agency in Hadir.
func adminSubbag() *post {
	umum := lead("Subbag Umum dan Kepegawaian").withMix(mixUmum)
	umum.admin, umum.prof = true, profGeneral
	return umum
}

// sekretariat is the secretariat of a Dinas, Badan or kecamatan.
func sekretariat(title string) *post {
	keu := lead("Subbag Perencanaan dan Keuangan").withMix(mixKeuangan)
	keu.prof = profFinance
	s := lead("Sekretariat", adminSubbag(), keu)
	s.title = title
	return s
}

// office is the usual OPD: a head, a secretariat and the divisions.
func office(head string, divisions ...*post) *post {
	kids := append([]*post{sekretariat("Sekretaris")}, divisions...)
	return &post{title: head, kind: str, lead: true, kids: kids}
}

// with returns base plus extra roles, without touching base.
func with(base []role, extra ...role) []role {
	return append(append([]role{}, base...), extra...)
}

// Staff mixes. The pelaksana titles follow KepmenPANRB 11/2024.
var (
	mixUmum = []role{
		{"Pengadministrasi Perkantoran", exe, profGeneral, 4},
		{"Analis Sumber Daya Manusia Aparatur", fung, profGeneral, 2},
		{"Arsiparis", fung, profGeneral, 1},
		{"Operator Layanan Operasional", exe, profGeneral, 2},
		{"Pengelola Layanan Operasional", exe, profGeneral, 2},
	}
	mixKeuangan = []role{
		{"Perencana", fung, profGeneral, 1},
		{"Analis Keuangan Pusat dan Daerah", fung, profFinance, 2},
		{"Penata Layanan Operasional", exe, profFinance, 2},
		{"Pengadministrasi Perkantoran", exe, profGeneral, 1},
	}
	mixOffice = []role{
		{"Penata Layanan Operasional", exe, profDefault, 3},
		{"Pengelola Layanan Operasional", exe, profDefault, 2},
		{"Pengadministrasi Perkantoran", exe, profGeneral, 2},
		{"Operator Layanan Operasional", exe, profGeneral, 1},
		{"Analis Kebijakan", fung, profDefault, 1},
	}
)
