package device

import (
	"encoding/base64"
	"testing"
	"time"

	"github.com/hadir-id/hadir/internal/apperr"
)

// A check-in challenge opens only as issued, with this installation's key,
// for its employee and device, inside its validity.
func TestCheckinChallenge(t *testing.T) {
	now := time.Date(2026, 11, 30, 0, 25, 0, 0, time.UTC)
	s := &Service{Now: func() time.Time { return now }, ChallengeKey: []byte("k1-0123456789abcdef0123456789abcd")}
	c := s.issueChallenge(42, 7)
	got, err := s.OpenChallenge(c.Value)
	if err != nil || got.EmployeeID != 42 || got.DeviceID != 7 || !got.IssuedAt.Equal(now) || !got.ExpiresAt.Equal(now.Add(CheckinChallengeTTL)) {
		t.Fatalf("opened %+v, %v", got, err)
	}
	if raw := mustDecode(c.Value); len(raw) < timeLen+nonceLen || len(c.Value) > 48 {
		t.Fatalf("challenge %q: %d bytes, want a nonce and at most 48 characters (it travels six times per check-in)", c.Value, len(raw))
	}
	big := s.issueChallenge(1<<40, 1<<33) // national-scale ids still fit
	if got, err := s.OpenChallenge(big.Value); err != nil || got.EmployeeID != 1<<40 || got.DeviceID != 1<<33 {
		t.Fatalf("large ids: %+v, %v", got, err)
	}
	if s.issueChallenge(42, 7).Value == c.Value {
		t.Fatal("two challenges are equal: the nonce is missing")
	}

	raw := mustDecode(c.Value)
	other := &Service{Now: s.Now, ChallengeKey: []byte("k2-0123456789abcdef0123456789abcd")}
	refused := map[string]string{
		"another installation's key": c.Value,
		"not base64":                 c.Value[:10] + "!!" + c.Value[12:],
		"truncated":                  c.Value[:40],
		"empty":                      "",
	}
	// Signed, but with a byte after the device id: not a layout we issue.
	body := append(append([]byte(nil), raw[:len(raw)-macLen]...), 0)
	refused["trailing byte"] = base64.RawURLEncoding.EncodeToString(append(body, s.challengeMAC(body)...))
	for i := range raw { // any byte changed: nonce, time, employee, device or MAC
		b := append([]byte(nil), raw...)
		b[i] ^= 0x01
		refused["byte "+itoa(int64(i))+" altered"] = base64.RawURLEncoding.EncodeToString(b)
	}
	for name, v := range refused {
		svc := s
		if name == "another installation's key" {
			svc = other
		}
		if _, err := svc.OpenChallenge(v); apperr.CodeOf(err) != apperr.Unauthorized {
			t.Errorf("%s: %v, want unauthorized", name, err)
		}
	}

	checks := []struct {
		name     string
		emp, dev int64
		at       time.Time
		ok       bool
	}{
		{"on issue", 42, 7, now, true},
		{"a second before expiry", 42, 7, now.Add(CheckinChallengeTTL - time.Second), true},
		{"at expiry", 42, 7, now.Add(CheckinChallengeTTL), false},
		{"before issue (offline claim)", 42, 7, now.Add(-time.Second), false},
		{"another employee", 43, 7, now, false},
		{"another device", 42, 8, now, false},
	}
	for _, tc := range checks {
		_, err := s.Challenge(c.Value, tc.emp, tc.dev, tc.at)
		if (err == nil) != tc.ok || (err != nil && apperr.CodeOf(err) != apperr.Unauthorized) {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
}
