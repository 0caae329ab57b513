package cli

import (
	"context"
	"os"
	"testing"

	"github.com/hadir-id/hadir/internal/bench"
)

// TestMain lets `hadir bench checkin` re-execute this test binary as its
// load generator, as it re-executes the hadir binary: with bench.ChildEnv
// set, the binary is the generator, not the tests.
func TestMain(m *testing.M) {
	if os.Getenv(bench.ChildEnv) == "1" {
		env := Env{Getenv: os.Getenv, Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}
		os.Exit(Run(context.Background(), os.Args[1:], env))
	}
	os.Exit(m.Run())
}
