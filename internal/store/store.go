// Package store is Hadir's persistence: GORM over SQLite (embedded, the
// zero-setup default) or PostgreSQL (production). It owns the connection
// pools, the versioned migrations, the mapping of driver errors to domain
// errors, and one file per table or aggregate. Exported methods own their
// transaction; unexported helpers take the *gorm.DB of that transaction.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/hashicorp/golang-lru/v2/expirable"
	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/driver/postgres"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
	sqlite3 "modernc.org/sqlite"
	sqlite3lib "modernc.org/sqlite/lib"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/checkin"
	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/config"
	"github.com/hadir-id/hadir/internal/org"
	"github.com/hadir-id/hadir/internal/tuning"
)

// Store is the database handle shared by every service.
type Store struct {
	dialect string
	db      *gorm.DB // writes (for SQLite: the single writer connection)
	rdb     *gorm.DB // reads (for SQLite: a pool of reader connections)
	now     func() time.Time
	// Hot-path caches (the check-in reads these on every request). Writes
	// through this store invalidate them; other nodes see a change within
	// the TTL.
	zones     *expirable.LRU[int64, *time.Location]
	employees *expirable.LRU[employeeKey, employeeOn]
	sites     *expirable.LRU[int64, []org.Site]             // by agency
	locations *expirable.LRU[int64, []checkin.WorkLocation] // by employee
	claimants *expirable.LRU[int64, []int64]                // by device
	hot       hot                                           // prepared statements of the check-in's reads
	recent    *recentCache                                  // employees' recent events (recent.go)
}

type employeeKey struct {
	id int64
	on civil.Date
}

// employeeOn is what one read says of an employee on a date: the employee
// with the assignment in force, and whether anyone's assignment names them
// direct supervisor (the supervisor role) — a signed-in employee's first
// request needs both, so they come in one statement and one cache entry.
type employeeOn struct {
	org.Employee
	supervises   bool
	hasLocations bool // any work_locations row: if none, the locations cache learns it from this read
}

// Options tune Open.
type Options struct {
	Now func() time.Time // the clock; time.Now when nil
}

// Open connects to the database named by db. It does not migrate.
func Open(ctx context.Context, db config.Database, opt Options) (*Store, error) {
	now := opt.Now
	if now == nil {
		now = time.Now
	}
	gcfg := &gorm.Config{
		Logger:                 logger.Discard,
		NowFunc:                func() time.Time { return now().UTC() },
		SkipDefaultTransaction: true,
		PrepareStmt:            true, // parsing SQL again and again cost SQLite ~17 % of a check-in
		PrepareStmtMaxSize:     tuning.PreparedStatements,
	}
	s := &Store{dialect: db.Dialect, now: now,
		zones:     expirable.NewLRU[int64, *time.Location](tuning.ZoneCacheSize, nil, tuning.ZoneTTL),
		employees: expirable.NewLRU[employeeKey, employeeOn](tuning.EmployeeCacheSize, nil, tuning.HotTTL),
		sites:     expirable.NewLRU[int64, []org.Site](tuning.SiteCacheSize, nil, tuning.HotTTL),
		locations: expirable.NewLRU[int64, []checkin.WorkLocation](tuning.LocationCacheSize, nil, tuning.HotTTL),
		claimants: expirable.NewLRU[int64, []int64](tuning.ClaimantCacheSize, nil, tuning.HotTTL),
		recent:    newRecentCache()}
	var err error
	switch db.Dialect {
	case "sqlite":
		err = s.openSQLite(db.DSN, gcfg)
	case "postgres":
		err = s.openPostgres(db.DSN, gcfg)
	default:
		err = fmt.Errorf("unknown dialect %q", db.Dialect)
	}
	if err != nil {
		return nil, err
	}
	if err := s.Ping(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("cannot reach the database: %w", err)
	}
	return s, nil
}

// sqliteDSN: busy_timeout first so the other pragmas wait for locks; WAL so
// readers never block the writer; foreign keys on; synchronous=FULL so that
// an acknowledged check-in survives a power cut (group commit pays one
// fsync per batch, not per check-in); BEGIN IMMEDIATE so a write
// transaction takes the lock up front.
//
// The one writer connection gets a larger page cache and checkpoints less
// often: a batch of check-ins touches index pages all over the file (one
// employee, one place, one challenge each), and with SQLite's default 2 MB
// cache those pages were read back with a system call each and spilled to
// the WAL in the middle of the transaction. Its cache stays valid between
// transactions (nobody else writes), unlike the readers', which SQLite
// empties whenever the file changed. Its temporary files live in memory:
// a batch's multi-row insert keeps a statement journal (the pages it
// changes, to undo the statement alone), and as a file that journal cost a
// write system call per page.
func sqliteDSN(path string, writer bool) string {
	q := fmt.Sprintf("_pragma=busy_timeout(%d)", tuning.SQLiteBusyTimeout.Milliseconds()) +
		"&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(FULL)&_txlock=immediate&_time_format=sqlite"
	if writer {
		q += fmt.Sprintf("&_pragma=cache_size(%d)&_pragma=wal_autocheckpoint(%d)&_pragma=temp_store(MEMORY)", -tuning.SQLiteWriterCacheKiB, tuning.SQLiteCheckpointPages)
	}
	return "file:" + path + "?" + q
}

func (s *Store) openSQLite(path string, gcfg *gorm.Config) error {
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return fmt.Errorf("cannot create the database folder: %w", err)
		}
	}
	w, err := gorm.Open(sqlite.Dialector{DriverName: "sqlite", DSN: sqliteDSN(path, true)}, gcfg)
	if err != nil {
		return err
	}
	wdb, _ := w.DB()
	wdb.SetMaxOpenConns(1) // SQLite has one writer; queueing here beats SQLITE_BUSY
	wdb.SetMaxIdleConns(1)
	wdb.SetConnMaxLifetime(0)
	// Create the file (and WAL mode) through the writer before readers open it.
	if err := wdb.Ping(); err != nil {
		return err
	}
	r, err := gorm.Open(sqlite.Dialector{DriverName: "sqlite", DSN: sqliteDSN(path, false)}, gcfg)
	if err != nil {
		return err
	}
	rdb, _ := r.DB()
	rdb.SetMaxOpenConns(tuning.SQLiteReaders)
	rdb.SetMaxIdleConns(tuning.SQLiteReaders)
	s.db, s.rdb = w, r
	return nil
}

func (s *Store) openPostgres(dsn string, gcfg *gorm.Config) error {
	// Two pools: the writes (the check-in batch writer above all) never
	// queue for a connection behind hundreds of concurrent reads.
	open := func(n int) (*gorm.DB, error) {
		db, err := gorm.Open(postgres.Open(dsn), gcfg)
		if err != nil {
			return nil, err
		}
		sdb, _ := db.DB()
		// As many idle as open: at the peak a connection closed as
		// "surplus" is reopened a moment later — a fork, an authentication
		// and every prepared statement again on the server.
		sdb.SetMaxOpenConns(n)
		sdb.SetMaxIdleConns(n)
		sdb.SetConnMaxIdleTime(tuning.PostgresIdleTime)
		return db, nil
	}
	w, err := open(tuning.PostgresWriters)
	if err != nil {
		return err
	}
	r, err := open(tuning.PostgresReaders)
	if err != nil {
		if db, e := w.DB(); e == nil {
			db.Close()
		}
		return err
	}
	s.db, s.rdb = w, r
	return nil
}

// Dialect is "sqlite" or "postgres".
func (s *Store) Dialect() string { return s.dialect }

// Now is the store's clock.
func (s *Store) Now() time.Time { return s.now() }

// SQL returns the writer's *sql.DB (migrations, the batching writer).
func (s *Store) SQL() *sql.DB {
	db, _ := s.db.DB()
	return db
}

// rdbSQL returns the readers' *sql.DB (raw bulk reads).
func (s *Store) rdbSQL() *sql.DB {
	db, _ := s.rdb.DB()
	return db
}

// Ping checks that the database answers (readiness).
func (s *Store) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, tuning.PingTimeout)
	defer cancel()
	if err := s.SQL().PingContext(ctx); err != nil {
		return err
	}
	return s.rdb.WithContext(ctx).Exec("SELECT 1").Error
}

// Close releases both pools.
func (s *Store) Close() error {
	var errs []error
	for _, g := range []*gorm.DB{s.rdb, s.db} {
		if g == nil {
			continue
		}
		if db, err := g.DB(); err == nil {
			errs = append(errs, db.Close())
		}
		if s.rdb == s.db {
			break
		}
	}
	return errors.Join(errs...)
}

// read returns the reader handle bound to ctx.
func (s *Store) read(ctx context.Context) *gorm.DB { return s.rdb.WithContext(ctx) }

// write returns the writer handle bound to ctx.
func (s *Store) write(ctx context.Context) *gorm.DB { return s.db.WithContext(ctx) }

// tx runs fn in one write transaction and maps its error.
func (s *Store) tx(ctx context.Context, fn func(tx *gorm.DB) error) error {
	return translate(s.db.WithContext(ctx).Transaction(fn))
}

// translate maps driver and GORM errors to domain errors; anything else stays
// as it is and becomes Internal at the edge.
func translate(err error) error {
	if err == nil {
		return nil
	}
	var ae *apperr.Error
	if errors.As(err, &ae) {
		return err
	}
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return &apperr.Error{Code: apperr.NotFound, Key: "request.not_found", Err: err}
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return translatePG(pg, err)
	}
	var se *sqlite3.Error
	if errors.As(err, &se) {
		return translateSQLite(se, err)
	}
	return err
}

func translatePG(pg *pgconn.PgError, err error) error {
	switch pg.Code {
	case "23505":
		return &apperr.Error{Code: apperr.Conflict, Key: "store.duplicate", Field: columnOf(pg.ConstraintName), Err: err}
	case "23503":
		return &apperr.Error{Code: apperr.Invalid, Key: "store.missing_reference", Field: columnOf(pg.ConstraintName), Err: err}
	case "23514", "23502", "22P02", "22007", "22008":
		return &apperr.Error{Code: apperr.Invalid, Key: "store.invalid_value", Err: err}
	}
	return err
}

func translateSQLite(se *sqlite3.Error, err error) error {
	switch se.Code() {
	case sqlite3lib.SQLITE_CONSTRAINT_UNIQUE, sqlite3lib.SQLITE_CONSTRAINT_PRIMARYKEY:
		return &apperr.Error{Code: apperr.Conflict, Key: "store.duplicate", Field: sqliteColumn(se.Error()), Err: err}
	case sqlite3lib.SQLITE_CONSTRAINT_FOREIGNKEY:
		return &apperr.Error{Code: apperr.Invalid, Key: "store.missing_reference", Err: err}
	case sqlite3lib.SQLITE_CONSTRAINT_CHECK, sqlite3lib.SQLITE_CONSTRAINT_NOTNULL:
		return &apperr.Error{Code: apperr.Invalid, Key: "store.invalid_value", Err: err}
	}
	return err
}

// columnOf guesses the column from a PostgreSQL constraint name such as
// employees_nip_key.
func columnOf(constraint string) string {
	parts := strings.Split(constraint, "_")
	if len(parts) >= 3 {
		return strings.Join(parts[1:len(parts)-1], "_")
	}
	return ""
}

// sqliteColumn takes "UNIQUE constraint failed: employees.nip" → "nip".
func sqliteColumn(msg string) string {
	i := strings.LastIndex(msg, ".")
	if i < 0 || strings.Contains(msg[i:], ",") {
		return ""
	}
	return strings.TrimRight(strings.Fields(msg[i+1:])[0], ")")
}
