package cli

import (
	"os"
	"runtime/debug"

	"github.com/hadir-id/hadir/internal/tuning"
)

// limitMemory applies tuning.MemoryLimit, the Go heap's soft limit, unless
// GOMEMLIMIT (the Go runtime's own setting) is set.
func limitMemory() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(tuning.MemoryLimit)
	}
}
