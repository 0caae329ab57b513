// Package migrations holds the versioned SQL schema of both dialects. Each
// file is one migration, applied once in its own transaction and recorded in
// the goose_db_version table; it starts with a line saying why it exists.
package migrations

import "embed"

// FS holds sqlite/*.sql and postgres/*.sql.
//
//go:embed sqlite/*.sql postgres/*.sql
var FS embed.FS
