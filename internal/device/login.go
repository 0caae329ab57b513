package device

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/audit"
	"github.com/hadir-id/hadir/internal/auth"
	"github.com/hadir-id/hadir/internal/org"
)

// LoginMessage is what a device key signs at sign-in to be recorded.
func LoginMessage(challenge string) []byte { return []byte("hadir-login/v1\n" + challenge) }

// BeginLogin starts a discoverable passkey sign-in (no user name typed).
// It stores nothing: the challenge is signed (loginchallenge.go).
func (s *Service) BeginLogin(ctx context.Context) (json.RawMessage, error) {
	assertion, _, err := s.RP.BeginDiscoverableLogin(webauthn.WithUserVerification(protocol.VerificationRequired),
		webauthn.WithChallenge(s.issueLoginChallenge()))
	if err != nil {
		return nil, apperr.Wrap(err, "starting passkey sign-in")
	}
	return json.Marshal(assertion.Response)
}

// LoginFinish is the passkey assertion, optionally with this app's device
// key (a new phone registers itself, pending approval).
type LoginFinish struct {
	Credential json.RawMessage `json:"credential"`
	DeviceKey  []byte          `json:"device_key"`
	DeviceSig  []byte          `json:"device_sig"` // over LoginMessage(challenge)
	Label      string          `json:"label"`
}

// LoggedIn is the outcome of a sign-in.
type LoggedIn struct {
	SessionToken string  `json:"-"`
	EmployeeID   int64   `json:"employee_id"`
	Device       *Device `json:"device,omitempty"`
}

// FinishLogin verifies a discoverable assertion, writes back the passkey's
// counters and flags, registers the device key when given, and starts a
// session. Errors: invalid, unauthorized, conflict (the device key belongs
// to another employee).
func (s *Service) FinishLogin(ctx context.Context, req LoginFinish, userAgent string) (LoggedIn, error) {
	parsed, err := protocol.ParseCredentialRequestResponseBytes(req.Credential)
	if err != nil {
		return LoggedIn{}, apperr.InvalidField("credential", "device.passkey_response_invalid")
	}
	sd, expires, err := s.openLoginChallenge(parsed.Response.CollectedClientData.Challenge)
	if err != nil {
		return LoggedIn{}, err
	}
	var emp org.Employee
	handler := func(rawID, userHandle []byte) (webauthn.User, error) {
		id, err := s.Store.EmployeeByHandle(ctx, userHandle)
		if err != nil {
			return nil, errors.New("unknown user handle")
		}
		if emp, err = s.employee(ctx, id); err != nil {
			return nil, err
		}
		u, _, err := s.waUser(ctx, emp)
		return u, err
	}
	_, cred, err := s.RP.ValidatePasskeyLogin(handler, sd, parsed)
	if err != nil {
		return LoggedIn{}, ceremonyError(err)
	}
	defer s.forget(emp.ID)
	if err := s.spendLoginChallenge(ctx, sd.Challenge, emp.ID, expires); err != nil {
		return LoggedIn{}, err
	}
	if err := s.writeBack(ctx, cred); err != nil {
		return LoggedIn{}, err
	}
	out := LoggedIn{EmployeeID: emp.ID}
	if len(req.DeviceKey) > 0 {
		d, err := s.newDevice(emp.ID, req.DeviceKey, req.DeviceSig, LoginMessage(sd.Challenge), req.Label, userAgent)
		if err != nil {
			return LoggedIn{}, err
		}
		if err := s.Store.RegisterDevice(ctx, &d); err != nil {
			if apperr.Is(err, apperr.Conflict) {
				_ = s.Store.RecordSharedAttempt(ctx, d.KeyID, emp.RegencyID, emp.ID) // evidence for review; the refusal stands
			}
			return LoggedIn{}, err
		}
		out.Device = &d
	}
	out.SessionToken, err = s.signIn(ctx, emp.RegencyID, emp.ID, userAgent)
	return out, err
}

// writeBack stores what the library updated after a successful use: the
// sign count, clone warning, flags (BE is never flipped: the library
// rejects that) — so later ceremonies see consistent flags.
func (s *Service) writeBack(ctx context.Context, cred *webauthn.Credential) error {
	pk, err := s.Store.PasskeyByCredential(ctx, cred.ID)
	if err != nil {
		return err
	}
	rec, err := cred.MarshalMsg(nil)
	if err != nil {
		return apperr.Wrap(err, "encoding passkey")
	}
	pk.Record, pk.Flags, pk.BackupState = rec, int(cred.Flags.ProtocolValue()), cred.Flags.BackupState
	pk.SignCount, pk.CloneWarning = int64(cred.Authenticator.SignCount), cred.Authenticator.CloneWarning
	return s.Store.TouchPasskey(ctx, pk)
}

// RecoveryCodes issues ten one-time recovery codes for a BKD administrator
// (shown once), replacing the previous set. Errors: forbidden.
func (s *Service) RecoveryCodes(ctx context.Context, p *auth.Principal) ([]string, error) {
	if !p.IsRegencyAdmin() {
		return nil, apperr.New(apperr.Forbidden, "auth.recovery_bkd_only")
	}
	codes := make([]string, 10)
	rows := make([]RecoveryCode, 10)
	for i := range codes {
		codes[i] = newCode(12)
		rows[i] = RecoveryCode{UserID: p.UserID, CodeHash: auth.HashToken(normalizeCode(codes[i])), CreatedAt: s.Now().UTC()}
	}
	return codes, s.Store.SaveRecoveryCodes(ctx, audit.Actor{UserID: p.UserID, RegencyID: p.RegencyID}, p.UserID, rows)
}

// Recover signs a BKD administrator in with a recovery code.
// Errors: unauthorized.
func (s *Service) Recover(ctx context.Context, code, userAgent string) (string, error) {
	userID, err := s.Store.RedeemRecoveryCode(ctx, auth.HashToken(normalizeCode(code)))
	if err != nil {
		return "", err
	}
	token, _, err := s.Store.CreateSession(ctx, userID, auth.SessionTTL, userAgent)
	return token, err
}
