package cli

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/config"
	"github.com/hadir-id/hadir/internal/demo"
	"github.com/hadir-id/hadir/internal/setup"
	"github.com/hadir-id/hadir/internal/store"
)

// openStore connects and brings the schema up to date when allowed: an
// empty database is always migrated (first start), --migrate or --demo
// migrate a database that is behind, and otherwise an outdated schema is
// refused so that a binary upgrade never changes a production schema by
// surprise.
func openStore(ctx context.Context, cfg config.Config, log *slog.Logger) (*store.Store, error) {
	st, err := store.Open(ctx, cfg.DB, store.Options{})
	if err != nil {
		return nil, fmt.Errorf("--database-url: %w", err)
	}
	state, err := st.Schema(ctx)
	if err != nil {
		st.Close()
		return nil, err
	}
	if state.Outdated() && !state.Empty() && !cfg.Migrate && !cfg.Demo {
		st.Close()
		return nil, fmt.Errorf("the database schema is at version %d but this hadir needs %d: "+
			"run `hadir migrate` (back up first) or start with --migrate", state.Current, state.Target)
	}
	if state.Outdated() {
		applied, err := st.Migrate(ctx)
		if err != nil {
			st.Close()
			return nil, err
		}
		log.Info("migrated", slog.Any("versions", applied))
	}
	return st, nil
}

// firstRun seeds the demo regency (--demo on an empty database) and prints
// how to sign in, or prints the one-time setup link of an empty install.
func firstRun(ctx context.Context, cfg config.Config, st *store.Store, env Env) error {
	regencies, err := st.Regencies(ctx)
	if err != nil {
		return err
	}
	if cfg.Demo && len(regencies) == 0 {
		return seedDemo(ctx, cfg, st, env)
	}
	link, needed, err := (&setup.Service{Store: st}).Link(ctx, cfg.BaseURL)
	if err != nil {
		return err
	}
	if needed {
		fmt.Fprintf(env.Stdout, "\nHadir has no administrator yet. Open this one-time setup link (valid 24 hours):\n  %s\n\n", link)
	} else if cfg.Demo {
		fmt.Fprintln(env.Stdout, "Demo regency already seeded. New sign-in link: hadir signin-link NIP")
	}
	return nil
}

func seedDemo(ctx context.Context, cfg config.Config, st *store.Store, env Env) error {
	loc, _ := time.LoadLocation(cfg.Timezone)
	res, err := demo.Seed(ctx, st, cfg.Timezone, civil.In(time.Now(), loc))
	if err != nil {
		return fmt.Errorf("seeding the demo regency: %w", err)
	}
	links, err := demo.SignInLinks(ctx, st, cfg.BaseURL, res.Personas)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "\nDemo regency seeded: %d agencies, %d employees, %d office sites in %s.\n",
		res.Agencies, res.Employees, res.Sites, res.Elapsed.Round(time.Millisecond))
	fmt.Fprintln(env.Stdout, "Sign in (one-time links, valid 7 days; open in a browser):")
	for i, p := range res.Personas {
		fmt.Fprintf(env.Stdout, "  %-14s %s — %s (NIP %s)\n    %s\n", p.Role, p.Label, p.Name, p.NIP, links[i])
	}
	fmt.Fprintln(env.Stdout)
	return nil
}
