package demo

// The 17 kecamatan of Lampung Selatan with their capitals (official list of
// the Pemkab) and the 28 UPT Puskesmas (BPS Lampung 2025: 15 with inpatient
// care, 13 without). Coordinates are approximate town centres for the
// geofence demo, not surveyed office locations; the names of the second and
// third puskesmas of a kecamatan are illustrative.

// kecamatan is one district: its office, its staff and its schools.
type kecamatan struct {
	name, capital string
	lat, lon      float64
	staff         int // ASN at the kantor camat
	sd            int // SD negeri in the demo (the real count is far larger)
	smp           int // SMP negeri in the demo
}

var kecamatans = []kecamatan{
	{"Natar", "Merak Batin", -5.3050, 105.1970, 48, 12, 2},
	{"Jati Agung", "Marga Agung", -5.2930, 105.3390, 42, 10, 2},
	{"Tanjung Bintang", "Jati Baru", -5.4300, 105.3630, 38, 8, 2},
	{"Tanjung Sari", "Kerto Sari", -5.3850, 105.4560, 32, 6, 1},
	{"Katibung", "Tanjung Ratu", -5.5200, 105.3500, 36, 8, 2},
	{"Merbau Mataram", "Merbau Mataram", -5.4850, 105.4300, 34, 7, 1},
	{"Way Sulan", "Karang Pucung", -5.6200, 105.4900, 30, 6, 1},
	{"Sidomulyo", "Sidorejo", -5.5720, 105.4480, 36, 8, 2},
	{"Candipuro", "Titiwangi", -5.5900, 105.5850, 34, 7, 1},
	{"Way Panji", "Sidoharjo", -5.6400, 105.5700, 30, 6, 1},
	{"Kalianda", "Kalianda", -5.7300, 105.5900, 44, 10, 2},
	{"Rajabasa", "Banding", -5.8300, 105.6300, 32, 6, 1},
	{"Palas", "Bangunan", -5.6400, 105.6800, 34, 7, 1},
	{"Sragi", "Kuala Sekampung", -5.5000, 105.8200, 30, 6, 1},
	{"Penengahan", "Pasuruan", -5.7650, 105.6800, 34, 7, 1},
	{"Ketapang", "Bangun Rejo", -5.6900, 105.7900, 34, 7, 1},
	{"Bakauheni", "Hatta", -5.8450, 105.7350, 32, 6, 1},
}

// puskesmas is one UPT Puskesmas; a zero lat/lon means "in the kecamatan
// capital, a few hundred metres from the kantor camat".
type puskesmas struct {
	name      string
	kecamatan string
	inpatient bool // rawat inap: open around the clock, so shift work
	lat, lon  float64
	staff     int
}

var puskesmases = []puskesmas{
	{"Natar", "Natar", true, 0, 0, 42},
	{"Hajimena", "Natar", false, -5.3430, 105.2260, 30},
	{"Sukadamai", "Natar", true, -5.2700, 105.1850, 42},
	{"Jati Agung", "Jati Agung", false, 0, 0, 29},
	{"Karang Anyar", "Jati Agung", false, -5.3230, 105.2870, 29},
	{"Sidodadi Asri", "Jati Agung", false, -5.2780, 105.3200, 29},
	{"Tanjung Bintang", "Tanjung Bintang", true, 0, 0, 42},
	{"Sabah Balau", "Tanjung Bintang", false, -5.4080, 105.3120, 29},
	{"Tanjung Sari", "Tanjung Sari", true, 0, 0, 38},
	{"Katibung", "Katibung", true, 0, 0, 40},
	{"Tarahan", "Katibung", false, -5.5280, 105.3110, 29},
	{"Merbau Mataram", "Merbau Mataram", true, 0, 0, 38},
	{"Way Sulan", "Way Sulan", false, 0, 0, 29},
	{"Sidomulyo", "Sidomulyo", true, 0, 0, 40},
	{"Seloretno", "Sidomulyo", false, -5.5950, 105.4170, 29},
	{"Candipuro", "Candipuro", true, 0, 0, 40},
	{"Way Panji", "Way Panji", false, 0, 0, 29},
	{"Kalianda", "Kalianda", true, 0, 0, 44},
	{"Way Urang", "Kalianda", false, -5.7350, 105.6030, 30},
	{"Rajabasa", "Rajabasa", true, 0, 0, 38},
	{"Kunjir", "Rajabasa", false, -5.8000, 105.5730, 29},
	{"Palas", "Palas", true, 0, 0, 40},
	{"Sragi", "Sragi", true, 0, 0, 38},
	{"Penengahan", "Penengahan", true, 0, 0, 40},
	{"Way Kalam", "Penengahan", false, -5.7550, 105.6600, 29},
	{"Ketapang", "Ketapang", true, 0, 0, 40},
	{"Sumur", "Ketapang", false, -5.7200, 105.8300, 29},
	{"Bakauheni", "Bakauheni", true, 0, 0, 40},
}

// Kalianda, the regency seat: the OPD offices are laid out on a grid
// around the government complex, and the RSUD has its own coordinates.
const (
	complexLat, complexLon = -5.7240, 105.5985
	rsudLat, rsudLon       = -5.72754, 105.59646
	gridStepM              = 250.0
	gridCols               = 6
	metresPerDegree        = 111_320.0
)

// kecamatanByName returns the district of a puskesmas; the tables are
// fixed, so a miss is a programming error caught by the tests.
func kecamatanByName(name string) kecamatan {
	for _, k := range kecamatans {
		if k.name == name {
			return k
		}
	}
	panic("demo: unknown kecamatan " + name)
}
