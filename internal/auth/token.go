package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
)

// NewToken returns a random URL-safe secret (256 bits) and the hash under
// which it is stored. Only the hash ever reaches the database.
func NewToken() (token string, hash []byte) {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go ≥1.24)
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, HashToken(token)
}

// HashToken is the stored form of a session or link token.
func HashToken(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// NewUserHandle returns a random 32-byte WebAuthn user handle: stable per
// employee, never derived from the NIP.
func NewUserHandle() []byte {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return b
}
