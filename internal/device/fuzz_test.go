package device

import (
	"encoding/base64"
	"testing"
	"time"

	"github.com/go-webauthn/webauthn/webauthn"

	"github.com/hadir-id/hadir/internal/apperr"
)

// FuzzOpenChallenge: whatever a client sends as a check-in challenge is
// either one this server signed or refused as unauthorized; it never
// panics. Run: go test -fuzz=FuzzOpenChallenge ./internal/device/
func FuzzOpenChallenge(f *testing.F) {
	s := &Service{Now: time.Now, ChallengeKey: []byte("fuzz-key-0123456789abcdef0123456")}
	f.Add(s.issueChallenge(1, 1).Value)
	f.Add(s.issueChallenge(1<<40, 1<<62).Value)
	f.Add("")
	f.Add("AAAA")
	f.Add("!!!not-base64!!!")
	f.Fuzz(func(t *testing.T, v string) {
		c, err := s.OpenChallenge(v)
		if err != nil {
			if apperr.CodeOf(err) != apperr.Unauthorized {
				t.Fatalf("OpenChallenge(%q): %v, want unauthorized", v, err)
			}
			return
		}
		again := s.issueChallenge(c.EmployeeID, c.DeviceID) // a genuine one opens the same way
		if d, err := s.OpenChallenge(again.Value); err != nil || d.EmployeeID != c.EmployeeID || d.DeviceID != c.DeviceID {
			t.Fatalf("re-issued challenge: %+v %v", d, err)
		}
	})
}

// FuzzOpenLoginChallenge: the same for the signed sign-in challenges that
// come back inside a passkey's client data.
func FuzzOpenLoginChallenge(f *testing.F) {
	s := &Service{Now: time.Now, ChallengeKey: []byte("fuzz-key-0123456789abcdef0123456"), RP: mustRP(f)}
	f.Add(string(mustEncode(s.issueLoginChallenge())))
	f.Add("")
	f.Add("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
	f.Fuzz(func(t *testing.T, v string) {
		sd, _, err := s.openLoginChallenge(v)
		if err != nil {
			if apperr.CodeOf(err) != apperr.Unauthorized {
				t.Fatalf("openLoginChallenge(%q): %v, want unauthorized", v, err)
			}
			return
		}
		if sd.Challenge != v {
			t.Fatalf("session challenge %q for %q", sd.Challenge, v)
		}
	})
}

// FuzzEnrolDeviceKey: a device key and its signature as received at
// enrolment (raw bytes from the app) are parsed or refused as invalid.
func FuzzEnrolDeviceKey(f *testing.F) {
	f.Add([]byte{4, 1, 2, 3}, []byte{1, 2, 3})
	f.Add(make([]byte, 65), make([]byte, 64))
	f.Add([]byte{}, []byte{})
	s := &Service{Now: time.Now}
	f.Fuzz(func(t *testing.T, key, sig []byte) {
		_, err := s.newDevice(1, key, sig, []byte("hadir-enrol/v1\nchallenge"), "fuzz", "ua")
		if err != nil && apperr.CodeOf(err) != apperr.Invalid && apperr.CodeOf(err) != apperr.Unauthorized {
			t.Fatalf("newDevice: %v, want invalid or unauthorized", err)
		}
	})
}

func mustRP(f *testing.F) *webauthn.WebAuthn {
	rp, err := NewRelyingParty("http://localhost:8080")
	if err != nil {
		f.Fatal(err)
	}
	return rp
}

func mustEncode(b []byte) []byte { return []byte(base64.RawURLEncoding.EncodeToString(b)) }
