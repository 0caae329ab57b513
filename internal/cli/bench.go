package cli

import (
	"context"
	"log/slog"

	"github.com/hadir-id/hadir/internal/bench"
	"github.com/hadir-id/hadir/internal/config"
)

// benchCommand runs `hadir bench …` (internal/bench) on the program wired
// here, as `hadir serve` wires it.
func benchCommand(ctx context.Context, args []string, env Env) int {
	return bench.Command(ctx, args, bench.Env{Stdin: env.Stdin, Stdout: env.Stdout, Stderr: env.Stderr}, benchTarget)
}

// benchTarget opens the store, wires the program on it and applies the
// server's memory limit, like serve.
func benchTarget(ctx context.Context, cfg config.Config, log *slog.Logger) (*bench.Target, error) {
	st, err := openStore(ctx, cfg, log)
	if err != nil {
		return nil, err
	}
	a, err := newApp(ctx, cfg, st, log)
	if err != nil {
		st.Close()
		return nil, err
	}
	limitMemory()
	return &bench.Target{Store: st, Handler: a.server.Handler(), Devices: a.server.Devices,
		Writer: a.writer, Worker: a.worker, Background: a.background}, nil
}
