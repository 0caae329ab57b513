// Package bench measures Hadir and drives it as phones do: `hadir bench
// checkin` (the peak-load benchmark of docs/BENCHMARKS.md: the real server
// on loopback, real passkey and device-key check-ins from a second
// process, against floors measured in the same run), the load runner
// (bench/load) and the software phone (bench/softphone) that tests and
// the benchmark enrol and check in with. Nothing here is on the server's
// request path; internal/cli only dispatches the command to it and hands it
// the program, wired as `hadir serve` wires it (Target).
package bench

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/hadir-id/hadir/internal/batch"
	"github.com/hadir-id/hadir/internal/checkin"
	"github.com/hadir-id/hadir/internal/config"
	"github.com/hadir-id/hadir/internal/device"
	"github.com/hadir-id/hadir/internal/store"
	"github.com/hadir-id/hadir/internal/timesheet"
)

// Exit statuses, as the hadir command's.
const (
	exitOK    = 0
	exitFail  = 1 // the command ran and failed
	exitUsage = 2 // bad flags
)

// Env is what the command may touch of the outside world.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
}

// Target is the program under test, wired exactly as `hadir serve` wires
// it (internal/cli builds it), on an open store.
type Target struct {
	Store   *store.Store
	Handler *echo.Echo
	Devices *device.Service
	Writer  *batch.Writer[checkin.Write, checkin.Written]
	Worker  *timesheet.Worker
	// Background starts the outbox worker and the session toucher until
	// ctx ends; the returned func waits for their last writes.
	Background func(ctx context.Context) (wait func())
}

// Wire builds the Target for a configuration (its BaseURL set to where the
// server will listen); the caller closes the store.
type Wire func(ctx context.Context, cfg config.Config, log *slog.Logger) (*Target, error)

// options are the flags of `hadir bench checkin`.
type options struct {
	databaseURL string
	employees   int
	clients     int
	duration    time.Duration
	floor       time.Duration
	cpuprofile  string
	memprofile  string
	checkins    int // > 0: exactly this many check-ins instead of --duration (bounded tests)
}

func parseOptions(args []string, env Env) (options, int, bool) {
	o := options{}
	fs := flag.NewFlagSet("hadir bench checkin", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&o.databaseURL, "database-url", "", "database to use (default: a new SQLite file in a temp folder); a PostgreSQL database must be empty")
	fs.IntVar(&o.employees, "employees", 10000, "employees to enrol (real passkeys and device keys)")
	fs.IntVar(&o.clients, "clients", 256, "concurrent clients")
	fs.DurationVar(&o.duration, "duration", 20*time.Second, "length of the check-in run")
	fs.DurationVar(&o.floor, "floor-duration", 5*time.Second, "length of each floor measurement")
	fs.StringVar(&o.cpuprofile, "cpuprofile", "", "write a CPU profile of the check-in run to this file")
	fs.StringVar(&o.memprofile, "memprofile", "", "write a heap profile at the end of the check-in run to this file (and its start to FILE.start: go tool pprof -diff_base FILE.start FILE)")
	fs.IntVar(&o.checkins, "checkins", 0, "make exactly this many check-ins instead of running for --duration")
	if len(args) == 0 || args[0] != "checkin" {
		fmt.Fprintln(env.Stderr, "hadir bench: usage: hadir bench checkin [--database-url URL] [--employees N] [--clients C] [--duration D]")
		return o, exitUsage, false
	}
	if err := fs.Parse(args[1:]); errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(env.Stdout, "Usage: hadir bench checkin [flags]  (docs/BENCHMARKS.md)")
		fs.SetOutput(env.Stdout)
		fs.PrintDefaults()
		return o, exitOK, false
	} else if err != nil {
		fmt.Fprintf(env.Stderr, "hadir bench: %v\n", err)
		return o, exitUsage, false
	}
	if o.employees < 1 || o.clients < 1 || o.duration <= 0 || o.employees < o.clients {
		fmt.Fprintln(env.Stderr, "hadir bench: --employees ≥ --clients ≥ 1 and a positive --duration are needed")
		return o, exitUsage, false
	}
	return o, 0, true
}

// Command runs `hadir bench ARGS…`: `checkin` (the benchmark) or the
// hidden `checkin-client` (its load generator, started by the benchmark as
// a second process of the same executable, so that what is measured of
// the server — RSS, CPU profile — is the server's alone).
func Command(ctx context.Context, args []string, env Env, wire Wire) int {
	if len(args) > 0 && args[0] == clientCommandName {
		return clientCommand(ctx, args[1:], env)
	}
	o, code, ok := parseOptions(args, env)
	if !ok {
		return code
	}
	if err := runBench(ctx, o, env, wire); err != nil {
		fmt.Fprintf(env.Stderr, "hadir bench: %v\n", err)
		return exitFail
	}
	return exitOK
}

func runBench(ctx context.Context, o options, env Env, wire Wire) error {
	cfg := config.Defaults()
	cfg.Addr, cfg.LogLevel = "127.0.0.1:0", slog.LevelError
	// The temp dir holds the default SQLite database and the phones handed to
	// the load generator (private keys: gone with the dir).
	dir, err := os.MkdirTemp("", "hadir-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	cfg.DatabaseURL = o.databaseURL
	if cfg.DatabaseURL == "" {
		cfg.DatabaseURL = "sqlite:" + filepath.Join(dir, "bench.db")
	}
	if err := cfg.Validate(); err != nil {
		return err
	}
	cfg.Migrate = true
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	defer ln.Close()
	cfg.BaseURL = fmt.Sprintf("http://localhost:%d", ln.Addr().(*net.TCPAddr).Port)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	t, err := wire(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer t.Store.Close()
	defer t.Writer.Close()
	return serve(ctx, o, cfg, t, ln, log, env, dir)
}

func serve(ctx context.Context, o options, cfg config.Config, t *Target, ln net.Listener, log *slog.Logger, env Env, dir string) error {
	floor := newDurableFloor(t.Store)
	defer floor.Close()
	t.Handler.POST("/bench/durable", floor.handler)
	srv := &http.Server{Handler: t.Handler}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("bench server", slog.Any("err", err))
		}
	}()
	defer srv.Close()
	wctx, stop := context.WithCancel(ctx)
	wait := t.Background(wctx)
	defer func() { stop(); wait() }()
	b := &runner{o: o, cfg: cfg, t: t, env: env, dir: dir}
	return b.run(ctx)
}
