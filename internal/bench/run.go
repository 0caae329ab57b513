package bench

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"runtime/debug"
	"sync"
	"time"

	"github.com/descope/virtualwebauthn"
	"github.com/labstack/echo/v4"

	"github.com/hadir-id/hadir/internal/audit"
	"github.com/hadir-id/hadir/internal/auth"
	"github.com/hadir-id/hadir/internal/batch"
	"github.com/hadir-id/hadir/internal/bench/softphone"
	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/config"
	"github.com/hadir-id/hadir/internal/device"
	"github.com/hadir-id/hadir/internal/org"
	"github.com/hadir-id/hadir/internal/rules"
	"github.com/hadir-id/hadir/internal/store"
	"github.com/hadir-id/hadir/internal/tuning"
)

// runner is the server's side of one `hadir bench checkin`: it seeds and
// enrols, hands the phones to the load generator's process, measures
// itself while the check-ins run, and verifies what was stored.
type runner struct {
	o      options
	cfg    config.Config
	t      *Target
	env    Env
	dir    string // the bench's temp dir, for the state file
	site   org.Point
	phones []*Phone // until handed to the generator
}

func (b *runner) run(ctx context.Context) error {
	start := time.Now()
	var err error
	b.site, b.phones, err = Populate(ctx, b.t.Store, b.t.Devices, b.cfg.BaseURL, b.o.employees)
	if err != nil {
		return err
	}
	fmt.Fprintf(b.env.Stderr, "seeded and enrolled %d employees in %s\n", b.o.employees, time.Since(start).Round(time.Millisecond))
	state, err := writeState(b.dir, b.site, b.phones)
	if err != nil {
		return err
	}
	defer os.Remove(state)
	// The phones (keys, sessions, challenges) are the generator's now: the
	// server's RSS must not count them.
	b.phones = nil
	debug.FreeOSMemory()
	w, err := newWatch(b.o.cpuprofile, b.o.memprofile)
	if err != nil {
		return err
	}
	defer w.close()
	res, err := runGenerator(ctx, b.generatorOptions(state), w)
	if err != nil {
		return err
	}
	return b.report(ctx, res, w)
}

func (b *runner) generatorOptions(state string) clientOptions {
	return clientOptions{state: state, baseURL: b.cfg.BaseURL, clients: b.o.clients, duration: b.o.duration,
		floor: b.o.floor, checkins: b.o.checkins}
}

func (b *runner) report(ctx context.Context, r results, w *watch) error {
	main, durable := r.Checkins, r.Durable
	stored, err := b.t.Store.CountEvents(ctx, "checkin")
	if err != nil {
		return err
	}
	if stored != main.OK {
		return fmt.Errorf("database holds %d check-ins but %d were acknowledged", stored, main.OK)
	}
	stats := b.t.Writer.Stats()
	fmt.Fprintf(b.env.Stderr, "writer: %d batches, avg %.1f, max %d, overloaded %d; rss_max_mb=%.0f (server), client_rss_max_mb=%.0f (load generator); rows verified: %d\n",
		stats.Batches, stats.AvgBatch(), stats.MaxBatchSeen, stats.Overloaded, w.serverMB, w.clientMB, stored)
	// The outbox yields at the peak (timesheet.Worker.Peak): what it left
	// for later is part of the bill, so drain it now and say what it took.
	start := time.Now()
	drained, err := b.t.Worker.Drain(ctx)
	if err != nil {
		return fmt.Errorf("draining the recompute outbox: %w", err)
	}
	fmt.Fprintf(b.env.Stderr, "outbox: %d recompute jobs left by the run drained in %s\n", drained, time.Since(start).Round(time.Millisecond))
	if main.OK > 0 {
		fmt.Fprintf(b.env.Stderr, "cpu during the check-ins: server %.1f s (%.0f µs per check-in), load generator %.1f s (%.0f µs per check-in)\n",
			w.checkins.server, w.checkins.server*1e6/float64(main.OK), w.checkins.client, w.checkins.client*1e6/float64(main.OK))
	}
	if f := w.floor; f.stopped && durable.OK > 0 {
		fmt.Fprintf(b.env.Stderr, "cpu during the durable floor: server %.0f µs, load generator %.0f µs per request\n",
			f.server*1e6/float64(durable.OK), f.client*1e6/float64(durable.OK))
	}
	ratio := 0.0
	if durable.PerSecond() > 0 {
		ratio = main.PerSecond() / durable.PerSecond()
	}
	fmt.Fprintf(b.env.Stdout, "checkins_per_s=%.0f p50_ms=%.1f p99_ms=%.1f errors=%d durable_floor_per_s=%.0f ratio_to_durable_floor=%.2f echo_floor_rps=%.0f db=%s rss_max_mb=%.0f\n",
		main.PerSecond(), ms(main.P50), ms(main.P99), main.Errors, durable.PerSecond(), ratio,
		r.Echo.PerSecond(), b.cfg.DB.Dialect, w.serverMB)
	return nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// Populate seeds a regency with one agency, its office (returned), the
// default rules and n employees, in bulk, then enrols every employee with
// a real passkey and device key through the device service (activation
// code, attestation, device signature) and prefetches each one's first
// challenge: the phones of the benchmark and of overload tests.
func Populate(ctx context.Context, st *store.Store, devs *device.Service, baseURL string, n int) (org.Point, []*Phone, error) {
	site, err := seed(ctx, st, n)
	if err != nil {
		return org.Point{}, nil, err
	}
	phones, err := enrol(ctx, devs, baseURL, n)
	return site, phones, err
}

func seed(ctx context.Context, st *store.Store, n int) (org.Point, error) {
	site := org.Point{Lat: -5.7300, Lon: 105.5900}
	reg := org.Regency{Name: "Kabupaten Bench", Timezone: "Asia/Jakarta"}
	if err := st.CreateRegency(ctx, audit.System, &reg); err != nil {
		return site, err
	}
	ag := org.Agency{RegencyID: reg.ID, Code: "BENCH", Name: "Dinas Bench", Kind: org.KindDinas, Active: true}
	if err := st.CreateAgency(ctx, audit.System, &ag); err != nil {
		return site, err
	}
	if err := st.CreateSite(ctx, audit.System, &org.Site{AgencyID: ag.ID, Name: "Kantor", Lat: site.Lat, Lon: site.Lon, RadiusM: 150, Active: true}); err != nil {
		return site, err
	}
	from := civil.Date{Year: 2025, Month: 1, Day: 1}
	if err := st.CreatePolicy(ctx, audit.System, &rules.Policy{RegencyID: reg.ID, Name: "P", ValidFrom: from, Body: rules.DefaultPolicy}); err != nil {
		return site, err
	}
	if err := st.CreateSchedule(ctx, audit.System, &rules.Schedule{RegencyID: reg.ID, Name: "S", ValidFrom: from, Weekly: rules.DefaultWeekly}); err != nil {
		return site, err
	}
	return site, st.InBulk(ctx, func(bk *store.Bulk) error {
		emps := make([]*org.Employee, n)
		for i := range emps {
			emps[i] = &org.Employee{RegencyID: reg.ID, Name: fmt.Sprintf("Pegawai %d", i+1), EmployeeType: org.TypeNonASN,
				UserHandle: auth.NewUserHandle(), ActiveFrom: from}
		}
		if err := bk.Insert(emps); err != nil {
			return err
		}
		as := make([]*org.Assignment, len(emps))
		for i, e := range emps {
			as[i] = &org.Assignment{EmployeeID: e.ID, AgencyID: ag.ID, ValidFrom: from, CreatedAt: time.Now()}
		}
		return bk.Insert(as)
	})
}

// enrol enrols employees 1…n on four goroutines.
func enrol(ctx context.Context, devs *device.Service, baseURL string, n int) ([]*Phone, error) {
	admin := &auth.Principal{RegencyID: 1, Roles: []auth.Role{auth.RoleRegencyAdmin}}
	rp := virtualwebauthn.RelyingParty{ID: "localhost", Origin: baseURL, Name: "Hadir"}
	phones := make([]*Phone, n)
	errs := make(chan error, 4)
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += 4 {
				p, err := enrolOne(ctx, devs, admin, rp, int64(i+1))
				if err != nil {
					errs <- err
					return
				}
				phones[i] = p
			}
		}()
	}
	wg.Wait()
	close(errs)
	return phones, <-errs
}

func enrolOne(ctx context.Context, devs *device.Service, admin *auth.Principal, rp virtualwebauthn.RelyingParty, empID int64) (*Phone, error) {
	act, err := devs.IssueActivationCode(ctx, admin, empID)
	if err != nil {
		return nil, err
	}
	start, err := devs.BeginEnrol(ctx, act.Code)
	if err != nil {
		return nil, err
	}
	ph, err := softphone.New(rp, virtualwebauthn.AuthenticatorOptions{BackupEligible: true, BackupState: true})
	if err != nil {
		return nil, err
	}
	req, err := ph.Enrol(act.Code, start.Options)
	if err != nil {
		return nil, err
	}
	out, err := devs.FinishEnrol(ctx, req, "bench")
	if err != nil {
		return nil, err
	}
	ch, err := devs.CheckinChallenge(ctx, empID, ph.KeyID)
	if err != nil {
		return nil, err
	}
	return &Phone{Soft: ph, Cookie: auth.SessionCookie + "=" + out.SessionToken, Options: ch.Options, In: true}, nil
}

// durableFloor is the same group-commit writer over a bare insert: what a
// check-in would cost with no verification at all.
type durableFloor struct {
	w *batch.Writer[rules.Event, int64]
}

func newDurableFloor(st *store.Store) *durableFloor {
	return &durableFloor{w: batch.New(st.InsertEvents, batch.Options{MaxBatch: tuning.WriterMaxBatch, Linger: tuning.WriterLinger, QueueSize: tuning.WriterQueue})}
}

func (f *durableFloor) Close() error { return f.w.Close() }

func (f *durableFloor) handler(c echo.Context) error {
	var req struct {
		EmployeeID int64 `json:"employee_id"`
	}
	if err := c.Bind(&req); err != nil {
		return err
	}
	now := time.Now().UTC()
	id, err := f.w.Submit(c.Request().Context(), rules.Event{EmployeeID: req.EmployeeID, At: now, Type: "in", Source: "floor",
		Status: rules.EventAccepted, CreatedAt: now, Signals: "[]"})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, map[string]int64{"id": id})
}
