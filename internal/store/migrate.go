package store

import (
	"context"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"github.com/hadir-id/hadir/migrations"
)

// provider builds the goose provider for this dialect's migration folder.
// On PostgreSQL a session advisory lock makes concurrent starts of several
// nodes safe: one migrates, the others wait.
func (s *Store) provider() (*goose.Provider, error) {
	sub, err := fs.Sub(migrations.FS, s.dialect)
	if err != nil {
		return nil, err
	}
	dialect := goose.DialectSQLite3
	var opts []goose.ProviderOption
	if s.dialect == "postgres" {
		dialect = goose.DialectPostgres
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return nil, err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	return goose.NewProvider(dialect, s.SQL(), sub, opts...)
}

// SchemaState describes the database schema against the binary's migrations.
type SchemaState struct {
	Current int64 // applied version, 0 for an empty database
	Target  int64 // newest version this binary knows
}

// Empty reports a database with no migration applied yet.
func (st SchemaState) Empty() bool { return st.Current == 0 }

// Outdated reports pending migrations.
func (st SchemaState) Outdated() bool { return st.Current < st.Target }

// Schema returns the applied and the target schema versions.
func (s *Store) Schema(ctx context.Context) (SchemaState, error) {
	p, err := s.provider()
	if err != nil {
		return SchemaState{}, err
	}
	cur, target, err := p.GetVersions(ctx)
	if err != nil {
		return SchemaState{}, fmt.Errorf("reading the schema version: %w", err)
	}
	return SchemaState{Current: cur, Target: target}, nil
}

// Migrate applies every pending migration, each in its own transaction, and
// returns the versions applied.
func (s *Store) Migrate(ctx context.Context) ([]int64, error) {
	p, err := s.provider()
	if err != nil {
		return nil, err
	}
	res, err := p.Up(ctx)
	var applied []int64
	for _, r := range res {
		if r.Error == nil {
			applied = append(applied, r.Source.Version)
		}
	}
	if err != nil {
		return applied, fmt.Errorf("migration failed: %w", err)
	}
	return applied, nil
}

// MigrateTo applies pending migrations up to and including version (for
// staged upgrades, and for tests of an outdated schema).
func (s *Store) MigrateTo(ctx context.Context, version int64) error {
	p, err := s.provider()
	if err != nil {
		return err
	}
	_, err = p.UpTo(ctx, version)
	return err
}
