package demo

import (
	"fmt"
	"math"

	"github.com/hadir-id/hadir/internal/org"
)

// Education: the Dinas Pendidikan dan Kebudayaan holds most of the
// regency's ASN, nearly all of them teachers in schools spread over the
// kecamatan. Schools are units of the Dinas; each has a site so that
// teachers check in where they teach, not at the Dinas office in Kalianda.

var (
	mixSD = []role{
		{"Guru Kelas", fung, profTeacher, 7},
		{"Guru Pendidikan Agama Islam", fung, profTeacher, 1},
		{"Guru Pendidikan Jasmani, Olahraga dan Kesehatan", fung, profTeacher, 1},
		{"Pengadministrasi Perkantoran", exe, profGeneral, 1},
	}
	mixSMP = []role{
		{"Guru Bahasa Indonesia", fung, profTeacher, 2},
		{"Guru Matematika", fung, profTeacher, 2},
		{"Guru Ilmu Pengetahuan Alam", fung, profTeacher, 2},
		{"Guru Ilmu Pengetahuan Sosial", fung, profTeacher, 2},
		{"Guru Bahasa Inggris", fung, profTeacher, 2},
		{"Guru Pendidikan Pancasila", fung, profTeacher, 1},
		{"Guru Pendidikan Agama Islam", fung, profTeacher, 1},
		{"Guru Pendidikan Jasmani, Olahraga dan Kesehatan", fung, profTeacher, 1},
		{"Guru Seni Budaya", fung, profTeacher, 1},
		{"Guru Bahasa Lampung", fung, profTeacher, 1},
		{"Guru Bimbingan dan Konseling", fung, profTeacher, 1},
		{"Guru Informatika", fung, profTeacher, 1},
		{"Pengadministrasi Perkantoran", exe, profGeneral, 1},
	}
)

// Shares of the teaching staff: an SMP has about 1.5 times the ASN of an SD.
const sdShare, smpShare = 2, 3

// school is a school unit led by its Kepala Sekolah (a teacher with an
// additional task, hence functional).
func school(name string, mix []role, share int) *post {
	return &post{title: "Kepala Sekolah", unit: name, kind: fung, prof: profTeacher, lead: true, mix: mix, share: share}
}

func sdName(i int, k kecamatan) string  { return fmt.Sprintf("SD Negeri %d %s", i, k.name) }
func smpName(i int, k kecamatan) string { return fmt.Sprintf("SMP Negeri %d %s", i, k.name) }

// disdikbudTree: SD heads report to the education coordinator of their
// kecamatan (korwil), the korwil to the Kepala Bidang SD; SMP heads report
// to the Kepala Bidang SMP directly. That keeps every span under 30.
func disdikbudTree() *post {
	sd := bidang("Pembinaan Sekolah Dasar", "Kurikulum dan Penilaian SD", "Sarana dan Prasarana SD")
	smp := bidang("Pembinaan Sekolah Menengah Pertama", "Kurikulum dan Penilaian SMP", "Sarana dan Prasarana SMP")
	for _, k := range kecamatans {
		korwil := &post{title: "Koordinator Wilayah Pendidikan Kecamatan", unit: "Korwil Pendidikan Kecamatan " + k.name,
			kind: fung, prof: profTeacher, lead: true}
		for i := 1; i <= k.sd; i++ {
			korwil.kids = append(korwil.kids, school(sdName(i, k), mixSD, sdShare))
		}
		sd.kids = append(sd.kids, korwil)
		for i := 1; i <= k.smp; i++ {
			smp.kids = append(smp.kids, school(smpName(i, k), mixSMP, smpShare))
		}
	}
	return office("Kepala Dinas", sd, smp,
		bidang("Pendidikan Anak Usia Dini dan Pendidikan Nonformal", "Pendidikan Anak Usia Dini", "Pendidikan Nonformal"),
		bidang("Guru dan Tenaga Kependidikan", "Pendidik", "Tenaga Kependidikan"),
		bidang("Kebudayaan", "Cagar Budaya dan Permuseuman", "Kesenian dan Tradisi"))
}

// schoolSites: the Dinas annex in Kalianda, then one site per school,
// spread on a golden-angle spiral around the kecamatan capital (600 m to
// about 3 km out) so that no two schools share a spot.
func schoolSites() []org.Site {
	annexLat, annexLon := offset(complexLat, complexLon, 0, 1000)
	out := []org.Site{{Name: "Gedung Annex Dinas Pendidikan dan Kebudayaan", Lat: annexLat, Lon: annexLon, RadiusM: 80}}
	for _, k := range kecamatans {
		var names []string
		for i := 1; i <= k.sd; i++ {
			names = append(names, sdName(i, k))
		}
		for i := 1; i <= k.smp; i++ {
			names = append(names, smpName(i, k))
		}
		for i, name := range names {
			angle := float64(i) * 137.508 * math.Pi / 180
			dist := 600 + 180*float64(i)
			lat, lon := offset(k.lat, k.lon, dist*math.Sin(angle), dist*math.Cos(angle))
			out = append(out, org.Site{Name: name, Lat: lat, Lon: lon, RadiusM: 75})
		}
	}
	return out
}
