package bench

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

	"github.com/hadir-id/hadir/internal/bench/load"
	"github.com/hadir-id/hadir/internal/bench/softphone"
	"github.com/hadir-id/hadir/internal/org"
)

// clientCommandName is the hidden `hadir bench checkin-client`: the
// load generator of `hadir bench checkin`, which starts it (not in the
// usage text: it is only meaningful with the state the server side wrote).
const clientCommandName = "checkin-client"

// clientOptions are the flags the server side gives its generator.
type clientOptions struct {
	state    string // the phones, see writeState
	baseURL  string
	clients  int
	duration time.Duration
	floor    time.Duration
	checkins int // > 0: exactly this many check-ins instead of duration
}

// args is the command line that parseClient reads back.
func (o clientOptions) args() []string {
	a := []string{"bench", clientCommandName, "--state", o.state, "--base-url", o.baseURL,
		"--clients", strconv.Itoa(o.clients), "--duration", o.duration.String(), "--floor-duration", o.floor.String()}
	if o.checkins > 0 {
		a = append(a, "--checkins", strconv.Itoa(o.checkins))
	}
	return a
}

func parseClient(args []string) (clientOptions, error) {
	var o clientOptions
	fs := flag.NewFlagSet("hadir bench "+clientCommandName, flag.ContinueOnError)
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

// message is one JSON line of the generator's stdout: the marks
// around the durable floor and the check-in phase (the server measures
// itself between them), then the results.
type message struct {
	Mark    string   `json:"mark,omitempty"`
	Results *results `json:"results,omitempty"`
}

const (
	markDurableStart  = "durable-start" // the server counts its CPU for the floor between these two
	markDurableEnd    = "durable-end"
	markCheckinsStart = "checkins-start"
	markCheckinsEnd   = "checkins-end"
)

// results are the three phases as the generator saw them.
type results struct {
	Echo     load.Summary `json:"echo"`
	Durable  load.Summary `json:"durable"`
	Checkins load.Summary `json:"checkins"`
}

// clientCommand runs the generator. It stops when its stdin closes:
// the server side holds the other end and never writes, so the generator
// cannot outlive it, however it ends.
func clientCommand(ctx context.Context, args []string, env Env) int {
	o, err := parseClient(args)
	if err != nil {
		fmt.Fprintf(env.Stderr, "hadir bench %s: %v\n", clientCommandName, err)
		return exitUsage
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		io.Copy(io.Discard, env.Stdin)
		cancel()
	}()
	if err := runClient(ctx, o, json.NewEncoder(env.Stdout)); err != nil {
		fmt.Fprintf(env.Stderr, "hadir bench %s: %v\n", clientCommandName, err)
		return exitFail
	}
	return exitOK
}

func runClient(ctx context.Context, o clientOptions, out *json.Encoder) error {
	site, phones, err := readState(o.state)
	if err != nil {
		return err
	}
	// The file holds private keys: consumed, it goes now rather than when
	// the server side ends (which a SIGKILL would skip).
	os.Remove(o.state)
	if len(phones) < o.clients {
		return fmt.Errorf("%d phones for %d clients: each client needs its own", len(phones), o.clients)
	}
	g := &generator{baseURL: o.baseURL, clients: o.clients, site: site, phones: phones, http: load.Client(o.clients)}
	var r results
	r.Echo = load.Run(ctx, o.clients, o.floor, g.healthz).Summary()
	if err := out.Encode(message{Mark: markDurableStart}); err != nil {
		return err
	}
	r.Durable = load.Run(ctx, o.clients, o.floor, g.durable).Summary()
	if err := out.Encode(message{Mark: markDurableEnd}); err != nil {
		return err
	}
	if err := out.Encode(message{Mark: markCheckinsStart}); err != nil {
		return err
	}
	var main load.Result
	if o.checkins > 0 {
		main = load.RunN(ctx, o.clients, o.checkins, g.checkin)
	} else {
		main = load.Run(ctx, o.clients, o.duration, g.checkin)
	}
	if err := out.Encode(message{Mark: markCheckinsEnd}); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("interrupted: %w", err) // a cut-short run is no measurement
	}
	r.Checkins = main.Summary()
	return out.Encode(message{Results: &r})
}

// generator makes the requests of the three phases.
type generator struct {
	baseURL string
	clients int
	site    org.Point
	phones  []*Phone // phone i belongs to worker i mod clients
	http    *http.Client
}

// Phone is one enrolled employee: their phone (a software authenticator and
// device key), session cookie and the challenge prefetched for the next tap.
type Phone struct {
	mu      sync.Mutex
	Soft    *softphone.Phone
	Cookie  string          // "name=value" of the session
	Options json.RawMessage // the prefetched challenge's request options
	In      bool            // the next tap checks in (else out)
}

func (g *generator) healthz(ctx context.Context, _ int) bool { return g.get(ctx, "/healthz") }

func (g *generator) durable(ctx context.Context, worker int) bool {
	return g.post(ctx, "/bench/durable", "", map[string]int64{"employee_id": int64(worker + 1)}, nil)
}

// checkin makes one real check-in of one of the worker's employees.
func (g *generator) checkin(ctx context.Context, worker int) bool {
	n := len(g.phones) / g.clients
	p := g.phones[worker+g.clients*rand.IntN(n)] // each phone belongs to one worker
	p.mu.Lock()
	defer p.mu.Unlock()
	typ := map[bool]string{true: "in", false: "out"}[p.In]
	fix := softphone.Fix{Lat: g.site.Lat + (rand.Float64()-0.5)*0.0004, Lon: g.site.Lon + (rand.Float64()-0.5)*0.0004,
		AccuracyM: 6 + rand.Float64()*20}
	req, err := p.Soft.Checkin(p.Options, typ, fix, time.Now(), false)
	if err != nil {
		return false
	}
	var res struct {
		Next *struct {
			Challenge string `json:"challenge"`
		} `json:"next_challenge"`
	}
	if !g.post(ctx, "/api/v1/checkins", p.Cookie, req, &res) || res.Next == nil {
		return false
	}
	p.Options, p.In = softphone.CheckinOptions(res.Next.Challenge, "localhost"), !p.In
	return true
}

func (g *generator) get(ctx context.Context, path string) bool {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, g.baseURL+path, nil)
	res, err := g.http.Do(req)
	if err != nil {
		return false
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode == http.StatusOK
}

func (g *generator) post(ctx context.Context, path, cookie string, body, out any) bool {
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
