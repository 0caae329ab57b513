package cli

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hadir-id/hadir/internal/auth"
	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/store"
	"github.com/hadir-id/hadir/internal/timesheet"

	"github.com/hadir-id/hadir/internal/push"
)

// vapidKeys prints a new key pair as the two settings that override the
// pair kept in the database.
func vapidKeys(args []string, env Env) int {
	if len(args) > 0 {
		fmt.Fprintln(env.Stderr, "hadir vapid-keys: takes no arguments")
		return exitUsage
	}
	k, err := push.GenerateKeys()
	if err != nil {
		fmt.Fprintf(env.Stderr, "hadir: %v\n", err)
		return exitFail
	}
	fmt.Fprintf(env.Stdout, "HADIR_VAPID_PUBLIC_KEY=%s\nHADIR_VAPID_PRIVATE_KEY=%s\n", k.Public, k.Private)
	return exitOK
}

// newScheduler is the reminder scheduler over the store and the rules
// engine (the same wiring for the server and `hadir push plan`).
func newScheduler(st *store.Store, engine *timesheet.Recomputer, now func() time.Time, log *slog.Logger, m *push.Metrics, wake chan struct{}) *push.Scheduler {
	return &push.Scheduler{Days: engine, Store: st, Approvals: []push.ApprovalSource{st}, Decisions: st, Kinerja: st, Timing: push.DefaultTiming(),
		Now: now, Log: log, Metrics: m, Wake: wake}
}

// pushCommand runs `hadir push SUBCOMMAND`.
func pushCommand(ctx context.Context, args []string, env Env) int {
	if len(args) > 0 && args[0] == "plan" {
		return pushPlan(ctx, args[1:], env)
	}
	fmt.Fprintln(env.Stderr, "hadir push: use `hadir push plan --date YYYY-MM-DD [--agency ID]`")
	return exitUsage
}

// pushPlan prints the planned send curve of a date: the same plan the
// server's scheduler follows and GET /api/v1/push/plan returns.
func pushPlan(ctx context.Context, args []string, env Env) int {
	var date, agency string
	rest, err := takeFlags(args, map[string]*string{"date": &date, "agency": &agency})
	if err == nil && date == "" {
		err = fmt.Errorf("--date YYYY-MM-DD is required")
	}
	d, perr := civil.Parse(date)
	if err == nil && perr != nil {
		err = fmt.Errorf("--date: %q is not YYYY-MM-DD", date)
	}
	var agencyID int64
	if agency != "" {
		agencyID, perr = strconv.ParseInt(agency, 10, 64)
	}
	if err == nil && agency != "" && (perr != nil || agencyID <= 0) {
		err = fmt.Errorf("--agency: %q is not an agency id", agency)
	}
	if err != nil {
		fmt.Fprintf(env.Stderr, "hadir push plan: %v\n", err)
		return exitUsage
	}
	cfg, code, ok := parseConfig("hadir push plan", rest, env)
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
	curve, err := planCurve(ctx, st, log, d, agencyID)
	if err != nil {
		fmt.Fprintf(env.Stderr, "hadir: %v\n", err)
		return exitFail
	}
	printCurve(env.Stdout, curve)
	return exitOK
}

// planCurve plans d for the installation's first regency as its BKD.
func planCurve(ctx context.Context, st *store.Store, log *slog.Logger, d civil.Date, agencyID int64) (push.Curve, error) {
	regs, err := st.RegencyIDs(ctx)
	if err != nil || len(regs) == 0 {
		return push.Curve{}, fmt.Errorf("no regency in the database (run hadir serve --demo or the setup first)")
	}
	engine := &timesheet.Recomputer{Store: st, Now: time.Now, Log: log}
	admin := &push.Admin{Scheduler: newScheduler(st, engine, time.Now, log, nil, nil), Store: st}
	p := &auth.Principal{RegencyID: regs[0], Roles: []auth.Role{auth.RoleRegencyAdmin}}
	return admin.Plan(ctx, p, d, agencyID)
}

// printCurve writes one line per minute and kind with a bar, then totals.
func printCurve(w io.Writer, c push.Curve) {
	fmt.Fprintf(w, "Reminders planned for %s (%s), spread over %d min\n", c.Date, c.Timezone, c.WindowMin)
	for _, p := range c.Pauses {
		fmt.Fprintf(w, "PAUSED: agency %v, %s\n", p.AgencyID, p.Reason)
	}
	peak := 1
	for _, m := range c.Minutes {
		peak = max(peak, m.Reminders)
	}
	for _, m := range c.Minutes {
		fmt.Fprintf(w, "%s  %-16s %6d %6d  %s\n", m.Time, m.Category, m.Reminders, m.Subscribed, strings.Repeat("#", (m.Reminders*40+peak-1)/peak))
	}
	cats := make([]string, 0, len(c.Totals))
	for k := range c.Totals {
		cats = append(cats, k)
	}
	slices.Sort(cats)
	for _, k := range cats {
		fmt.Fprintf(w, "total %-16s %6d\n", k, c.Totals[k])
	}
}

// takeFlags removes --name value / --name=value pairs of the named flags
// from args and returns the rest.
func takeFlags(args []string, flags map[string]*string) ([]string, error) {
	var rest []string
	for i := 0; i < len(args); i++ {
		name, val, hasVal := strings.Cut(strings.TrimLeft(args[i], "-"), "=")
		p, ok := flags[name]
		if !ok || !strings.HasPrefix(args[i], "-") {
			rest = append(rest, args[i])
			continue
		}
		if !hasVal {
			if i+1 >= len(args) {
				return nil, fmt.Errorf("--%s needs a value", name)
			}
			i++
			val = args[i]
		}
		*p = val
	}
	return rest, nil
}
