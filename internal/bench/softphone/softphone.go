// Package softphone is a phone in software: a WebAuthn authenticator
// (github.com/descope/virtualwebauthn, real signatures) and a WebCrypto-like
// P-256 device key. Tests and `hadir bench checkin` use it to enrol and
// check in exactly as the installed app does, with no mocks.
package softphone

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/descope/virtualwebauthn"
	"github.com/google/uuid"

	"github.com/hadir-id/hadir/internal/checkin"
	"github.com/hadir-id/hadir/internal/device"
)

// Phone is one installed app with its passkey authenticator.
type Phone struct {
	mu    sync.Mutex
	RP    virtualwebauthn.RelyingParty
	Auth  *virtualwebauthn.Authenticator
	Cred  *virtualwebauthn.Credential
	Key   *ecdsa.PrivateKey
	Raw   []byte // device public key, uncompressed
	KeyID string

	signer   *ecdsa.PrivateKey // Cred's key, parsed once (see assert)
	signerOf string            // the ID of the credential signer was parsed from
}

// New makes a phone for a relying party (origin and RP ID). Options set
// backup eligibility (synced passkeys) and user verification.
func New(rp virtualwebauthn.RelyingParty, opts virtualwebauthn.AuthenticatorOptions) (*Phone, error) {
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	return withDeviceKey(rp, opts, k)
}

// withDeviceKey makes a phone with this device key and an authenticator
// without passkeys.
func withDeviceKey(rp virtualwebauthn.RelyingParty, opts virtualwebauthn.AuthenticatorOptions, k *ecdsa.PrivateKey) (*Phone, error) {
	ek, err := k.PublicKey.ECDH()
	if err != nil {
		return nil, err
	}
	id, err := device.ParseDeviceKey(ek.Bytes())
	if err != nil {
		return nil, err
	}
	a := virtualwebauthn.NewAuthenticatorWithOptions(opts)
	return &Phone{RP: rp, Auth: &a, Key: k, Raw: ek.Bytes(), KeyID: id}, nil
}

// NewInstall is another installed app of the same person: the same synced
// passkey, a new device key.
func (p *Phone) NewInstall() (*Phone, error) {
	q, err := New(p.RP, p.Auth.Options)
	if err != nil {
		return nil, err
	}
	q.Auth, q.Cred = p.Auth, p.Cred
	return q, nil
}

// Sign signs like WebCrypto ECDSA P-256/SHA-256: raw r‖s.
func (p *Phone) Sign(msg []byte) []byte {
	d := sha256.Sum256(msg)
	r, s, err := ecdsa.Sign(rand.Reader, p.Key, d[:])
	if err != nil {
		panic(err) // crypto/rand does not fail
	}
	out := make([]byte, 64)
	r.FillBytes(out[:32])
	s.FillBytes(out[32:])
	return out
}

// Create answers navigator.credentials.create(options): a new passkey.
func (p *Phone) Create(options []byte) (credential []byte, challenge string, err error) {
	ao, err := virtualwebauthn.ParseAttestationOptions(string(options))
	if err != nil {
		return nil, "", err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.Auth.Options.UserHandle = []byte(ao.UserID)
	cred := virtualwebauthn.NewCredential(virtualwebauthn.KeyTypeEC2)
	p.Auth.AddCredential(cred)
	p.Cred = &p.Auth.Credentials[len(p.Auth.Credentials)-1]
	att := virtualwebauthn.CreateAttestationResponse(p.RP, *p.Auth, *p.Cred, *ao)
	return []byte(att), base64.RawURLEncoding.EncodeToString(ao.Challenge), nil
}

// Get answers navigator.credentials.get(options) with the passkey.
func (p *Phone) Get(options []byte) (assertion []byte, challenge string, err error) {
	opts, err := virtualwebauthn.ParseAssertionOptions(string(options))
	if err != nil {
		return nil, "", err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.Cred == nil {
		return nil, "", fmt.Errorf("softphone: no passkey yet")
	}
	if !p.Auth.Options.BackupEligible {
		p.Cred.Counter++ // a device-bound authenticator counts its uses; synced passkeys (iCloud Keychain, Google Password Manager) always send 0
	}
	a, err := p.assert(opts.Challenge)
	if err != nil {
		return nil, "", err
	}
	return a, base64.RawURLEncoding.EncodeToString(opts.Challenge), nil
}

// Enrol builds the enrolment request for an activation code and the
// options the server returned.
func (p *Phone) Enrol(code string, options []byte) (device.EnrolFinish, error) {
	cred, ch, err := p.Create(options)
	if err != nil {
		return device.EnrolFinish{}, err
	}
	return device.EnrolFinish{Code: code, Credential: cred, DeviceKey: p.Raw, DeviceSig: p.Sign(device.EnrolMessage(ch)), Label: "softphone"}, nil
}

// Login builds a passkey sign-in that also registers this install's key.
func (p *Phone) Login(options []byte) (device.LoginFinish, error) {
	a, ch, err := p.Get(options)
	if err != nil {
		return device.LoginFinish{}, err
	}
	return device.LoginFinish{Credential: a, DeviceKey: p.Raw, DeviceSig: p.Sign(device.LoginMessage(ch)), Label: "softphone"}, nil
}

// Fix is a geolocation reading.
type Fix struct {
	Lat, Lon, AccuracyM float64
}

// Checkin builds a signed check-in on a prefetched challenge's options at
// the phone's time now.
func (p *Phone) Checkin(options []byte, typ string, fix Fix, now time.Time, offline bool) (checkin.Request, error) {
	a, ch, err := p.Get(options)
	if err != nil {
		return checkin.Request{}, err
	}
	key, err := uuid.NewV7()
	if err != nil {
		return checkin.Request{}, err
	}
	r := checkin.Request{Type: typ, DeviceKeyID: p.KeyID, Challenge: ch, Assertion: json.RawMessage(a),
		Position:   checkin.Position{Lat: fix.Lat, Lon: fix.Lon, AccuracyM: fix.AccuracyM, Timestamp: now.Add(-time.Second).UnixMilli()},
		ClientTime: now.UTC().Format("2006-01-02T15:04:05.000Z"), IdempotencyKey: key.String(), Offline: offline}
	r.DeviceSig = p.Sign(r.Canonical())
	return r, nil
}

// Resign signs r again after a change (tests of tampering and offline).
func (p *Phone) Resign(r *checkin.Request) { r.DeviceSig = p.Sign(r.Canonical()) }

// CheckinOptions builds the request options the installed app builds from a
// check-in challenge (the server sends only the challenge).
func CheckinOptions(challenge, rpID string) []byte {
	b, _ := json.Marshal(map[string]string{"challenge": challenge, "rpId": rpID, "userVerification": "required"})
	return b
}
