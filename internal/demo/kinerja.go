package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/hadir-id/hadir/internal/audit"
	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/kinerja"
	"github.com/hadir-id/hadir/internal/org"
	"github.com/hadir-id/hadir/internal/store"
)

// catalogue is the regency's standard activities (kamus aktivitas) kept by
// BKD: code, name, unit, standard minutes per unit (ekinerja-lamsel.md §2–3).
var catalogue = []struct {
	code, name, unit string
	min              int
}{
	{"ADM-01", "Menyusun konsep surat dinas", "surat", 45}, {"ADM-02", "Mengagendakan surat masuk dan keluar", "surat", 10},
	{"ADM-03", "Mengarsipkan dokumen", "berkas", 15}, {"ADM-04", "Menyusun notula rapat", "notula", 60},
	{"ADM-05", "Menginput data ke aplikasi", "data", 10}, {"ADM-06", "Memverifikasi kelengkapan berkas", "berkas", 20},
	{"ADM-07", "Menyusun telaahan staf", "dokumen", 120}, {"ADM-08", "Menyusun nota dinas", "dokumen", 45},
	{"ADM-09", "Menggandakan dan mendistribusikan dokumen", "berkas", 15}, {"ADM-10", "Mengelola daftar hadir pegawai", "laporan", 30},
	{"RPT-01", "Mengikuti rapat koordinasi", "kegiatan", 120}, {"RPT-02", "Memimpin rapat internal", "kegiatan", 90},
	{"RPT-03", "Menjadi narasumber", "kegiatan", 120}, {"RPT-04", "Mengikuti sosialisasi/bimbingan teknis", "kegiatan", 240},
	{"LAP-01", "Menyusun laporan harian", "laporan", 30}, {"LAP-02", "Menyusun laporan bulanan", "laporan", 180},
	{"LAP-03", "Menyusun laporan kegiatan", "laporan", 120}, {"LAP-04", "Menyusun bahan paparan pimpinan", "dokumen", 120},
	{"LAP-05", "Mengolah dan menganalisis data", "data set", 90}, {"LAP-06", "Menyusun LKjIP/LPPD bagian unit", "dokumen", 240},
	{"PEL-01", "Melayani konsultasi masyarakat", "orang", 20}, {"PEL-02", "Melayani permohonan layanan", "permohonan", 30},
	{"PEL-03", "Menanggapi pengaduan masyarakat", "pengaduan", 45}, {"PEL-04", "Melakukan verifikasi lapangan", "lokasi", 120},
	{"KEU-01", "Menyusun RKA/DPA", "dokumen", 240}, {"KEU-02", "Memverifikasi SPJ", "berkas", 30},
	{"KEU-03", "Menyusun SPP/SPM", "dokumen", 45}, {"KEU-04", "Mencatat barang milik daerah", "barang", 10},
	{"PGW-01", "Memproses usulan kenaikan pangkat/KGB", "berkas", 30}, {"PGW-02", "Memperbarui data kepegawaian", "pegawai", 15},
	{"TIK-01", "Memelihara jaringan dan perangkat komputer", "unit", 60}, {"TIK-02", "Memperbarui konten situs web", "konten", 30},
	{"TIK-03", "Menangani gangguan aplikasi", "tiket", 45}, {"TIK-04", "Mencadangkan data server", "kegiatan", 30},
	{"TIK-05", "Mengembangkan modul aplikasi", "modul", 240}, {"TIK-06", "Mengelola media sosial OPD", "unggahan", 20},
	{"PRC-01", "Menyusun rencana kerja", "dokumen", 180}, {"PRC-02", "Melakukan monitoring dan evaluasi", "kegiatan", 180},
	{"PRC-03", "Menyusun kerangka acuan kerja (KAK)", "dokumen", 150}, {"PRC-04", "Melakukan pembinaan/supervisi bawahan", "kegiatan", 60},
}

// seedKinerja gives the demo an e-kinerja that works on the first open: the
// regency's catalogue, agreed SKPs for the supervisor persona's chain in
// the agency (their superiors, themself and their other subordinates, each
// RHK supporting their supervisor's), and a month of those subordinates'
// and the supervisor's entries in every state — approved, returned,
// submitted this week (the supervisor's week to approve) and today's
// drafts. The employee persona has none: they plan their SKP themself.
func seedKinerja(ctx context.Context, st *store.Store, res *Result, today civil.Date) error {
	var emp, boss Persona
	for _, p := range res.Personas {
		switch p.Role {
		case "employee":
			emp = p
		case "supervisor":
			boss = p
		}
	}
	acts, err := seedCatalogue(ctx, st, res.RegencyID)
	if err != nil || boss.EmployeeID == 0 {
		return err
	}
	chain, err := chainAbove(ctx, st, boss.EmployeeID, today)
	if err != nil {
		return err
	}
	team, err := st.Employees(ctx, org.EmployeeFilter{RegencyID: res.RegencyID, On: today, SupervisorID: boss.EmployeeID, Limit: 50})
	if err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(seed1, 12))
	var parent []kinerja.RHK
	for i := len(chain) - 1; i >= 0; i-- { // the top first: each links to the one above
		if parent, err = seedSKP(ctx, st, chain[i], today.Year, parent, boss.AgencyName); err != nil {
			return err
		}
	}
	bossRHK := parent
	if err := seedEntries(ctx, st, rng, boss.EmployeeID, bossRHK, acts, today, audit.System); err != nil {
		return err
	}
	for _, e := range team {
		if e.ID == emp.EmployeeID {
			continue
		}
		rhks, err := seedSKP(ctx, st, e, today.Year, bossRHK, boss.AgencyName)
		if err != nil {
			return err
		}
		if err := seedEntries(ctx, st, rng, e.ID, rhks, acts, today, audit.Actor{UserID: boss.UserID, RegencyID: res.RegencyID}); err != nil {
			return err
		}
	}
	return nil
}

func seedCatalogue(ctx context.Context, st *store.Store, regencyID int64) ([]kinerja.Activity, error) {
	out := make([]kinerja.Activity, len(catalogue))
	for i, c := range catalogue {
		out[i] = kinerja.Activity{RegencyID: regencyID, Code: c.code, Name: c.name, Unit: c.unit, Minutes: c.min, CreatedAt: time.Now().UTC()}
		if err := st.CreateActivity(ctx, audit.System, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// chainAbove is the supervisor and their superiors, nearest first.
func chainAbove(ctx context.Context, st *store.Store, id int64, on civil.Date) ([]org.Employee, error) {
	var out []org.Employee
	for len(out) < 6 {
		e, err := st.Employee(ctx, id, on)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
		if e.Current == nil || e.Current.SupervisorID == nil {
			break
		}
		id = *e.Current.SupervisorID
	}
	return out, nil
}

// seedSKP writes an agreed SKP of two RHK supporting the parent's.
func seedSKP(ctx context.Context, st *store.Store, e org.Employee, year int, parent []kinerja.RHK, agency string) ([]kinerja.RHK, error) {
	k := kinerja.SKP{EmployeeID: e.ID, Year: year, Status: kinerja.StatusDraft, UpdatedAt: time.Now().UTC()}
	texts := [][2]string{{"Layanan %s yang andal dan tepat waktu", "Persentase layanan selesai tepat waktu"},
		{"Dokumen perencanaan dan laporan %s tersusun", "Jumlah dokumen tersusun"}}
	units := []string{"laporan", "dokumen"}
	for i, tx := range texts {
		r := kinerja.RHK{Kind: kinerja.RHKMain, Text: fmt.Sprintf(tx[0], agency), Indicator: tx[1], TargetQty: 12, TargetUnit: units[i], Position: i}
		if i == 1 {
			r.Kind = kinerja.RHKExtra
		}
		if i < len(parent) {
			r.ParentID = &parent[i].ID
		}
		k.RHKs = append(k.RHKs, r)
	}
	if err := st.SaveSKP(ctx, audit.System, &k); err != nil {
		return nil, err
	}
	k.Status = kinerja.StatusAgreed
	return k.RHKs, st.DecideSKP(ctx, audit.System, &k)
}

// seedEntries logs the weekdays of the last month: older days approved
// (one returned a week back, a few more at random), the last three working days submitted,
// today's left as drafts.
func seedEntries(ctx context.Context, st *store.Store, rng *rand.Rand, empID int64, rhks []kinerja.RHK, acts []kinerja.Activity, today civil.Date, decider audit.Actor) error {
	var approve, ret []int64
	recent := 0
	for d := today; !d.Before(today.AddDays(-30)); d = d.AddDays(-1) {
		if w := d.Weekday(); w == time.Saturday || w == time.Sunday {
			continue
		}
		var ids []int64
		for total := 0; total < 300+rng.IntN(120); {
			a := acts[rng.IntN(len(acts))]
			vol := 1 + rng.IntN(3)
			e := kinerja.Entry{EmployeeID: empID, Date: d, RHKID: rhks[rng.IntN(len(rhks))].ID, ActivityID: &a.ID, What: a.Name,
				Volume: float64(vol), Unit: a.Unit, Minutes: min(a.Minutes*vol, 240), Status: kinerja.StatusDraft}
			if err := st.CreateEntry(ctx, decider, &e); err != nil {
				return err
			}
			ids, total = append(ids, e.ID), total+e.Minutes
		}
		if d == today {
			continue
		}
		if _, err := st.SubmitEntries(ctx, decider, empID, d, d, time.Now().UTC()); err != nil {
			return err
		}
		if recent++; recent <= 3 {
			continue
		}
		if recent == 6 || rng.IntN(12) == 0 { // one returned entry a week back, a few more at random
			ret, ids = append(ret, ids[0]), ids[1:]
		}
		approve = append(approve, ids...)
	}
	now := time.Now().UTC()
	if len(approve) > 0 {
		if err := st.DecideEntries(ctx, decider, approve, kinerja.StatusApproved, "", now); err != nil {
			return err
		}
	}
	if len(ret) == 0 {
		return nil
	}
	return st.DecideEntries(ctx, decider, ret, kinerja.StatusReturned, "Lengkapi bukti dukung", now)
}
