package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/hadir-id/hadir/internal/device/softphone"
	"github.com/hadir-id/hadir/internal/loadtest"
	"github.com/hadir-id/hadir/internal/org"
)

// benchClientCommandName is the hidden `hadir bench checkin-client`: the
// load generator of `hadir bench checkin`, which starts it (not in the
// usage text: it is only meaningful with the state the server side wrote).
const benchClientCommandName = "checkin-client"

// benchClientOptions are the flags the server side gives its generator.
type benchClientOptions struct {
	state    string // the phones, see writeBenchState
	baseURL  string
	clients  int
	duration time.Duration
	floor    time.Duration
	checkins int // > 0: exactly this many check-ins instead of duration
}

// args is the command line that parseBenchClient reads back.
func (o benchClientOptions) args() []string {
	a := []string{"bench", benchClientCommandName, "--state", o.state, "--base-url", o.baseURL,
		"--clients", strconv.Itoa(o.clients), "--duration", o.duration.String(), "--floor-duration", o.floor.String()}
	if o.checkins > 0 {
		a = append(a, "--checkins", strconv.Itoa(o.checkins))
	}
	return a
}

func parseBenchClient(args []string) (benchClientOptions, error) {
	var o benchClientOptions
	fs := flag.NewFlagSet("hadir bench "+benchClientCommandName, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&o.state, "state", "", "phones written by the server side")
	fs.StringVar(&o.baseURL, "base-url", "", "the server under test")
	fs.IntVar(&o.clients, "clients", 0, "concurrent clients")
	fs.DurationVar(&o.duration, "duration", 0, "length of the check-in run")
	fs.DurationVar(&o.floor, "floor-duration", 0, "length of each floor measurement")
	fs.IntVar(&o.checkins, "checkins", 0, "make exactly this many check-ins instead of running for --duration")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if o.state == "" || o.baseURL == "" || o.clients < 1 || o.floor <= 0 || (o.duration <= 0 && o.checkins <= 0) {
		return o, errors.New("--state, --base-url, --clients, --floor-duration and --duration or --checkins are needed")
	}
	return o, nil
}

// benchMessage is one JSON line of the generator's stdout: the marks
// around the durable floor and the check-in phase (the server measures
// itself between them), then the results.
type benchMessage struct {
	Mark    string        `json:"mark,omitempty"`
	Results *benchResults `json:"results,omitempty"`
}

const (
	markDurableStart  = "durable-start" // the server counts its CPU for the floor between these two
	markDurableEnd    = "durable-end"
	markCheckinsStart = "checkins-start"
	markCheckinsEnd   = "checkins-end"
)

// benchResults are the three phases as the generator saw them.
type benchResults struct {
	Echo     loadtest.Summary `json:"echo"`
	Durable  loadtest.Summary `json:"durable"`
	Checkins loadtest.Summary `json:"checkins"`
}

// benchClientCommand runs the generator. It stops when its stdin closes:
// the server side holds the other end and never writes, so the generator
// cannot outlive it, however it ends.
func benchClientCommand(ctx context.Context, args []string, env Env) int {
	o, err := parseBenchClient(args)
	if err != nil {
		fmt.Fprintf(env.Stderr, "hadir bench %s: %v\n", benchClientCommandName, err)
		return exitUsage
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		io.Copy(io.Discard, env.Stdin)
		cancel()
	}()
	if err := runBenchClient(ctx, o, json.NewEncoder(env.Stdout)); err != nil {
		fmt.Fprintf(env.Stderr, "hadir bench %s: %v\n", benchClientCommandName, err)
		return exitFail
	}
	return exitOK
}

func runBenchClient(ctx context.Context, o benchClientOptions, out *json.Encoder) error {
	site, phones, err := readBenchState(o.state)
	if err != nil {
		return err
	}
	// The file holds private keys: consumed, it goes now rather than when
	// the server side ends (which a SIGKILL would skip).
	os.Remove(o.state)
	if len(phones) < o.clients {
		return fmt.Errorf("%d phones for %d clients: each client needs its own", len(phones), o.clients)
	}
	g := &benchClient{baseURL: o.baseURL, clients: o.clients, site: site, phones: phones, http: loadtest.Client(o.clients)}
	var r benchResults
	r.Echo = loadtest.Run(ctx, o.clients, o.floor, g.healthz).Summary()
	if err := out.Encode(benchMessage{Mark: markDurableStart}); err != nil {
		return err
	}
	r.Durable = loadtest.Run(ctx, o.clients, o.floor, g.durable).Summary()
	if err := out.Encode(benchMessage{Mark: markDurableEnd}); err != nil {
		return err
	}
	if err := out.Encode(benchMessage{Mark: markCheckinsStart}); err != nil {
		return err
	}
	var main loadtest.Result
	if o.checkins > 0 {
		main = loadtest.RunN(ctx, o.clients, o.checkins, g.checkin)
	} else {
		main = loadtest.Run(ctx, o.clients, o.duration, g.checkin)
	}
	if err := out.Encode(benchMessage{Mark: markCheckinsEnd}); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("interrupted: %w", err) // a cut-short run is no measurement
	}
	r.Checkins = main.Summary()
	return out.Encode(benchMessage{Results: &r})
}

// benchClient makes the requests of the three phases.
type benchClient struct {
	baseURL string
	clients int
	site    org.Point
	phones  []*benchPhone // phone i belongs to worker i mod clients
	http    *http.Client
}

// benchPhone is one enrolled employee: their phone, session and the
// challenge prefetched for the next tap.
type benchPhone struct {
	mu      sync.Mutex
	ph      *softphone.Phone
	cookie  string
	options json.RawMessage
	in      bool
}

func (g *benchClient) healthz(ctx context.Context, _ int) bool { return g.get(ctx, "/healthz") }

func (g *benchClient) durable(ctx context.Context, worker int) bool {
	return g.post(ctx, "/bench/durable", "", map[string]int64{"employee_id": int64(worker + 1)}, nil)
}

// checkin makes one real check-in of one of the worker's employees.
func (g *benchClient) checkin(ctx context.Context, worker int) bool {
	n := len(g.phones) / g.clients
	p := g.phones[worker+g.clients*rand.IntN(n)] // each phone belongs to one worker
	p.mu.Lock()
	defer p.mu.Unlock()
	typ := map[bool]string{true: "in", false: "out"}[p.in]
	fix := softphone.Fix{Lat: g.site.Lat + (rand.Float64()-0.5)*0.0004, Lon: g.site.Lon + (rand.Float64()-0.5)*0.0004,
		AccuracyM: 6 + rand.Float64()*20}
	req, err := p.ph.Checkin(p.options, typ, fix, time.Now(), false)
	if err != nil {
		return false
	}
	var res struct {
		Next *struct {
			Challenge string `json:"challenge"`
		} `json:"next_challenge"`
	}
	if !g.post(ctx, "/api/v1/checkins", p.cookie, req, &res) || res.Next == nil {
		return false
	}
	p.options, p.in = softphone.CheckinOptions(res.Next.Challenge, "localhost"), !p.in
	return true
}

func (g *benchClient) get(ctx context.Context, path string) bool {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, g.baseURL+path, nil)
	res, err := g.http.Do(req)
	if err != nil {
		return false
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode == http.StatusOK
}

func (g *benchClient) post(ctx context.Context, path, cookie string, body, out any) bool {
	raw, _ := json.Marshal(body)
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, g.baseURL+path, bytes.NewReader(raw))
	req.Header.Set("Content-Type", "application/json")
	if cookie != "" {
		req.Header.Set("Cookie", cookie)
	}
	res, err := g.http.Do(req)
	if err != nil {
		return false
	}
	defer res.Body.Close()
	if out != nil {
		if json.NewDecoder(res.Body).Decode(out) != nil {
			return false
		}
	} else {
		io.Copy(io.Discard, res.Body)
	}
	return res.StatusCode == http.StatusCreated
}
