package store

import (
	"context"
	"database/sql"
	"errors"
	"github.com/hadir-id/hadir/internal/page"
	"time"

	"gorm.io/gorm"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/audit"
	"github.com/hadir-id/hadir/internal/device"
	"github.com/hadir-id/hadir/internal/org"
)

// CreateActivationCode stores a one-time enrolment code (its hash).
func (s *Store) CreateActivationCode(ctx context.Context, actor audit.Actor, agencyID int64, c *device.ActivationCode) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		c.CreatedBy = actorID(actor)
		if err := tx.Create(c).Error; err != nil {
			return err
		}
		return record(tx, actor, &agencyID, "device.activation_code", "employee", c.EmployeeID, map[string]any{"expires_at": c.ExpiresAt})
	})
}

// ActivationCode returns the unused, unexpired code with this hash.
// Errors: unauthorized.
func (s *Store) ActivationCode(ctx context.Context, hash []byte) (device.ActivationCode, error) {
	var c device.ActivationCode
	err := s.read(ctx).Where("code_hash = ? AND used_at IS NULL AND expires_at > ?", hash, s.now().UTC()).First(&c).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return c, apperr.New(apperr.Unauthorized, "device.activation_invalid")
	}
	return c, translate(err)
}

// SaveCeremony stores a ceremony's session data.
func (s *Store) SaveCeremony(ctx context.Context, c *device.Ceremony) error {
	return translate(s.write(ctx).Create(c).Error)
}

// TakeCeremony consumes a ceremony by its challenge: of two concurrent
// takers exactly one gets it. Errors: unauthorized (unknown, used, expired).
func (s *Store) TakeCeremony(ctx context.Context, challenge, kind string) (device.Ceremony, error) {
	var c device.Ceremony
	err := s.tx(ctx, func(tx *gorm.DB) error {
		return takeCeremony(tx, challenge, kind, &c)
	})
	return c, err
}

func takeCeremony(tx *gorm.DB, challenge, kind string, c *device.Ceremony) error {
	now := tx.NowFunc()
	res := tx.Model(&device.Ceremony{}).Where("challenge = ? AND kind = ? AND used_at IS NULL AND expires_at > ?", challenge, kind, now).
		Update("used_at", now)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected != 1 {
		return apperr.New(apperr.Unauthorized, "device.challenge_expired")
	}
	return tx.Where("challenge = ?", challenge).First(c).Error
}

// PurgeCeremonies deletes ceremonies that expired before cutoff.
func (s *Store) PurgeCeremonies(ctx context.Context, cutoff time.Time) (int64, error) {
	res := s.write(ctx).Where("expires_at < ?", cutoff.UTC()).Delete(&device.Ceremony{})
	return res.RowsAffected, translate(res.Error)
}

// PasskeyByCredential returns a live passkey by credential id. Errors: not_found.
func (s *Store) PasskeyByCredential(ctx context.Context, credentialID []byte) (device.Passkey, error) {
	var p device.Passkey
	return p, translate(s.read(ctx).Where("credential_id = ? AND revoked_at IS NULL", credentialID).First(&p).Error)
}

// EmployeeByHandle returns the employee id of a WebAuthn user handle.
// Errors: not_found.
func (s *Store) EmployeeByHandle(ctx context.Context, handle []byte) (int64, error) {
	var id int64
	err := s.read(ctx).Table("employees").Select("id").Where("user_handle = ?", handle).Limit(1).Scan(&id).Error
	if err == nil && id == 0 {
		err = gorm.ErrRecordNotFound
	}
	return id, translate(err)
}

// TouchPasskey writes back what the library updates after each use.
func (s *Store) TouchPasskey(ctx context.Context, p device.Passkey) error {
	return translate(s.write(ctx).Model(&device.Passkey{}).Where("id = ?", p.ID).Updates(map[string]any{
		"record": p.Record, "flags": p.Flags, "backup_state": p.BackupState, "sign_count": p.SignCount,
		"clone_warning": p.CloneWarning, "last_used_at": s.now().UTC(),
	}).Error)
}

// Enrol consumes an activation code and stores the employee's passkey and
// device in one transaction. The device is active when the employee has no
// active device, otherwise pending approval. Errors: unauthorized (code
// used or expired), conflict (passkey or device key already registered).
func (s *Store) Enrol(ctx context.Context, codeID int64, p *device.Passkey, d *device.Device) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		now := tx.NowFunc()
		res := tx.Model(&device.ActivationCode{}).Where("id = ? AND used_at IS NULL AND expires_at > ?", codeID, now).Update("used_at", now)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return apperr.New(apperr.Unauthorized, "device.activation_used")
		}
		if err := tx.Create(p).Error; err != nil {
			return err
		}
		d.PasskeyID = &p.ID
		if err := addDevice(tx, d); err != nil {
			return err
		}
		return record(tx, audit.Actor{}, nil, "device.enrol", "employee", p.EmployeeID, map[string]any{
			"passkey_id": p.ID, "backup_eligible": p.BackupEligible, "device": d.KeyID, "device_status": d.Status})
	})
}

// addDevice inserts a device, active when the employee has none active.
func addDevice(tx *gorm.DB, d *device.Device) error {
	var active int64
	if err := tx.Model(&device.Device{}).Where("employee_id = ? AND status = ?", d.EmployeeID, device.Active).Count(&active).Error; err != nil {
		return err
	}
	d.Status = device.Active
	if active > 0 {
		d.Status = device.Pending
	}
	return tx.Create(d).Error
}

// RegisterDevice records a device key met at sign-in (a new phone with a
// synced passkey): pending when another device is active. A key already
// registered to the same employee is returned as it is. Errors: conflict
// (the key belongs to another employee).
func (s *Store) RegisterDevice(ctx context.Context, d *device.Device) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		var old device.Device
		err := tx.Where("key_id = ?", d.KeyID).First(&old).Error
		if err == nil {
			if old.EmployeeID != d.EmployeeID {
				return apperr.New(apperr.Conflict, "device.claimed_by_other")
			}
			*d = old
			return nil
		}
		if !errors.Is(err, gorm.ErrRecordNotFound) {
			return err
		}
		if err := addDevice(tx, d); err != nil {
			return err
		}
		return record(tx, audit.Actor{}, nil, "device.register", "employee", d.EmployeeID, map[string]any{"device": d.KeyID, "status": d.Status})
	})
}

// Device returns one device. Errors: not_found.
func (s *Store) Device(ctx context.Context, id int64) (device.Device, error) {
	var d device.Device
	return d, translate(s.read(ctx).First(&d, id).Error)
}

// Devices lists an employee's devices, newest first.
func (s *Store) Devices(ctx context.Context, employeeID int64) ([]device.Device, error) {
	type row struct {
		d      device.Device
		shared bool
	}
	rows, err := hotRows(ctx, s, "devices", func(r *sql.Rows) (row, error) {
		var x row
		var err error
		x.d, err = scanDevice(r, &x.shared)
		return x, err
	}, employeeID)
	if err != nil {
		return nil, err
	}
	out := make([]device.Device, len(rows))
	for i, x := range rows {
		out[i] = x.d
		if !x.shared { // nobody else tried to register this key: the owner is its only claimant
			s.claimants.Add(x.d.ID, []int64{x.d.EmployeeID})
		}
	}
	return out, nil
}

// PendingDevices lists the pending devices of the employees f selects (by
// their assignment on f.On: agencies or direct supervisor), oldest first,
// with the employee's name.
func (s *Store) PendingDevices(ctx context.Context, f org.EmployeeFilter) ([]device.PendingItem, error) {
	q := scoped(s.read(ctx).Table("devices d").Select("d.*, e.name AS employee_name").
		Joins("JOIN employees e ON e.id = d.employee_id").
		Where("d.status = ?", device.Pending), f)
	var out []device.PendingItem
	err := q.Order("d.id").Limit(page.Size(f.Limit)).Scan(&out).Error
	return out, translate(err)
}

// DecideDevice approves a pending device (revoking the active one: one
// active device per employee) or rejects it. Errors: not_found, conflict
// (not pending).
func (s *Store) DecideDevice(ctx context.Context, actor audit.Actor, agencyID, id int64, approve bool) (device.Device, error) {
	var d device.Device
	err := s.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.First(&d, id).Error; err != nil {
			return err
		}
		if d.Status != device.Pending {
			return apperr.New(apperr.Conflict, "device.already_decided", "status", d.Status)
		}
		now := tx.NowFunc()
		if approve {
			err := tx.Model(&device.Device{}).Where("employee_id = ? AND status = ?", d.EmployeeID, device.Active).
				Updates(map[string]any{"status": device.Revoked, "revoked_at": now}).Error
			if err != nil {
				return err
			}
			d.Status = device.Active
		} else {
			d.Status, d.RevokedAt = device.Revoked, &now
		}
		d.DecidedAt, d.DecidedBy = &now, actorID(actor)
		if err := tx.Model(&d).Select("status", "decided_at", "decided_by", "revoked_at").Updates(&d).Error; err != nil {
			return err
		}
		action := map[bool]string{true: "device.approve", false: "device.reject"}[approve]
		return record(tx, actor, &agencyID, action, "employee", d.EmployeeID, map[string]any{"device": d.KeyID})
	})
	return d, err
}

// SaveRecoveryCodes replaces a user's recovery codes.
func (s *Store) SaveRecoveryCodes(ctx context.Context, actor audit.Actor, userID int64, codes []device.RecoveryCode) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Where("user_id = ?", userID).Delete(&device.RecoveryCode{}).Error; err != nil {
			return err
		}
		if err := tx.Create(&codes).Error; err != nil {
			return err
		}
		return record(tx, actor, nil, "auth.recovery_codes", "user", userID, map[string]any{"count": len(codes)})
	})
}

// RedeemRecoveryCode consumes a recovery code. Errors: unauthorized.
func (s *Store) RedeemRecoveryCode(ctx context.Context, hash []byte) (int64, error) {
	var c device.RecoveryCode
	err := s.tx(ctx, func(tx *gorm.DB) error {
		res := tx.Model(&device.RecoveryCode{}).Where("code_hash = ? AND used_at IS NULL", hash).Update("used_at", tx.NowFunc())
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return apperr.New(apperr.Unauthorized, "auth.recovery_code_invalid")
		}
		if err := tx.Where("code_hash = ?", hash).First(&c).Error; err != nil {
			return err
		}
		return record(tx, audit.Actor{UserID: c.UserID}, nil, "auth.recovery_used", "user", c.UserID, map[string]any{})
	})
	return c.UserID, err
}

// RecordSharedAttempt notes that employeeID tried to register a device key
// that belongs to someone else: the shared-device signal reads it.
func (s *Store) RecordSharedAttempt(ctx context.Context, keyID string, regencyID, employeeID int64) error {
	d, err := s.DeviceByKey(ctx, keyID)
	if err != nil {
		return err
	}
	u, err := s.UserForEmployee(ctx, audit.Actor{RegencyID: regencyID}, regencyID, employeeID)
	if err != nil {
		return err
	}
	return s.tx(ctx, func(tx *gorm.DB) error {
		return record(tx, audit.Actor{UserID: u.ID, RegencyID: regencyID}, nil, "device.shared_attempt", "device", d.ID,
			map[string]any{"employee_id": employeeID, "owner_employee_id": d.EmployeeID})
	})
}
