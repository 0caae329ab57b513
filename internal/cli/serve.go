package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/hadir-id/hadir/api"
	"github.com/hadir-id/hadir/internal/audit"
	"github.com/hadir-id/hadir/internal/auth"
	"github.com/hadir-id/hadir/internal/batch"
	"github.com/hadir-id/hadir/internal/checkin"
	"github.com/hadir-id/hadir/internal/config"
	"github.com/hadir-id/hadir/internal/device"
	"github.com/hadir-id/hadir/internal/kinerja"
	"github.com/hadir-id/hadir/internal/org"
	"github.com/hadir-id/hadir/internal/privacy"
	"github.com/hadir-id/hadir/internal/push"
	"github.com/hadir-id/hadir/internal/rules"
	"github.com/hadir-id/hadir/internal/setup"
	"github.com/hadir-id/hadir/internal/store"
	"github.com/hadir-id/hadir/internal/timesheet"
	"github.com/hadir-id/hadir/internal/tuning"
	"github.com/hadir-id/hadir/internal/wirebytes"
	"github.com/hadir-id/hadir/pwa"
)

func newLogger(cfg config.Config, env Env) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.LogLevel}
	if cfg.LogFormat == "text" {
		return slog.New(slog.NewTextHandler(env.Stderr, opts))
	}
	return slog.New(slog.NewJSONHandler(env.Stderr, opts))
}

func serve(ctx context.Context, args []string, env Env) int {
	cfg, code, ok := parseConfig("hadir serve", args, env)
	if !ok {
		return code
	}
	log := newLogger(cfg, env)
	st, err := openStore(ctx, cfg, log)
	if err != nil {
		fmt.Fprintf(env.Stderr, "hadir: %v\n", err)
		return exitFail
	}
	defer st.Close()
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		fmt.Fprintf(env.Stderr, "hadir: --addr: cannot listen on %s: %v\n", cfg.Addr, err)
		return exitFail
	}
	if cfg.BaseURL == "" { // not configured: this machine, on the port actually bound
		cfg.BaseURL = fmt.Sprintf("http://localhost:%d", ln.Addr().(*net.TCPAddr).Port)
	}
	if err := firstRun(ctx, cfg, st, env); err != nil {
		ln.Close()
		fmt.Fprintf(env.Stderr, "hadir: %v\n", err)
		return exitFail
	}
	app, err := newApp(ctx, cfg, st, log)
	if err != nil {
		fmt.Fprintf(env.Stderr, "hadir: %v\n", err)
		return exitFail
	}
	limitMemory()
	defer app.writer.Close() // after the HTTP server drained: every accepted check-in commits
	wctx, stopWorker := context.WithCancel(ctx)
	done := app.background(wctx)
	go purgeCeremonies(wctx, st, log)
	go (&privacy.Retention{Store: st, Now: time.Now, Log: log}).Run(wctx)
	defer func() { stopWorker(); done() }() // before the store closes
	srv := &http.Server{Handler: app.server.Handler(), ReadHeaderTimeout: tuning.ReadHeaderTimeout,
		ReadTimeout: tuning.ReadTimeout, WriteTimeout: tuning.WriteTimeout, IdleTimeout: tuning.IdleTimeout}
	if cfg.MetricsAddr != "" {
		stopMetrics, err := serveMetrics(cfg.MetricsAddr, app.server.Registry, log)
		if err != nil {
			ln.Close()
			fmt.Fprintf(env.Stderr, "hadir: --metrics-addr: %v\n", err)
			return exitFail
		}
		defer stopMetrics()
	}
	fmt.Fprintf(env.Stdout, "Hadir is listening on http://%s (public origin %s)\n", ln.Addr(), cfg.BaseURL)
	log.Info("listening", slog.String("addr", ln.Addr().String()), slog.String("db", cfg.DB.Dialect))
	return runUntilDone(ctx, srv, ln, log)
}

// serveMetrics serves /metrics on its own listener (for the monitoring
// network only) until the returned func is called.
func serveMetrics(addr string, reg *prometheus.Registry, log *slog.Logger) (stop func(), err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: api.MetricsHandler(reg), ReadHeaderTimeout: tuning.ReadHeaderTimeout}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("metrics listener stopped", slog.Any("err", err))
		}
	}()
	log.Info("metrics listening", slog.String("addr", ln.Addr().String()))
	return func() { _ = srv.Close() }, nil
}

// runUntilDone serves until ctx ends (SIGTERM), then drains in-flight
// requests for up to tuning.ShutdownDrain.
func runUntilDone(ctx context.Context, srv *http.Server, ln net.Listener, log *slog.Logger) int {
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		log.Error("server stopped", slog.Any("err", err))
		return exitFail
	case <-ctx.Done():
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), tuning.ShutdownDrain)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		log.Error("shutdown", slog.Any("err", err))
		return exitFail
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return exitFail
	}
	return exitOK
}

// app is the wired program: the HTTP server, the background worker and
// the check-in writer.
type app struct {
	server  *api.Server
	worker  *timesheet.Worker
	pusher  *push.Worker
	planner *push.Scheduler
	writer  *batch.Writer[checkin.Write, checkin.Written]
	touches *auth.Toucher
}

// background starts what follows the requests — the outbox worker, the
// reminder scheduler, the push delivery worker and the session toucher — until ctx ends; the
// returned func waits for them to finish their last writes.
func (a app) background(ctx context.Context) (wait func()) {
	var wg sync.WaitGroup
	wg.Add(4)
	go func() { defer wg.Done(); a.worker.Run(ctx) }()
	go func() { defer wg.Done(); a.pusher.Run(ctx) }()
	go func() { defer wg.Done(); a.planner.Run(ctx) }()
	go func() { defer wg.Done(); a.touches.Run(ctx) }()
	return wg.Wait
}

// newApp is the one place where the dependencies are wired together.
func newApp(ctx context.Context, cfg config.Config, st *store.Store, log *slog.Logger) (app, error) {
	now := time.Now
	rp, err := device.NewRelyingParty(cfg.BaseURL)
	if err != nil {
		return app{}, fmt.Errorf("--base-url: %w", err)
	}
	receiptKey, err := st.Secret(ctx, "checkin-receipt-key")
	if err != nil {
		return app{}, err
	}
	challengeKey, err := st.Secret(ctx, "checkin-challenge-key")
	if err != nil {
		return app{}, err
	}
	vapid, err := push.LoadKeys(ctx, st, push.Keys{Public: cfg.VAPIDPublicKey, Private: cfg.VAPIDPrivateKey})
	if err != nil {
		return app{}, fmt.Errorf("web push keys: %w", err)
	}
	policy := checkin.DefaultPolicy()
	orgs := &org.Service{Store: st, Lister: st, Now: now}
	recomputer := &timesheet.Recomputer{Store: st, Now: now, Log: log}
	worker := &timesheet.Worker{Recomputer: recomputer, Queue: st, Log: log, Wake: make(chan struct{}, 1)}
	devices := &device.Service{Store: st, RP: rp, Now: now, ChallengeKey: challengeKey}
	writer := batch.New(st.CommitCheckins, batch.Options{MaxBatch: tuning.WriterMaxBatch, Linger: tuning.WriterLinger,
		QueueSize: tuning.WriterQueue, Timeout: tuning.WriterTimeout})
	touches := &auth.Toucher{Store: st, Log: log}
	// At the peak the outbox waits between rounds, so the check-ins get
	// the CPU and the recomputation runs in larger batches.
	worker.Peak = batch.Rate(writer, tuning.PeakRate)
	registry := prometheus.NewRegistry()
	pushMetrics := push.NewMetrics(registry)
	pusher := &push.Worker{Queue: st, Sender: push.NewWebPush(vapid, cfg.VAPIDSubject, cfg.BaseURL), Now: now, Log: log,
		Metrics: pushMetrics, Wake: make(chan struct{}, 1)}
	pushes := &push.Service{Store: st, Allow: push.NewAllowList(cfg.PushAllow), Keys: vapid, Now: now,
		Metrics: pushMetrics, Wake: pusher.Wake}
	planner := newScheduler(st, recomputer, now, log, pushMetrics, pusher.Wake)
	return app{worker: worker, pusher: pusher, planner: planner, writer: writer, touches: touches, server: &api.Server{
		Log: log, BaseURL: cfg.BaseURL, Now: now,
		Org:       orgs,
		Auth:      &auth.Service{Store: st, Now: now, Cache: auth.NewPrincipalCache(), Touches: touches},
		Grants:    &auth.GrantService{Store: st},
		Setup:     &setup.Service{Store: st},
		Rules:     &rules.Service{Store: st, Recompute: worker, Now: now},
		Timesheet: &timesheet.Reader{Store: st, Policies: st, Employees: orgs, Recomputer: recomputer},
		Devices:   devices,
		Checkins: &checkin.Service{Store: st, Devices: devices, Writer: writer, Days: recomputer,
			// A receipted retry is an offline check-in in all but name: its
			// receipt keeps the arrival time as long as an offline event may be late.
			Policy: policy, Now: now, Receipts: &checkin.Receipts{Key: receiptKey, MaxAge: policy.OfflineMaxAge}},
		Reviews:   &checkin.Reviews{Store: st, Org: orgs, Now: now},
		Locations: &checkin.Locations{Store: st, Org: orgs},
		Kinerja:   &kinerja.Service{Store: st, Now: now},
		Audit:     &audit.Trail{Store: st}, Ready: st,
		Privacy:   &privacy.Exporter{Store: st, Now: now},
		Push:      pushes,
		PushAdmin: &push.Admin{Scheduler: planner, Store: st},
		Registry:  registry,
		Wire:      wirebytes.New(registry),
		Shell:     pwa.FS,
		Proxies:   cfg.Proxies, MetricsToken: cfg.MetricsToken,
	}}, nil
}

// purgeCeremonies deletes enrolment and sign-in ceremonies days after they
// expired (check-in challenges are signed, never stored).
func purgeCeremonies(ctx context.Context, st *store.Store, log *slog.Logger) {
	t := time.NewTicker(tuning.CeremonyPurgeEvery)
	defer t.Stop()
	for {
		if n, err := st.PurgeCeremonies(ctx, time.Now().Add(-tuning.CeremonyKeep)); err != nil && ctx.Err() == nil {
			log.Warn("purging ceremonies", slog.Any("err", err))
		} else if n > 0 {
			log.Info("purged ceremonies", slog.Int64("rows", n))
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
