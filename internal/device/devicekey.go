package device

import (
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/sha256"
	"encoding/asn1"
	"encoding/base64"
	"errors"
	"math/big"
)

// ParseDeviceKey checks an uncompressed P-256 public key (WebCrypto
// exportKey("raw")) and returns its id: base64url of the first 16 bytes of
// its SHA-256.
func ParseDeviceKey(raw []byte) (keyID string, err error) {
	if _, err := ecdh.P256().NewPublicKey(raw); err != nil {
		return "", errors.New("device key is not an uncompressed P-256 public key")
	}
	sum := sha256.Sum256(raw)
	return base64.RawURLEncoding.EncodeToString(sum[:16]), nil
}

// VerifyDeviceSignature checks an ECDSA P-256 / SHA-256 signature over msg.
// WebCrypto produces raw r‖s (IEEE P1363, 64 bytes); DER is accepted too.
func VerifyDeviceSignature(raw, msg, sig []byte) bool {
	pub, err := publicKey(raw)
	if err != nil {
		return false
	}
	digest := sha256.Sum256(msg)
	if len(sig) == 64 {
		r, s := new(big.Int).SetBytes(sig[:32]), new(big.Int).SetBytes(sig[32:])
		return ecdsa.Verify(pub, digest[:], r, s)
	}
	var der struct{ R, S *big.Int }
	if rest, err := asn1.Unmarshal(sig, &der); err != nil || len(rest) != 0 || der.R == nil || der.S == nil {
		return false
	}
	return ecdsa.Verify(pub, digest[:], der.R, der.S)
}

// publicKey parses an uncompressed P-256 point (checked to be on the
// curve) without touching the deprecated big.Int coordinates.
func publicKey(raw []byte) (*ecdsa.PublicKey, error) {
	return ecdsa.ParseUncompressedPublicKey(elliptic.P256(), raw)
}

// EnrolMessage is what a new device key signs to prove it is held by the app
// doing this passkey ceremony.
func EnrolMessage(challenge string) []byte { return []byte("hadir-enrol/v1\n" + challenge) }
