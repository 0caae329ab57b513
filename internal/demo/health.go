package demo

import "github.com/hadir-id/hadir/internal/org"

// Health: Dinas Kesehatan, the RSUD and the UPT Puskesmas. Wards and
// clusters are led by functional staff (kepala ruangan, penanggung jawab
// klaster), who are the direct supervisors of the nurses and midwives.

var mixDinkes = with(mixOffice,
	role{"Epidemiolog Kesehatan", fung, profPublicHealth, 2},
	role{"Administrator Kesehatan", fung, profPublicHealth, 2},
	role{"Penyuluh Kesehatan Masyarakat", fung, profPublicHealth, 1},
	role{"Tenaga Sanitasi Lingkungan", fung, profPublicHealth, 1},
	role{"Apoteker", fung, profPharmacy, 1},
	role{"Nutrisionis", fung, profNutrition, 1},
)

// Roles shared by the hospital and the puskesmas.
var (
	perawat   = role{"Perawat", fung, profNurse, 0}
	bidan     = role{"Bidan", fung, profMidwife, 0}
	dokter    = role{"Dokter", fung, profDoctor, 0}
	spesialis = role{"Dokter Spesialis", fung, profSpecialist, 0}
	asistenAp = role{"Asisten Apoteker", fung, profPharmTech, 0}
	apoteker  = role{"Apoteker", fung, profPharmacy, 0}
	labor     = role{"Pranata Laboratorium Kesehatan", fung, profLab, 0}
	perekam   = role{"Perekam Medis", fung, profGeneral, 0}
	sanitasi  = role{"Tenaga Sanitasi Lingkungan", fung, profPublicHealth, 0}
	clerk     = role{"Pengadministrasi Perkantoran", exe, profGeneral, 0}
	operator  = role{"Operator Layanan Operasional", exe, profGeneral, 0}
	pengelola = role{"Pengelola Layanan Operasional", exe, profGeneral, 0}
)

// w returns r with weight n, for the mixes below.
func w(r role, n int) role { r.w = n; return r }

// ward is a hospital room led by a kepala ruangan (a senior nurse).
func ward(unit string, mix []role) *post {
	return &post{title: "Kepala Ruangan", unit: unit, kind: fung, prof: profNurse, lead: true, mix: mix}
}

// installation is a hospital installation led by its own kepala.
func installation(unit string, pr prof, mix []role) *post {
	return &post{title: "Kepala " + unit, unit: unit, kind: fung, prof: pr, lead: true, mix: mix}
}

// rsudTree: a type C hospital. The Direktur leads the Bagian Tata Usaha and
// three bidang; the bidang lead the installations and wards.
func rsudTree() *post {
	nursing := []role{w(perawat, 8), w(dokter, 1), w(pengelola, 1)}
	tu := lead("Bagian Tata Usaha", adminSubbag(),
		lead("Subbag Keuangan").withMix(mixKeuangan), lead("Subbag Perencanaan dan Evaluasi").withMix(mixKeuangan))
	medic := lead("Bidang Pelayanan Medik",
		installation("Instalasi Gawat Darurat", profDoctor, []role{w(perawat, 5), w(dokter, 3), w(operator, 1)}),
		installation("Instalasi Rawat Jalan", profSpecialist, []role{w(spesialis, 4), w(perawat, 4), w(perekam, 1)}),
		installation("Instalasi Bedah Sentral", profSpecialist, []role{w(perawat, 5), w(spesialis, 2), role{"Penata Anestesi", fung, profNurse, 2}}),
		installation("Instalasi Hemodialisa", profSpecialist, []role{w(perawat, 4), w(dokter, 1)}),
		ward("Intensive Care Unit", []role{w(perawat, 8), w(dokter, 1)}))
	nurse := lead("Bidang Keperawatan",
		ward("Ruang Penyakit Dalam", nursing), ward("Ruang Bedah", nursing), ward("Ruang Anak", nursing),
		ward("Ruang Kebidanan", []role{w(bidan, 6), w(perawat, 2), w(spesialis, 1)}),
		ward("Ruang Perinatologi", []role{w(perawat, 5), w(bidan, 3)}),
		ward("Ruang VIP", nursing), ward("Ruang Isolasi dan Paru", nursing))
	support := lead("Bidang Penunjang",
		installation("Instalasi Laboratorium", profLab, []role{w(labor, 5), w(clerk, 1)}),
		installation("Instalasi Radiologi", profRadiology, []role{{"Radiografer", fung, profRadiology, 4}, w(clerk, 1)}),
		installation("Instalasi Farmasi", profPharmacy, []role{w(apoteker, 2), w(asistenAp, 4)}),
		installation("Instalasi Gizi", profNutrition, []role{{"Nutrisionis", fung, profNutrition, 3}, w(pengelola, 2)}),
		installation("Instalasi Rekam Medis", profGeneral, []role{w(perekam, 4), w(clerk, 2)}),
		installation("Instalasi Pemeliharaan Sarana Rumah Sakit", profEngineer,
			[]role{{"Teknisi Elektromedis", fung, profEngineer, 2}, w(sanitasi, 2), w(operator, 3)}))
	medic.prof, nurse.prof, support.prof = profDoctor, profNurse, profPublicHealth
	return &post{title: "Direktur", kind: str, prof: profDoctor, lead: true, kids: []*post{tu, medic, nurse, support}}
}

// cluster is a puskesmas service cluster (Integrasi Layanan Primer) led by
// a penanggung jawab.
func cluster(unit string, pr prof, mix []role) *post {
	return &post{title: "Penanggung Jawab " + unit, unit: unit, kind: fung, prof: pr, lead: true, mix: mix}
}

// puskesmasTree: the Kepala Puskesmas leads the Subbag Tata Usaha and the
// clusters; an inpatient puskesmas also has an inpatient ward.
func puskesmasTree(inpatient bool) *post {
	kids := []*post{
		lead("Subbag Tata Usaha").withMix([]role{w(clerk, 2), {"Penata Layanan Operasional", exe, profFinance, 2}, w(operator, 1)}),
		cluster("Klaster Ibu dan Anak", profMidwife, []role{w(bidan, 6), w(perawat, 1), {"Nutrisionis", fung, profNutrition, 1}, w(dokter, 1)}),
		cluster("Klaster Usia Dewasa dan Lanjut Usia", profNurse,
			[]role{w(perawat, 3), w(dokter, 1), {"Penyuluh Kesehatan Masyarakat", fung, profPublicHealth, 1}, {"Terapis Gigi dan Mulut", fung, profNurse, 1}}),
		cluster("Klaster Penanggulangan Penyakit Menular", profPublicHealth,
			[]role{{"Epidemiolog Kesehatan", fung, profPublicHealth, 1}, w(sanitasi, 2), w(perawat, 2)}),
		cluster("Lintas Klaster", profDoctor,
			[]role{w(dokter, 1), {"Dokter Gigi", fung, profDentist, 1}, w(apoteker, 1), w(asistenAp, 1), w(labor, 2), w(perekam, 1), w(perawat, 1)}),
	}
	pr := profPublicHealth
	if inpatient {
		kids = append(kids, cluster("Rawat Inap", profNurse, []role{w(perawat, 5), w(bidan, 2), w(dokter, 1)}))
		pr = profDoctor
	}
	return &post{title: "Kepala UPT Puskesmas", kind: str, prof: pr, lead: true, kids: kids}
}

// puskesmasOPD: a UPT under Dinas Kesehatan; an inpatient one works shifts.
func puskesmasOPD(pk puskesmas) opd {
	lat, lon := pk.lat, pk.lon
	if lat == 0 {
		k := kecamatanByName(pk.kecamatan)
		lat, lon = offset(k.lat, k.lon, 300, 250)
	}
	radius := 70.0
	if pk.inpatient {
		radius = 100
	}
	return opd{code: "PKM-" + code(pk.name), name: "UPT Puskesmas " + pk.name, kind: org.KindHealthCentre,
		shift: pk.inpatient, size: pk.staff, prof: profPublicHealth, mix: mixDinkes, tree: puskesmasTree(pk.inpatient),
		lat: lat, lon: lon, radius: radius, parent: "DINKES"}
}

// rsudCampus is the hospital grounds: a rectangle of about 200 m × 160 m
// around the main building, more exact than the 200 m circle.
func rsudCampus() org.Polygon {
	const dLat, dLon = 0.00072, 0.0009
	return org.Polygon{
		{Lat: rsudLat - dLat, Lon: rsudLon - dLon}, {Lat: rsudLat - dLat, Lon: rsudLon + dLon},
		{Lat: rsudLat + dLat, Lon: rsudLon + dLon}, {Lat: rsudLat + dLat, Lon: rsudLon - dLon},
	}
}
