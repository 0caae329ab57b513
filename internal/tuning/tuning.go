// Package tuning holds the numbers that size and pace the server — batch
// sizes, lingers, cache sizes and lifetimes, pools, thresholds, timeouts —
// each named once with the reason for its value, so that changing one is a
// reviewed edit here (with its benchmark, docs/BENCHMARKS.md) rather than a
// literal found in the wiring or the store. Rules that users or admins see
// (how late an offline check-in may arrive, how long an activation code
// lives) are not tuning: they stay with their domain.
//
// Constants only: nothing here changes at run time.
package tuning

import "time"

// The check-in writer (internal/batch, wired in internal/cli).
const (
	// WriterMaxBatch caps a group commit: it bounds one transaction's
	// length (and so the wait of the batch's first request) and the size
	// of the statements a batch sends (PostgreSQL's arrays, SQLite's
	// multi-row insert). At the measured peak (~1,500 check-ins/s per
	// node, docs/BENCHMARKS.md) with a 2 ms linger batches stay below it.
	WriterMaxBatch = 256
	// WriterLinger is how long the writer waits after a batch's first item
	// for more. Without a linger the writer collapses to batches of one
	// under GOMAXPROCS=1 and many connections (batch package doc); 2 ms is
	// invisible to a phone and a small part of one fsync.
	WriterLinger = 2 * time.Millisecond
	// WriterQueue is how many check-ins may wait beyond the running batch
	// before the server answers 503 with a receipt that keeps the arrival
	// time (checkin.Receipts): ≈ 5 s of work at the measured peak, past
	// which a phone is better told to come back than kept waiting. The
	// queue holds pointers, so its size costs little memory.
	WriterQueue = 8192
	// WriterTimeout is the deadline of one batch commit: far above a normal
	// commit (milliseconds), short enough that a stuck database fails the
	// waiting requests instead of holding them.
	WriterTimeout = 10 * time.Second
)

// The outbox worker (internal/timesheet) and the morning peak.
const (
	// PeakRate is the check-in rate (per second, measured by the writer)
	// above which background work yields to the peak. A regency's whole
	// morning is a few check-ins a second, so this only triggers at
	// province or national load, where the outbox took ≈ 10 % of the CPU.
	PeakRate = 50
	// PeakDelay is how long the outbox waits between rounds at the peak:
	// the check-in's answer already carries the day's status, so a stored
	// day may lag by this much while the CPU serves check-ins.
	PeakDelay = 2 * time.Minute
	// OutboxPoll is how often an idle worker looks for recomputation jobs
	// (a wake-up channel makes it look at once after a local write): other
	// nodes' jobs are picked up within a second.
	OutboxPoll = time.Second
	// CloseDaysEvery is how often the worker closes finished days for the
	// whole regency (a day nobody checked in on still becomes TK): days
	// close at most this long after their checkout window.
	CloseDaysEvery = 10 * time.Minute
	// StaleClaim: a recomputation job started this long ago by a node that
	// died is taken again. Far above the longest job (a regency-month
	// recompute takes seconds), so a slow job is never run twice.
	StaleClaim = 10 * time.Minute
)

// Per-node caches of the hot path. Each is bounded by entries and lives
// briefly: a change made on another node is seen within the TTL (writes
// through this node clear its own entries; docs/SCALING.md).
const (
	// SessionCacheSize and SessionTTL: resolved sessions. Without the
	// cache every check-in resolved its session with five queries; 100,000
	// sessions cover a province's morning; a revoked session or grant
	// takes effect on other nodes within 30 s.
	SessionCacheSize = 100_000
	SessionTTL       = 30 * time.Second
	// SessionTouchEvery is how often sliding session expiries are written,
	// many sessions per statement, off the request path (SQLite has one
	// writer, and the check-ins need it).
	SessionTouchEvery = 2 * time.Second

	// AccountCacheSize and AccountTTL: employees' devices and passkeys.
	// 50,000 accounts cover the seconds between app-open and tap at
	// ~3,000 check-ins/s, in ~50 MB; revocation is re-checked in the
	// commit, so the minute never lets a revoked phone through.
	AccountCacheSize = 50_000
	AccountTTL       = time.Minute

	// ZoneCacheSize and ZoneTTL: a regency's time zone, read by every
	// check-in and almost never changed; 1,000 regencies is every
	// regency and city in Indonesia (514) with room.
	ZoneCacheSize = 1000
	ZoneTTL       = 5 * time.Minute

	// EmployeeCacheSize: employees with their assignment on a date (and
	// whether they supervise anyone), one entry per employee and day;
	// 50,000 is a province's morning. Like the sites, locations and
	// claimants below, it lives HotTTL.
	EmployeeCacheSize = 50_000
	// SiteCacheSize: agencies' sites, by agency (a province has a few
	// thousand agencies and Puskesmas).
	SiteCacheSize = 10_000
	// LocationCacheSize: employees' work locations, by employee.
	LocationCacheSize = 50_000
	// ClaimantCacheSize: who else tried to register a device key, by device.
	ClaimantCacheSize = 50_000
	// HotTTL is the lifetime of the store's per-employee and per-agency
	// entries: an admin's change (a new site, a transfer) reaches every
	// node's check-ins within a minute, while the peak's repeat reads hit.
	HotTTL = time.Minute

	// RecentCacheSize and RecentTTL: employees' recent events (the
	// signals and the status line read a week of them): 20,000 employees
	// of about ten events is about 30 MB at most; this node's own commits
	// append to an entry, so a minute only bounds other nodes' staleness.
	RecentCacheSize = 20_000
	RecentTTL       = time.Minute

	// PreviewBookCacheSize: a regency's rules for one day, for the
	// check-in's day preview; a node serves few regencies.
	PreviewBookCacheSize = 64
	// PreviewFactCacheSize: an employee's roster and absences near a day;
	// a province's morning.
	PreviewFactCacheSize = 50_000
	// PreviewSpecialCacheSize: per regency and day, who has a roster entry
	// or an absence near it (everyone else needs no facts read).
	PreviewSpecialCacheSize = 64
	// PreviewTTL: a rule or roster change shows in the check-in's answer
	// within a minute (the stored day is recomputed at once regardless).
	PreviewTTL = time.Minute
)

// Database pools and SQLite pragmas (internal/store).
const (
	// SQLiteReaders: SQLite has one writer connection (queueing in Go
	// beats SQLITE_BUSY); readers in WAL mode run in parallel, and four
	// keep a 2–4 core node busy without thrashing the page caches.
	SQLiteReaders = 4
	// SQLiteBusyTimeout: how long a connection waits for SQLite's lock
	// before SQLITE_BUSY. Writes queue in Go for the one writer
	// connection, so this only covers a checkpoint or a backup holding the
	// file; it matches WriterTimeout, past which the batch fails anyway.
	SQLiteBusyTimeout = 10 * time.Second
	// SQLiteWriterCacheKiB: the writer's page cache, 8 MiB (4× SQLite's
	// default). With 2 MB, index pages were re-read with a pread each and
	// dirty pages spilled to the WAL mid-transaction; 32 MiB was faster
	// still but cost ~45 MB of resident memory, over the budget.
	SQLiteWriterCacheKiB = 8 << 10
	// SQLiteCheckpointPages: ≈16 MB of WAL between checkpoints (SQLite's
	// default is 1,000 pages), fewer checkpoints during the peak.
	SQLiteCheckpointPages = 4000
	// PostgresWriters: the writer pool (the batch writer above all) is
	// separate, so writes never queue behind hundreds of reads.
	PostgresWriters = 4
	// PostgresReaders: the read pool. Idle connections equal open ones:
	// a connection closed as surplus at the peak was reopened a moment
	// later — a fork, an authentication and every prepared statement.
	PostgresReaders = 16
	// PostgresIdleTime: an idle connection is closed after this long, so
	// a node gives PostgreSQL back its backends once the morning is over.
	PostgresIdleTime = 5 * time.Minute
	// PingTimeout bounds the readiness check (/readyz): a database that
	// takes longer to answer SELECT 1 is not ready for a check-in, and a
	// load balancer's probe (commonly 5 s) gets its answer in time.
	PingTimeout = 2 * time.Second
	// PreparedStatements bounds GORM's statement cache per connection:
	// parsing the same SQL again and again cost SQLite ~17 % of a check-in.
	PreparedStatements = 512
)

// The process (internal/cli).
const (
	// MemoryLimit is the Go heap's soft limit when GOMEMLIMIT is not set:
	// the garbage collector works harder near it instead of letting the
	// heap double, which keeps a node near the 200 MB resident target at
	// the peak.
	MemoryLimit = 140 << 20
	// ReadHeaderTimeout, ReadTimeout, WriteTimeout and IdleTimeout bound
	// a client: a phone on a slow link sends a check-in (≈ 2 KB) well
	// within them, while a stalled or hostile connection is dropped.
	ReadHeaderTimeout = 10 * time.Second
	ReadTimeout       = 30 * time.Second
	WriteTimeout      = 60 * time.Second
	IdleTimeout       = 120 * time.Second
	// ShutdownDrain: on SIGTERM in-flight requests get this long to finish
	// (a batch commit takes milliseconds; a slow phone's upload seconds).
	ShutdownDrain = 20 * time.Second
	// CeremonyPurgeEvery and CeremonyKeep: expired enrolment and sign-in
	// ceremonies are deleted hourly, four days after they expired (kept a
	// while for support questions about a failed enrolment).
	CeremonyPurgeEvery = time.Hour
	CeremonyKeep       = 96 * time.Hour
)
