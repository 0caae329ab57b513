package demo

import (
	"testing"

	"github.com/hadir-id/hadir/internal/store/storetest"
)

// TestSeedPostgres seeds a fresh PostgreSQL database (skipped locally when
// none is reachable, failing under CI=true).
func TestSeedPostgres(t *testing.T) {
	st := storetest.Open(t, "postgres", nil)
	res := mustSeed(t, st)
	checkSeeded(t, st, res)
}
