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
		return apperr.InvalidField("nip", "org.nip_digits")
	}
	birth, err := time.Parse("20060102", nip[:8])
	if err != nil || birth.Year() < 1940 {
		return apperr.InvalidField("nip", "org.nip_birth_date")
	}
	appointed, err := time.Parse("200601", nip[8:14])
	if err != nil || !appointed.After(birth.AddDate(15, 0, 0)) {
		return apperr.InvalidField("nip", "org.nip_appointment")
	}
	if nip[14] != '1' && nip[14] != '2' {
		return apperr.InvalidField("nip", "org.nip_sex")
	}
	if nip[15:] == "000" {
		return apperr.InvalidField("nip", "org.nip_sequence")
	}
	return nil
}

// Validate checks the shape of a regency.
func (r *Regency) Validate() error {
	r.Name = strings.TrimSpace(r.Name)
	if r.Name == "" || len(r.Name) > 120 {
		return apperr.InvalidField("name", "org.regency_name")
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
		return apperr.InvalidField("name", "org.agency_name")
	case a.Code == "" || len(a.Code) > 40 || strings.ContainsAny(a.Code, " \t/"):
		return apperr.InvalidField("code", "org.agency_code")
	case !slices.Contains(AgencyKinds, a.Kind):
		return apperr.InvalidField("kind", "org.agency_kind", "kinds", strings.Join(AgencyKinds, ", "))
	case a.ParentID != nil && *a.ParentID == a.ID && a.ID != 0:
		return apperr.InvalidField("parent_id", "org.agency_own_parent")
	}
	return nil
}

// Validate checks the shape of a unit.
func (u *Unit) Validate() error {
	u.Name = strings.TrimSpace(u.Name)
	if u.Name == "" || len(u.Name) > 200 {
		return apperr.InvalidField("name", "org.unit_name")
	}
	return nil
}

// Validate checks the shape of a position.
func (p *Position) Validate() error {
	p.Name = strings.TrimSpace(p.Name)
	if p.Name == "" || len(p.Name) > 200 {
		return apperr.InvalidField("name", "org.position_name")
	}
	if !slices.Contains([]string{PositionStructural, PositionFunctional, PositionExecutor}, p.Kind) {
		return apperr.InvalidField("kind", "org.position_kind")
	}
	return nil
}

// Validate checks the shape of an employee. ASN (PNS, CPNS, PPPK, PPPK paruh
// waktu) must have a valid NIP; non-ASN staff may have none.
func (e *Employee) Validate() error {
	e.Name = strings.TrimSpace(e.Name)
	if e.Name == "" || len(e.Name) > 200 {
		return apperr.InvalidField("name", "org.employee_name")
	}
	if !slices.Contains(EmployeeTypes, e.EmployeeType) {
		return apperr.InvalidField("employee_type", "org.employee_type", "types", strings.Join(EmployeeTypes, ", "))
	}
	if e.NIP != nil && *e.NIP == "" {
		e.NIP = nil
	}
	if e.NIP == nil && e.EmployeeType != TypeNonASN {
		return apperr.InvalidField("nip", "org.nip_required")
	}
	if e.NIP != nil {
		if err := ValidateNIP(*e.NIP); err != nil {
			return err
		}
	}
	if e.ActiveFrom.IsZero() {
		return apperr.InvalidField("active_from", "org.active_from_required")
	}
	if !e.ActiveTo.IsZero() && e.ActiveTo.Before(e.ActiveFrom) {
		return apperr.InvalidField("active_to", "org.active_to_before_from")
	}
	return nil
}

// Validate checks the shape of an assignment.
func (a *Assignment) Validate() error {
	if a.AgencyID <= 0 {
		return apperr.InvalidField("agency_id", "org.agency_required")
	}
	if a.ValidFrom.IsZero() {
		return apperr.InvalidField("valid_from", "org.valid_from_required")
	}
	if !a.ValidTo.IsZero() && a.ValidTo.Before(a.ValidFrom) {
		return apperr.InvalidField("valid_to", "org.valid_to_before_from")
	}
	if a.SupervisorID != nil && *a.SupervisorID == a.EmployeeID && a.EmployeeID != 0 {
		return apperr.InvalidField("supervisor_id", "org.own_supervisor")
	}
	if len(a.Reason) > 500 {
		return apperr.InvalidField("reason", "org.reason_length")
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
		return apperr.InvalidField("name", "org.site_name")
	}
	if err := checkPoint("", Point{s.Lat, s.Lon}); err != nil {
		return err
	}
	if s.RadiusM < 10 || s.RadiusM > 5000 {
		return apperr.InvalidField("radius_m", "org.site_radius")
	}
	if len(s.Polygon) > 0 && len(s.Polygon) < 3 {
		return apperr.InvalidField("polygon", "org.polygon_min")
	}
	if len(s.Polygon) > 200 {
		return apperr.InvalidField("polygon", "org.polygon_max")
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
		return apperr.InvalidField(prefix+"lat", "org.lat_outside_indonesia", "lat", strconv.FormatFloat(p.Lat, 'f', 6, 64))
	}
	if p.Lon < minLon || p.Lon > maxLon {
		return apperr.InvalidField(prefix+"lon", "org.lon_outside_indonesia", "lon", strconv.FormatFloat(p.Lon, 'f', 6, 64))
	}
	return nil
}

func itoa(i int) string { return strconv.Itoa(i) }
