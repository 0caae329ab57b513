package softphone_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/descope/virtualwebauthn"

	"github.com/hadir-id/hadir/internal/audit"
	"github.com/hadir-id/hadir/internal/auth"
	"github.com/hadir-id/hadir/internal/bench/softphone"
	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/device"
	"github.com/hadir-id/hadir/internal/org"
	"github.com/hadir-id/hadir/internal/store/storetest"
)

// A phone restored from its State (through JSON, as `hadir bench checkin`
// hands phones to its load generator) is the same phone: the server
// verifies its passkey sign-ins, twice in a row (a device-bound
// authenticator's counter carries over: the server stores 2), and its
// device signatures verify with the enrolled public key.
func TestRestoredPhoneSignsAsTheOriginal(t *testing.T) {
	svc, empID, orig := enrolled(t, virtualwebauthn.AuthenticatorOptions{})

	ph := roundTrip(t, orig)
	if ph.KeyID != orig.KeyID || string(ph.Raw) != string(orig.Raw) {
		t.Fatalf("device key changed: %s, want %s", ph.KeyID, orig.KeyID)
	}
	signIn(t, svc, ph, empID)
	again := roundTrip(t, ph) // its counter is now 1: the next assertion says 2
	signIn(t, svc, again, empID)
	if pks, err := svc.Store.Passkeys(context.Background(), empID); err != nil || len(pks) != 1 || pks[0].SignCount != 2 {
		t.Fatalf("stored passkey %+v (err %v), want sign count 2", pks, err)
	}

	opts := softphone.CheckinOptions("Y2hhbGxlbmdl", "hadir.example.go.id")
	req, err := again.Checkin(opts, "in", softphone.Fix{Lat: -5.73, Lon: 105.59, AccuracyM: 10}, time.Now(), false)
	must(t, err)
	if req.DeviceKeyID != orig.KeyID || !device.VerifyDeviceSignature(orig.Raw, req.Canonical(), req.DeviceSig) {
		t.Fatal("the restored device key's check-in signature does not verify with the enrolled key")
	}
}

// Restore refuses a key that is not a P-256 private key, rather than let
// the WebAuthn library panic at the first signature.
func TestRestoreRefusesBadKeys(t *testing.T) {
	ph, err := softphone.New(virtualwebauthn.RelyingParty{ID: "localhost", Origin: "http://localhost"}, virtualwebauthn.AuthenticatorOptions{})
	must(t, err)
	s, err := ph.State()
	must(t, err)
	bad := s
	bad.DeviceKey = []byte("not a key")
	if _, err := softphone.Restore(bad); err == nil {
		t.Fatal("a bad device key was accepted")
	}
	bad = s
	bad.CredentialID, bad.PasskeyKey = []byte("id"), []byte("not a key")
	if _, err := softphone.Restore(bad); err == nil {
		t.Fatal("a bad passkey was accepted")
	}
}

// enrolled makes an employee and enrols a phone for them through the
// device service on SQLite.
func enrolled(t *testing.T, opts virtualwebauthn.AuthenticatorOptions) (*device.Service, int64, *softphone.Phone) {
	t.Helper()
	ctx := context.Background()
	st := storetest.Open(t, "sqlite", nil)
	reg := org.Regency{Name: "Kab", Timezone: "Asia/Jakarta"}
	must(t, st.CreateRegency(ctx, audit.System, &reg))
	ag := org.Agency{RegencyID: reg.ID, Code: "A", Name: "A", Kind: org.KindDinas, Active: true}
	must(t, st.CreateAgency(ctx, audit.System, &ag))
	rpw, err := device.NewRelyingParty("https://hadir.example.go.id")
	must(t, err)
	svc := &device.Service{Store: st, RP: rpw, Now: time.Now}
	e := org.Employee{RegencyID: reg.ID, Name: "Pegawai", EmployeeType: org.TypeNonASN, UserHandle: auth.NewUserHandle(),
		ActiveFrom: civil.Date{Year: 2020, Month: 1, Day: 1}}
	must(t, st.CreateEmployee(ctx, audit.System, &e, &org.Assignment{AgencyID: ag.ID, ValidFrom: e.ActiveFrom}))
	admin := &auth.Principal{UserID: 1, RegencyID: reg.ID, Roles: []auth.Role{auth.RoleRegencyAdmin}}
	act, err := svc.IssueActivationCode(ctx, admin, e.ID)
	must(t, err)
	start, err := svc.BeginEnrol(ctx, act.Code)
	must(t, err)
	rp := virtualwebauthn.RelyingParty{ID: "hadir.example.go.id", Origin: "https://hadir.example.go.id"}
	ph, err := softphone.New(rp, opts)
	must(t, err)
	req, err := ph.Enrol(act.Code, start.Options)
	must(t, err)
	_, err = svc.FinishEnrol(ctx, req, "test")
	must(t, err)
	return svc, e.ID, ph
}

func roundTrip(t *testing.T, ph *softphone.Phone) *softphone.Phone {
	t.Helper()
	s, err := ph.State()
	must(t, err)
	raw, err := json.Marshal(s)
	must(t, err)
	var back softphone.State
	must(t, json.Unmarshal(raw, &back))
	q, err := softphone.Restore(back)
	must(t, err)
	return q
}

// signIn makes a discoverable passkey sign-in the server must verify.
func signIn(t *testing.T, svc *device.Service, ph *softphone.Phone, empID int64) {
	t.Helper()
	ctx := context.Background()
	opts, err := svc.BeginLogin(ctx)
	must(t, err)
	a, _, err := ph.Get(opts)
	must(t, err)
	out, err := svc.FinishLogin(ctx, device.LoginFinish{Credential: a}, "test")
	if err != nil {
		t.Fatalf("the server refused the restored phone's passkey: %v", err)
	}
	if out.EmployeeID != empID {
		t.Fatalf("signed in as employee %d, want %d", out.EmployeeID, empID)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
