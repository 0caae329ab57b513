package device

import (
	"context"
	"sync"
	"time"

	"github.com/go-webauthn/webauthn/webauthn"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/audit"
	"github.com/hadir-id/hadir/internal/auth"
	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/org"
)

// Store is the persistence of devices and passkeys.
type Store interface {
	CreateActivationCode(ctx context.Context, actor audit.Actor, agencyID int64, c *ActivationCode) error
	ActivationCode(ctx context.Context, hash []byte) (ActivationCode, error)
	SaveCeremony(ctx context.Context, c *Ceremony) error
	TakeCeremony(ctx context.Context, challenge, kind string) (Ceremony, error)
	Passkeys(ctx context.Context, employeeID int64) ([]Passkey, error)
	PasskeyByCredential(ctx context.Context, credentialID []byte) (Passkey, error)
	EmployeeByHandle(ctx context.Context, handle []byte) (int64, error)
	TouchPasskey(ctx context.Context, p Passkey) error
	Enrol(ctx context.Context, codeID int64, p *Passkey, d *Device) error
	RegisterDevice(ctx context.Context, d *Device) error
	DeviceByKey(ctx context.Context, keyID string) (Device, error)
	Device(ctx context.Context, id int64) (Device, error)
	Devices(ctx context.Context, employeeID int64) ([]Device, error)
	PendingDevices(ctx context.Context, f org.EmployeeFilter) ([]PendingItem, error)
	DecideDevice(ctx context.Context, actor audit.Actor, agencyID, id int64, approve bool) (Device, error)
	SaveRecoveryCodes(ctx context.Context, actor audit.Actor, userID int64, codes []RecoveryCode) error
	RedeemRecoveryCode(ctx context.Context, hash []byte) (int64, error)
	RecordSharedAttempt(ctx context.Context, keyID string, regencyID, employeeID int64) error
	Employee(ctx context.Context, id int64, on civil.Date) (org.Employee, error)
	UserForEmployee(ctx context.Context, actor audit.Actor, regencyID, employeeID int64) (auth.User, error)
	CreateSession(ctx context.Context, userID int64, ttl time.Duration, userAgent string) (string, auth.Session, error)
	RegencyZone(ctx context.Context, regencyID int64) (*time.Location, error)
}

// Service runs enrolment, passkey sign-in, check-in challenges and device
// approval.
type Service struct {
	Store        Store
	RP           *webauthn.WebAuthn
	Now          func() time.Time
	ChallengeKey []byte // signs check-in challenges; the same on every node (store.Secret)

	acc     accounts
	keyOnce sync.Once
}

// employee loads an employee with today's assignment. Errors: not_found.
func (s *Service) employee(ctx context.Context, id int64) (org.Employee, error) {
	e, err := s.Store.Employee(ctx, id, civil.Of(s.Now()))
	if err != nil {
		return e, err
	}
	if loc, err := s.Store.RegencyZone(ctx, e.RegencyID); err == nil {
		return s.Store.Employee(ctx, id, civil.In(s.Now(), loc))
	}
	return e, nil
}

// waUser builds the library's view of an employee with their passkeys.
func (s *Service) waUser(ctx context.Context, e org.Employee) (*user, []Passkey, error) {
	pks, err := s.Store.Passkeys(ctx, e.ID)
	if err != nil {
		return nil, nil, err
	}
	u := &user{handle: e.UserHandle, name: nameOf(e), displayName: e.Name}
	for _, p := range pks {
		var c webauthn.Credential
		if _, err := c.UnmarshalMsg(p.Record); err != nil {
			return nil, nil, apperr.Wrap(err, "stored passkey unreadable")
		}
		// A check-in writes back only the counters and flags (not the whole
		// record) to keep the batch cheap: they are authoritative.
		c.Authenticator.SignCount, c.Authenticator.CloneWarning = uint32(p.SignCount), p.CloneWarning
		c.Flags.BackupState = p.BackupState
		u.creds = append(u.creds, c)
	}
	return u, pks, nil
}

// nameOf is what the passkey picker shows: the NIP when there is one (ASN
// know it by heart), else a stable label. It is never the user handle.
func nameOf(e org.Employee) string {
	if e.NIP != nil {
		return *e.NIP
	}
	return "pegawai-" + itoa(e.ID)
}

// saveCeremony stores session data verbatim and returns its challenge.
func (s *Service) saveCeremony(ctx context.Context, kind string, employeeID, deviceID *int64, sd *webauthn.SessionData, ttl time.Duration) error {
	blob, err := sd.MarshalMsg(nil)
	if err != nil {
		return apperr.Wrap(err, "encoding ceremony")
	}
	now := s.Now().UTC()
	return s.Store.SaveCeremony(ctx, &Ceremony{Challenge: sd.Challenge, Kind: kind, EmployeeID: employeeID, DeviceID: deviceID,
		Session: blob, CreatedAt: now, ExpiresAt: now.Add(ttl)})
}

// takeSession consumes a ceremony and decodes its session data.
func (s *Service) takeSession(ctx context.Context, challenge, kind string) (Ceremony, webauthn.SessionData, error) {
	var sd webauthn.SessionData
	c, err := s.Store.TakeCeremony(ctx, challenge, kind)
	if err != nil {
		return c, sd, err
	}
	if _, err := sd.UnmarshalMsg(c.Session); err != nil {
		return c, sd, apperr.Wrap(err, "decoding ceremony")
	}
	return c, sd, nil
}
