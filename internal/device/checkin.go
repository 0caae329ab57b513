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
// own passkeys are allowed, user verification required. Nothing is
// written: the challenge is signed, not stored. Errors: not_found (device
// not theirs), forbidden (device revoked, no passkey).
func (s *Service) CheckinChallenge(ctx context.Context, employeeID int64, keyID string) (Challenge, error) {
	d, err := s.OwnDevice(ctx, employeeID, keyID)
	if err != nil {
		return Challenge{}, err
	}
	a, err := s.account(ctx, employeeID)
	if err != nil {
		return Challenge{}, err
	}
	return s.challengeFor(a, d.ID)
}

// challengeFor issues a challenge with the request options for it.
func (s *Service) challengeFor(a *account, deviceID int64) (Challenge, error) {
	if len(a.u.creds) == 0 {
		return Challenge{}, apperr.New(apperr.Forbidden, "device.no_passkey")
	}
	c := s.issueChallenge(a.emp.ID, deviceID)
	allowed := make([]protocol.CredentialDescriptor, len(a.u.creds))
	for i, cr := range a.u.creds {
		allowed[i] = cr.Descriptor()
	}
	opts, err := json.Marshal(protocol.PublicKeyCredentialRequestOptions{Challenge: mustDecode(c.Value),
		Timeout: int(CeremonyTTL.Milliseconds()), RelyingPartyID: s.RP.Config.RPID, AllowedCredentials: allowed,
		UserVerification: protocol.VerificationRequired})
	return Challenge{Challenge: c.Value, Options: opts, ExpiresAt: c.ExpiresAt}, err
}

// NextChallenge issues the challenge for the employee's next tap after a
// verified assertion: nothing to store, nothing to read.
func (s *Service) NextChallenge(a Assertion) (Challenge, error) {
	return s.challengeFor(a.account, a.Challenge.DeviceID)
}

// OwnDevice returns the employee's device with this key id, unless revoked.
// Errors: not_found, forbidden (revoked: "this phone was replaced").
func (s *Service) OwnDevice(ctx context.Context, employeeID int64, keyID string) (Device, error) {
	a, err := s.account(ctx, employeeID)
	if apperr.Is(err, apperr.NotFound) {
		return Device{}, apperr.New(apperr.NotFound, "device.not_registered")
	}
	if err != nil {
		return Device{}, err // the database, not the request
	}
	d, err := a.device(keyID)
	if apperr.Is(err, apperr.NotFound) {
		// Registered on another node since this account was cached?
		if fresh, err2 := s.Store.DeviceByKey(ctx, keyID); err2 == nil && fresh.EmployeeID == employeeID {
			s.forget(employeeID)
			if a, err = s.account(ctx, employeeID); err == nil {
				return a.device(keyID)
			}
		}
	}
	return d, err
}

// Assertion is a verified check-in assertion: the challenge and the
// passkey's new state, to be written together with the event.
type Assertion struct {
	Challenge         CheckinChallenge
	Passkey           Passkey // updated record, counters and flags
	Changed           bool    // the passkey's stored state changed (counter, flags): write it back
	StoredSignCount   uint32  // before this assertion (for the regression signal)
	ReceivedSignCount uint32
	account           *account // for the next challenge, without reloading the passkeys
}

// VerifyCheckin checks a check-in assertion against its challenge without
// spending it (the event's write spends it, in the same transaction, so
// that a retry of the same request is idempotent). validAt is when the
// challenge must have been valid: the arrival (or a receipt's first
// arrival) online, the claimed time offline. Errors: unauthorized
// (unknown/altered/expired challenge, wrong employee or device, bad
// signature, user not verified), invalid (malformed assertion).
func (s *Service) VerifyCheckin(ctx context.Context, challenge string, employeeID, deviceID int64, assertion json.RawMessage, validAt time.Time) (Assertion, error) {
	c, err := s.Challenge(challenge, employeeID, deviceID, validAt)
	if err != nil {
		return Assertion{}, err
	}
	parsed, err := protocol.ParseCredentialRequestResponseBytes(assertion)
	if err != nil {
		return Assertion{}, apperr.InvalidField("assertion", "device.passkey_response_invalid")
	}
	if parsed.Response.CollectedClientData.Challenge != c.Value {
		return Assertion{}, apperr.New(apperr.Unauthorized, "device.passkey_other_challenge")
	}
	a, err := s.account(ctx, employeeID)
	if err != nil {
		return Assertion{}, err
	}
	stored, ok := findPasskey(a.passkeys, parsed.RawID)
	if !ok {
		return Assertion{}, apperr.New(apperr.Unauthorized, "device.passkey_not_yours")
	}
	before := credentialOf(a.u, parsed.RawID)
	sd := webauthn.SessionData{Challenge: c.Value, RelyingPartyID: s.RP.Config.RPID, UserID: a.u.handle,
		UserVerification: protocol.VerificationRequired}
	cred, err := s.RP.ValidateLogin(a.u, sd, parsed)
	if err != nil {
		return Assertion{}, ceremonyError(err)
	}
	s.accountCache().Add(employeeID, a.withCredential(*cred))
	out := Assertion{Challenge: c, StoredSignCount: before.Authenticator.SignCount,
		ReceivedSignCount: parsed.Response.AuthenticatorData.Counter, account: a}
	out.Changed = cred.Authenticator.SignCount != before.Authenticator.SignCount ||
		cred.Authenticator.CloneWarning != before.Authenticator.CloneWarning || !sameFlags(cred.Flags, before.Flags)
	stored.Flags, stored.BackupState = int(cred.Flags.ProtocolValue()), cred.Flags.BackupState
	stored.SignCount, stored.CloneWarning = int64(cred.Authenticator.SignCount), cred.Authenticator.CloneWarning
	out.Passkey = stored
	return out, nil
}

// Challenge opens a check-in challenge and checks it: ours, for this
// employee and device, and valid at validAt (not before it was issued, not
// after it expired). Whether it was used is decided by the write.
func (s *Service) Challenge(challenge string, employeeID, deviceID int64, validAt time.Time) (CheckinChallenge, error) {
	c, err := s.OpenChallenge(challenge)
	switch {
	case err != nil:
		return c, err
	case c.EmployeeID != employeeID || c.DeviceID != deviceID:
		return c, apperr.New(apperr.Unauthorized, "device.challenge_other_device")
	case validAt.Before(c.IssuedAt) || !validAt.Before(c.ExpiresAt):
		return c, apperr.New(apperr.Unauthorized, "device.challenge_timed_out")
	}
	return c, nil
}

// sameFlags compares what the flags say (UP, UV, BE, BS), not their raw
// byte: a registration's byte also carries AT, an assertion's does not, so
// the byte of a stored record never equals an assertion's.
func sameFlags(a, b webauthn.CredentialFlags) bool {
	return a.UserPresent == b.UserPresent && a.UserVerified == b.UserVerified &&
		a.BackupEligible == b.BackupEligible && a.BackupState == b.BackupState
}

func findPasskey(pks []Passkey, credentialID []byte) (Passkey, bool) {
	for _, p := range pks {
		if string(p.CredentialID) == string(credentialID) {
			return p, true
		}
	}
	return Passkey{}, false
}

func credentialOf(u *user, id []byte) webauthn.Credential {
	for _, c := range u.creds {
		if string(c.ID) == string(id) {
			return c
		}
	}
	return webauthn.Credential{}
}
