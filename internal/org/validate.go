package org

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hadir-id/hadir/internal/apperr"
)

// ValidateNIP checks an 18-digit NIP (or NI PPPK): birth date (8), month of
// appointment (6), sex (1 or 2) and a sequence number (3).
func ValidateNIP(nip string) error {
	if len(nip) != 18 || strings.Trim(nip, "0123456789") != "" {
		return apperr.Field("nip", "NIP harus 18 digit angka")
	}
	birth, err := time.Parse("20060102", nip[:8])
	if err != nil || birth.Year() < 1940 {
		return apperr.Field("nip", "8 digit pertama NIP harus tanggal lahir yang sah (YYYYMMDD)")
	}
	appointed, err := time.Parse("200601", nip[8:14])
	if err != nil || !appointed.After(birth.AddDate(15, 0, 0)) {
		return apperr.Field("nip", "digit 9–14 NIP harus bulan pengangkatan yang sah (YYYYMM), setelah usia 15 tahun")
	}
	if nip[14] != '1' && nip[14] != '2' {
		return apperr.Field("nip", "digit ke-15 NIP (jenis kelamin) harus 1 atau 2")
	}
	if nip[15:] == "000" {
		return apperr.Field("nip", "nomor urut NIP (3 digit terakhir) tidak boleh 000")
	}
	return nil
}

// Validate checks the shape of a regency.
func (r *Regency) Validate() error {
	r.Name = strings.TrimSpace(r.Name)
	if r.Name == "" || len(r.Name) > 120 {
		return apperr.Field("name", "nama pemda wajib diisi (maks. 120 karakter)")
	}
	if r.CoordinateRetentionMonths == 0 {
		r.CoordinateRetentionMonths = DefaultCoordinateRetention
	}
	if r.CoordinateRetentionMonths < 1 || r.CoordinateRetentionMonths > 120 {
		return apperr.InvalidField("coordinate_retention_months", "org.retention_range")
	}
	return nil
}

// DefaultCoordinateRetention keeps raw check-in positions a year: long
// enough for the month's TPP disputes and a discipline case's evidence,
// short of keeping where everyone stood forever.
const DefaultCoordinateRetention = 12

// Validate checks the shape of an agency.
func (a *Agency) Validate() error {
	a.Name, a.Code = strings.TrimSpace(a.Name), strings.TrimSpace(a.Code)
	switch {
	case a.Name == "" || len(a.Name) > 200:
		return apperr.Field("name", "nama OPD wajib diisi (maks. 200 karakter)")
	case a.Code == "" || len(a.Code) > 40 || strings.ContainsAny(a.Code, " \t/"):
		return apperr.Field("code", "kode OPD wajib diisi, tanpa spasi (maks. 40 karakter)")
	case !slices.Contains(AgencyKinds, a.Kind):
		return apperr.Field("kind", "jenis OPD tidak dikenal (pilih salah satu: %s)", strings.Join(AgencyKinds, ", "))
	case a.ParentID != nil && *a.ParentID == a.ID && a.ID != 0:
		return apperr.Field("parent_id", "OPD tidak boleh menjadi induk dirinya sendiri")
	}
	return nil
}

// Validate checks the shape of a unit.
func (u *Unit) Validate() error {
	u.Name = strings.TrimSpace(u.Name)
	if u.Name == "" || len(u.Name) > 200 {
		return apperr.Field("name", "nama unit kerja wajib diisi (maks. 200 karakter)")
	}
	return nil
}

// Validate checks the shape of a position.
func (p *Position) Validate() error {
	p.Name = strings.TrimSpace(p.Name)
	if p.Name == "" || len(p.Name) > 200 {
		return apperr.Field("name", "nama jabatan wajib diisi (maks. 200 karakter)")
	}
	if !slices.Contains([]string{PositionStructural, PositionFunctional, PositionExecutor}, p.Kind) {
		return apperr.Field("kind", "jenis jabatan harus struktural, fungsional atau pelaksana")
	}
	return nil
}

// Validate checks the shape of an employee. ASN (PNS, CPNS, PPPK, PPPK paruh
// waktu) must have a valid NIP; non-ASN staff may have none.
func (e *Employee) Validate() error {
	e.Name = strings.TrimSpace(e.Name)
	if e.Name == "" || len(e.Name) > 200 {
		return apperr.Field("name", "nama pegawai wajib diisi (maks. 200 karakter)")
	}
	if !slices.Contains(EmployeeTypes, e.EmployeeType) {
		return apperr.Field("employee_type", "jenis pegawai harus salah satu dari: %s", strings.Join(EmployeeTypes, ", "))
	}
	if e.NIP != nil && *e.NIP == "" {
		e.NIP = nil
	}
	if e.NIP == nil && e.EmployeeType != TypeNonASN {
		return apperr.Field("nip", "NIP wajib diisi untuk ASN")
	}
	if e.NIP != nil {
		if err := ValidateNIP(*e.NIP); err != nil {
			return err
		}
	}
	if e.ActiveFrom.IsZero() {
		return apperr.Field("active_from", "tanggal mulai aktif (TMT) wajib diisi")
	}
	if !e.ActiveTo.IsZero() && e.ActiveTo.Before(e.ActiveFrom) {
		return apperr.Field("active_to", "tanggal akhir aktif tidak boleh sebelum tanggal mulai")
	}
	return nil
}

// Validate checks the shape of an assignment.
func (a *Assignment) Validate() error {
	if a.AgencyID <= 0 {
		return apperr.Field("agency_id", "OPD wajib dipilih")
	}
	if a.ValidFrom.IsZero() {
		return apperr.Field("valid_from", "tanggal berlaku (TMT) wajib diisi")
	}
	if !a.ValidTo.IsZero() && a.ValidTo.Before(a.ValidFrom) {
		return apperr.Field("valid_to", "tanggal akhir tidak boleh sebelum tanggal berlaku")
	}
	if a.SupervisorID != nil && *a.SupervisorID == a.EmployeeID && a.EmployeeID != 0 {
		return apperr.Field("supervisor_id", "pegawai tidak boleh menjadi atasan dirinya sendiri")
	}
	if len(a.Reason) > 500 {
		return apperr.Field("reason", "alasan maks. 500 karakter")
	}
	return nil
}

// Indonesia's bounding box with a margin: a site outside it is a typo
// (swapped lat/lon, a missing minus sign), not an office.
const (
	minLat, maxLat = -11.5, 6.5
	minLon, maxLon = 94.5, 141.5
)

// Validate checks the shape of a site: a centre inside Indonesia, a radius
// of 10 m–5 km, and a polygon of at least three points when given.
func (s *Site) Validate() error {
	s.Name = strings.TrimSpace(s.Name)
	if s.Name == "" || len(s.Name) > 200 {
		return apperr.Field("name", "nama lokasi wajib diisi (maks. 200 karakter)")
	}
	if err := checkPoint("", Point{s.Lat, s.Lon}); err != nil {
		return err
	}
	if s.RadiusM < 10 || s.RadiusM > 5000 {
		return apperr.Field("radius_m", "radius harus 10–5000 meter")
	}
	if len(s.Polygon) > 0 && len(s.Polygon) < 3 {
		return apperr.Field("polygon", "poligon minimal 3 titik")
	}
	if len(s.Polygon) > 200 {
		return apperr.Field("polygon", "poligon maks. 200 titik")
	}
	for i, p := range s.Polygon {
		if err := checkPoint("polygon["+itoa(i)+"].", p); err != nil {
			return err
		}
	}
	return nil
}

func checkPoint(prefix string, p Point) error {
	if p.Lat < minLat || p.Lat > maxLat {
		return apperr.Field(prefix+"lat", "lintang %.6f di luar wilayah Indonesia (−11,5 s.d. 6,5)", p.Lat)
	}
	if p.Lon < minLon || p.Lon > maxLon {
		return apperr.Field(prefix+"lon", "bujur %.6f di luar wilayah Indonesia (94,5 s.d. 141,5)", p.Lon)
	}
	return nil
}

func itoa(i int) string { return strconv.Itoa(i) }
