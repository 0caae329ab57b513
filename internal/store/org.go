package store

import (
	"context"
	"time"

	"gorm.io/gorm"

	"github.com/hadir-id/hadir/internal/audit"
	"github.com/hadir-id/hadir/internal/org"
)

// CreateRegency inserts a regency.
func (s *Store) CreateRegency(ctx context.Context, actor audit.Actor, r *org.Regency) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Create(r).Error; err != nil {
			return err
		}
		actor.RegencyID = r.ID
		return record(tx, actor, nil, "regency.create", "regency", r.ID, r)
	})
}

// Regency returns one regency. Errors: not_found.
func (s *Store) Regency(ctx context.Context, id int64) (org.Regency, error) {
	var r org.Regency
	err := s.read(ctx).First(&r, id).Error
	return r, translate(err)
}

// Regencies lists all regencies (normally one per deployment).
func (s *Store) Regencies(ctx context.Context) ([]org.Regency, error) {
	var out []org.Regency
	return out, translate(s.read(ctx).Order("id").Find(&out).Error)
}

// UpdateRegency saves a regency's name and time zone.
func (s *Store) UpdateRegency(ctx context.Context, actor audit.Actor, r *org.Regency) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		s.zones.Remove(r.ID)
		res := tx.Model(r).Select("name", "timezone", "coordinate_retention_months", "updated_at").Updates(r)
		if err := notFoundIfNone(res); err != nil {
			return err
		}
		return record(tx, actor, nil, "regency.update", "regency", r.ID, r)
	})
}

// CreateAgency inserts an agency. Errors: conflict (code taken), invalid.
func (s *Store) CreateAgency(ctx context.Context, actor audit.Actor, a *org.Agency) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Create(a).Error; err != nil {
			return err
		}
		return record(tx, actor, &a.ID, "agency.create", "agency", a.ID, a)
	})
}

// Agency returns one agency. Errors: not_found.
func (s *Store) Agency(ctx context.Context, id int64) (org.Agency, error) {
	var a org.Agency
	return a, translate(s.read(ctx).First(&a, id).Error)
}

// Agencies lists a regency's agencies by name; ids limits them when not nil.
func (s *Store) Agencies(ctx context.Context, regencyID int64, ids []int64) ([]org.Agency, error) {
	q := s.read(ctx).Where("regency_id = ?", regencyID)
	if ids != nil {
		q = q.Where("id IN ?", ids)
	}
	var out []org.Agency
	return out, translate(q.Order("name").Find(&out).Error)
}

// UpdateAgency saves an agency. Errors: not_found, conflict.
func (s *Store) UpdateAgency(ctx context.Context, actor audit.Actor, a *org.Agency) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		res := tx.Model(a).Select("parent_id", "code", "name", "kind", "shift_work", "active", "updated_at").Updates(a)
		if err := notFoundIfNone(res); err != nil {
			return err
		}
		return record(tx, actor, &a.ID, "agency.update", "agency", a.ID, a)
	})
}

// AgencyTree returns each agency id of a regency mapped to its parent id
// (0 for top level), for scope computations.
func (s *Store) AgencyTree(ctx context.Context, regencyID int64) (map[int64]int64, error) {
	var rows []struct {
		ID       int64
		ParentID *int64
	}
	err := s.read(ctx).Model(&org.Agency{}).Select("id", "parent_id").Where("regency_id = ?", regencyID).Scan(&rows).Error
	tree := make(map[int64]int64, len(rows))
	for _, r := range rows {
		if r.ParentID != nil {
			tree[r.ID] = *r.ParentID
		} else {
			tree[r.ID] = 0
		}
	}
	return tree, translate(err)
}

// CreateUnit inserts a work unit. Errors: conflict, invalid.
func (s *Store) CreateUnit(ctx context.Context, actor audit.Actor, u *org.Unit) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Create(u).Error; err != nil {
			return err
		}
		return record(tx, actor, &u.AgencyID, "unit.create", "unit", u.ID, u)
	})
}

// Units lists an agency's units.
func (s *Store) Units(ctx context.Context, agencyID int64) ([]org.Unit, error) {
	var out []org.Unit
	return out, translate(s.read(ctx).Where("agency_id = ?", agencyID).Order("name").Find(&out).Error)
}

// Unit returns one unit. Errors: not_found.
func (s *Store) Unit(ctx context.Context, id int64) (org.Unit, error) {
	var u org.Unit
	return u, translate(s.read(ctx).First(&u, id).Error)
}

// CreatePosition inserts a position. Errors: conflict, invalid.
func (s *Store) CreatePosition(ctx context.Context, actor audit.Actor, p *org.Position) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Create(p).Error; err != nil {
			return err
		}
		return record(tx, actor, &p.AgencyID, "position.create", "position", p.ID, p)
	})
}

// Positions lists an agency's positions.
func (s *Store) Positions(ctx context.Context, agencyID int64) ([]org.Position, error) {
	var out []org.Position
	return out, translate(s.read(ctx).Where("agency_id = ?", agencyID).Order("name").Find(&out).Error)
}

// Position returns one position. Errors: not_found.
func (s *Store) Position(ctx context.Context, id int64) (org.Position, error) {
	var p org.Position
	return p, translate(s.read(ctx).First(&p, id).Error)
}

// CreateSite inserts an office site.
func (s *Store) CreateSite(ctx context.Context, actor audit.Actor, site *org.Site) error {
	defer s.sites.Remove(site.AgencyID)
	return s.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Create(site).Error; err != nil {
			return err
		}
		return record(tx, actor, &site.AgencyID, "site.create", "site", site.ID, site)
	})
}

// Sites lists an agency's sites (active and inactive). Cached for a
// minute: every check-in reads them.
func (s *Store) Sites(ctx context.Context, agencyID int64) ([]org.Site, error) {
	if out, ok := s.sites.Get(agencyID); ok {
		return out, nil
	}
	var out []org.Site
	err := s.read(ctx).Where("agency_id = ?", agencyID).Order("id").Find(&out).Error
	if err == nil {
		s.sites.Add(agencyID, out)
	}
	return out, translate(err)
}

// Site returns one site. Errors: not_found.
func (s *Store) Site(ctx context.Context, id int64) (org.Site, error) {
	var site org.Site
	return site, translate(s.read(ctx).First(&site, id).Error)
}

// UpdateSite saves a site. Errors: not_found.
func (s *Store) UpdateSite(ctx context.Context, actor audit.Actor, site *org.Site) error {
	defer s.sites.Remove(site.AgencyID)
	return s.tx(ctx, func(tx *gorm.DB) error {
		res := tx.Model(site).Select("name", "lat", "lon", "radius_m", "polygon", "active", "updated_at").Updates(site)
		if err := notFoundIfNone(res); err != nil {
			return err
		}
		return record(tx, actor, &site.AgencyID, "site.update", "site", site.ID, site)
	})
}

// notFoundIfNone turns an update that touched no row into not_found.
func notFoundIfNone(res *gorm.DB) error {
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return gorm.ErrRecordNotFound
	}
	return nil
}

// RegencyZone returns the time zone of a regency. Errors: not_found.
func (s *Store) RegencyZone(ctx context.Context, id int64) (*time.Location, error) {
	if loc, ok := s.zones.Get(id); ok {
		return loc, nil
	}
	r, err := s.Regency(ctx, id)
	if err != nil {
		return nil, err
	}
	loc, err := time.LoadLocation(r.Timezone)
	if err == nil {
		s.zones.Add(id, loc)
	}
	return loc, err
}
