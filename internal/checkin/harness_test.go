package checkin_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/descope/virtualwebauthn"

	"github.com/hadir-id/hadir/internal/audit"
	"github.com/hadir-id/hadir/internal/auth"
	"github.com/hadir-id/hadir/internal/batch"
	"github.com/hadir-id/hadir/internal/bench/softphone"
	"github.com/hadir-id/hadir/internal/checkin"
	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/config"
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
	t       testing.TB
	clk     *clock
	st      *store.Store
	db      config.Database
	devices *device.Service
	svc     *checkin.Service
	reviews *checkin.Reviews
	auths   *auth.Service
	orgs    *org.Service
	worker  *timesheet.Worker
	writer  *batch.Writer[checkin.Write, checkin.Written]
	agency  org.Agency
	emp     org.Employee
	boss    org.Employee
	admin   *auth.Principal
	bossP   *auth.Principal
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func mustWorld(t *testing.T, dialect string) *world { return mustWorldB(t, dialect) }

func mustWorldB(t testing.TB, dialect string) *world {
	t.Helper()
	clk := &clock{t: time.Date(2025, 3, 17, 7, 24, 5, 0, wib)}
	db := storetest.Database(t, dialect)
	st, err := store.Open(context.Background(), db, store.Options{Now: clk.Now})
	must(t, err)
	t.Cleanup(func() { st.Close() })
	_, err = st.Migrate(context.Background())
	must(t, err)
	w := &world{t: t, clk: clk, st: st, db: db}
	w.node(st)
	w.seed(context.Background())
	return w
}

// node wires the services of one server process over st (a second node
// shares the database, nothing else).
func (w *world) node(st *store.Store) {
	t, clk := w.t, w.clk
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	rpw, err := device.NewRelyingParty(rp.Origin)
	must(t, err)
	key, err := st.Secret(context.Background(), "checkin-challenge-key") // shared by the nodes, as newApp does
	must(t, err)
	w.devices = &device.Service{Store: st, RP: rpw, Now: clk.Now, ChallengeKey: key}
	days := &timesheet.Recomputer{Store: st, Now: clk.Now, Log: log}
	w.worker = &timesheet.Worker{Recomputer: days, Queue: st, Log: log}
	w.writer = batch.New(st.CommitCheckins, batch.Options{})
	t.Cleanup(func() { w.writer.Close() })
	w.svc = &checkin.Service{Store: st, Devices: w.devices, Writer: w.writer, Days: days, Policy: checkin.DefaultPolicy(), Now: clk.Now}
	w.auths = &auth.Service{Store: st, Now: clk.Now}
	w.orgs = &org.Service{Store: st, Lister: st, Now: clk.Now}
	w.reviews = &checkin.Reviews{Store: st, Org: w.orgs, Now: clk.Now}
}

// secondNode is another server process on the same database: its own
// store, caches, writer and services.
func (w *world) secondNode() *world {
	st, err := store.Open(context.Background(), w.db, store.Options{Now: w.clk.Now})
	must(w.t, err)
	w.t.Cleanup(func() { st.Close() })
	b := &world{t: w.t, clk: w.clk, st: st, db: w.db}
	b.node(st)
	return b
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

// enrol runs activation → passkey (options decide BE/UV) → device key,
// through the device service, and signs the employee in.
func (w *world) enrol(opts virtualwebauthn.AuthenticatorOptions) *phone {
	return w.enrolFor(w.emp, opts)
}

func (w *world) enrolFor(e org.Employee, opts virtualwebauthn.AuthenticatorOptions) *phone {
	t, ctx := w.t, context.Background()
	act, err := w.devices.IssueActivationCode(ctx, w.admin, e.ID)
	must(t, err)
	start, err := w.devices.BeginEnrol(ctx, act.Code)
	must(t, err)
	sp, err := softphone.New(rp, opts)
	must(t, err)
	req, err := sp.Enrol(act.Code, start.Options)
	must(t, err)
	out, err := w.devices.FinishEnrol(ctx, req, "test")
	must(t, err)
	return w.signedIn(sp, out.SessionToken)
}

// phone is a softphone with its signed-in principal.
type phone struct {
	*softphone.Phone
	p *auth.Principal
}

func (w *world) signedIn(sp *softphone.Phone, token string) *phone {
	p, err := w.auths.Principal(context.Background(), token, true)
	must(w.t, err)
	return &phone{Phone: sp, p: p}
}

// request builds a signed check-in on a fresh challenge.
func (w *world) request(ph *phone, typ string, at org.Point, accuracy float64) checkin.Request {
	ch, err := w.devices.CheckinChallenge(context.Background(), *ph.p.EmployeeID, ph.KeyID)
	must(w.t, err)
	return w.sign(ph, ch.Options, typ, at, accuracy, rp)
}

// sign answers a challenge as the phone would for the relying party party
// (a wrong origin or RP ID when the test wants one).
func (w *world) sign(ph *phone, options json.RawMessage, typ string, at org.Point, accuracy float64, party virtualwebauthn.RelyingParty) checkin.Request {
	saved := ph.RP
	ph.RP = party
	defer func() { ph.RP = saved }()
	r, err := ph.Checkin(options, typ, softphone.Fix{Lat: at.Lat, Lon: at.Lon, AccuracyM: accuracy}, w.clk.Now(), false)
	must(w.t, err)
	return r
}

func (w *world) resign(ph *phone, r *checkin.Request) { ph.Resign(r) }

func (w *world) events() int {
	evs, err := w.st.Events(context.Background(), []int64{w.emp.ID}, time.Time{}, w.clk.Now().Add(24*time.Hour))
	must(w.t, err)
	return len(evs)
}
