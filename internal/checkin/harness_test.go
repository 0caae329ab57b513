package checkin_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/json"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/descope/virtualwebauthn"
	"github.com/google/uuid"

	"github.com/hadir-id/hadir/internal/audit"
	"github.com/hadir-id/hadir/internal/auth"
	"github.com/hadir-id/hadir/internal/batch"
	"github.com/hadir-id/hadir/internal/checkin"
	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/device"
	"github.com/hadir-id/hadir/internal/org"
	"github.com/hadir-id/hadir/internal/rules"
	"github.com/hadir-id/hadir/internal/store"
	"github.com/hadir-id/hadir/internal/store/storetest"
	"github.com/hadir-id/hadir/internal/timesheet"
)

var wib = time.FixedZone("WIB", 7*3600)

// clock is the test's settable clock (Monday 2025-03-17 07:24 WIB).
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time)     { c.mu.Lock(); c.t = t; c.mu.Unlock() }
func (c *clock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

var rp = virtualwebauthn.RelyingParty{Name: "Hadir", ID: "localhost", Origin: "http://localhost:8080"}

// office is the Diskominfo site at Kalianda.
var office = org.Point{Lat: -5.7300, Lon: 105.5900}

type world struct {
	t        *testing.T
	clk      *clock
	st       *store.Store
	devices  *device.Service
	svc      *checkin.Service
	reviews  *checkin.Reviews
	auths    *auth.Service
	worker   *timesheet.Worker
	writer   *batch.Writer[checkin.Write, checkin.Written]
	agency   org.Agency
	emp      org.Employee
	boss     org.Employee
	admin    *auth.Principal
	bossP    *auth.Principal
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func mustWorld(t *testing.T, dialect string) *world {
	t.Helper()
	ctx := context.Background()
	clk := &clock{t: time.Date(2025, 3, 17, 7, 24, 5, 0, wib)}
	st := storetest.Open(t, dialect, clk.Now)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	rpw, err := device.NewRelyingParty(rp.Origin)
	must(t, err)
	w := &world{t: t, clk: clk, st: st}
	w.devices = &device.Service{Store: st, RP: rpw, Now: clk.Now}
	eng := &timesheet.Engine{Store: st, Now: clk.Now, Log: log}
	w.worker = &timesheet.Worker{Engine: eng, Queue: st, Log: log}
	w.writer = batch.New(st.CommitCheckins, batch.Options{})
	t.Cleanup(func() { w.writer.Close() })
	w.svc = &checkin.Service{Store: st, Devices: w.devices, Writer: w.writer, Days: eng, Policy: checkin.DefaultPolicy(), Now: clk.Now}
	w.auths = &auth.Service{Store: st, Now: clk.Now}
	orgs := &org.Service{Store: st, Now: clk.Now}
	w.reviews = &checkin.Reviews{Store: st, Org: orgs, Now: clk.Now}
	w.seed(ctx)
	return w
}

func (w *world) seed(ctx context.Context) {
	t, st := w.t, w.st
	reg := org.Regency{Name: "Kabupaten Uji", Timezone: "Asia/Jakarta"}
	must(t, st.CreateRegency(ctx, audit.System, &reg))
	w.agency = org.Agency{RegencyID: reg.ID, Code: "DISKOMINFO", Name: "Diskominfo", Kind: org.KindDinas, Active: true}
	must(t, st.CreateAgency(ctx, audit.System, &w.agency))
	must(t, st.CreateSite(ctx, audit.System, &org.Site{AgencyID: w.agency.ID, Name: "Kantor Diskominfo", Lat: office.Lat, Lon: office.Lon, RadiusM: 80, Active: true}))
	w.boss = w.employee(reg.ID, "197912192006071001", nil)
	w.emp = w.employee(reg.ID, "198601282006112001", &w.boss.ID)
	must(t, st.CreatePolicy(ctx, audit.System, &rules.Policy{RegencyID: reg.ID, Name: "P", ValidFrom: civil.Date{Year: 2025, Month: 1, Day: 1}, Body: rules.DefaultPolicy}))
	must(t, st.CreateSchedule(ctx, audit.System, &rules.Schedule{RegencyID: reg.ID, Name: "S", ValidFrom: civil.Date{Year: 2025, Month: 1, Day: 1}, Weekly: rules.DefaultWeekly}))
	w.admin = &auth.Principal{UserID: 99, RegencyID: reg.ID, Roles: []auth.Role{auth.RoleAgencyAdmin}, AdminAgencies: []int64{w.agency.ID}}
	w.bossP = &auth.Principal{UserID: 98, RegencyID: reg.ID, EmployeeID: &w.boss.ID, Roles: []auth.Role{auth.RoleEmployee, auth.RoleSupervisor}}
}

func (w *world) employee(regencyID int64, nip string, sup *int64) org.Employee {
	e := org.Employee{RegencyID: regencyID, NIP: &nip, Name: "Pegawai " + nip[15:], EmployeeType: org.TypePNS,
		UserHandle: auth.NewUserHandle(), ActiveFrom: civil.Date{Year: 2010, Month: 1, Day: 1}}
	must(w.t, w.st.CreateEmployee(context.Background(), audit.System, &e, &org.Assignment{AgencyID: w.agency.ID, SupervisorID: sup, ValidFrom: e.ActiveFrom}))
	return e
}

// phone is one installed app: a passkey authenticator (shared by an
// employee's phones when synced) and this install's device key.
type phone struct {
	auth  *virtualwebauthn.Authenticator
	cred  *virtualwebauthn.Credential
	key   *ecdsa.PrivateKey
	raw   []byte
	keyID string
	p     *auth.Principal
}

func newKey(t testing.TB) (*ecdsa.PrivateKey, []byte, string) {
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	must(t, err)
	ek, err := k.PublicKey.ECDH()
	must(t, err)
	raw := ek.Bytes()
	id, err := device.ParseDeviceKey(raw)
	must(t, err)
	return k, raw, id
}

// p1363 signs like WebCrypto: raw r‖s, 32 bytes each.
func p1363(t testing.TB, k *ecdsa.PrivateKey, msg []byte) []byte {
	d := sha256.Sum256(msg)
	r, s, err := ecdsa.Sign(rand.Reader, k, d[:])
	must(t, err)
	out := make([]byte, 64)
	r.FillBytes(out[:32])
	s.FillBytes(out[32:])
	return out
}

// enrol runs activation → passkey (BE=1, like iCloud) → device key.
func (w *world) enrol(opts virtualwebauthn.AuthenticatorOptions) *phone {
	t, ctx := w.t, context.Background()
	act, err := w.devices.IssueActivationCode(ctx, w.admin, w.emp.ID)
	must(t, err)
	start, err := w.devices.BeginEnrol(ctx, act.Code)
	must(t, err)
	ao, err := virtualwebauthn.ParseAttestationOptions(string(start.Options))
	must(t, err)
	opts.UserHandle = []byte(ao.UserID)
	a := virtualwebauthn.NewAuthenticatorWithOptions(opts)
	cred := virtualwebauthn.NewCredential(virtualwebauthn.KeyTypeEC2)
	a.AddCredential(cred)
	att := virtualwebauthn.CreateAttestationResponse(rp, a, cred, *ao)
	var ch struct {
		Response struct {
			ClientDataJSON string `json:"clientDataJSON"`
		} `json:"response"`
	}
	must(t, json.Unmarshal([]byte(att), &ch))
	k, raw, id := newKey(t)
	out, err := w.devices.FinishEnrol(ctx, device.EnrolFinish{Code: act.Code, Credential: json.RawMessage(att), DeviceKey: raw,
		DeviceSig: p1363(t, k, device.EnrolMessage(challengeOf(t, att))), Label: "iPhone uji"}, "test")
	must(t, err)
	p, err := w.auths.Principal(ctx, out.SessionToken, true)
	must(t, err)
	return &phone{auth: &a, cred: &a.Credentials[0], key: k, raw: raw, keyID: id, p: p}
}

// challengeOf reads the challenge from a response's clientDataJSON.
func challengeOf(t testing.TB, response string) string {
	var r struct {
		Response struct {
			ClientDataJSON string `json:"clientDataJSON"`
		} `json:"response"`
	}
	must(t, json.Unmarshal([]byte(response), &r))
	cd, err := b64(r.Response.ClientDataJSON)
	must(t, err)
	var c struct {
		Challenge string `json:"challenge"`
	}
	must(t, json.Unmarshal(cd, &c))
	return c.Challenge
}

// request builds a signed check-in on a fresh challenge.
func (w *world) request(ph *phone, typ string, at org.Point, accuracy float64) checkin.Request {
	t := w.t
	ch, err := w.devices.CheckinChallenge(context.Background(), *ph.p.EmployeeID, ph.keyID)
	must(t, err)
	return w.sign(ph, ch.Options, typ, at, accuracy, rp)
}

func (w *world) sign(ph *phone, options json.RawMessage, typ string, at org.Point, accuracy float64, party virtualwebauthn.RelyingParty) checkin.Request {
	t := w.t
	opts, err := virtualwebauthn.ParseAssertionOptions(string(options))
	must(t, err)
	ph.cred.Counter++
	assertion := virtualwebauthn.CreateAssertionResponse(party, *ph.auth, *ph.cred, *opts)
	now := w.clk.Now()
	key, err := uuid.NewV7()
	must(t, err)
	r := checkin.Request{Type: typ, DeviceKeyID: ph.keyID, Challenge: challengeOf(t, assertion), Assertion: json.RawMessage(assertion),
		Position:   checkin.Position{Lat: at.Lat, Lon: at.Lon, AccuracyM: accuracy, Timestamp: now.Add(-2 * time.Second).UnixMilli()},
		ClientTime: now.UTC().Format("2006-01-02T15:04:05.000Z"), IdempotencyKey: key.String()}
	r.DeviceSig = p1363(t, ph.key, r.Canonical())
	return r
}

func (w *world) resign(ph *phone, r *checkin.Request) { r.DeviceSig = p1363(w.t, ph.key, r.Canonical()) }

func (w *world) events() int {
	evs, err := w.st.Events(context.Background(), []int64{w.emp.ID}, time.Time{}, w.clk.Now().Add(24*time.Hour))
	must(w.t, err)
	return len(evs)
}
