package bench

import (
	"errors"
	"os"
	"runtime/pprof"

	"github.com/hadir-id/hadir/internal/bench/load"
)

// watch measures the server while the check-ins run (and only then:
// the floors and the generator's start-up are not the server's check-in
// cost): its RSS and CPU profile, and the generator's RSS, reported apart.
type watch struct {
	profile            *os.File // nil: no CPU profile
	heap               *os.File // nil: no heap profile
	heapStart          *os.File // the heap profile at the start: the base for -diff_base
	server, client     *load.RSS
	started, stopped   bool
	serverMB, clientMB float64 // peaks, once stopped

	// CPU seconds used, from /proc, by the server (this process) and the
	// generator: the per-request cost that does not depend on how the two
	// shared the cores — during the check-ins and during the durable floor.
	checkins, floor cpuSpan
}

// cpuSpan is the CPU time the server (this process) and the generator
// used between start and stop.
type cpuSpan struct {
	pid              int
	server0, client0 float64
	server, client   float64
	started, stopped bool
}

func (c *cpuSpan) start(pid int) {
	c.pid, c.started = pid, true
	c.server0, c.client0 = load.CPUSeconds(os.Getpid()), load.CPUSeconds(pid)
}

func (c *cpuSpan) stop() {
	if !c.started || c.stopped {
		return
	}
	c.stopped = true
	c.server, c.client = load.CPUSeconds(os.Getpid())-c.server0, load.CPUSeconds(c.pid)-c.client0
}

// newWatch creates the profile file now, so that a bad path fails
// before the long part of the run.
func newWatch(profilePath, heapPath string) (*watch, error) {
	w := &watch{}
	for _, p := range []struct {
		path string
		f    **os.File
	}{{profilePath, &w.profile}, {heapPath, &w.heap}, {startPath(heapPath), &w.heapStart}} {
		if p.path == "" {
			continue
		}
		f, err := os.Create(p.path)
		if err != nil {
			return nil, err
		}
		*p.f = f
	}
	return w, nil
}

// start begins measuring; clientPID is the generator's process.
func (w *watch) start(clientPID int) error {
	if w.started {
		return errors.New("the check-in phase started twice")
	}
	if w.profile != nil {
		if err := pprof.StartCPUProfile(w.profile); err != nil {
			return err
		}
	}
	if w.heapStart != nil {
		_ = pprof.WriteHeapProfile(w.heapStart)
	}
	w.server, w.client = load.WatchRSS(), load.WatchProcessRSS(clientPID)
	w.checkins.start(clientPID)
	w.started = true
	return nil
}

// stop ends measuring; it may be called again, or before start.
func (w *watch) stop() {
	if !w.started || w.stopped {
		return
	}
	w.stopped = true
	w.checkins.stop()
	w.serverMB, w.clientMB = w.server.Stop(), w.client.Stop()
	if w.profile != nil {
		pprof.StopCPUProfile()
	}
	if w.heap != nil {
		_ = pprof.WriteHeapProfile(w.heap) // the live heap at the end of the run
	}
}

// startPath is where the heap profile of the phase's start goes: with
// `go tool pprof -diff_base FILE.start FILE`, the allocations of the
// check-in phase alone (alloc_space), without the seeding's.
func startPath(heapPath string) string {
	if heapPath == "" {
		return ""
	}
	return heapPath + ".start"
}

// close stops measuring and closes the profile file.
func (w *watch) close() error {
	w.stop()
	var errs []error
	for _, f := range []*os.File{w.profile, w.heap, w.heapStart} {
		if f != nil {
			errs = append(errs, f.Close())
		}
	}
	return errors.Join(errs...)
}
