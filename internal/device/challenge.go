package device

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"time"

	"github.com/hadir-id/hadir/internal/apperr"
)

// Check-in challenges are stateless: the server signs what it would
// otherwise have stored — a random nonce, the issue time, the employee and
// the device — with a key every node shares, so issuing one writes nothing
// and checking one reads nothing. Single use is enforced where the
// challenge is spent: the event row stores it under a unique index, in the
// same batch transaction that stores the event (a second use conflicts).
//
// Layout before base64url: issued unix ms (6 bytes, big-endian: good to
// the year 10889) | nonce (12) | employee (uvarint) | device (uvarint) |
// HMAC-SHA256 truncated to 12 bytes (96 bits, as TLS and IPsec truncate).
// About 34 bytes, 46 characters: the challenge travels six times in a
// check-in (the options' copy and the app's, the assertion's client data,
// the next one), and each character costs the employee's data quota.
// The issue time comes first so that the unique index the challenges are
// spent into grows at its end (challenges live minutes) rather than at a
// random page per check-in; the MAC's domain string names the layout.
const (
	timeLen  = 6
	nonceLen = 12
	macLen   = 12
	minBody  = timeLen + nonceLen + 2 // two one-byte uvarints
	maxBody  = timeLen + nonceLen + 2*binary.MaxVarintLen64
)

// CheckinChallenge is an opened, authentic check-in challenge.
type CheckinChallenge struct {
	Value      string // as sent to the app and signed by the passkey
	EmployeeID int64
	DeviceID   int64
	IssuedAt   time.Time
	ExpiresAt  time.Time
}

// issueChallenge signs a new check-in challenge for this employee and
// device.
func (s *Service) issueChallenge(employeeID, deviceID int64) CheckinChallenge {
	now := s.Now().UTC().Truncate(time.Millisecond)
	b := make([]byte, timeLen+nonceLen, maxBody+macLen)
	ms := uint64(now.UnixMilli())
	for i := range timeLen {
		b[i] = byte(ms >> (8 * (timeLen - 1 - i)))
	}
	_, _ = rand.Read(b[timeLen:]) // crypto/rand does not fail
	b = binary.AppendUvarint(b, uint64(employeeID))
	b = binary.AppendUvarint(b, uint64(deviceID))
	b = append(b, s.challengeMAC(b)...)
	return CheckinChallenge{Value: base64.RawURLEncoding.EncodeToString(b), EmployeeID: employeeID, DeviceID: deviceID,
		IssuedAt: now, ExpiresAt: now.Add(CheckinChallengeTTL)}
}

// OpenChallenge checks a challenge's signature and returns what it says.
// Errors: unauthorized (not one of ours, or altered).
func (s *Service) OpenChallenge(v string) (CheckinChallenge, error) {
	unknown := apperr.New(apperr.Unauthorized, "device.challenge_unknown")
	b, err := base64.RawURLEncoding.DecodeString(v)
	if err != nil || len(b) < minBody+macLen || len(b) > maxBody+macLen {
		return CheckinChallenge{}, unknown
	}
	body := b[:len(b)-macLen]
	if !hmac.Equal(b[len(body):], s.challengeMAC(body)) {
		return CheckinChallenge{}, unknown
	}
	var ms uint64
	for _, c := range body[:timeLen] {
		ms = ms<<8 | uint64(c)
	}
	emp, n := binary.Uvarint(body[timeLen+nonceLen:])
	if n <= 0 {
		return CheckinChallenge{}, unknown
	}
	dev, m := binary.Uvarint(body[timeLen+nonceLen+n:])
	if m <= 0 || timeLen+nonceLen+n+m != len(body) {
		return CheckinChallenge{}, unknown
	}
	issued := time.UnixMilli(int64(ms)).UTC()
	return CheckinChallenge{Value: v, IssuedAt: issued, ExpiresAt: issued.Add(CheckinChallengeTTL),
		EmployeeID: int64(emp), DeviceID: int64(dev)}, nil
}

// challengeKey is the key every node shares for signed challenges.
func (s *Service) challengeKey() []byte {
	s.keyOnce.Do(func() {
		if len(s.ChallengeKey) == 0 { // one process only (tests); newApp passes the shared key
			s.ChallengeKey = make([]byte, 32)
			_, _ = rand.Read(s.ChallengeKey)
		}
	})
	return s.ChallengeKey
}

func (s *Service) challengeMAC(b []byte) []byte {
	m := hmac.New(sha256.New, s.challengeKey())
	m.Write([]byte("hadir-checkin-challenge/v3\n"))
	m.Write(b)
	return m.Sum(nil)[:macLen]
}

// mustDecode decodes a challenge this package encoded.
func mustDecode(v string) []byte {
	b, err := base64.RawURLEncoding.DecodeString(v)
	if err != nil {
		panic("device: challenge not base64url: " + err.Error())
	}
	return b
}
