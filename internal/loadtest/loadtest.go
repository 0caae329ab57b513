// Package loadtest drives HTTP load against a server on loopback and
// reports throughput and latency percentiles: bounded in time, never aimed
// anywhere but the given base URL.
package loadtest

import (
	"context"
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
func (r Result) PerSecond() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.OK) / r.Elapsed.Seconds()
}

// Percentile returns the p-th percentile latency (0 < p ≤ 100).
func (r Result) Percentile(p float64) time.Duration {
	if len(r.Latencies) == 0 {
		return 0
	}
	i := int(float64(len(r.Latencies))*p/100+0.5) - 1
	return r.Latencies[min(max(i, 0), len(r.Latencies)-1)]
}

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

// RSS samples this process's resident memory; Max reports the peak.
type RSS struct {
	max  atomic.Int64
	stop chan struct{}
	done chan struct{}
}

// WatchRSS samples VmRSS every 500 ms until Stop.
func WatchRSS() *RSS {
	r := &RSS{stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(r.done)
		t := time.NewTicker(500 * time.Millisecond)
		defer t.Stop()
		for {
			if kb := vmRSS(); kb > r.max.Load() {
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

func vmRSS() int64 {
	b, err := os.ReadFile("/proc/self/status")
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
