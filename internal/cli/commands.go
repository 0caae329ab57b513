package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/hadir-id/hadir/internal/attendance"
	"github.com/hadir-id/hadir/internal/audit"
	"github.com/hadir-id/hadir/internal/auth"
	"github.com/hadir-id/hadir/internal/civil"
)

// migrate applies pending migrations and reports the versions.
func migrate(ctx context.Context, args []string, env Env) int {
	cfg, code, ok := parseConfig("hadir migrate", args, env)
	if !ok {
		return code
	}
	cfg.Migrate = true
	st, err := openStore(ctx, cfg, newLogger(cfg, env))
	if err != nil {
		fmt.Fprintf(env.Stderr, "hadir: %v\n", err)
		return exitFail
	}
	defer st.Close()
	state, err := st.Schema(ctx)
	if err != nil {
		fmt.Fprintf(env.Stderr, "hadir: %v\n", err)
		return exitFail
	}
	fmt.Fprintf(env.Stdout, "schema at version %d (%s)\n", state.Current, cfg.DB.Dialect)
	return exitOK
}

// signinLink prints a one-time sign-in link for the employee with a NIP.
func signinLink(ctx context.Context, args []string, env Env) int {
	if len(args) == 0 || args[0] == "" || args[0][0] == '-' {
		fmt.Fprintln(env.Stderr, "hadir: signin-link needs the employee's NIP: hadir signin-link NIP [flags]")
		return exitUsage
	}
	nip := args[0]
	cfg, code, ok := parseConfig("hadir signin-link", args[1:], env)
	if !ok {
		return code
	}
	st, err := openStore(ctx, cfg, newLogger(cfg, env))
	if err != nil {
		fmt.Fprintf(env.Stderr, "hadir: %v\n", err)
		return exitFail
	}
	defer st.Close()
	e, err := st.EmployeeByNIP(ctx, nip, civil.Of(time.Now()))
	if err != nil {
		fmt.Fprintf(env.Stderr, "hadir: no employee with NIP %s\n", nip)
		return exitFail
	}
	u, err := st.UserForEmployee(ctx, audit.System, e.RegencyID, e.ID)
	if err == nil {
		var token string
		token, err = st.CreateLoginToken(ctx, &u.ID, auth.PurposeSignIn, auth.SignInLinkTTL)
		fmt.Fprintf(env.Stdout, "%s/api/v1/auth/link?token=%s\n", cfg.BaseURL, token)
	}
	if err != nil {
		fmt.Fprintf(env.Stderr, "hadir: %v\n", err)
		return exitFail
	}
	return exitOK
}

// evaluate runs the rules engine on one case: the same code path as the
// server. Bad input: exit 2, one line naming the JSON path, nothing on stdout.
func evaluate(args []string, env Env) int {
	var in io.Reader = env.Stdin
	switch len(args) {
	case 0:
	case 1:
		f, err := os.Open(args[0])
		if err != nil {
			fmt.Fprintf(env.Stderr, "hadir evaluate: %v\n", err)
			return exitUsage
		}
		defer f.Close()
		in = f
	default:
		fmt.Fprintln(env.Stderr, "hadir evaluate: give at most one FILE (or the case on standard input)")
		return exitUsage
	}
	data, err := io.ReadAll(io.LimitReader(in, 64<<20))
	if err != nil {
		fmt.Fprintf(env.Stderr, "hadir evaluate: reading the case: %v\n", err)
		return exitUsage
	}
	out, err := attendance.EvaluateJSON(data)
	if err != nil {
		fmt.Fprintf(env.Stderr, "hadir evaluate: %v\n", err)
		return exitUsage
	}
	env.Stdout.Write(out)
	return exitOK
}
