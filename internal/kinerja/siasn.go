package kinerja

import "context"

// SIASN is BKN's SIASN web service as e-kinerja uses it: read an
// employee's SKP and periodic history, write a periodic evaluation.
// internal/siasn implements it; it is off (nil) unless the regency has
// BKN's credentials.
type SIASN interface {
	SKPHistory(ctx context.Context, nip string) ([]RemoteRecord, error)
	PeriodicHistory(ctx context.Context, nip string) ([]RemoteRecord, error)
	SavePeriodic(ctx context.Context, p RemotePeriodic) (id string, err error)
}

// RemoteRecord is one SIASN history record, kept as SIASN sends it.
type RemoteRecord map[string]any

// RemotePeriodic is a periodic evaluation in SIASN's fields
// (kinerjaperiodik/save). The *Nilai fields are SIASN reference codes
// (perilakuDanKinerja, kuadranNilai) that the caller maps from Rating and
// Predikat with the regency's reference table.
type RemotePeriodic struct {
	PNSID             string `json:"pnsDinilaiId"`
	Year              int    `json:"tahun"`
	PeriodID          string `json:"periodikId"`
	StartMonth        int    `json:"bulanMulaiPenilaian"`
	EndMonth          int    `json:"bulanSelesaiPenilaian"`
	StartYear         int    `json:"tahunMulaiPenilaian"`
	EndYear           int    `json:"tahunSelesaiPenilaian"`
	ResultValue       int    `json:"hasilKinerjaNilai"`
	BehaviourValue    int    `json:"perilakuKerjaNilai"`
	QuadrantValue     int    `json:"kuadranKinerjaNilai"`
	EvaluatorName     string `json:"penilaiNama"`
	EvaluatorNIP      string `json:"penilaiNipNrp"`
	EvaluatorPosition string `json:"penilaiJabatanNama"`
	EvaluatorUnit     string `json:"penilaiUnorNama"`
	EvaluatorGrade    string `json:"penilaiGolongan"`
	EvaluatorStatus   string `json:"statusPenilai"` // ASN or NON ASN
}
