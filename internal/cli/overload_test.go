package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/hadir-id/hadir/internal/batch"
	"github.com/hadir-id/hadir/internal/bench"
	"github.com/hadir-id/hadir/internal/bench/softphone"
	"github.com/hadir-id/hadir/internal/checkin"
	"github.com/hadir-id/hadir/internal/config"
	"github.com/hadir-id/hadir/internal/org"
	"github.com/hadir-id/hadir/internal/store"
	"github.com/hadir-id/hadir/internal/store/storetest"
)

// Overload over HTTP, on the real server with the check-in writer slowed
// down and its queue kept tiny: a burst gets 503 with Retry-After and a
// receipt, nothing is stored for those; the retries (same request, the
// receipt added) are all accepted, each check-in is stored exactly once,
// and a retried one keeps the moment the server first received it.
func TestOverloadOverHTTP(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		b, base := overloadedServer(t, dialect, 12)
		type attempt struct {
			req      checkin.Request
			sentAt   time.Time // just before the first send
			turnedAt time.Time // when the first 503 came back (zero: accepted at once)
			status   int
		}
		attempts := make([]attempt, len(b.phones))
		var wg sync.WaitGroup
		for i, p := range b.phones {
			fix := softphone.Fix{Lat: b.site.Lat, Lon: b.site.Lon, AccuracyM: 10}
			req, err := p.Soft.Checkin(p.Options, "in", fix, time.Now(), false)
			if err != nil {
				t.Fatal(err)
			}
			attempts[i].req = req
			wg.Add(1)
			go func() {
				defer wg.Done()
				a := &attempts[i]
				a.sentAt = time.Now()
				res := postCheckin(t, base, p.Cookie, a.req)
				a.status = res.status
				switch res.status {
				case http.StatusCreated:
				case http.StatusServiceUnavailable, http.StatusTooManyRequests:
					a.turnedAt = time.Now()
					if res.retryAfter == "" || res.receipt == "" {
						t.Errorf("phone %d: %d without Retry-After (%q) or receipt (%q)", i, res.status, res.retryAfter, res.receipt)
					}
					a.req.Receipt = res.receipt
				default:
					t.Errorf("phone %d: status %d: %s", i, res.status, res.body)
				}
			}()
		}
		wg.Wait()
		turned := 0
		for _, a := range attempts {
			if a.status != http.StatusCreated {
				turned++
			}
		}
		if turned == 0 {
			t.Fatal("no check-in was turned away: the writer was not overloaded")
		}
		if n, err := b.st.CountEvents(ctx, "checkin"); err != nil || n != int64(len(attempts)-turned) {
			t.Fatalf("%d events stored after the burst, want the %d accepted (%v)", n, len(attempts)-turned, err)
		}
		for i := range attempts { // the app's retries, one at a time after Retry-After
			a := &attempts[i]
			if a.status == http.StatusCreated {
				continue
			}
			var res checkinAnswer
			for try := 0; try < 20; try++ {
				if res = postCheckin(t, base, b.phones[i].Cookie, a.req); res.status == http.StatusCreated {
					break
				}
				time.Sleep(100 * time.Millisecond)
			}
			if res.status != http.StatusCreated {
				t.Fatalf("phone %d: retries still %d: %s", i, res.status, res.body)
			}
			if res.at.Before(a.sentAt.Add(-time.Second)) || !res.at.Before(a.turnedAt) {
				t.Errorf("phone %d: stored at %v; first sent %v, turned away %v: not the first arrival", i, res.at, a.sentAt, a.turnedAt)
			}
		}
		if n, err := b.st.CountEvents(ctx, "checkin"); err != nil || n != int64(len(attempts)) {
			t.Fatalf("%d events stored, want exactly %d (%v)", n, len(attempts), err)
		}
	})
}

// overloadedServer starts the real server (newApp) on loopback with n
// enrolled employees and a check-in writer that takes 300 ms per batch of
// at most 2, with room for 2 more in its queue.
func overloadedServer(t *testing.T, dialect string, n int) (*overloaded, string) {
	t.Helper()
	ctx := context.Background()
	cfg := config.Defaults()
	cfg.DatabaseURL = "sqlite:" + filepath.Join(t.TempDir(), "overload.db")
	if dialect == "postgres" {
		cfg.DatabaseURL = storetest.FreshPostgres(t)
	}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	cfg.Migrate = true
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	st, err := openStore(ctx, cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cfg.BaseURL = fmt.Sprintf("http://localhost:%d", ln.Addr().(*net.TCPAddr).Port)
	a, err := newApp(ctx, cfg, st, log)
	if err != nil {
		t.Fatal(err)
	}
	slow := batch.New(func(ctx context.Context, items []checkin.Write) ([]checkin.Written, error) {
		time.Sleep(300 * time.Millisecond)
		return st.CommitCheckins(ctx, items)
	}, batch.Options{MaxBatch: 2, QueueSize: 2, Linger: -1})
	a.writer.Close()
	a.writer, a.server.Checkins.Writer = slow, slow
	t.Cleanup(func() { slow.Close() })
	srv := &http.Server{Handler: a.server.Handler()}
	go srv.Serve(ln) //nolint:errcheck // closed below
	t.Cleanup(func() { srv.Close() })
	site, phones, err := bench.Populate(ctx, st, a.server.Devices, cfg.BaseURL, n)
	if err != nil {
		t.Fatal(err)
	}
	return &overloaded{st: st, site: site, phones: phones}, cfg.BaseURL
}

// overloaded is the server of TestOverloadOverHTTP: its store, the office
// and the enrolled phones.
type overloaded struct {
	st     *store.Store
	site   org.Point
	phones []*bench.Phone
}

type checkinAnswer struct {
	status     int
	retryAfter string
	receipt    string
	at         time.Time
	body       string
}

func postCheckin(t *testing.T, base, cookie string, r checkin.Request) checkinAnswer {
	t.Helper()
	raw, _ := json.Marshal(r)
	req, _ := http.NewRequest(http.MethodPost, base+"/api/v1/checkins", bytes.NewReader(raw))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Cookie", cookie)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Errorf("post: %v", err)
		return checkinAnswer{}
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	out := checkinAnswer{status: res.StatusCode, retryAfter: res.Header.Get("Retry-After"), body: string(body)}
	var v struct {
		Event struct {
			At time.Time `json:"at"`
		} `json:"event"`
		Error struct {
			Detail struct {
				Receipt string `json:"receipt"`
			} `json:"detail"`
		} `json:"error"`
	}
	_ = json.Unmarshal(body, &v)
	out.at, out.receipt = v.Event.At, v.Error.Detail.Receipt
	return out
}
