package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"
)

// BackupSQLite writes a consistent copy of the SQLite database at dbPath to
// out while the server keeps writing: VACUUM INTO reads one snapshot (a
// WAL read transaction, which never blocks the writer) and writes a
// compact, checkpointed file. It runs on a connection of its own, so a
// `hadir backup` process never queues behind the server's writer. out must
// not exist. Errors: the database's or the file system's.
func BackupSQLite(ctx context.Context, dbPath, out string) error {
	if _, err := os.Stat(dbPath); err != nil {
		return fmt.Errorf("no database at %s: %w", dbPath, err)
	}
	if _, err := os.Stat(out); err == nil {
		return fmt.Errorf("%s already exists: choose a new file", out)
	}
	db, err := sql.Open("sqlite", "file:"+dbPath+"?_pragma=busy_timeout(10000)&mode=ro")
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, "VACUUM INTO ?", out); err != nil {
		return fmt.Errorf("backing up: %w", err)
	}
	return checkSQLiteFile(ctx, out)
}

// RestoreSQLite replaces the database at dbPath with the backup from: the
// backup is checked first (integrity and a Hadir schema), the current
// files (database, -wal, -shm) are kept beside it as
// PATH.before-restore-UNIXTIME, and the copy is written to a temporary
// file, synced and renamed into place, so a crash leaves either the old
// database or the new one. The server must be stopped. It returns the
// name the old database was kept under ("" when there was none).
func RestoreSQLite(ctx context.Context, from, dbPath string) (kept string, err error) {
	if err := checkSQLiteFile(ctx, from); err != nil {
		return "", err
	}
	tmp := dbPath + ".restore-tmp"
	if err := copyFile(from, tmp); err != nil {
		return "", err
	}
	if _, err := os.Stat(dbPath); err == nil {
		kept = dbPath + ".before-restore-" + strconv.FormatInt(time.Now().Unix(), 10)
		for _, suffix := range []string{"", "-wal", "-shm"} {
			if err := os.Rename(dbPath+suffix, kept+suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
				os.Remove(tmp)
				return "", fmt.Errorf("keeping the current database: %w", err)
			}
		}
	}
	if err := os.Rename(tmp, dbPath); err != nil {
		return kept, err
	}
	return kept, nil
}

// checkSQLiteFile opens a database file read-only and checks that it is
// intact and carries Hadir's schema.
func checkSQLiteFile(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err != nil {
		return err
	}
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		return err
	}
	defer db.Close()
	var verdict string
	if err := db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&verdict); err != nil {
		return fmt.Errorf("%s is not an SQLite database: %w", path, err)
	}
	if verdict != "ok" {
		return fmt.Errorf("%s is damaged: %s", path, verdict)
	}
	var version int64
	if err := db.QueryRowContext(ctx, "SELECT max(version_id) FROM goose_db_version").Scan(&version); err != nil {
		return fmt.Errorf("%s is not a Hadir database: %w", path, err)
	}
	return nil
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		os.Remove(to)
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		os.Remove(to)
		return err
	}
	return out.Close()
}
