// Package load drives HTTP load against a server on loopback and
// reports throughput and latency percentiles: bounded in time, never aimed
// anywhere but the given base URL.
package load

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Result of one load phase.
type Result struct {
	OK        int64
	Errors    int64
	Elapsed   time.Duration
	Latencies []time.Duration // of successful requests, sorted
}

// PerSecond is successful requests per second.
func (r Result) PerSecond() float64 { return perSecond(r.OK, r.Elapsed) }

func perSecond(ok int64, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return float64(ok) / d.Seconds()
}

// Percentile returns the p-th percentile latency (0 < p ≤ 100).
func (r Result) Percentile(p float64) time.Duration {
	if len(r.Latencies) == 0 {
		return 0
	}
	i := int(float64(len(r.Latencies))*p/100+0.5) - 1
	return r.Latencies[min(max(i, 0), len(r.Latencies)-1)]
}

// Summary is a Result without its latencies, small enough for a load
// generator in another process to send back.
type Summary struct {
	OK      int64         `json:"ok"`
	Errors  int64         `json:"errors"`
	Elapsed time.Duration `json:"elapsed"`
	P50     time.Duration `json:"p50"`
	P99     time.Duration `json:"p99"`
}

// Summary keeps the counts, the elapsed time and the median and p99.
func (r Result) Summary() Summary {
	return Summary{OK: r.OK, Errors: r.Errors, Elapsed: r.Elapsed, P50: r.Percentile(50), P99: r.Percentile(99)}
}

// PerSecond is successful requests per second.
func (s Summary) PerSecond() float64 { return perSecond(s.OK, s.Elapsed) }

// Client returns an HTTP client for c concurrent workers on loopback.
func Client(c int) *http.Client {
	tr := &http.Transport{
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
		MaxIdleConns:        c * 2,
		MaxIdleConnsPerHost: c * 2,
		IdleConnTimeout:     90 * time.Second,
	}
	return &http.Client{Transport: tr, Timeout: 30 * time.Second}
}

// Run calls do from `workers` goroutines until d has passed, each call with
// the worker's index; do reports success. Calls in flight at the deadline
// finish (their context is not cancelled by it), so that every request the
// server acknowledged is counted. Latencies are those of do.
func Run(parent context.Context, workers int, d time.Duration, do func(ctx context.Context, worker int) bool) Result {
	ctx, cancel := context.WithTimeout(parent, d)
	defer cancel()
	return drive(context.WithoutCancel(parent), workers, func() bool { return ctx.Err() == nil }, do)
}

// RunN makes exactly n calls of do spread over `workers` goroutines (a
// bounded run for tests), with the same accounting as Run.
func RunN(ctx context.Context, workers, n int, do func(ctx context.Context, worker int) bool) Result {
	var next atomic.Int64
	return drive(ctx, workers, func() bool { return next.Add(1) <= int64(n) && ctx.Err() == nil }, do)
}

// drive runs the workers while more() says so.
func drive(ctx context.Context, workers int, more func() bool, do func(ctx context.Context, worker int) bool) Result {
	var ok, bad atomic.Int64
	lat := make([][]time.Duration, workers)
	var wg sync.WaitGroup
	start := time.Now()
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for more() {
				t := time.Now()
				if do(ctx, w) {
					lat[w] = append(lat[w], time.Since(t))
					ok.Add(1)
				} else {
					bad.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	res := Result{OK: ok.Load(), Errors: bad.Load(), Elapsed: time.Since(start)}
	for _, l := range lat {
		res.Latencies = append(res.Latencies, l...)
	}
	sort.Slice(res.Latencies, func(i, j int) bool { return res.Latencies[i] < res.Latencies[j] })
	return res
}

// RSS samples a process's resident memory; Stop reports the peak.
type RSS struct {
	max  atomic.Int64
	stop chan struct{}
	done chan struct{}
}

// WatchRSS samples this process's VmRSS every 500 ms until Stop.
func WatchRSS() *RSS { return watch("/proc/self/status") }

// WatchProcessRSS samples another process's VmRSS the same way (a load
// generator's, to report it apart from the server's). Once the process is
// gone its samples are zero and the peak stays.
func WatchProcessRSS(pid int) *RSS { return watch(fmt.Sprintf("/proc/%d/status", pid)) }

func watch(status string) *RSS {
	r := &RSS{stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(r.done)
		t := time.NewTicker(500 * time.Millisecond)
		defer t.Stop()
		for {
			if kb := vmRSS(status); kb > r.max.Load() {
				r.max.Store(kb)
			}
			select {
			case <-r.stop:
				return
			case <-t.C:
			}
		}
	}()
	return r
}

// Stop ends sampling and returns the peak in MB.
func (r *RSS) Stop() float64 {
	close(r.stop)
	<-r.done
	return float64(r.max.Load()) / 1024
}

func vmRSS(status string) int64 {
	b, err := os.ReadFile(status)
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmRSS:") {
			f := strings.Fields(line)
			if len(f) >= 2 {
				n, _ := strconv.ParseInt(f[1], 10, 64)
				return n
			}
		}
	}
	return 0
}

// CPUSeconds is the user and system CPU time a process has used so far,
// from /proc/<pid>/stat (0 where that cannot be read).
func CPUSeconds(pid int) float64 {
	raw, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0
	}
	// The command name (field 2) may hold spaces; fields count from after it.
	s := string(raw)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 13 {
		return 0
	}
	utime, err1 := strconv.ParseFloat(f[11], 64) // field 14
	stime, err2 := strconv.ParseFloat(f[12], 64) // field 15
	if err1 != nil || err2 != nil {
		return 0
	}
	return (utime + stime) / clockTicks
}

// clockTicks is USER_HZ, the unit of /proc/<pid>/stat times: 100 on Linux.
const clockTicks = 100
