package cli

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/hadir-id/hadir/internal/config"
	"github.com/hadir-id/hadir/internal/store"
)

// pgBackupHelp is what the backup commands say on PostgreSQL, whose own
// tools do this better than Hadir could.
const pgBackupHelp = `hadir: on PostgreSQL use its own tools while the server runs:
  pg_dump --format=custom --file=hadir.dump "$HADIR_DATABASE_URL"
  pg_restore --clean --if-exists --dbname="$HADIR_DATABASE_URL" hadir.dump   (server stopped)
(see docs/SECURITY.md)`

// backup writes a consistent copy of the SQLite database while the server
// keeps running: hadir backup --out FILE [--database-url sqlite:PATH].
func backup(ctx context.Context, args []string, env Env) int {
	db, out, code, ok := backupFlags("hadir backup", "out", "the backup file to write (must not exist)", args, env)
	if !ok {
		return code
	}
	if db.Dialect != "sqlite" {
		fmt.Fprintln(env.Stderr, pgBackupHelp)
		return exitUsage
	}
	if err := store.BackupSQLite(ctx, db.DSN, out); err != nil {
		fmt.Fprintf(env.Stderr, "hadir: %v\n", err)
		return exitFail
	}
	fmt.Fprintf(env.Stdout, "backup written to %s\n", out)
	return exitOK
}

// restore replaces the SQLite database with a backup (server stopped):
// hadir restore FILE [--database-url sqlite:PATH].
func restore(ctx context.Context, args []string, env Env) int {
	if len(args) == 0 || args[0] == "" || args[0][0] == '-' {
		fmt.Fprintln(env.Stderr, "hadir: restore needs the backup file: hadir restore FILE [--database-url sqlite:PATH]")
		return exitUsage
	}
	from := args[0]
	db, _, code, ok := backupFlags("hadir restore", "", "", args[1:], env)
	if !ok {
		return code
	}
	if db.Dialect != "sqlite" {
		fmt.Fprintln(env.Stderr, pgBackupHelp)
		return exitUsage
	}
	kept, err := store.RestoreSQLite(ctx, from, db.DSN)
	if err != nil {
		fmt.Fprintf(env.Stderr, "hadir: %v\n", err)
		return exitFail
	}
	if kept != "" {
		fmt.Fprintf(env.Stdout, "the previous database is kept as %s\n", kept)
	}
	fmt.Fprintf(env.Stdout, "restored %s into %s\n", from, db.DSN)
	return exitOK
}

// backupFlags parses --database-url (and the named file flag, when given).
func backupFlags(name, fileFlag, fileHelp string, args []string, env Env) (db config.Database, file string, code int, ok bool) {
	url := config.Defaults().DatabaseURL
	if v := env.Getenv("HADIR_DATABASE_URL"); v != "" {
		url = v
	}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&url, "database-url", url, "sqlite:PATH or postgres://… (HADIR_DATABASE_URL)")
	if fileFlag != "" {
		fs.StringVar(&file, fileFlag, "", fileHelp)
	}
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 {
		fmt.Fprintf(env.Stderr, "hadir: %s: bad arguments (%v)\n", name, err)
		return db, "", exitUsage, false
	}
	if fileFlag != "" && file == "" {
		fmt.Fprintf(env.Stderr, "hadir: %s needs --%s FILE\n", name, fileFlag)
		return db, "", exitUsage, false
	}
	db, err := config.ParseDatabaseURL(url)
	if err != nil {
		fmt.Fprintf(env.Stderr, "hadir: --database-url: %v\n", err)
		return db, "", exitUsage, false
	}
	return db, file, exitOK, true
}
