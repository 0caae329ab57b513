package device

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"testing"
)

// WebCrypto signs ECDSA as raw r‖s (IEEE P1363), not DER; both verify, and
// neither verifies another message or key.
func TestDeviceSignatureEncodings(t *testing.T) {
	k, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	ek, _ := k.PublicKey.ECDH()
	raw := ek.Bytes()
	msg := []byte("hadir-checkin/v1\nchallenge")
	d := sha256.Sum256(msg)
	r, s, _ := ecdsa.Sign(rand.Reader, k, d[:])
	p1363 := make([]byte, 64)
	r.FillBytes(p1363[:32])
	s.FillBytes(p1363[32:])
	der, _ := ecdsa.SignASN1(rand.Reader, k, d[:])
	other, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	oek, _ := other.PublicKey.ECDH()
	for _, tc := range []struct {
		name string
		key  []byte
		msg  []byte
		sig  []byte
		ok   bool
	}{
		{"P1363", raw, msg, p1363, true},
		{"DER", raw, msg, der, true},
		{"P1363 other message", raw, []byte("x"), p1363, false},
		{"DER other key", oek.Bytes(), msg, der, false},
		{"truncated", raw, msg, p1363[:63], false},
		{"DER with trailing bytes", raw, msg, append(append([]byte{}, der...), 0), false},
		{"not a key", []byte{4, 1, 2}, msg, p1363, false},
	} {
		if got := VerifyDeviceSignature(tc.key, tc.msg, tc.sig); got != tc.ok {
			t.Errorf("%s: verify = %v, want %v", tc.name, got, tc.ok)
		}
	}
	if _, err := ParseDeviceKey(raw); err != nil {
		t.Fatal(err)
	}
	if _, err := ParseDeviceKey(raw[:64]); err == nil {
		t.Error("a 64-byte key was accepted")
	}
}

func TestCodes(t *testing.T) {
	c := newCode(12)
	if len(c) != 14 || c[4] != '-' || c[9] != '-' {
		t.Fatalf("code %q", c)
	}
	if normalizeCode(" "+lower(c)+" ") != normalizeCode(c) || len(normalizeCode(c)) != 12 {
		t.Fatalf("normalize %q → %q", c, normalizeCode(c))
	}
	seen := map[string]bool{}
	for range 1000 {
		seen[newCode(12)] = true
	}
	if len(seen) != 1000 {
		t.Fatal("codes repeat")
	}
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 32
		}
	}
	return string(b)
}
