package softphone

import (
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
)

// assert builds the authenticator's answer to navigator.credentials.get —
// the same bytes virtualwebauthn.CreateAssertionResponse makes — with the
// passkey's private key parsed once per credential: the library parses its
// PKCS #8 form at every signature, which was a quarter of the load
// generator's CPU in `hadir bench checkin`. Called with p.mu held.
func (p *Phone) assert(challenge []byte) ([]byte, error) {
	if p.signer == nil || p.signerOf != string(p.Cred.ID) {
		k, err := x509.ParsePKCS8PrivateKey(p.Cred.Key.Data)
		if err != nil {
			return nil, fmt.Errorf("softphone: passkey key: %w", err)
		}
		ec, ok := k.(*ecdsa.PrivateKey)
		if !ok {
			return nil, fmt.Errorf("softphone: passkey key is %T, not ECDSA", k)
		}
		p.signer, p.signerOf = ec, string(p.Cred.ID)
	}
	b64 := base64.RawURLEncoding.EncodeToString
	cd, err := json.Marshal(struct {
		Type      string `json:"type"`
		Challenge string `json:"challenge"`
		Origin    string `json:"origin"`
	}{"webauthn.get", b64(challenge), p.RP.Origin})
	if err != nil {
		return nil, err
	}
	o := p.Auth.Options
	flags := flag(0, !o.UserNotPresent) | flag(2, !o.UserNotVerified) | flag(3, o.BackupEligible) | flag(4, o.BackupState) // UP, UV, BE, BS
	rp := sha256.Sum256([]byte(p.RP.ID))
	authData := binary.BigEndian.AppendUint32(append(rp[:], flags), p.Cred.Counter)
	cdHash := sha256.Sum256(cd)
	digest := sha256.Sum256(append(authData[:len(authData):len(authData)], cdHash[:]...))
	sig, err := ecdsa.SignASN1(rand.Reader, p.signer, digest[:])
	if err != nil {
		return nil, err
	}
	ext := o.ClientExtensionResults
	if ext == nil {
		ext = map[string]any{}
	}
	type response struct {
		AuthenticatorData string `json:"authenticatorData"`
		ClientDataJSON    string `json:"clientDataJSON"`
		Signature         string `json:"signature"`
		UserHandle        string `json:"userHandle,omitempty"`
	}
	id := b64(p.Cred.ID)
	return json.Marshal(struct {
		Type                   string         `json:"type"`
		ID                     string         `json:"id"`
		RawID                  string         `json:"rawId"`
		Response               response       `json:"response"`
		ClientExtensionResults map[string]any `json:"clientExtensionResults"`
	}{"public-key", id, id, response{b64(authData), b64(cd), b64(sig), b64(o.UserHandle)}, ext})
}

// flag is bit n of the authenticator data's flags byte, if on.
func flag(n uint, on bool) byte {
	if on {
		return 1 << n
	}
	return 0
}
