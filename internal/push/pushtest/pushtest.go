// Package pushtest is a local fake push service for tests and benchmarks:
// an httptest server that checks what a real one checks — the VAPID JWT
// (RFC 8292: ES256, aud = the endpoint's origin, exp within 24 h, a single
// mailto: or https: subject), the TTL, Urgency and Topic headers — and
// decrypts the RFC 8291 aes128gcm payload with the standard library only,
// independently of webpush-go. Each endpoint answers from a script
// (201, 404, 410, 413, 429 with Retry-After, 500 …), 201 by default.
package pushtest

import (
	"crypto/ecdh"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Browser is one fake browser's subscription: its key pair and secret.
type Browser struct {
	Endpoint string
	P256dh   string // base64url, as PushSubscription.toJSON() gives it
	Auth     string
	priv     *ecdh.PrivateKey
	auth     []byte
}

// Answer is one scripted reply.
type Answer struct {
	Status     int
	RetryAfter string // Retry-After header value, if any
}

// Push is one request the service accepted for checking.
type Push struct {
	Browser   string // endpoint
	Status    int    // what the service answered
	Plaintext []byte // decrypted notification (nil when checking failed)
	TTL       int
	Urgency   string
	Topic     string
	Subject   string
	Audience  string
	Expiry    time.Time
	BodyBytes int
	Err       error // why the request was not valid, nil when it was
	At        time.Time
}

// Service is the fake push service.
type Service struct {
	URL string
	srv *httptest.Server

	mu       sync.Mutex
	browsers map[string]*Browser // by path
	scripts  map[string][]Answer // by path
	pushes   []Push
	delay    time.Duration
	inflight int
	peak     map[string]int // peak concurrent requests (one host here)
}

// New starts a fake push service; Close it when done.
func New() *Service {
	s := &Service{browsers: map[string]*Browser{}, scripts: map[string][]Answer{}, peak: map[string]int{}}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.srv.URL
	return s
}

// Close stops the server.
func (s *Service) Close() { s.srv.Close() }

// Delay makes every answer wait d (to observe concurrency).
func (s *Service) Delay(d time.Duration) { s.mu.Lock(); s.delay = d; s.mu.Unlock() }

// NewBrowser makes a subscription on this service.
func (s *Service) NewBrowser() *Browser {
	priv, err := ecdh.P256().GenerateKey(rand.Reader)
	if err != nil {
		panic(err)
	}
	auth := make([]byte, 16)
	_, _ = rand.Read(auth)
	id := make([]byte, 12)
	_, _ = rand.Read(id)
	path := "/push/" + base64.RawURLEncoding.EncodeToString(id)
	b := &Browser{Endpoint: s.URL + path, P256dh: base64.RawURLEncoding.EncodeToString(priv.PublicKey().Bytes()),
		Auth: base64.RawURLEncoding.EncodeToString(auth), priv: priv, auth: auth}
	s.mu.Lock()
	s.browsers[path] = b
	s.mu.Unlock()
	return b
}

// Script sets the answers of a browser's endpoint, in order; after the
// last, 201.
func (s *Service) Script(b *Browser, answers ...Answer) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.scripts[strings.TrimPrefix(b.Endpoint, s.URL)] = answers
}

// Pushes returns a copy of every request received so far.
func (s *Service) Pushes() []Push {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Push(nil), s.pushes...)
}

// Peak is the largest number of requests in flight at once.
func (s *Service) Peak() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.peak[""]
}

func (s *Service) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 8<<10))
	s.mu.Lock()
	b := s.browsers[r.URL.Path]
	s.inflight++
	s.peak[""] = max(s.peak[""], s.inflight)
	delay := s.delay
	ans := Answer{Status: http.StatusCreated}
	if q := s.scripts[r.URL.Path]; len(q) > 0 {
		ans, s.scripts[r.URL.Path] = q[0], q[1:]
	}
	s.mu.Unlock()
	time.Sleep(delay)
	p := Push{Browser: s.URL + r.URL.Path, At: time.Now(), BodyBytes: len(body)}
	if b == nil {
		ans = Answer{Status: http.StatusNotFound}
		p.Err = fmt.Errorf("unknown endpoint %s", r.URL.Path)
	} else {
		p.Err = s.check(r, body, b, &p)
		if p.Err != nil {
			ans = Answer{Status: http.StatusBadRequest}
		}
	}
	p.Status = ans.Status
	s.mu.Lock()
	s.inflight--
	s.pushes = append(s.pushes, p)
	s.mu.Unlock()
	if ans.RetryAfter != "" {
		w.Header().Set("Retry-After", ans.RetryAfter)
	}
	w.WriteHeader(ans.Status)
	fmt.Fprintf(w, "status %d", ans.Status)
}

// check validates headers and the JWT, and decrypts the body into p.
func (s *Service) check(r *http.Request, body []byte, b *Browser, p *Push) error {
	if r.Method != http.MethodPost || r.Header.Get("Content-Encoding") != "aes128gcm" {
		return fmt.Errorf("want POST with Content-Encoding aes128gcm, got %s %q", r.Method, r.Header.Get("Content-Encoding"))
	}
	ttl, err := strconv.Atoi(r.Header.Get("TTL"))
	if err != nil || ttl <= 0 {
		return fmt.Errorf("the TTL header %q: a missing or zero TTL means a sleeping phone never gets the push", r.Header.Get("TTL"))
	}
	p.TTL, p.Urgency, p.Topic = ttl, r.Header.Get("Urgency"), r.Header.Get("Topic")
	switch p.Urgency {
	case "", "very-low", "low", "normal", "high":
	default:
		return fmt.Errorf("the Urgency header %q", p.Urgency)
	}
	if len(p.Topic) > 32 || strings.Trim(p.Topic, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") != "" {
		return fmt.Errorf("the Topic header %q is not ≤ 32 base64url characters", p.Topic)
	}
	if err := checkVAPID(r.Header.Get("Authorization"), s.URL, p); err != nil {
		return err
	}
	pt, err := b.Decrypt(body)
	if err != nil {
		return err
	}
	p.Plaintext = pt
	return nil
}
