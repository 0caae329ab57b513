package checkin_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/descope/virtualwebauthn"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/batch"
	"github.com/hadir-id/hadir/internal/checkin"
	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/device"
	"github.com/hadir-id/hadir/internal/org"
	"github.com/hadir-id/hadir/internal/rules"
	"github.com/hadir-id/hadir/internal/store/storetest"
)

var synced = virtualwebauthn.AuthenticatorOptions{BackupEligible: true, BackupState: true} // iCloud-like

func wantRefused(t *testing.T, w *world, what string, err error, code apperr.Code, before int) {
	t.Helper()
	if apperr.CodeOf(err) != code {
		t.Errorf("%s: %v (code %q), want %q", what, err, apperr.CodeOf(err), code)
	}
	if n := w.events(); n != before {
		t.Errorf("%s: %d events stored after a refusal, want %d", what, n, before)
	}
}

// Enrol → check in inside the fence → check out, with a synced (BE=1)
// passkey: accepted, told the day's status, the day computed by the engine.
func TestCheckInAndOut(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		w := mustWorld(t, dialect)
		ph := w.enrol(synced)
		w.clk.Add(10 * time.Second) // a passkey row rewritten at the check-in would say so in last_used_at
		res, err := w.svc.Submit(ctx, ph.p, w.request(ph, "in", office, 12), w.clk.Now(), "id")
		if err != nil {
			t.Fatal(err)
		}
		if res.Event.Status != rules.EventAccepted || res.Event.Geofence != "inside" || res.Status != "Masuk 07:24 — tepat waktu" || res.Next == nil {
			t.Fatalf("check-in: %+v", res)
		}
		w.clk.Set(time.Date(2025, 3, 17, 15, 40, 0, 0, wib)) // Ramadan? no period here: 16:00 end, 20 min early
		res, err = w.svc.Submit(ctx, ph.p, w.request(ph, "out", office, 9), w.clk.Now(), "id")
		if err != nil || res.Status != "Pulang 15:40 — 20 menit sebelum jam pulang (PSW1)" {
			t.Fatalf("check-out: %+v %v", res, err)
		}
		if _, err := w.worker.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		days, _ := w.st.Days(ctx, []int64{w.emp.ID}, civil.Date{Year: 2025, Month: 3, Day: 17}, civil.Date{Year: 2025, Month: 3, Day: 17})
		if len(days) != 1 || days[0].CheckIn == nil || days[0].Codes[0] != "PSW1" {
			t.Fatalf("stored day: %+v", days)
		}
		// A synced passkey's counter stays 0: its row is not rewritten.
		pks, _ := w.st.Passkeys(ctx, w.emp.ID)
		if len(pks) != 1 || !pks[0].BackupEligible || pks[0].SignCount != 0 || pks[0].LastUsedAt != nil {
			t.Fatalf("passkey: %+v", pks)
		}
	})
}

// A device-bound authenticator counts its uses: each check-in writes the
// counter back, so that a cloned key (a counter going back) is caught.
func TestDeviceBoundCounterWrittenBack(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		w := mustWorld(t, dialect)
		ph := w.enrol(virtualwebauthn.AuthenticatorOptions{})
		for i, typ := range []string{"in", "out"} {
			w.clk.Add(time.Minute)
			if _, err := w.svc.Submit(ctx, ph.p, w.request(ph, typ, office, 12), w.clk.Now(), "id"); err != nil {
				t.Fatalf("check-%s: %v", typ, err)
			}
			pks, _ := w.st.Passkeys(ctx, w.emp.ID)
			if len(pks) != 1 || pks[0].BackupEligible || pks[0].SignCount != int64(i+1) || !pks[0].LastUsedAt.Equal(w.clk.Now().UTC()) {
				t.Fatalf("after check-%s: passkey %+v", typ, pks)
			}
		}
	})
}

// Every refusal is a clear 4xx and stores nothing.
func TestRefusals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		w := mustWorld(t, dialect)
		ph := w.enrol(synced)
		n := w.events()

		// User verification missing.
		ph.Auth.Options.UserNotVerified = true
		_, err := w.svc.Submit(ctx, ph.p, w.request(ph, "in", office, 10), w.clk.Now(), "id")
		wantRefused(t, w, "user not verified", err, apperr.Unauthorized, n)
		ph.Auth.Options.UserNotVerified = false

		// Wrong origin and wrong RP ID.
		ch, _ := w.devices.CheckinChallenge(ctx, w.emp.ID, ph.KeyID)
		evil := virtualwebauthn.RelyingParty{ID: "localhost", Origin: "http://evil.example"}
		_, err = w.svc.Submit(ctx, ph.p, w.sign(ph, ch.Options, "in", office, 10, evil), w.clk.Now(), "id")
		wantRefused(t, w, "wrong origin", err, apperr.Unauthorized, n)
		ch, _ = w.devices.CheckinChallenge(ctx, w.emp.ID, ph.KeyID)
		other := virtualwebauthn.RelyingParty{ID: "example.go.id", Origin: rp.Origin}
		_, err = w.svc.Submit(ctx, ph.p, w.sign(ph, ch.Options, "in", office, 10, other), w.clk.Now(), "id")
		wantRefused(t, w, "wrong RP ID", err, apperr.Unauthorized, n)

		// Expired challenge.
		r := w.request(ph, "in", office, 10)
		w.clk.Add(device.CheckinChallengeTTL + time.Second)
		_, err = w.svc.Submit(ctx, ph.p, r, w.clk.Now(), "id")
		wantRefused(t, w, "expired challenge", err, apperr.Unauthorized, n)

		// Bad device signature; a tampered position breaks it too.
		r = w.request(ph, "in", office, 10)
		r.Position.Lat += 0.001
		_, err = w.svc.Submit(ctx, ph.p, r, w.clk.Now(), "id")
		wantRefused(t, w, "tampered payload", err, apperr.Unauthorized, n)

		// Replay: a used challenge with a new idempotency key.
		r = w.request(ph, "in", office, 10)
		if _, err := w.svc.Submit(ctx, ph.p, r, w.clk.Now(), "id"); err != nil {
			t.Fatal(err)
		}
		n = w.events()
		r.IdempotencyKey = "0190b1f0-7a40-7cc3-8b2a-3c6bd3c8e9a1"
		w.resign(ph, &r)
		_, err = w.svc.Submit(ctx, ph.p, r, w.clk.Now(), "id")
		wantRefused(t, w, "replayed challenge", err, apperr.Unauthorized, n)

		// Bad input shape.
		r = w.request(ph, "lunch", office, 10)
		_, err = w.svc.Submit(ctx, ph.p, r, w.clk.Now(), "id")
		wantRefused(t, w, "unknown type", err, apperr.Invalid, n)
		r = w.request(ph, "in", office, 10)
		r.IdempotencyKey = "not-a-uuid"
		_, err = w.svc.Submit(ctx, ph.p, r, w.clk.Now(), "id")
		wantRefused(t, w, "bad idempotency key", err, apperr.Invalid, n)
	})
}

// A retry storm of one check-in stores one event and answers the same.
func TestIdempotentRetries(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		w := mustWorld(t, dialect)
		ph := w.enrol(synced)
		r := w.request(ph, "in", office, 10)
		var wg sync.WaitGroup
		ids := make(chan int64, 50)
		for range 50 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				res, err := w.svc.Submit(ctx, ph.p, r, w.clk.Now(), "id")
				if err != nil {
					t.Errorf("retry: %v", err)
					return
				}
				ids <- res.Event.ID
			}()
		}
		wg.Wait()
		close(ids)
		first := int64(0)
		for id := range ids {
			if first == 0 {
				first = id
			}
			if id != first || id == 0 {
				t.Fatalf("retries got events %d and %d", first, id)
			}
		}
		if n := w.events(); n != 1 {
			t.Fatalf("%d events stored, want 1", n)
		}
	})
}

// A new phone (same synced passkey, new device key) is pending until the
// supervisor approves; then the old phone is revoked.
func TestNewPhoneNeedsApproval(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		w := mustWorld(t, dialect)
		old := w.enrol(synced)
		opts, err := w.devices.BeginLogin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		install, err := old.NewInstall()
		must(t, err)
		login, err := install.Login(opts)
		must(t, err)
		in, err := w.devices.FinishLogin(ctx, login, "test")
		if err != nil || in.Device == nil || in.Device.Status != device.Pending {
			t.Fatalf("new phone: %+v %v", in, err)
		}
		fresh := w.signedIn(install, in.SessionToken)
		res, err := w.svc.Submit(ctx, fresh.p, w.request(fresh, "in", office, 10), w.clk.Now(), "id")
		if err != nil || res.Event.Status != rules.EventPending || len(res.Review) == 0 {
			t.Fatalf("check-in from a pending phone: %+v %v", res, err)
		}
		_, err = w.devices.DecideDevice(ctx, old.p, in.Device.ID, true)
		if apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("employee approving own phone: %v", err)
		}
		if _, err := w.devices.DecideDevice(ctx, w.bossP, in.Device.ID, true); err != nil {
			t.Fatal(err)
		}
		n := w.events()
		_, err = w.devices.CheckinChallenge(ctx, w.emp.ID, old.KeyID)
		wantRefused(t, w, "revoked phone", err, apperr.Forbidden, n)
		if _, err := w.svc.Submit(ctx, fresh.p, w.request(fresh, "out", office, 10), w.clk.Now(), "id"); err != nil {
			t.Fatalf("approved phone: %v", err)
		}
		devs, _ := w.devices.Devices(ctx, old.p, w.emp.ID) // visible to the employee
		if len(devs) != 2 || devs[0].Status != device.Active || devs[1].Status != device.Revoked {
			t.Fatalf("devices: %+v", devs)
		}
	})
}

// Outside the fence and coarse fixes are stored for review with guidance.
func TestGeofenceGoesToReview(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		w := mustWorld(t, dialect)
		ph := w.enrol(synced)
		far := org.Point{Lat: office.Lat + 0.01, Lon: office.Lon} // ~1.1 km north
		res, err := w.svc.Submit(ctx, ph.p, w.request(ph, "in", far, 15), w.clk.Now(), "id")
		if err != nil || res.Event.Status != rules.EventPending || res.Event.Geofence != "outside" || !strings.Contains(res.Review[0], "Di luar area kantor") {
			t.Fatalf("outside: %+v %v", res, err)
		}
		res, err = w.svc.Submit(ctx, ph.p, w.request(ph, "in", office, 900), w.clk.Now(), "en")
		if err != nil || res.Event.Geofence != "unverifiable" || !strings.Contains(res.Review[0], "GPS accuracy 900 m") {
			t.Fatalf("coarse: %+v %v", res, err)
		}
		q, err := w.reviews.Queue(ctx, w.bossP)
		if err != nil || len(q) != 2 {
			t.Fatalf("review queue: %d %v", len(q), err)
		}
		if _, err := w.reviews.Decide(ctx, w.bossP, q[0].ID, checkinDecision(false, "")); apperr.CodeOf(err) != apperr.Invalid {
			t.Fatalf("reject without reason: %v", err)
		}
		ev, err := w.reviews.Decide(ctx, w.bossP, q[0].ID, checkinDecision(false, "lokasi rumah"))
		if err != nil || ev.Status != rules.EventRejected {
			t.Fatalf("reject: %+v %v", ev, err)
		}
		if _, err := w.reviews.Decide(ctx, w.bossP, q[0].ID, checkinDecision(true, "")); apperr.CodeOf(err) != apperr.Conflict {
			t.Fatalf("decide twice: %v", err)
		}
	})
}

// Offline: accepted and flagged when the gap is long; claimed times before
// the challenge or in the future are refused.
func TestOffline(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		w := mustWorld(t, dialect)
		ph := w.enrol(synced)
		r := w.request(ph, "in", office, 10)
		r.Offline = true
		w.resign(ph, &r)
		w.clk.Add(45 * time.Minute) // sent when the signal came back
		res, err := w.svc.Submit(ctx, ph.p, r, w.clk.Now(), "id")
		if err != nil || !res.Event.Offline || res.Event.ClaimedAt == nil || res.Event.Status != rules.EventPending {
			t.Fatalf("offline: %+v %v", res, err)
		}
		if !res.Event.At.Equal(w.clk.Now()) {
			t.Fatalf("event time %v, want the receive time %v", res.Event.At, w.clk.Now())
		}
		n := w.events()
		r = w.request(ph, "out", office, 10)
		r.Offline, r.ClientTime = true, w.clk.Now().Add(-time.Hour).UTC().Format(time.RFC3339)
		w.resign(ph, &r)
		_, err = w.svc.Submit(ctx, ph.p, r, w.clk.Now(), "id")
		wantRefused(t, w, "claimed before the challenge", err, apperr.Invalid, n)
		r = w.request(ph, "out", office, 10)
		r.Offline, r.ClientTime = true, w.clk.Now().Add(time.Hour).UTC().Format(time.RFC3339)
		w.resign(ph, &r)
		_, err = w.svc.Submit(ctx, ph.p, r, w.clk.Now(), "id")
		wantRefused(t, w, "claimed in the future", err, apperr.Invalid, n)
	})
}

// The Cirebon method end to end: a second employee reporting exactly the
// same coordinates minutes later is flagged with the evidence; a first,
// ordinary check-in is not.
func TestSharedCoordinatesAreFlagged(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		w := mustWorld(t, dialect)
		a := w.enrol(synced)
		b := w.enrolFor(w.boss, synced)
		spot := org.Point{Lat: -5.7300123, Lon: 105.5900456}
		first, err := w.svc.Submit(ctx, a.p, w.request(a, "in", spot, 11), w.clk.Now(), "id")
		if err != nil || len(first.Signals) != 0 || first.Event.Status != rules.EventAccepted {
			t.Fatalf("first: %+v %v", first, err)
		}
		w.clk.Add(3 * time.Minute)
		second, err := w.svc.Submit(ctx, b.p, w.request(b, "in", spot, 11), w.clk.Now(), "id")
		if err != nil || len(second.Signals) != 1 || second.Signals[0].Code != "shared_coordinates" || second.Event.Status != rules.EventPending {
			t.Fatalf("second: %+v %v", second, err)
		}
	})
}

// An extra site (a school) and a flexible-location day widen the fence.
func TestWorkLocations(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		w := mustWorld(t, dialect)
		ph := w.enrol(synced)
		school := org.Site{AgencyID: w.agency.ID, Name: "SD Negeri 1", Lat: -5.80, Lon: 105.60, RadiusM: 60, Active: true}
		must(t, w.st.CreateSite(ctx, auditSystem, &school))
		locs := &checkin.Locations{Store: w.st, Org: w.orgs}
		must(t, locs.Add(ctx, w.admin, &checkin.WorkLocation{EmployeeID: w.emp.ID, Kind: checkin.ExtraSite, SiteID: &school.ID}))
		res, err := w.svc.Submit(ctx, ph.p, w.request(ph, "in", org.Point{Lat: -5.80, Lon: 105.60}, 10), w.clk.Now(), "id")
		if err != nil || res.Event.Geofence != "inside" || res.Geofence.SiteName != "SD Negeri 1" {
			t.Fatalf("extra site: %+v %v", res.Geofence, err)
		}
		today := civil.In(w.clk.Now(), wib)
		err = locs.Add(ctx, w.admin, &checkin.WorkLocation{EmployeeID: w.emp.ID, Kind: checkin.Flexible})
		if apperr.CodeOf(err) != apperr.Invalid {
			t.Fatalf("flexible without dates: %v", err)
		}
		must(t, locs.Add(ctx, w.admin, &checkin.WorkLocation{EmployeeID: w.emp.ID, Kind: checkin.Flexible, DateFrom: today, DateTo: today}))
		w.clk.Add(2 * time.Hour) // 59 km away: not an impossible trip in two hours
		res, err = w.svc.Submit(ctx, ph.p, w.request(ph, "out", org.Point{Lat: -5.40, Lon: 105.25}, 10), w.clk.Now(), "id")
		if err != nil || res.Event.Geofence != "flexible" || res.Event.Status != rules.EventAccepted {
			t.Fatalf("flexible day: %+v %v", res.Event, err)
		}
	})
}

// Overload: with the writer slowed, clients get 503 with a receipt at once,
// nothing acknowledged is lost, and a retry with the receipt keeps the
// first arrival time — an overload never becomes lateness.
func TestOverloadKeepsFirstArrival(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		w := mustWorld(t, dialect)
		ph := w.enrol(synced)
		gate := make(chan struct{})
		slow := batch.New(func(ctx context.Context, items []checkin.Write) ([]checkin.Written, error) {
			<-gate
			return w.st.CommitCheckins(ctx, items)
		}, batch.Options{MaxBatch: 1, QueueSize: 1, Linger: -1})
		defer slow.Close()
		svc := *w.svc
		svc.Writer, svc.Receipts = slow, &checkin.Receipts{Key: []byte("test-key-32-bytes-long-enough!!!"), MaxAge: time.Hour}
		reqs := make([]checkin.Request, 6)
		for i := range reqs {
			reqs[i] = w.request(ph, "in", office, 10)
		}
		first := w.clk.Now()
		type outcome struct {
			i   int
			res checkin.Result
			err error
		}
		outs := make(chan outcome, len(reqs))
		for i, r := range reqs {
			go func() { res, err := svc.Submit(ctx, ph.p, r, first, "id"); outs <- outcome{i, res, err} }()
		}
		var refused []outcome
		for range len(reqs) - 2 { // two fit (one committing, one queued); the rest are turned away at once
			o := <-outs
			if apperr.CodeOf(o.err) != apperr.Unavailable {
				t.Fatalf("request %d: %v, want unavailable", o.i, o.err)
			}
			refused = append(refused, o)
		}
		close(gate)
		for range 2 {
			if o := <-outs; o.err != nil || !o.res.Event.At.Equal(first) {
				t.Fatalf("accepted request: %+v %v", o.res.Event, o.err)
			}
		}
		w.clk.Add(4 * time.Minute) // the app retries later, with the receipt
		for _, o := range refused {
			r := reqs[o.i]
			r.Receipt = apperr.As(o.err).Detail.(map[string]string)["receipt"]
			res, err := svc.Submit(ctx, ph.p, r, w.clk.Now(), "id")
			if err != nil || !res.Event.At.Equal(first) {
				t.Fatalf("retry of %d: at %v (err %v), want the first arrival %v", o.i, res.Event.At, err, first)
			}
		}
		if n := w.events(); n != len(reqs) {
			t.Fatalf("%d events stored, want %d", n, len(reqs))
		}
		forged := reqs[0]
		forged.Receipt = "AAAAAAAAAAA"
		if _, ok := svc.Receipts.Arrival(forged.Receipt, w.emp.ID, forged.IdempotencyKey, w.clk.Now()); ok {
			t.Fatal("a forged receipt was honoured")
		}
	})
}

// Two nodes on one PostgreSQL: the same check-in sent to both at once
// (one idempotency key) is one event, and both answer with it.
func TestTwoNodesOneEvent(t *testing.T) {
	ctx := context.Background()
	a := mustWorld(t, "postgres")
	ph := a.enrol(synced)
	b := a.secondNode()
	for round := range 5 {
		r := a.request(ph, []string{"in", "out"}[round%2], office, 10)
		var wg sync.WaitGroup
		ids := make([]int64, 2)
		for i, node := range []*world{a, b} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				res, err := node.svc.Submit(ctx, ph.p, r, a.clk.Now(), "id")
				if err != nil {
					t.Errorf("node %d: %v", i, err)
					return
				}
				ids[i] = res.Event.ID
			}()
		}
		wg.Wait()
		if ids[0] == 0 || ids[0] != ids[1] {
			t.Fatalf("round %d: nodes answered events %v", round, ids)
		}
	}
	if n := a.events(); n != 5 {
		t.Fatalf("%d events, want 5", n)
	}
}

// A phone revoked on one node is refused at once on another whose cache
// still holds it as active: the commit re-checks revocation in the
// database.
func TestRevokedOnAnotherNode(t *testing.T) {
	ctx := context.Background()
	a := mustWorld(t, "postgres")
	old := a.enrol(synced)
	b := a.secondNode()
	// Node a has the old phone's account cached (its challenge came from a).
	r := a.request(old, "in", office, 10)
	// On node b: a new install signs in and the supervisor approves it,
	// which revokes the old phone.
	opts, err := b.devices.BeginLogin(ctx)
	must(t, err)
	install, err := old.NewInstall()
	must(t, err)
	login, err := install.Login(opts)
	must(t, err)
	in, err := b.devices.FinishLogin(ctx, login, "test")
	if err != nil || in.Device == nil {
		t.Fatalf("new phone: %+v %v", in, err)
	}
	if _, err := b.devices.DecideDevice(ctx, a.bossP, in.Device.ID, true); err != nil {
		t.Fatal(err)
	}
	n := a.events()
	_, err = a.svc.Submit(ctx, old.p, r, a.clk.Now(), "id")
	wantRefused(t, a, "phone revoked on the other node", err, apperr.Forbidden, n)
}

// The inbox lists a new phone for the supervisor and not for a stranger.
func TestPendingDevicesInbox(t *testing.T) {
	ctx := context.Background()
	w := mustWorld(t, "sqlite")
	old := w.enrol(synced)
	w.newInstall(old)
	items, err := w.devices.Pending(ctx, w.bossP)
	if err != nil || len(items) != 1 || items[0].EmployeeName != w.emp.Name || items[0].Status != device.Pending {
		t.Fatalf("supervisor inbox: %+v %v", items, err)
	}
	items, _ = w.devices.Pending(ctx, old.p)
	if len(items) != 0 {
		t.Fatalf("the employee sees %d pending phones of others", len(items))
	}
}

// An admin's inbox is not the new phones of the first page of employees:
// a phone of the 502nd employee of the agency is listed too.
func TestPendingDevicesLargeAgency(t *testing.T) {
	ctx := context.Background()
	w := mustWorld(t, "sqlite")
	for i := 0; i < 500; i++ {
		w.employee(w.agency.RegencyID, fmt.Sprintf("199001012015011%03d", i+1), &w.boss.ID)
	}
	late := w.employee(w.agency.RegencyID, "199501012020121001", &w.boss.ID)
	old := w.enrolFor(late, synced)
	w.newInstall(old)
	items, err := w.devices.Pending(ctx, w.admin)
	if err != nil || len(items) != 1 || items[0].EmployeeID != late.ID || items[0].EmployeeName != late.Name {
		t.Fatalf("admin inbox: %+v %v", items, err)
	}
}

// newInstall signs in on a new phone with old's synced passkey: the new
// device waits for approval.
func (w *world) newInstall(old *phone) {
	ctx := context.Background()
	opts, err := w.devices.BeginLogin(ctx)
	must(w.t, err)
	install, err := old.NewInstall()
	must(w.t, err)
	login, err := install.Login(opts)
	must(w.t, err)
	if _, err := w.devices.FinishLogin(ctx, login, "test"); err != nil {
		w.t.Fatal(err)
	}
}
