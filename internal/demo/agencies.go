package demo

import (
	"slices"
	"strings"

	"github.com/hadir-id/hadir/internal/org"
)

// totalASN is the regency's ASN headcount (BKD, June 2023).
const totalASN = 7235

// The perangkat daerah of the demo, modelled on Lampung Selatan. Names seen
// in Lamsel sources are used where known; the SOTK (Perda) was not
// available, so divisions and sizes are illustrative.

// allAgencies lists every agency in the order they are laid out: the OPD,
// then the kecamatan, then the puskesmas under Dinas Kesehatan. The
// Dinas Pendidikan takes whatever makes the total exactly totalASN.
func allAgencies() []opd {
	out := opds()
	for _, k := range kecamatans {
		out = append(out, kecamatanOPD(k))
	}
	for _, pk := range puskesmases {
		out = append(out, puskesmasOPD(pk))
	}
	rest, at := totalASN, -1
	for i, o := range out {
		if o.size == 0 {
			at = i
		}
		rest -= o.size
	}
	out[at].size = rest
	return out
}

// code turns a place name into part of an agency code: "Jati Agung" → "JATI-AGUNG".
func code(name string) string {
	return strings.ToUpper(strings.ReplaceAll(name, " ", "-"))
}

// opds lists the top-level OPD other than the kecamatan, Sekretariat
// Daerah first.
func opds() []opd {
	return slices.Concat(secretariats(), badan(), servicesDinas(), otherDinas())
}

// secretariats: Setda, Setwan and the Inspektorat.
func secretariats() []opd {
	return []opd{
		{code: "SETDA", name: "Sekretariat Daerah", kind: org.KindSecretariat, size: 230, prof: profPamong,
			mix: mixOffice, tree: setdaTree(), lat: complexLat, lon: complexLon, radius: 150,
			extra: []org.Site{{Name: "Lapangan Korpri Kalianda (apel)", Lat: complexLat - 0.0016, Lon: complexLon - 0.0012, RadiusM: 120}}},
		{code: "SETWAN", name: "Sekretariat DPRD", kind: org.KindSecretariat, size: 70, prof: profGeneral,
			mix: with(mixOffice, role{"Perancang Peraturan Perundang-undangan", fung, profLaw, 1}), tree: setwanTree()},
		{code: "INSPEKTORAT", name: "Inspektorat", kind: org.KindInspectorate, size: 60, prof: profFinance,
			mix: []role{{"Auditor", fung, profFinance, 4}, {"Pengawas Penyelenggaraan Urusan Pemerintahan di Daerah", fung, profGeneral, 3}, {"Pengadministrasi Perkantoran", exe, profGeneral, 1}},
			tree: office("Inspektur", lead("Inspektorat Pembantu Wilayah I"), lead("Inspektorat Pembantu Wilayah II"),
				lead("Inspektorat Pembantu Wilayah III"), lead("Inspektorat Pembantu Wilayah IV"))},
	}
}

// badan: the agencies (badan) for planning, personnel, finance and order.
func badan() []opd {
	return []opd{
		{code: "BAPPEDA", name: "Badan Perencanaan Pembangunan Daerah", kind: org.KindBadan, size: 55, prof: profGeneral,
			mix: with(mixOffice, role{"Perencana", fung, profGeneral, 4}),
			tree: office("Kepala Badan", subbidang("Perencanaan, Pengendalian dan Evaluasi Pembangunan Daerah"),
				subbidang("Perekonomian dan Sumber Daya Alam"), subbidang("Pemerintahan dan Pembangunan Manusia"),
				subbidang("Infrastruktur dan Kewilayahan"), subbidang("Penelitian dan Pengembangan"))},
		{code: "BKD", name: "Badan Kepegawaian dan Diklat", kind: org.KindBadan, size: 65, prof: profGeneral,
			mix:  with(mixOffice, role{"Analis Sumber Daya Manusia Aparatur", fung, profGeneral, 4}, role{"Pranata Komputer", fung, profIT, 1}, role{"Widyaiswara", fung, profGeneral, 1}),
			tree: bkdTree()},
		{code: "BPKAD", name: "Badan Pengelola Keuangan dan Aset Daerah", kind: org.KindBadan, size: 100, prof: profFinance,
			mix: with(mixOffice, role{"Analis Keuangan Pusat dan Daerah", fung, profFinance, 3}),
			tree: office("Kepala Badan", subbidang("Anggaran", "Penyusunan Anggaran", "Pengendalian Anggaran"),
				subbidang("Perbendaharaan", "Belanja Langsung", "Belanja Tidak Langsung"),
				subbidang("Akuntansi dan Pelaporan", "Akuntansi", "Pelaporan Keuangan"),
				subbidang("Aset", "Penatausahaan Aset", "Pemanfaatan dan Penghapusan Aset"))},
		{code: "BPPRD", name: "Badan Pengelola Pajak dan Retribusi Daerah", kind: org.KindBadan, size: 60, prof: profFinance,
			mix: with(mixOffice, role{"Pemeriksa Pajak Daerah", fung, profFinance, 2}),
			tree: office("Kepala Badan", subbidang("Pendataan dan Penetapan"), subbidang("Penagihan dan Keberatan"),
				subbidang("Pajak Bumi dan Bangunan"), subbidang("Pengembangan dan Pengendalian"))},
		{code: "KESBANGPOL", name: "Badan Kesatuan Bangsa dan Politik", kind: org.KindBadan, size: 35, prof: profPamong,
			mix: mixOffice,
			tree: office("Kepala Badan", subbidang("Ideologi, Wawasan Kebangsaan dan Karakter Bangsa"),
				subbidang("Politik Dalam Negeri dan Organisasi Kemasyarakatan"), subbidang("Ketahanan Ekonomi, Sosial, Budaya dan Agama"))},
		{code: "BPBD", name: "Badan Penanggulangan Bencana Daerah", kind: org.KindBadan, size: 45, prof: profGeneral,
			mix: with(mixOffice, role{"Analis Kebencanaan", fung, profGeneral, 2}),
			tree: office("Kepala Pelaksana", subbidang("Pencegahan dan Kesiapsiagaan"), subbidang("Kedaruratan dan Logistik"),
				subbidang("Rehabilitasi dan Rekonstruksi"))},
	}
}

// servicesDinas: education, health, public works and order — the large
// services, several of them on shifts.
func servicesDinas() []opd {
	return []opd{
		{code: "DISDIKBUD", name: "Dinas Pendidikan dan Kebudayaan", kind: org.KindDinas, prof: profTeacher,
			mix:  with(mixOffice, role{"Pengawas Sekolah", fung, profTeacher, 2}, role{"Penilik", fung, profTeacher, 1}, role{"Pamong Budaya", fung, profGeneral, 1}),
			tree: disdikbudTree(), extra: schoolSites()},
		{code: "DINKES", name: "Dinas Kesehatan", kind: org.KindDinas, size: 120, prof: profPublicHealth, mix: mixDinkes,
			tree: office("Kepala Dinas", bidang("Kesehatan Masyarakat", "Kesehatan Keluarga dan Gizi", "Promosi Kesehatan"),
				bidang("Pencegahan dan Pengendalian Penyakit", "Surveilans dan Imunisasi", "Penyakit Tidak Menular dan Kesehatan Jiwa"),
				bidang("Pelayanan Kesehatan", "Pelayanan Kesehatan Primer", "Pelayanan Kesehatan Rujukan"),
				bidang("Sumber Daya Kesehatan", "Kefarmasian dan Alat Kesehatan", "Sumber Daya Manusia Kesehatan"))},
		{code: "RSUD", name: "RSUD dr. H. Bob Bazar, SKM", kind: org.KindHospital, shift: true, size: 520, prof: profGeneral,
			mix: mixOffice, tree: rsudTree(), lat: rsudLat, lon: rsudLon, radius: 200, polygon: rsudCampus()},
		{code: "PUPR", name: "Dinas Pekerjaan Umum dan Penataan Ruang", kind: org.KindDinas, size: 160, prof: profEngineer,
			mix: with(mixOffice, role{"Teknik Jalan dan Jembatan", fung, profEngineer, 3}, role{"Teknik Pengairan", fung, profEngineer, 2},
				role{"Penata Ruang", fung, profEngineer, 1}, role{"Pembina Jasa Konstruksi", fung, profEngineer, 1}),
			tree: office("Kepala Dinas", bidang("Bina Marga", "Pembangunan Jalan dan Jembatan", "Pemeliharaan Jalan dan Jembatan"),
				bidang("Sumber Daya Air", "Irigasi", "Sungai dan Pantai"), bidang("Cipta Karya", "Air Minum dan Sanitasi", "Bangunan Gedung"),
				bidang("Penataan Ruang", "Perencanaan Tata Ruang", "Pengendalian Pemanfaatan Ruang"), bidang("Jasa Konstruksi"))},
		{code: "SATPOLPP", name: "Satuan Polisi Pamong Praja", kind: org.KindSatpol, shift: true, size: 150, prof: profEnforcement,
			mix:  []role{{"Polisi Pamong Praja", fung, profEnforcement, 8}, {"Pengelola Layanan Operasional", exe, profEnforcement, 1}, {"Pengadministrasi Perkantoran", exe, profGeneral, 1}},
			tree: satpolTree(), radius: 150},
	}
}

// otherDinas: the remaining dinas, mostly office work.
func otherDinas() []opd {
	return []opd{
		{code: "DINSOS", name: "Dinas Sosial", kind: org.KindDinas, size: 55, prof: profGeneral,
			mix:  with(mixOffice, role{"Pekerja Sosial", fung, profGeneral, 3}, role{"Penyuluh Sosial", fung, profGeneral, 1}),
			tree: office("Kepala Dinas", bidang("Rehabilitasi Sosial"), bidang("Perlindungan dan Jaminan Sosial"), bidang("Pemberdayaan Sosial dan Penanganan Fakir Miskin"))},
		{code: "DISKOMINFO", name: "Dinas Komunikasi dan Informatika", kind: org.KindDinas, size: 56, prof: profIT,
			mix: with(mixOffice, role{"Pranata Komputer", fung, profIT, 3}, role{"Pranata Hubungan Masyarakat", fung, profGeneral, 2},
				role{"Statistisi", fung, profGeneral, 1}, role{"Sandiman", fung, profIT, 1}),
			tree: office("Kepala Dinas", bidang("Informasi dan Komunikasi Publik", "Pengelolaan Informasi Publik", "Komunikasi Publik"),
				bidang("Aplikasi Informatika", "Pengembangan Aplikasi", "Infrastruktur Teknologi Informasi dan Komunikasi"),
				bidang("Statistik dan Persandian", "Statistik Sektoral", "Persandian dan Keamanan Informasi"))},
		{code: "DISDUKCAPIL", name: "Dinas Kependudukan dan Pencatatan Sipil", kind: org.KindDinas, size: 65, prof: profGeneral,
			mix: with(mixOffice, role{"Administrator Database Kependudukan", fung, profIT, 2}, role{"Operator Layanan Operasional", exe, profGeneral, 2}),
			tree: office("Kepala Dinas", bidang("Pelayanan Pendaftaran Penduduk"), bidang("Pelayanan Pencatatan Sipil"),
				bidang("Pengelolaan Informasi Administrasi Kependudukan"), bidang("Pemanfaatan Data dan Inovasi Pelayanan"))},
		{code: "DPMD", name: "Dinas Pemberdayaan Masyarakat dan Desa", kind: org.KindDinas, size: 45, prof: profPamong,
			mix:  with(mixOffice, role{"Penggerak Swadaya Masyarakat", fung, profGeneral, 2}),
			tree: office("Kepala Dinas", bidang("Pemerintahan Desa"), bidang("Pemberdayaan Masyarakat Desa"), bidang("Pembangunan dan Ekonomi Desa"))},
		{code: "DPPKB", name: "Dinas Pengendalian Penduduk dan Keluarga Berencana", kind: org.KindDinas, size: 65, prof: profPublicHealth,
			mix:  with(mixOffice, role{"Penyuluh Keluarga Berencana", fung, profGeneral, 3}),
			tree: office("Kepala Dinas", bidang("Pengendalian Penduduk"), bidang("Keluarga Berencana"), bidang("Keluarga Sejahtera dan Pemberdayaan Keluarga"))},
		{code: "DISHUB", name: "Dinas Perhubungan", kind: org.KindDinas, size: 85, prof: profGeneral,
			mix: with(mixOffice, role{"Penguji Kendaraan Bermotor", fung, profEngineer, 2}, role{"Operator Layanan Operasional", exe, profGeneral, 3}),
			tree: office("Kepala Dinas", bidang("Lalu Lintas dan Angkutan", "Manajemen dan Rekayasa Lalu Lintas", "Angkutan"),
				bidang("Sarana dan Prasarana", "Prasarana Jalan", "Terminal dan Perparkiran"), bidang("Pengendalian dan Operasional"))},
		{code: "DLH", name: "Dinas Lingkungan Hidup", kind: org.KindDinas, size: 90, prof: profEngineer,
			mix: with(mixOffice, role{"Pengendali Dampak Lingkungan", fung, profEngineer, 2}, role{"Pengawas Lingkungan Hidup", fung, profEngineer, 1},
				role{"Operator Layanan Operasional", exe, profGeneral, 3}),
			tree: office("Kepala Dinas", bidang("Tata Lingkungan"), bidang("Pengelolaan Sampah dan Limbah B3", "Pengelolaan Sampah", "Pengelolaan Limbah B3"),
				bidang("Pengendalian Pencemaran dan Kerusakan Lingkungan"), bidang("Penaatan dan Peningkatan Kapasitas Lingkungan Hidup"))},
		{code: "DPTPH", name: "Dinas Pertanian, Tanaman Pangan dan Hortikultura", kind: org.KindDinas, size: 210, prof: profAgri,
			mix: with(mixOffice, role{"Penyuluh Pertanian", fung, profAgri, 10}, role{"Pengendali Organisme Pengganggu Tumbuhan", fung, profAgri, 2},
				role{"Pengawas Benih Tanaman", fung, profAgri, 1}),
			tree: office("Kepala Dinas", bidang("Tanaman Pangan", "Produksi Tanaman Pangan", "Perlindungan Tanaman Pangan"),
				bidang("Hortikultura", "Produksi Hortikultura", "Pengolahan dan Pemasaran Hasil"),
				bidang("Prasarana dan Sarana Pertanian", "Lahan dan Irigasi Pertanian", "Pupuk, Pestisida dan Alat Mesin Pertanian"),
				bidang("Penyuluhan", "Kelembagaan Penyuluhan", "Metode dan Informasi Penyuluhan"))},
		{code: "DISNAKKESWAN", name: "Dinas Peternakan dan Kesehatan Hewan", kind: org.KindDinas, size: 90, prof: profVet,
			mix: with(mixOffice, role{"Medik Veteriner", fung, profVet, 2}, role{"Paramedik Veteriner", fung, profVet, 3},
				role{"Pengawas Bibit Ternak", fung, profAgri, 1}),
			tree: office("Kepala Dinas", bidang("Produksi Peternakan"), bidang("Kesehatan Hewan", "Pengamatan dan Pencegahan Penyakit Hewan", "Pelayanan Kesehatan Hewan"),
				bidang("Kesehatan Masyarakat Veteriner"), bidang("Pengolahan dan Pemasaran Hasil Peternakan"))},
		{code: "DISKOPUMKM", name: "Dinas Koperasi dan Usaha Mikro, Kecil dan Menengah", kind: org.KindDinas, size: 40, prof: profFinance,
			mix:  with(mixOffice, role{"Pengawas Koperasi", fung, profFinance, 2}),
			tree: office("Kepala Dinas", bidang("Kelembagaan dan Pengawasan Koperasi"), bidang("Usaha Mikro"), bidang("Pemberdayaan Usaha"))},
		{code: "DPMPTSP", name: "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", kind: org.KindDinas, size: 45, prof: profGeneral,
			mix:  with(mixOffice, role{"Penata Perizinan", fung, profGeneral, 2}),
			tree: office("Kepala Dinas", bidang("Penanaman Modal"), bidang("Pelayanan Perizinan dan Nonperizinan"), bidang("Pengaduan, Kebijakan dan Pelaporan Layanan"))},
		{code: "DISPAR", name: "Dinas Pariwisata", kind: org.KindDinas, size: 35, prof: profGeneral,
			mix:  with(mixOffice, role{"Adyatama Kepariwisataan dan Ekonomi Kreatif", fung, profGeneral, 2}),
			tree: office("Kepala Dinas", bidang("Destinasi Pariwisata"), bidang("Pemasaran Pariwisata"), bidang("Ekonomi Kreatif"))},
		{code: "DISPORA", name: "Dinas Pemuda dan Olahraga", kind: org.KindDinas, size: 35, prof: profGeneral,
			mix:  mixOffice,
			tree: office("Kepala Dinas", bidang("Kepemudaan"), bidang("Keolahragaan"), bidang("Sarana dan Prasarana Olahraga"))},
		{code: "DP3", name: "Dinas Perdagangan, Perindustrian dan Pasar", kind: org.KindDinas, size: 60, prof: profFinance,
			mix: with(mixOffice, role{"Penera", fung, profEngineer, 1}, role{"Pengawas Perdagangan", fung, profGeneral, 1},
				role{"Penyuluh Perindustrian dan Perdagangan", fung, profGeneral, 1}),
			tree: office("Kepala Dinas", bidang("Perdagangan", "Perdagangan Dalam Negeri", "Metrologi Legal"), bidang("Perindustrian"), bidang("Pengelolaan Pasar"))},
	}
}

// setdaTree: the Sekda leads three assistants, each over three or four
// bagian, plus the Bupati's expert staff.
func setdaTree() *post {
	staffAhli := func(field string) *post {
		return &post{title: "Staf Ahli Bupati Bidang " + field, unit: "Staf Ahli Bupati", kind: str}
	}
	return &post{title: "Sekretaris Daerah", kind: str, lead: true, kids: []*post{
		staffAhli("Pemerintahan, Hukum dan Politik"),
		staffAhli("Ekonomi, Keuangan dan Pembangunan"),
		staffAhli("Kemasyarakatan dan Sumber Daya Manusia"),
		lead("Asisten Pemerintahan dan Kesejahteraan Rakyat",
			lead("Bagian Tata Pemerintahan"), lead("Bagian Hukum"), lead("Bagian Kesejahteraan Rakyat")),
		lead("Asisten Perekonomian dan Pembangunan",
			lead("Bagian Perekonomian dan Sumber Daya Alam"), lead("Bagian Administrasi Pembangunan"), lead("Bagian Pengadaan Barang dan Jasa")),
		lead("Asisten Administrasi Umum",
			lead("Bagian Umum", adminSubbag(), lead("Subbag Rumah Tangga")),
			lead("Bagian Organisasi"), lead("Bagian Protokol dan Komunikasi Pimpinan"), lead("Bagian Perencanaan dan Keuangan")),
	}}
}

// setwanTree: the Sekretaris DPRD leads bagian directly; there is no
// separate secretariat.
func setwanTree() *post {
	return &post{title: "Sekretaris DPRD", kind: str, lead: true, kids: []*post{
		lead("Bagian Umum dan Keuangan", adminSubbag(), lead("Subbag Keuangan").withMix(mixKeuangan)),
		lead("Bagian Persidangan dan Perundang-undangan"),
		lead("Bagian Fasilitasi Penganggaran dan Pengawasan"),
		lead("Bagian Hubungan Masyarakat dan Protokol"),
	}}
}

// bkdTree: the personnel agency. Its Kepala Bidang for personnel
// information and the Kepala Subbidang for data run Hadir for the whole
// regency (regency admins).
func bkdTree() *post {
	info := subbidang("Pengadaan, Pemberhentian dan Informasi Kepegawaian",
		"Pengadaan dan Pemberhentian", "Data dan Sistem Informasi Kepegawaian")
	info.bkd, info.kids[1].bkd = true, true
	return office("Kepala Badan", info,
		subbidang("Mutasi dan Promosi", "Mutasi", "Promosi dan Penilaian Kinerja"),
		subbidang("Pembinaan, Kesejahteraan dan Pensiun Pegawai", "Pembinaan dan Disiplin", "Kesejahteraan dan Pensiun"),
		subbidang("Pengembangan Kompetensi Aparatur"))
}

// satpolTree: four bidang with two seksi each over the Pol PP squads.
func satpolTree() *post {
	return office("Kepala Satuan",
		bidang("Penegakan Peraturan Daerah", "Penyelidikan dan Penyidikan", "Pembinaan dan Pengawasan"),
		bidang("Ketertiban Umum dan Ketenteraman Masyarakat", "Operasi dan Pengendalian", "Kerja Sama"),
		bidang("Perlindungan Masyarakat", "Satuan Perlindungan Masyarakat", "Bina Potensi Masyarakat"),
		bidang("Sumber Daya Aparatur", "Pelatihan Dasar", "Teknis Fungsional"))
}

// kecamatanOPD: a Camat, the Sekretaris Kecamatan with two subbag, and
// four seksi. The office is in the kecamatan capital.
func kecamatanOPD(k kecamatan) opd {
	tree := &post{title: "Camat", kind: str, lead: true, kids: []*post{
		sekretariat("Sekretaris Kecamatan"),
		lead("Seksi Pemerintahan"), lead("Seksi Ketenteraman dan Ketertiban Umum"),
		lead("Seksi Pemberdayaan Masyarakat dan Desa"), lead("Seksi Kesejahteraan Sosial dan Pelayanan Umum"),
	}}
	return opd{code: "KEC-" + code(k.name), name: "Kecamatan " + k.name, kind: org.KindDistrict, size: k.staff,
		prof: profPamong, mix: mixOffice, tree: tree, lat: k.lat, lon: k.lon, radius: 80}
}
