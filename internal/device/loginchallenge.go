package device

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"time"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"

	"github.com/hadir-id/hadir/internal/apperr"
)

// Sign-in challenges are stateless for the same reason as check-in ones,
// and one more: POST /auth/passkey/options needs no sign-in, so a stored
// ceremony per call let anyone fill the database (~700 rows/s measured).
// The options cost nothing to issue; the challenge is signed (issue time |
// 16-byte nonce | 96-bit MAC) and checked on return, and single use is
// enforced by recording it only once a real passkey has verified against
// it — so only the holder of a valid passkey causes a row, one per sign-in.
const loginNonceLen = 16

// issueLoginChallenge signs a new sign-in challenge.
func (s *Service) issueLoginChallenge() []byte {
	ms := uint64(s.Now().UTC().UnixMilli())
	b := make([]byte, timeLen+loginNonceLen, timeLen+loginNonceLen+macLen)
	for i := range timeLen {
		b[i] = byte(ms >> (8 * (timeLen - 1 - i)))
	}
	_, _ = rand.Read(b[timeLen:])
	return append(b, s.loginMAC(b)...)
}

// openLoginChallenge checks a returned challenge (base64url, as the client
// data carries it) and rebuilds the session data the library verifies
// against. Errors: unauthorized (not ours, altered or expired).
func (s *Service) openLoginChallenge(v string) (webauthn.SessionData, time.Time, error) {
	bad := apperr.New(apperr.Unauthorized, "device.challenge_expired")
	b, err := base64.RawURLEncoding.DecodeString(v)
	if err != nil || len(b) != timeLen+loginNonceLen+macLen {
		return webauthn.SessionData{}, time.Time{}, bad
	}
	body := b[:timeLen+loginNonceLen]
	if !hmac.Equal(b[len(body):], s.loginMAC(body)) {
		return webauthn.SessionData{}, time.Time{}, bad
	}
	var ms uint64
	for _, c := range body[:timeLen] {
		ms = ms<<8 | uint64(c)
	}
	issued := time.UnixMilli(int64(ms)).UTC()
	expires := issued.Add(CeremonyTTL)
	now := s.Now()
	if now.After(expires) || issued.After(now.Add(time.Minute)) {
		return webauthn.SessionData{}, time.Time{}, bad
	}
	// The library checks Expires against the wall clock; ours is injected.
	return webauthn.SessionData{Challenge: v, RelyingPartyID: s.RP.Config.RPID,
		UserVerification: protocol.VerificationRequired, Expires: time.Now().Add(expires.Sub(now))}, expires, nil
}

func (s *Service) loginMAC(b []byte) []byte {
	m := hmac.New(sha256.New, s.challengeKey())
	m.Write([]byte("hadir-login-challenge/v1\n"))
	m.Write(b)
	return m.Sum(nil)[:macLen]
}

// spendLoginChallenge records a verified sign-in's challenge; a second use
// conflicts on the unique challenge. Errors: unauthorized (already used).
func (s *Service) spendLoginChallenge(ctx context.Context, challenge string, employeeID int64, expires time.Time) error {
	now := s.Now().UTC()
	err := s.Store.SaveCeremony(ctx, &Ceremony{Challenge: challenge, Kind: KindLogin, EmployeeID: &employeeID,
		Session: []byte{}, CreatedAt: now, ExpiresAt: expires, UsedAt: &now})
	if apperr.Is(err, apperr.Conflict) {
		return apperr.New(apperr.Unauthorized, "device.challenge_expired")
	}
	return err
}
