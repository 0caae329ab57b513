// Package cli is the hadir command: it parses the subcommand and flags,
// wires the dependencies together in one place, and runs the server or a
// maintenance command. main.go only calls Run.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime/debug"

	"github.com/hadir-id/hadir/internal/config"
)

// Version is set at build time with -ldflags "-X …/internal/cli.Version=…".
var Version = "dev"

// Exit statuses.
const (
	exitOK    = 0
	exitFail  = 1 // the command ran and failed
	exitUsage = 2 // bad flags, configuration or input
)

// Env is what a command may touch of the outside world.
type Env struct {
	Getenv func(string) string
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
}

// Run executes `hadir ARGS…` and returns the process exit status.
func Run(ctx context.Context, args []string, env Env) int {
	cmd, rest := "serve", args
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		cmd, rest = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return serve(ctx, rest, env)
	case "migrate":
		return migrate(ctx, rest, env)
	case "signin-link":
		return signinLink(ctx, rest, env)
	case "bench":
		return benchCommand(ctx, rest, env)
	case "evaluate":
		return evaluate(rest, env)
	case "vapid-keys":
		return vapidKeys(rest, env)
	case "push":
		return pushCommand(ctx, rest, env)
	case "backup":
		return backup(ctx, rest, env)
	case "restore":
		return restore(ctx, rest, env)
	case "version":
		fmt.Fprintln(env.Stdout, "hadir", versionString())
		return exitOK
	case "help", "-h", "--help":
		fmt.Fprint(env.Stdout, usage)
		return exitOK
	}
	fmt.Fprintf(env.Stderr, "hadir: unknown command %q (try: hadir help)\n", cmd)
	return exitUsage
}

const usage = `hadir — attendance (presensi) and e-kinerja for Indonesian regional governments

Usage:
  hadir [serve] [flags]        run the server (default)
  hadir migrate [flags]        apply pending database migrations and exit
  hadir signin-link NIP [flags]  print a one-time sign-in link for an employee
  hadir bench checkin [flags]  measure verified check-ins/s against floors of the same run
  hadir evaluate [FILE]        run the attendance rules engine on a case (JSON) from FILE or stdin
  hadir vapid-keys             print a new Web Push key pair as HADIR_VAPID_* lines
  hadir push plan --date YYYY-MM-DD [--agency ID] [flags]  print the reminders planned per minute
  hadir backup --out FILE      consistent online backup of the SQLite database
  hadir restore FILE           replace the SQLite database with a backup (server stopped)
  hadir version                print the version

Flags (also as HADIR_* environment variables):
  --addr :8080                 listen address
  --database-url sqlite:hadir.db   or postgres://user:pass@host:5432/db
  --base-url URL               public origin (passkeys need it); default http://localhost:PORT
  --demo                       seed the demo regency if the database is empty
  --migrate                    apply pending migrations at start
  --timezone WIB|WITA|WIT      time zone of a new regency
  --log-format json|text, --log-level debug|info|warn|error
  --vapid-public-key K, --vapid-private-key K   Web Push keys (default: generated once, kept in the database)
  --vapid-subject S            contact for push services: https URL or e-mail (default the base URL)
  --push-allow P1,P2           extra push-service URL prefixes beyond Google, Mozilla, Apple, Microsoft
  --trusted-proxies CIDRS      reverse proxies whose X-Forwarded-For is believed
  --metrics-addr ADDR          serve /metrics on a separate listener
  --metrics-token TOKEN        serve /metrics on --addr behind a bearer token
`

func versionString() string {
	v := Version
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				v += " (" + s.Value[:12] + ")"
			}
		}
	}
	return v
}

// parseConfig parses flags; on a problem it prints one line and gives the
// exit status to return.
func parseConfig(name string, args []string, env Env) (config.Config, int, bool) {
	cfg, err := config.Parse(name, args, env.Getenv, env.Stdout)
	if errors.Is(err, config.ErrHelp) {
		return cfg, exitOK, false
	}
	if err != nil {
		fmt.Fprintf(env.Stderr, "hadir: %v\n", err)
		return cfg, exitUsage, false
	}
	return cfg, 0, true
}
