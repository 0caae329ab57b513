package cli

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

	"github.com/hadir-id/hadir/internal/config"
	"github.com/hadir-id/hadir/internal/store"
)

// benchOptions are the flags of `hadir bench checkin`.
type benchOptions struct {
	databaseURL string
	employees   int
	clients     int
	duration    time.Duration
	floor       time.Duration
	cpuprofile  string
	memprofile  string
	checkins    int // > 0: exactly this many check-ins instead of --duration (bounded tests)
}

func parseBench(args []string, env Env) (benchOptions, int, bool) {
	o := benchOptions{}
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
	if err := fs.Parse(args[1:]); err != nil {
		fmt.Fprintf(env.Stderr, "hadir bench: %v\n", err)
		return o, exitUsage, false
	}
	if o.employees < 1 || o.clients < 1 || o.duration <= 0 || o.employees < o.clients {
		fmt.Fprintln(env.Stderr, "hadir bench: --employees ≥ --clients ≥ 1 and a positive --duration are needed")
		return o, exitUsage, false
	}
	return o, 0, true
}

// benchCommand runs `hadir bench checkin`: the real server on loopback, the
// real check-in path with real signatures, and in the same run the floors
// it is compared with. The load comes from a second process, the hidden
// `hadir bench checkin-client`, so that what is measured of the server
// (RSS, CPU profile) is the server's alone.
func benchCommand(ctx context.Context, args []string, env Env) int {
	if len(args) > 0 && args[0] == benchClientCommandName {
		return benchClientCommand(ctx, args[1:], env)
	}
	o, code, ok := parseBench(args, env)
	if !ok {
		return code
	}
	if err := runBench(ctx, o, env); err != nil {
		fmt.Fprintf(env.Stderr, "hadir bench: %v\n", err)
		return exitFail
	}
	return exitOK
}

func runBench(ctx context.Context, o benchOptions, env Env) error {
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
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	cfg.Migrate = true
	st, err := openStore(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer st.Close()
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	cfg.BaseURL = fmt.Sprintf("http://localhost:%d", ln.Addr().(*net.TCPAddr).Port)
	return benchServe(ctx, o, cfg, st, ln, log, env, dir)
}

func benchServe(ctx context.Context, o benchOptions, cfg config.Config, st *store.Store, ln net.Listener, log *slog.Logger, env Env, dir string) error {
	a, err := newApp(ctx, cfg, st, log)
	if err != nil {
		return err
	}
	limitMemory() // as `hadir serve` does
	defer a.writer.Close()
	h := a.server.Handler()
	floor := newDurableFloor(st)
	defer floor.Close()
	h.POST("/bench/durable", floor.handler)
	srv := &http.Server{Handler: h}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("bench server", slog.Any("err", err))
		}
	}()
	defer srv.Close()
	wctx, stop := context.WithCancel(ctx)
	wait := a.background(wctx)
	defer func() { stop(); wait() }()
	b := &benchRun{o: o, cfg: cfg, st: st, app: a, env: env, dir: dir}
	return b.run(ctx)
}
