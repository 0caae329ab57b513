package cli

import (
	"os"
	"runtime/debug"
)

// DefaultMemoryLimit is the Go heap's soft limit for a server process when
// GOMEMLIMIT is not set: the garbage collector works harder as the heap
// nears it instead of letting it double, which keeps a node inside a small
// container (the peak-load target is 200 MB resident). GOMEMLIMIT, the Go
// runtime's own setting, overrides it.
const DefaultMemoryLimit = 140 << 20

// limitMemory applies DefaultMemoryLimit unless GOMEMLIMIT is set.
func limitMemory() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(DefaultMemoryLimit)
	}
}
