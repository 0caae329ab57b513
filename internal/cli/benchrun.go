package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"runtime/pprof"
	"sync"
	"time"

	"github.com/descope/virtualwebauthn"
	"github.com/labstack/echo/v4"

	"github.com/hadir-id/hadir/internal/audit"
	"github.com/hadir-id/hadir/internal/auth"
	"github.com/hadir-id/hadir/internal/batch"
	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/config"
	"github.com/hadir-id/hadir/internal/device"
	"github.com/hadir-id/hadir/internal/device/softphone"
	"github.com/hadir-id/hadir/internal/loadtest"
	"github.com/hadir-id/hadir/internal/org"
	"github.com/hadir-id/hadir/internal/rules"
	"github.com/hadir-id/hadir/internal/store"
)

// benchRun holds one `hadir bench checkin`.
type benchRun struct {
	o      benchOptions
	cfg    config.Config
	st     *store.Store
	app    app
	env    Env
	site   org.Point
	phones []*benchPhone
}

// benchPhone is one enrolled employee: their phone, session and the
// challenge prefetched for the next tap.
type benchPhone struct {
	mu      sync.Mutex
	ph      *softphone.Phone
	cookie  string
	options json.RawMessage
	in      bool
}

func (b *benchRun) run(ctx context.Context) error {
	start := time.Now()
	if err := b.seed(ctx); err != nil {
		return err
	}
	if err := b.enrol(ctx); err != nil {
		return err
	}
	fmt.Fprintf(b.env.Stderr, "seeded and enrolled %d employees in %s\n", b.o.employees, time.Since(start).Round(time.Millisecond))
	client := loadtest.Client(b.o.clients)
	echoFloor := loadtest.Run(ctx, b.o.clients, b.o.floor, func(ctx context.Context, _ int) bool {
		return b.get(ctx, client, "/healthz")
	})
	durable := loadtest.Run(ctx, b.o.clients, b.o.floor, func(ctx context.Context, w int) bool {
		return b.post(ctx, client, "/bench/durable", "", map[string]int64{"employee_id": int64(w + 1)}, nil)
	})
	stopProfile, err := startProfile(b.o.cpuprofile)
	if err != nil {
		return err
	}
	rss := loadtest.WatchRSS()
	do := func(ctx context.Context, w int) bool { return b.checkin(ctx, client, w) }
	var main loadtest.Result
	if b.o.checkins > 0 {
		main = loadtest.RunN(ctx, b.o.clients, b.o.checkins, do)
	} else {
		main = loadtest.Run(ctx, b.o.clients, b.o.duration, do)
	}
	peak := rss.Stop()
	stopProfile()
	return b.report(ctx, main, durable, echoFloor, peak)
}

func (b *benchRun) report(ctx context.Context, main, durable, echoFloor loadtest.Result, rssMB float64) error {
	stored, err := b.st.CountEvents(ctx, "checkin")
	if err != nil {
		return err
	}
	if stored != main.OK {
		return fmt.Errorf("database holds %d check-ins but %d were acknowledged", stored, main.OK)
	}
	stats := b.app.writer.Stats()
	fmt.Fprintf(b.env.Stderr, "writer: %d batches, avg %.1f, max %d, overloaded %d; rss_max_mb=%.0f; rows verified: %d\n",
		stats.Batches, stats.AvgBatch(), stats.MaxBatchSeen, stats.Overloaded, rssMB, stored)
	ratio := 0.0
	if durable.PerSecond() > 0 {
		ratio = main.PerSecond() / durable.PerSecond()
	}
	fmt.Fprintf(b.env.Stdout, "checkins_per_s=%.0f p50_ms=%.1f p99_ms=%.1f errors=%d durable_floor_per_s=%.0f ratio_to_durable_floor=%.2f echo_floor_rps=%.0f db=%s rss_max_mb=%.0f\n",
		main.PerSecond(), ms(main.Percentile(50)), ms(main.Percentile(99)), main.Errors, durable.PerSecond(), ratio,
		echoFloor.PerSecond(), b.cfg.DB.Dialect, rssMB)
	return nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// seed writes the regency, an agency with its office, the default rules
// and the employees, in bulk.
func (b *benchRun) seed(ctx context.Context) error {
	b.site = org.Point{Lat: -5.7300, Lon: 105.5900}
	reg := org.Regency{Name: "Kabupaten Bench", Timezone: "Asia/Jakarta"}
	if err := b.st.CreateRegency(ctx, audit.System, &reg); err != nil {
		return err
	}
	ag := org.Agency{RegencyID: reg.ID, Code: "BENCH", Name: "Dinas Bench", Kind: org.KindDinas, Active: true}
	if err := b.st.CreateAgency(ctx, audit.System, &ag); err != nil {
		return err
	}
	if err := b.st.CreateSite(ctx, audit.System, &org.Site{AgencyID: ag.ID, Name: "Kantor", Lat: b.site.Lat, Lon: b.site.Lon, RadiusM: 150, Active: true}); err != nil {
		return err
	}
	from := civil.Date{Year: 2025, Month: 1, Day: 1}
	if err := b.st.CreatePolicy(ctx, audit.System, &rules.Policy{RegencyID: reg.ID, Name: "P", ValidFrom: from, Body: rules.DefaultPolicy}); err != nil {
		return err
	}
	if err := b.st.CreateSchedule(ctx, audit.System, &rules.Schedule{RegencyID: reg.ID, Name: "S", ValidFrom: from, Weekly: rules.DefaultWeekly}); err != nil {
		return err
	}
	return b.st.InBulk(ctx, func(bk *store.Bulk) error {
		emps := make([]*org.Employee, b.o.employees)
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

// enrol gives every employee a real passkey and device key through the
// device service (activation code, attestation, device signature), then
// prefetches each one's first challenge.
func (b *benchRun) enrol(ctx context.Context) error {
	devs := b.app.server.Devices
	admin := &auth.Principal{RegencyID: 1, Roles: []auth.Role{auth.RoleRegencyAdmin}}
	rp := virtualwebauthn.RelyingParty{ID: "localhost", Origin: b.cfg.BaseURL, Name: "Hadir"}
	b.phones = make([]*benchPhone, b.o.employees)
	errs := make(chan error, 4)
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < b.o.employees; i += 4 {
				if err := b.enrolOne(ctx, devs, admin, rp, i); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	return <-errs
}

func (b *benchRun) enrolOne(ctx context.Context, devs *device.Service, admin *auth.Principal, rp virtualwebauthn.RelyingParty, i int) error {
	empID := int64(i + 1)
	act, err := devs.IssueActivationCode(ctx, admin, empID)
	if err != nil {
		return err
	}
	start, err := devs.BeginEnrol(ctx, act.Code)
	if err != nil {
		return err
	}
	ph, err := softphone.New(rp, virtualwebauthn.AuthenticatorOptions{BackupEligible: true, BackupState: true})
	if err != nil {
		return err
	}
	req, err := ph.Enrol(act.Code, start.Options)
	if err != nil {
		return err
	}
	out, err := devs.FinishEnrol(ctx, req, "bench")
	if err != nil {
		return err
	}
	ch, err := devs.CheckinChallenge(ctx, empID, ph.KeyID)
	if err != nil {
		return err
	}
	b.phones[i] = &benchPhone{ph: ph, cookie: auth.SessionCookie + "=" + out.SessionToken, options: ch.Options, in: true}
	return nil
}

// checkin makes one real check-in of one of the worker's employees.
func (b *benchRun) checkin(ctx context.Context, client *http.Client, worker int) bool {
	n := len(b.phones) / b.o.clients
	p := b.phones[worker+b.o.clients*rand.IntN(n)] // each phone belongs to one worker
	p.mu.Lock()
	defer p.mu.Unlock()
	typ := map[bool]string{true: "in", false: "out"}[p.in]
	fix := softphone.Fix{Lat: b.site.Lat + (rand.Float64()-0.5)*0.0004, Lon: b.site.Lon + (rand.Float64()-0.5)*0.0004,
		AccuracyM: 6 + rand.Float64()*20}
	req, err := p.ph.Checkin(p.options, typ, fix, time.Now(), false)
	if err != nil {
		return false
	}
	var res struct {
		Next *struct {
			Challenge string `json:"challenge"`
		} `json:"next_challenge"`
	}
	if !b.post(ctx, client, "/api/v1/checkins", p.cookie, req, &res) || res.Next == nil {
		return false
	}
	p.options, p.in = softphone.CheckinOptions(res.Next.Challenge, "localhost"), !p.in
	return true
}

func (b *benchRun) get(ctx context.Context, c *http.Client, path string) bool {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, b.cfg.BaseURL+path, nil)
	res, err := c.Do(req)
	if err != nil {
		return false
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode == http.StatusOK
}

func (b *benchRun) post(ctx context.Context, c *http.Client, path, cookie string, body, out any) bool {
	raw, _ := json.Marshal(body)
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, b.cfg.BaseURL+path, bytes.NewReader(raw))
	req.Header.Set("Content-Type", "application/json")
	if cookie != "" {
		req.Header.Set("Cookie", cookie)
	}
	res, err := c.Do(req)
	if err != nil {
		return false
	}
	defer res.Body.Close()
	if out != nil {
		if json.NewDecoder(res.Body).Decode(out) != nil {
			return false
		}
	} else {
		io.Copy(io.Discard, res.Body)
	}
	return res.StatusCode == http.StatusCreated
}

// durableFloor is the same group-commit writer over a bare insert: what a
// check-in would cost with no verification at all.
type durableFloor struct {
	w *batch.Writer[rules.Event, int64]
}

func newDurableFloor(st *store.Store) *durableFloor {
	return &durableFloor{w: batch.New(st.InsertEvents, batch.Options{MaxBatch: 256, Linger: 2 * time.Millisecond, QueueSize: 8192})}
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

// startProfile writes a CPU profile to path until the returned func runs.
func startProfile(path string) (func(), error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}
