package device

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/audit"
	"github.com/hadir-id/hadir/internal/auth"
)

// Activation is a fresh activation code for an employee.
type Activation struct {
	EmployeeID int64     `json:"employee_id"`
	Code       string    `json:"code"`
	ExpiresAt  time.Time `json:"expires_at"`
}

// IssueActivationCode creates a one-time code for an employee the caller
// administers (printed on the roadshow sheet or sent by the admin).
// Errors: not_found (out of scope).
func (s *Service) IssueActivationCode(ctx context.Context, p *auth.Principal, employeeID int64) (Activation, error) {
	e, err := s.employee(ctx, employeeID)
	if err != nil || e.RegencyID != p.RegencyID || e.Current == nil || !p.CanAgency(auth.PermOrgWrite, e.Current.AgencyID) {
		return Activation{}, apperr.New(apperr.NotFound, "org.employee_not_found")
	}
	code := newCode(12)
	now := s.Now().UTC()
	c := ActivationCode{EmployeeID: e.ID, CodeHash: auth.HashToken(normalizeCode(code)), CreatedAt: now, ExpiresAt: now.Add(ActivationTTL)}
	if err := s.Store.CreateActivationCode(ctx, audit.Actor{UserID: p.UserID, RegencyID: p.RegencyID}, e.Current.AgencyID, &c); err != nil {
		return Activation{}, err
	}
	return Activation{EmployeeID: e.ID, Code: code, ExpiresAt: c.ExpiresAt}, nil
}

// EnrolStart is what the app needs to create the passkey.
type EnrolStart struct {
	EmployeeName string          `json:"employee_name"`
	Options      json.RawMessage `json:"options"` // PublicKeyCredentialCreationOptions for navigator.credentials.create
}

// BeginEnrol checks an activation code (without consuming it) and starts
// the passkey registration: resident key and user verification required.
// Errors: unauthorized.
func (s *Service) BeginEnrol(ctx context.Context, code string) (EnrolStart, error) {
	ac, err := s.Store.ActivationCode(ctx, auth.HashToken(normalizeCode(code)))
	if err != nil {
		return EnrolStart{}, err
	}
	e, err := s.employee(ctx, ac.EmployeeID)
	if err != nil {
		return EnrolStart{}, err
	}
	u, _, err := s.waUser(ctx, e)
	if err != nil {
		return EnrolStart{}, err
	}
	excl := make([]protocol.CredentialDescriptor, len(u.creds))
	for i, c := range u.creds {
		excl[i] = c.Descriptor()
	}
	creation, sd, err := s.RP.BeginRegistration(u, webauthn.WithExclusions(excl),
		webauthn.WithResidentKeyRequirement(protocol.ResidentKeyRequirementRequired))
	if err != nil {
		return EnrolStart{}, apperr.Wrap(err, "starting passkey registration")
	}
	if err := s.saveCeremony(ctx, KindRegister, &e.ID, nil, sd, CeremonyTTL); err != nil {
		return EnrolStart{}, err
	}
	opts, err := json.Marshal(creation.Response)
	return EnrolStart{EmployeeName: e.Name, Options: opts}, err
}

// EnrolFinish completes enrolment: the passkey's attestation, and the new
// device key with its signature over the ceremony's challenge.
type EnrolFinish struct {
	Code       string          `json:"code"`
	Credential json.RawMessage `json:"credential"`
	DeviceKey  []byte          `json:"device_key"` // raw P-256 public key, base64 in JSON
	DeviceSig  []byte          `json:"device_sig"` // P1363 signature of EnrolMessage(challenge)
	Label      string          `json:"label"`
}

// Enrolled is the outcome of enrolment.
type Enrolled struct {
	SessionToken string `json:"-"`
	Device       Device `json:"device"`
	Synced       bool   `json:"synced_passkey"`
}

// FinishEnrol verifies the registration and the device key, consumes the
// activation code, stores passkey and device, and signs the employee in.
// Errors: invalid (bad response or key), unauthorized (code or challenge
// used/expired, user not verified), conflict (already registered).
func (s *Service) FinishEnrol(ctx context.Context, req EnrolFinish, userAgent string) (Enrolled, error) {
	ac, err := s.Store.ActivationCode(ctx, auth.HashToken(normalizeCode(req.Code)))
	if err != nil {
		return Enrolled{}, err
	}
	parsed, err := protocol.ParseCredentialCreationResponseBytes(req.Credential)
	if err != nil {
		return Enrolled{}, apperr.InvalidField("credential", "device.passkey_response_invalid")
	}
	cer, sd, err := s.takeSession(ctx, parsed.Response.CollectedClientData.Challenge, KindRegister)
	if err != nil {
		return Enrolled{}, err
	}
	if cer.EmployeeID == nil || *cer.EmployeeID != ac.EmployeeID {
		return Enrolled{}, apperr.New(apperr.Unauthorized, "device.challenge_other_code")
	}
	e, err := s.employee(ctx, ac.EmployeeID)
	if err != nil {
		return Enrolled{}, err
	}
	u, _, err := s.waUser(ctx, e)
	if err != nil {
		return Enrolled{}, err
	}
	cred, err := s.RP.CreateCredential(u, sd, parsed)
	if err != nil {
		return Enrolled{}, ceremonyError(err)
	}
	d, err := s.newDevice(e.ID, req.DeviceKey, req.DeviceSig, EnrolMessage(sd.Challenge), req.Label, userAgent)
	if err != nil {
		return Enrolled{}, err
	}
	pk, err := passkeyOf(e.ID, cred, s.Now())
	if err != nil {
		return Enrolled{}, err
	}
	defer s.forget(e.ID)
	if err := s.Store.Enrol(ctx, ac.ID, &pk, &d); err != nil {
		return Enrolled{}, err
	}
	token, err := s.signIn(ctx, e.RegencyID, e.ID, userAgent)
	return Enrolled{SessionToken: token, Device: d, Synced: pk.BackupEligible}, err
}

// newDevice checks a device key and its proof of possession.
func (s *Service) newDevice(employeeID int64, key, sig, msg []byte, label, userAgent string) (Device, error) {
	keyID, err := ParseDeviceKey(key)
	if err != nil {
		return Device{}, apperr.InvalidField("device_key", "device.key_invalid")
	}
	if !VerifyDeviceSignature(key, msg, sig) {
		return Device{}, apperr.InvalidField("device_sig", "device.signature_mismatch")
	}
	if label = strings.TrimSpace(label); label == "" {
		label = userAgent
	}
	if len(label) > 200 {
		label = label[:200]
	}
	return Device{EmployeeID: employeeID, KeyID: keyID, PublicKey: key, Label: label, CreatedAt: s.Now().UTC()}, nil
}

// passkeyOf turns the library's credential into a stored passkey.
func passkeyOf(employeeID int64, c *webauthn.Credential, now time.Time) (Passkey, error) {
	rec, err := c.MarshalMsg(nil)
	if err != nil {
		return Passkey{}, apperr.Wrap(err, "encoding passkey")
	}
	tr := make([]string, len(c.Transport))
	for i, t := range c.Transport {
		tr[i] = string(t)
	}
	return Passkey{EmployeeID: employeeID, CredentialID: c.ID, Record: rec, Flags: int(c.Flags.ProtocolValue()),
		BackupEligible: c.Flags.BackupEligible, BackupState: c.Flags.BackupState, AAGUID: c.Authenticator.AAGUID,
		Transports: strings.Join(tr, ","), SignCount: int64(c.Authenticator.SignCount), CreatedAt: now.UTC()}, nil
}

// signIn starts a session for the employee's user (created on first use).
func (s *Service) signIn(ctx context.Context, regencyID, employeeID int64, userAgent string) (string, error) {
	u, err := s.Store.UserForEmployee(ctx, audit.Actor{RegencyID: regencyID}, regencyID, employeeID)
	if err != nil {
		return "", err
	}
	token, _, err := s.Store.CreateSession(ctx, u.ID, auth.SessionTTL, userAgent)
	return token, err
}

// ceremonyError maps the library's verification failures to a refusal the
// app can explain; details stay in the wrapped error for the log.
func ceremonyError(err error) error {
	key := "device.passkey_failed"
	if pe, ok := err.(*protocol.Error); ok && strings.Contains(strings.ToLower(pe.DevInfo+pe.Details), "verif") {
		key = "device.user_verification_required" // the app offers to try again with the fingerprint, face or PIN
	}
	return &apperr.Error{Code: apperr.Unauthorized, Key: key, Err: err}
}
