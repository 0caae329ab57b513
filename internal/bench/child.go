package bench

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"time"
)

// ChildEnv marks a process started as the bench's load generator. The
// hadir binary has no use for it; a test binary re-executed the same way
// needs it to run the generator instead of its tests (TestMain).
const ChildEnv = "HADIR_BENCH_CHILD"

// runGenerator runs the load generator in a child process (this same
// executable) and measures the server with w between its check-in marks.
// The child is killed if ctx ends or its output cannot be followed.
func runGenerator(ctx context.Context, o clientOptions, w *watch) (results, error) {
	exe, err := os.Executable()
	if err != nil {
		return results{}, fmt.Errorf("load generator: %w", err)
	}
	cctx, kill := context.WithCancel(ctx)
	defer kill()
	cmd := exec.CommandContext(cctx, exe, o.args()...)
	cmd.Env = append(os.Environ(), ChildEnv+"=1")
	var stderr stderrTail
	cmd.Stderr = &stderr
	cmd.WaitDelay = 5 * time.Second
	// Never written to: it closes when this process ends, however it ends,
	// and the generator stops then (clientCommand) — no orphan.
	if _, err := cmd.StdinPipe(); err != nil {
		return results{}, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return results{}, err
	}
	if err := cmd.Start(); err != nil {
		return results{}, fmt.Errorf("starting the load generator: %w", err)
	}
	res, readErr := readGenerator(stdout, cmd.Process.Pid, w)
	if readErr != nil {
		kill() // nothing listens to it any more
	}
	waitErr := cmd.Wait()
	w.stop()
	switch {
	case ctx.Err() != nil:
		return results{}, fmt.Errorf("interrupted: %w", ctx.Err())
	case readErr != nil:
		return results{}, fmt.Errorf("load generator: %w%s%s", readErr, exitNote(waitErr), stderr.String())
	case waitErr != nil:
		return results{}, fmt.Errorf("load generator failed: %w%s", waitErr, stderr.String())
	}
	return res, nil
}

// readGenerator follows the generator's JSON lines until its stdout
// closes, measuring between the check-in marks.
func readGenerator(r io.Reader, pid int, w *watch) (results, error) {
	dec := json.NewDecoder(r)
	var res *results
	for {
		var m message
		if err := dec.Decode(&m); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return results{}, fmt.Errorf("reading its output: %w", err)
		}
		switch {
		case m.Mark == markDurableStart:
			w.floor.start(pid)
		case m.Mark == markDurableEnd:
			w.floor.stop()
		case m.Mark == markCheckinsStart:
			if err := w.start(pid); err != nil {
				return results{}, err
			}
		case m.Mark == markCheckinsEnd:
			w.stop()
		case m.Results != nil:
			res = m.Results
		default:
			return results{}, fmt.Errorf("unexpected output %+v", m)
		}
	}
	switch {
	case res == nil:
		return results{}, errors.New("it ended without results")
	case !w.started || !w.stopped:
		return results{}, errors.New("its results came without the check-in phase's marks")
	}
	return *res, nil
}

func exitNote(err error) string {
	if err == nil {
		return ""
	}
	return " (" + err.Error() + ")"
}

// stderrTail keeps the end of the generator's stderr, where it explains a
// failure, for the error message. Read it only after Wait.
type stderrTail struct{ b []byte }

func (t *stderrTail) Write(p []byte) (int, error) {
	t.b = append(t.b, p...)
	if over := len(t.b) - 4096; over > 0 {
		t.b = t.b[over:]
	}
	return len(p), nil
}

// String is ": " and the tail, or nothing if the generator said nothing.
func (t *stderrTail) String() string {
	s := strings.TrimSpace(string(t.b))
	if s == "" {
		return ""
	}
	return ": " + s
}
