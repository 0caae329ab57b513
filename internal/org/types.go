// Package org owns the regency's organisation model: the regency (pemda),
// its agencies (OPD), work units, positions, employees with effective-dated
// assignments, and office sites. Types carry GORM column tags but the package
// never imports GORM; storage lives in internal/store.
package org

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"time"

	"github.com/hadir-id/hadir/internal/civil"
)

// Regency is the tenant: one regional government with its time zone.
type Regency struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	Timezone string `json:"timezone"` // IANA, e.g. Asia/Jakarta
	// CoordinateRetentionMonths is how long check-ins keep their raw
	// position; after it only the geofence verdict and the site remain.
	CoordinateRetentionMonths int       `json:"coordinate_retention_months" gorm:"default:12"`
	CreatedAt                 time.Time `json:"created_at"`
	UpdatedAt                 time.Time `json:"updated_at"`
}

// Agency kinds (jenis perangkat daerah).
const (
	KindSecretariat  = "sekretariat"
	KindDinas        = "dinas"
	KindBadan        = "badan"
	KindInspectorate = "inspektorat"
	KindHospital     = "rsud"
	KindHealthCentre = "puskesmas"
	KindDistrict     = "kecamatan"
	KindSatpol       = "satpol_pp"
	KindSchool       = "sekolah"
	KindOther        = "lainnya"
)

// AgencyKinds lists the accepted agency kinds.
var AgencyKinds = []string{KindSecretariat, KindDinas, KindBadan, KindInspectorate, KindHospital,
	KindHealthCentre, KindDistrict, KindSatpol, KindSchool, KindOther}

// Agency is an OPD (dinas, badan, RSUD, kecamatan …), optionally under a
// parent (a Puskesmas UPT under Dinas Kesehatan).
type Agency struct {
	ID        int64     `json:"id"`
	RegencyID int64     `json:"regency_id"`
	ParentID  *int64    `json:"parent_id"`
	Code      string    `json:"code"`
	Name      string    `json:"name"`
	Kind      string    `json:"kind"`
	ShiftWork bool      `json:"shift_work"`
	Active    bool      `json:"active"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Unit is a work unit (bidang, seksi, ruang rawat) inside an agency.
type Unit struct {
	ID        int64     `json:"id"`
	AgencyID  int64     `json:"agency_id"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Position kinds (jenis jabatan).
const (
	PositionStructural = "struktural"
	PositionFunctional = "fungsional"
	PositionExecutor   = "pelaksana"
)

// Position is a job (jabatan) in an agency.
type Position struct {
	ID          int64     `json:"id"`
	AgencyID    int64     `json:"agency_id"`
	Name        string    `json:"name"`
	Kind        string    `json:"kind"`
	Supervisory bool      `json:"supervisory"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// Employee types (jenis pegawai).
const (
	TypePNS          = "PNS"
	TypeCPNS         = "CPNS"
	TypePPPK         = "PPPK"
	TypePPPKPartTime = "PPPK_PW" // PPPK paruh waktu
	TypeNonASN       = "NON_ASN"
)

// EmployeeTypes lists the accepted employee types.
var EmployeeTypes = []string{TypePNS, TypeCPNS, TypePPPK, TypePPPKPartTime, TypeNonASN}

// Employee is a person who works for the regency. Where they work is in
// their Assignments, which are effective-dated.
type Employee struct {
	ID           int64       `json:"id"`
	RegencyID    int64       `json:"regency_id"`
	NIP          *string     `json:"nip" gorm:"column:nip"`
	Name         string      `json:"name"`
	EmployeeType string      `json:"employee_type"`
	UserHandle   []byte      `json:"-"` // WebAuthn user handle: random, never the NIP
	ActiveFrom   civil.Date  `json:"active_from"`
	ActiveTo     civil.Date  `json:"active_to"`
	CreatedAt    time.Time   `json:"created_at"`
	UpdatedAt    time.Time   `json:"updated_at"`
	Current      *Assignment `json:"assignment,omitempty" gorm:"-"`
}

// Assignment places an employee in an agency, unit and position under a
// direct supervisor (atasan langsung) from ValidFrom to ValidTo inclusive
// (zero ValidTo: open-ended).
type Assignment struct {
	ID           int64      `json:"id"`
	EmployeeID   int64      `json:"employee_id"`
	AgencyID     int64      `json:"agency_id"`
	UnitID       *int64     `json:"unit_id"`
	PositionID   *int64     `json:"position_id"`
	SupervisorID *int64     `json:"supervisor_id"`
	ValidFrom    civil.Date `json:"valid_from"`
	ValidTo      civil.Date `json:"valid_to"`
	Reason       string     `json:"reason"`
	CreatedAt    time.Time  `json:"created_at"`
	CreatedBy    *int64     `json:"created_by"`
}

// TableName is the table of assignments.
func (Assignment) TableName() string { return "employee_assignments" }

// Covers reports whether the assignment is in force on d.
func (a Assignment) Covers(d civil.Date) bool {
	return !d.Before(a.ValidFrom) && (a.ValidTo.IsZero() || !d.After(a.ValidTo))
}

// Site is an office location of an agency: a circle (centre + radius) and,
// optionally, a polygon that replaces the circle for the inside test.
type Site struct {
	ID        int64     `json:"id"`
	AgencyID  int64     `json:"agency_id"`
	Name      string    `json:"name"`
	Lat       float64   `json:"lat"`
	Lon       float64   `json:"lon"`
	RadiusM   float64   `json:"radius_m" gorm:"column:radius_m"`
	Polygon   Polygon   `json:"polygon" gorm:"type:text"`
	Active    bool      `json:"active"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// TableName is the table of sites.
func (Site) TableName() string { return "office_sites" }

// Point is a WGS84 coordinate.
type Point struct {
	Lat float64 `json:"lat"`
	Lon float64 `json:"lon"`
}

// Polygon is a closed ring of points, stored as JSON text; nil when the site
// is a plain circle.
type Polygon []Point

// Value stores the polygon as JSON text, NULL when empty.
func (p Polygon) Value() (driver.Value, error) {
	if len(p) == 0 {
		return nil, nil
	}
	b, err := json.Marshal([]Point(p))
	return string(b), err
}

// Scan reads JSON text.
func (p *Polygon) Scan(src any) error {
	var b []byte
	switch v := src.(type) {
	case nil:
		*p = nil
		return nil
	case string:
		b = []byte(v)
	case []byte:
		b = v
	default:
		return fmt.Errorf("org.Polygon: cannot scan %T", src)
	}
	return json.Unmarshal(b, (*[]Point)(p))
}
