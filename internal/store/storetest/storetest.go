// Package storetest gives tests real databases: a temporary SQLite file, and
// a fresh PostgreSQL database created for the test and dropped after it.
// PostgreSQL tests skip when the server is unreachable, except under
// CI=true, where they fail.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx" for CREATE/DROP DATABASE

	"github.com/hadir-id/hadir/internal/config"
	"github.com/hadir-id/hadir/internal/store"
)

// DefaultPostgresURL is the local server of the development machine.
const DefaultPostgresURL = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// Dialects are the databases every store test runs on.
var Dialects = []string{"sqlite", "postgres"}

// Database returns a fresh empty database of the dialect, removed when the
// test ends.
func Database(t testing.TB, dialect string) config.Database {
	t.Helper()
	if dialect == "sqlite" {
		return config.Database{Dialect: "sqlite", DSN: filepath.Join(t.TempDir(), "hadir.db")}
	}
	return config.Database{Dialect: "postgres", DSN: FreshPostgres(t)}
}

// FreshPostgres creates a new PostgreSQL database and returns its URL.
func FreshPostgres(t testing.TB) string {
	t.Helper()
	admin := os.Getenv("HADIR_TEST_POSTGRES_URL")
	if admin == "" {
		admin = DefaultPostgresURL
	}
	db, err := sql.Open("pgx", admin)
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		err = db.PingContext(ctx)
		cancel()
	}
	if err != nil {
		if db != nil {
			db.Close()
		}
		if os.Getenv("CI") == "true" {
			t.Fatalf("PostgreSQL unreachable at HADIR_TEST_POSTGRES_URL (required under CI=true): %v", err)
		}
		t.Skipf("PostgreSQL unreachable, skipping (set HADIR_TEST_POSTGRES_URL): %v", err)
	}
	name := "hadir_test_" + randomHex(6)
	if _, err := db.Exec("CREATE DATABASE " + name); err != nil {
		db.Close()
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() {
		defer db.Close()
		if _, err := db.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); err != nil {
			t.Errorf("drop database %s: %v", name, err)
		}
	})
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatalf("HADIR_TEST_POSTGRES_URL: %v", err)
	}
	u.Path = "/" + name
	return u.String()
}

// Open returns a migrated store on a fresh database of the dialect.
func Open(t testing.TB, dialect string, now func() time.Time) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), Database(t, dialect), store.Options{Now: now})
	if err != nil {
		t.Fatalf("open %s: %v", dialect, err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := st.Migrate(context.Background()); err != nil {
		t.Fatalf("migrate %s: %v", dialect, err)
	}
	return st
}

// Each runs f as a subtest on every dialect.
func Each(t *testing.T, f func(t *testing.T, dialect string)) {
	for _, d := range Dialects {
		t.Run(d, func(t *testing.T) { f(t, d) })
	}
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
