package demo

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver, to create and drop the test database

	"github.com/hadir-id/hadir/internal/config"
	"github.com/hadir-id/hadir/internal/store"
)

const defaultPostgresURL = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

func TestSeedPostgres(t *testing.T) {
	st := mustPostgres(t)
	res := mustSeed(t, st)
	checkSeeded(t, st, res)
}

// mustPostgres opens a migrated store on a fresh database, dropped when the
// test ends. Without a reachable server the test is skipped locally and
// fails in CI, where PostgreSQL must be tested.
func mustPostgres(t *testing.T) *store.Store {
	t.Helper()
	base := os.Getenv("HADIR_TEST_POSTGRES_URL")
	if base == "" {
		base = defaultPostgresURL
	}
	admin := mustReachPostgres(t, base)
	name := "hadir_demo_test_" + randomHex(6)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("CREATE DATABASE %s: %v", name, err)
	}
	// Cleanups run last-in first-out: the store closes before the drop.
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("DROP DATABASE %s: %v", name, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	st, err := store.Open(ctx, config.Database{Dialect: "postgres", DSN: u.String()}, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return st
}

// mustReachPostgres connects to the server's maintenance database.
func mustReachPostgres(t *testing.T, base string) *sql.DB {
	t.Helper()
	db, err := sql.Open("pgx", base)
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
			t.Fatalf("PostgreSQL at %s is unreachable: %v", redact(base), err)
		}
		t.Skipf("PostgreSQL at %s is unreachable (%v); set HADIR_TEST_POSTGRES_URL", redact(base), err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// redact hides a password in a database URL before it reaches the log.
func redact(dsn string) string {
	if u, err := url.Parse(dsn); err == nil {
		return u.Redacted()
	}
	return "(unparsable URL)"
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
