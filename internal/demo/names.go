package demo

// Names and academic titles of the demo's people. The lists mix the names
// common in Lampung Selatan: Lampung and Malay names, and the Javanese and
// Sundanese names of the transmigrant villages that make up much of the
// regency. Any likeness to a real civil servant is chance.

var maleFirst = []string{
	"Agus", "Ahmad", "Andi", "Arif", "Bambang", "Budi", "Dedi", "Dwi", "Eko", "Fajar",
	"Hendra", "Heri", "Imam", "Irfan", "Joko", "M. Rizki", "Muhammad", "Rahmat", "Ridwan",
	"Rudi", "Slamet", "Sugeng", "Suparman", "Syaiful", "Teguh", "Wahyu", "Yusuf", "Zulkifli",
	"Aditya", "Bayu", "Dimas", "Gilang", "Hamdani", "Ismail", "Junaidi", "Khairul", "Lukman",
	"Mulyadi", "Nurdin", "Purwanto", "Rosidi", "Sutrisno", "Tri", "Untung", "Yudi", "Azwar",
	"Darwis", "Edwin", "Firdaus", "Hermansyah", "Marzuki", "Nasrun", "Rusli", "Syahrial",
	"Yusron", "Zainal", "Anton", "Fikri", "Ilham", "Riko", "Taufik", "Wawan", "Yoga",
	"Ari", "Deni", "Erwin", "Hasan", "Indra", "Kurnia", "Mahmud", "Rian", "Sandi",
}

var femaleFirst = []string{
	"Siti", "Sri", "Dewi", "Nur", "Rina", "Yuni", "Lina", "Ani", "Eka", "Dian", "Fitri",
	"Ratna", "Indah", "Ayu", "Putri", "Nia", "Wulan", "Mega", "Desi", "Lilis", "Tuti",
	"Endang", "Yanti", "Rini", "Ika", "Novi", "Maya", "Evi", "Heni", "Lusi", "Intan",
	"Citra", "Riska", "Anisa", "Nurhayati", "Rosmiati", "Zuraida", "Herlina", "Erna",
	"Dahlia", "Kartini", "Marlina", "Yuliana", "Aisyah", "Fatimah", "Rosita", "Mariani",
	"Nining", "Puji", "Ratih", "Septi", "Tri", "Umi", "Vera", "Wiwik", "Yeni", "Zahra",
}

var maleLast = []string{
	"Saputra", "Pratama", "Wijaya", "Kurniawan", "Setiawan", "Hidayat", "Rahman", "Susanto",
	"Gunawan", "Nugroho", "Santoso", "Firmansyah", "Hakim", "Fauzi", "Irawan", "Syahputra",
	"Ramadhan", "Prasetyo", "Wibowo", "Hartono", "Sulistyo", "Effendi", "Hermawan",
	"Yulianto", "Darmawan", "Kusuma", "Maulana", "Nasution", "Harahap", "Siregar",
	"Ardiansyah", "Budiman", "Abidin", "Hasibuan", "Anwar", "Junaedi", "Sanjaya", "Utama",
	"Purnama", "Adiputra", "Fadillah", "Hidayatullah", "Iskandar", "Riyadi", "Suherman",
}

var femaleLast = []string{
	"Sari", "Wati", "Lestari", "Rahayu", "Puspita", "Anggraini", "Safitri", "Wulandari",
	"Handayani", "Purnamasari", "Novitasari", "Oktaviani", "Febriani", "Susanti", "Fitriani",
	"Maharani", "Agustina", "Kurniasih", "Yulianti", "Rahmawati", "Permatasari", "Susilawati",
	"Hasanah", "Aminah", "Ningsih", "Pertiwi", "Setyaningsih", "Utami", "Astuti", "Yusnita",
	"Apriani", "Damayanti", "Kartika", "Nurjanah", "Ramadhani", "Syafitri",
}

// prof is the kind of education a person has, which decides the academic
// titles around their name and how likely they are to be a woman or PPPK.
type prof int

const (
	profDefault prof = iota // in a post or role: the agency's
	profGeneral
	profPamong // civil-service college graduates (IPDN/STPDN): camat, sekretaris
	profIT
	profFinance
	profLaw
	profEngineer
	profAgri
	profVet
	profTeacher
	profNurse
	profMidwife
	profDoctor
	profSpecialist
	profDentist
	profPublicHealth
	profPharmacy
	profPharmTech // asisten apoteker
	profLab
	profRadiology
	profNutrition
	profEnforcement
)

// profile: templates are fmt patterns around the name; "%s" alone is a
// person without a degree. Senior templates are for leaders.
type profile struct {
	female float64 // share of women
	pppk   float64 // share of PPPK among the staff
	minAge int     // youngest age at appointment: after the degree (and the specialty)
	staff  []string
	senior []string
}

// profiles is indexed by prof.
var profiles = [...]profile{
	profGeneral: {0.45, 0.05, 20,
		[]string{"%s, S.E.", "%s, S.Sos.", "%s, S.AP.", "%s, S.H.", "%s, S.IP.", "%s, A.Md.", "%s", "%s", "%s, S.M.", "%s, S.Kom."},
		[]string{"%s, S.Sos., M.Si.", "%s, S.E., M.M.", "%s, S.H., M.H.", "%s, S.AP., M.AP.", "%s, S.IP., M.Si.", "%s, S.E.", "%s, S.Sos."}},
	profPamong: {0.30, 0.03, 22,
		[]string{"%s, S.STP.", "%s, S.IP.", "%s, S.Sos.", "%s, A.Md.", "%s"},
		[]string{"%s, S.STP., M.Si.", "%s, S.IP., M.Si.", "%s, S.Sos., M.M.", "%s, S.STP., M.M."}},
	profIT: {0.35, 0.06, 22,
		[]string{"%s, S.Kom.", "%s, A.Md.Kom.", "%s, S.T.", "%s, S.Kom."},
		[]string{"%s, S.Kom., M.T.I.", "%s, S.T., M.Kom.", "%s, S.Kom."}},
	profFinance: {0.55, 0.04, 22,
		[]string{"%s, S.E.", "%s, S.Ak.", "%s, A.Md.Ak.", "%s, S.E."},
		[]string{"%s, S.E., M.M.", "%s, S.E., M.Ak.", "%s, S.E., Ak."}},
	profLaw: {0.45, 0.03, 23,
		[]string{"%s, S.H."},
		[]string{"%s, S.H., M.H."}},
	profEngineer: {0.20, 0.05, 22,
		[]string{"%s, S.T.", "%s, A.Md.T.", "%s, S.T.", "%s"},
		[]string{"%s, S.T., M.T.", "Ir. %s, M.T.", "%s, S.T."}},
	profAgri: {0.35, 0.08, 22,
		[]string{"%s, S.P.", "%s, A.Md.P.", "%s, S.P.", "%s"},
		[]string{"%s, S.P., M.P.", "Ir. %s", "%s, S.P., M.Si."}},
	profVet: {0.45, 0.08, 25,
		[]string{"drh. %s", "%s, A.Md.Vet.", "%s, A.Md.Vet."},
		[]string{"drh. %s, M.Si.", "drh. %s"}},
	profTeacher: {0.68, 0.24, 22,
		[]string{"%s, S.Pd.", "%s, S.Pd.", "%s, S.Pd.SD", "%s, S.Pd.I.", "%s, S.Ag.", "%s, S.Pd."},
		[]string{"%s, S.Pd., M.Pd.", "%s, S.Pd.", "%s, S.Pd.SD", "%s, M.Pd."}},
	profNurse: {0.70, 0.14, 22,
		[]string{"%s, S.Kep., Ns.", "%s, A.Md.Kep.", "%s, A.Md.Kep.", "%s, S.Kep., Ns."},
		[]string{"%s, S.Kep., Ns.", "%s, S.Kep., Ns., M.Kep."}},
	profMidwife: {1, 0.14, 21,
		[]string{"%s, A.Md.Keb.", "%s, S.Tr.Keb.", "%s, A.Md.Keb."},
		[]string{"%s, S.ST.", "%s, S.Tr.Keb., Bd.", "%s, A.Md.Keb."}},
	profDoctor: {0.55, 0.10, 26,
		[]string{"dr. %s"},
		[]string{"dr. %s", "dr. %s, M.Kes.", "dr. %s, M.M.R.S."}},
	profSpecialist: {0.45, 0.05, 31,
		[]string{"dr. %s, Sp.PD", "dr. %s, Sp.A", "dr. %s, Sp.OG", "dr. %s, Sp.B", "dr. %s, Sp.An", "dr. %s, Sp.P", "dr. %s, Sp.N", "dr. %s, Sp.JP"},
		[]string{"dr. %s, Sp.PD", "dr. %s, Sp.B", "dr. %s, Sp.An"}},
	profDentist: {0.65, 0.10, 26,
		[]string{"drg. %s"},
		[]string{"drg. %s, M.Kes."}},
	profPublicHealth: {0.60, 0.12, 22,
		[]string{"%s, S.KM.", "%s, S.KM.", "%s, A.Md.KL.", "%s, S.Tr.Kes."},
		[]string{"%s, S.KM., M.Kes.", "%s, S.KM., M.M.", "%s, S.KM."}},
	profPharmacy: {0.75, 0.12, 24,
		[]string{"apt. %s, S.Farm.", "%s, A.Md.Farm.", "%s, A.Md.Farm."},
		[]string{"apt. %s, S.Farm., M.Farm.", "apt. %s, S.Farm."}},
	profPharmTech: {0.75, 0.12, 21,
		[]string{"%s, A.Md.Farm.", "%s, A.Md.Farm.", "%s, S.Tr.Farm."},
		[]string{"%s, A.Md.Farm."}},
	profLab: {0.65, 0.12, 21,
		[]string{"%s, A.Md.AK.", "%s, S.Tr.Kes.", "%s, A.Md.Kes."},
		[]string{"%s, S.Tr.Kes.", "%s, S.Si., M.Kes."}},
	profRadiology: {0.40, 0.12, 21,
		[]string{"%s, A.Md.Rad.", "%s, S.Tr.Rad."},
		[]string{"dr. %s, Sp.Rad"}},
	profNutrition: {0.80, 0.12, 21,
		[]string{"%s, S.Gz.", "%s, A.Md.Gz."},
		[]string{"%s, S.Gz., M.Gizi"}},
	profEnforcement: {0.15, 0.04, 20,
		[]string{"%s", "%s", "%s", "%s, S.H.", "%s, S.Sos."},
		[]string{"%s, S.H.", "%s, S.Sos., M.H.", "%s, S.H., M.H."}},
}
