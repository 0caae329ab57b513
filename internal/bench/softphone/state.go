package softphone

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/x509"
	"errors"
	"fmt"

	"github.com/descope/virtualwebauthn"
)

// State is everything a Phone needs to go on signing in another process:
// `hadir bench checkin` enrols its phones in the server's process and hands
// them to a separate load generator. It holds both private keys, so it must
// be kept where the phone itself could be (a 0600 file, never a log).
type State struct {
	RP      virtualwebauthn.RelyingParty         `json:"rp"`
	Options virtualwebauthn.AuthenticatorOptions `json:"options"` // includes the user handle set at enrolment
	AAGUID  [16]byte                             `json:"aaguid"`
	// The passkey; empty before enrolment.
	CredentialID []byte `json:"credential_id,omitempty"`
	PasskeyKey   []byte `json:"passkey_key,omitempty"` // PKCS#8, the library's own export format
	Counter      uint32 `json:"counter,omitempty"`     // the server flags a counter that goes back
	DeviceKey    []byte `json:"device_key"`            // PKCS#8; the key ID and public key follow from it
}

// State exports the phone: its current passkey (another one its
// authenticator may hold through NewInstall is left out) and device key.
func (p *Phone) State() (State, error) {
	dk, err := x509.MarshalPKCS8PrivateKey(p.Key)
	if err != nil {
		return State{}, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	s := State{RP: p.RP, Options: p.Auth.Options, AAGUID: p.Auth.Aaguid, DeviceKey: dk}
	if p.Cred != nil {
		if p.Cred.Key.Type != virtualwebauthn.KeyTypeEC2 {
			return State{}, fmt.Errorf("softphone: cannot export a %s passkey", p.Cred.Key.Type)
		}
		s.CredentialID, s.PasskeyKey, s.Counter = p.Cred.ID, p.Cred.Key.Data, p.Cred.Counter
	}
	return s, nil
}

// Restore rebuilds a phone from its State: the same passkey (ID, key and
// counter) and the same device key, hence the same KeyID.
func Restore(s State) (*Phone, error) {
	k, err := parseP256(s.DeviceKey)
	if err != nil {
		return nil, fmt.Errorf("softphone: device key: %w", err)
	}
	p, err := withDeviceKey(s.RP, s.Options, k)
	if err != nil {
		return nil, err
	}
	p.Auth.Aaguid = s.AAGUID
	if len(s.CredentialID) > 0 {
		// The library panics on a key it cannot parse when it signs; refuse it here.
		if _, err := parseP256(s.PasskeyKey); err != nil {
			return nil, fmt.Errorf("softphone: passkey: %w", err)
		}
		c := virtualwebauthn.NewCredentialWithImportedKey(virtualwebauthn.KeyTypeEC2, s.PasskeyKey)
		c.ID, c.Counter = s.CredentialID, s.Counter
		p.Auth.AddCredential(c)
		p.Cred = &p.Auth.Credentials[0]
	}
	return p, nil
}

func parseP256(pkcs8 []byte) (*ecdsa.PrivateKey, error) {
	key, err := x509.ParsePKCS8PrivateKey(pkcs8)
	if err != nil {
		return nil, err
	}
	k, ok := key.(*ecdsa.PrivateKey)
	if !ok || k.Curve != elliptic.P256() {
		return nil, errors.New("not a P-256 private key")
	}
	return k, nil
}
