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
// Layout before base64url: issued unix ms(8) | nonce(16) | employee(8) |
// device(8) | HMAC-SHA256 truncated to 16 bytes. 56 bytes, 75 characters.
// The issue time comes first so that the unique index the challenges are
// spent into grows at its end (challenges live minutes) rather than at a
// random page per check-in; the MAC's domain string names the layout.
const (
	nonceLen     = 16
	challengeLen = nonceLen + 8 + 8 + 8
	macLen       = 16
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
	b := make([]byte, 8+nonceLen, challengeLen+macLen)
	binary.BigEndian.PutUint64(b, uint64(now.UnixMilli()))
	_, _ = rand.Read(b[8:]) // crypto/rand does not fail
	b = binary.BigEndian.AppendUint64(b, uint64(employeeID))
	b = binary.BigEndian.AppendUint64(b, uint64(deviceID))
	b = append(b, s.challengeMAC(b)...)
	return CheckinChallenge{Value: base64.RawURLEncoding.EncodeToString(b), EmployeeID: employeeID, DeviceID: deviceID,
		IssuedAt: now, ExpiresAt: now.Add(CheckinChallengeTTL)}
}

// OpenChallenge checks a challenge's signature and returns what it says.
// Errors: unauthorized (not one of ours, or altered).
func (s *Service) OpenChallenge(v string) (CheckinChallenge, error) {
	b, err := base64.RawURLEncoding.DecodeString(v)
	if err != nil || len(b) != challengeLen+macLen ||
		!hmac.Equal(b[challengeLen:], s.challengeMAC(b[:challengeLen])) {
		return CheckinChallenge{}, apperr.E(apperr.Unauthorized, "tantangan tidak dikenal; muat ulang lalu coba lagi")
	}
	issued := time.UnixMilli(int64(binary.BigEndian.Uint64(b))).UTC()
	return CheckinChallenge{Value: v, IssuedAt: issued, ExpiresAt: issued.Add(CheckinChallengeTTL),
		EmployeeID: int64(binary.BigEndian.Uint64(b[nonceLen+8:])), DeviceID: int64(binary.BigEndian.Uint64(b[nonceLen+16:]))}, nil
}

func (s *Service) challengeMAC(b []byte) []byte {
	s.keyOnce.Do(func() {
		if len(s.ChallengeKey) == 0 { // one process only (tests); newApp passes the shared key
			s.ChallengeKey = make([]byte, 32)
			_, _ = rand.Read(s.ChallengeKey)
		}
	})
	m := hmac.New(sha256.New, s.ChallengeKey)
	m.Write([]byte("hadir-checkin-challenge/v2\n"))
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
