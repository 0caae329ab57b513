package device

import (
	"context"
	"encoding/json"
	"time"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"

	"github.com/hadir-id/hadir/internal/apperr"
)

// Challenge is a prefetched, single-use check-in challenge bound to one
// employee and one device.
type Challenge struct {
	Challenge string          `json:"challenge"`
	Options   json.RawMessage `json:"options"` // PublicKeyCredentialRequestOptions for navigator.credentials.get
	ExpiresAt time.Time       `json:"expires_at"`
}

// CheckinChallenge issues the challenge the app fetches when it opens or
// becomes visible, so that the tap needs one request. Only the employee's
// own passkeys are allowed, user verification required. Errors: not_found
// (device not theirs), forbidden (device revoked).
func (s *Service) CheckinChallenge(ctx context.Context, employeeID int64, keyID string) (Challenge, error) {
	d, err := s.OwnDevice(ctx, employeeID, keyID)
	if err != nil {
		return Challenge{}, err
	}
	e, err := s.employee(ctx, employeeID)
	if err != nil {
		return Challenge{}, err
	}
	u, _, err := s.waUser(ctx, e)
	if err != nil {
		return Challenge{}, err
	}
	ch, c, err := s.prepare(u, e.ID, d.ID)
	if err != nil {
		return Challenge{}, err
	}
	return ch, s.Store.SaveCeremony(ctx, &c)
}

// prepare builds a check-in challenge and its ceremony row, unsaved.
func (s *Service) prepare(u *user, employeeID, deviceID int64) (Challenge, Ceremony, error) {
	if len(u.creds) == 0 {
		return Challenge{}, Ceremony{}, apperr.E(apperr.Forbidden, "belum ada passkey; lakukan aktivasi terlebih dahulu")
	}
	assertion, sd, err := s.RP.BeginLogin(u, webauthn.WithUserVerification(protocol.VerificationRequired))
	if err != nil {
		return Challenge{}, Ceremony{}, apperr.Wrap(err, "starting check-in challenge")
	}
	blob, err := sd.MarshalMsg(nil)
	if err != nil {
		return Challenge{}, Ceremony{}, apperr.Wrap(err, "encoding challenge")
	}
	opts, err := json.Marshal(assertion.Response)
	now := s.Now().UTC()
	c := Ceremony{Challenge: sd.Challenge, Kind: KindCheckin, EmployeeID: &employeeID, DeviceID: &deviceID, Session: blob,
		CreatedAt: now, ExpiresAt: now.Add(CheckinChallengeTTL)}
	return Challenge{Challenge: sd.Challenge, Options: opts, ExpiresAt: c.ExpiresAt}, c, err
}

// NextChallenge prepares the challenge for the employee's next tap after a
// verified assertion, unsaved: the check-in's transaction stores it.
func (s *Service) NextChallenge(a Assertion) (Challenge, Ceremony, error) {
	return s.prepare(a.user, *a.Ceremony.EmployeeID, *a.Ceremony.DeviceID)
}

// OwnDevice returns the employee's device with this key id, unless revoked.
// Errors: not_found, forbidden (revoked: "this phone was replaced").
func (s *Service) OwnDevice(ctx context.Context, employeeID int64, keyID string) (Device, error) {
	d, err := s.Store.DeviceByKey(ctx, keyID)
	if err != nil || d.EmployeeID != employeeID {
		return Device{}, apperr.E(apperr.NotFound, "perangkat ini belum terdaftar; masuk dengan passkey untuk mendaftarkannya")
	}
	if d.Status == Revoked {
		return Device{}, apperr.E(apperr.Forbidden, "perangkat ini sudah dicabut; minta admin OPD atau atasan menyetujui perangkat baru")
	}
	return d, nil
}

// Assertion is a verified check-in assertion: the challenge's ceremony and
// the passkey's new state, to be written together with the event.
type Assertion struct {
	Ceremony          Ceremony
	Passkey           Passkey // updated record, counters and flags
	StoredSignCount   uint32  // before this assertion (for the regression signal)
	ReceivedSignCount uint32
	user              *user // for the next challenge, without reloading the passkeys
}

// VerifyCheckin checks a check-in assertion against its prefetched
// challenge without consuming it (the event's write consumes it, in the
// same transaction, so that a retry of the same request is idempotent).
// claimedAt is zero for online check-ins; for offline ones the challenge
// must have been valid at claimedAt instead of now. Errors: unauthorized
// (unknown/used/expired challenge, wrong employee or device, bad
// signature, user not verified).
func (s *Service) VerifyCheckin(ctx context.Context, c Ceremony, employeeID, deviceID int64, assertion json.RawMessage, claimedAt time.Time) (Assertion, error) {
	if err := s.checkChallenge(c, employeeID, deviceID, claimedAt); err != nil {
		return Assertion{}, err
	}
	var sd webauthn.SessionData
	if _, err := sd.UnmarshalMsg(c.Session); err != nil {
		return Assertion{}, apperr.Wrap(err, "decoding challenge")
	}
	sd.Expires = time.Time{} // expiry was judged above, on the server's clock and the offline rule
	parsed, err := protocol.ParseCredentialRequestResponseBytes(assertion)
	if err != nil {
		return Assertion{}, apperr.Field("assertion", "respons passkey tidak sah")
	}
	if parsed.Response.CollectedClientData.Challenge != c.Challenge {
		return Assertion{}, apperr.E(apperr.Unauthorized, "passkey menandatangani tantangan lain")
	}
	e, err := s.employee(ctx, employeeID)
	if err != nil {
		return Assertion{}, err
	}
	u, pks, err := s.waUser(ctx, e)
	if err != nil {
		return Assertion{}, err
	}
	stored, ok := findPasskey(pks, parsed.RawID)
	if !ok {
		return Assertion{}, apperr.E(apperr.Unauthorized, "passkey ini bukan milik pegawai yang masuk")
	}
	cred, err := s.RP.ValidateLogin(u, sd, parsed)
	if err != nil {
		return Assertion{}, ceremonyError(err)
	}
	rec, err := cred.MarshalMsg(nil)
	if err != nil {
		return Assertion{}, apperr.Wrap(err, "encoding passkey")
	}
	out := Assertion{Ceremony: c, StoredSignCount: uint32(stored.SignCount), ReceivedSignCount: parsed.Response.AuthenticatorData.Counter, user: u}
	stored.Record, stored.Flags, stored.BackupState = rec, int(cred.Flags.ProtocolValue()), cred.Flags.BackupState
	stored.SignCount, stored.CloneWarning = int64(cred.Authenticator.SignCount), cred.Authenticator.CloneWarning
	out.Passkey = stored
	return out, nil
}

// checkChallenge: bound to this employee and device, unused, and valid now
// (online) or at claimedAt (offline; the server then bounds claimedAt).
func (s *Service) checkChallenge(c Ceremony, employeeID, deviceID int64, claimedAt time.Time) error {
	switch {
	case c.Kind != KindCheckin || c.UsedAt != nil:
		return apperr.E(apperr.Unauthorized, "tantangan sudah dipakai; muat ulang lalu coba lagi")
	case c.EmployeeID == nil || *c.EmployeeID != employeeID || c.DeviceID == nil || *c.DeviceID != deviceID:
		return apperr.E(apperr.Unauthorized, "tantangan bukan untuk pegawai atau perangkat ini")
	}
	at := s.Now()
	if !claimedAt.IsZero() {
		at = claimedAt
	}
	if at.Before(c.CreatedAt) || !at.Before(c.ExpiresAt) {
		return apperr.E(apperr.Unauthorized, "tantangan kedaluwarsa; muat ulang lalu coba lagi")
	}
	return nil
}

func findPasskey(pks []Passkey, credentialID []byte) (Passkey, bool) {
	for _, p := range pks {
		if string(p.CredentialID) == string(credentialID) {
			return p, true
		}
	}
	return Passkey{}, false
}
