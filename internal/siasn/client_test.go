package siasn

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hadir-id/hadir/internal/kinerja"
)

// fake is a local stand-in for the SIASN gateway and SSO: it checks the
// credentials and both tokens on every call.
type fake struct {
	wsoFetches, ssoFetches atomic.Int32
	saved                  kinerja.RemotePeriodic
}

func (f *fake) handler(t *testing.T) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /oauth2/token", func(w http.ResponseWriter, r *http.Request) {
		k, s, ok := r.BasicAuth()
		if !ok || k != "key" || s != "secret" || r.FormValue("grant_type") != "client_credentials" {
			http.Error(w, "bad client", http.StatusUnauthorized)
			return
		}
		f.wsoFetches.Add(1)
		json.NewEncoder(w).Encode(map[string]any{"access_token": "wso-token", "expires_in": 3600})
	})
	mux.HandleFunc("POST /sso/token", func(w http.ResponseWriter, r *http.Request) {
		if r.FormValue("grant_type") != "password" || r.FormValue("client_id") != "hadir" || r.FormValue("username") != "bkd" || r.FormValue("password") != "pw" {
			http.Error(w, "bad user", http.StatusUnauthorized)
			return
		}
		f.ssoFetches.Add(1)
		json.NewEncoder(w).Encode(map[string]any{"access_token": "sso-token", "expires_in": 300})
	})
	authed := func(h http.HandlerFunc) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("Authorization") != "Bearer wso-token" || r.Header.Get("Auth") != "bearer sso-token" {
				http.Error(w, `{"message":"unauthorized"}`, http.StatusUnauthorized)
				return
			}
			h(w, r)
		}
	}
	mux.HandleFunc("GET /apisiasn/1.0/pns/rw-skp22/{nip}", authed(func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode(map[string]any{"code": 1, "data": []any{map[string]any{"tahun": 2025, "nip": r.PathValue("nip"), "hasilKinerja": "BAIK"}}})
	}))
	mux.HandleFunc("GET /apisiasn/1.0/pns/rw-kinerjaperiodik/{nip}", authed(func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode(map[string]any{"code": 1, "data": nil})
	}))
	mux.HandleFunc("POST /apisiasn/1.0/kinerjaperiodik/save", authed(func(w http.ResponseWriter, r *http.Request) {
		if err := json.NewDecoder(r.Body).Decode(&f.saved); err != nil {
			t.Errorf("save body: %v", err)
		}
		json.NewEncoder(w).Encode(map[string]any{"success": true, "mapData": map[string]any{"rwKinerjaPeriodikId": "abc-123"}})
	}))
	return mux
}

func TestClientAgainstFakeSIASN(t *testing.T) {
	f := &fake{}
	srv := httptest.NewServer(f.handler(t))
	defer srv.Close()
	now := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	c := &Client{HTTP: srv.Client(), Now: func() time.Time { return now }, Config: Config{BaseURL: srv.URL, TokenURL: srv.URL + "/oauth2/token",
		SSOURL: srv.URL + "/sso/token", ConsumerKey: "key", ConsumerSecret: "secret", ClientID: "hadir", Username: "bkd", Password: "pw"}}
	ctx := context.Background()
	skp, err := c.SKPHistory(ctx, "198202112006041001")
	if err != nil || len(skp) != 1 || skp[0]["nip"] != "198202112006041001" {
		t.Fatalf("SKP history %v %v", skp, err)
	}
	per, err := c.PeriodicHistory(ctx, "198202112006041001")
	if err != nil || per == nil || len(per) != 0 {
		t.Fatalf("periodic history %v %v", per, err)
	}
	id, err := c.SavePeriodic(ctx, kinerja.RemotePeriodic{PNSID: "pns-1", Year: 2026, StartMonth: 1, EndMonth: 3, ResultValue: 2, BehaviourValue: 3, EvaluatorStatus: "ASN"})
	if err != nil || id != "abc-123" || f.saved.PNSID != "pns-1" || f.saved.EndMonth != 3 {
		t.Fatalf("save: %q %v %+v", id, err, f.saved)
	}
	if f.wsoFetches.Load() != 1 || f.ssoFetches.Load() != 1 {
		t.Errorf("tokens fetched %d/%d times for three calls, want once each", f.wsoFetches.Load(), f.ssoFetches.Load())
	}
	now = now.Add(5 * time.Minute) // the SSO token (300 s) expired, the gateway's not
	if _, err := c.SKPHistory(ctx, "1"); err != nil {
		t.Fatal(err)
	}
	if f.wsoFetches.Load() != 1 || f.ssoFetches.Load() != 2 {
		t.Errorf("after expiry: %d/%d fetches, want 1/2", f.wsoFetches.Load(), f.ssoFetches.Load())
	}
	c.Config.Password = "wrong"
	c.sso = token{}
	if _, err := c.SKPHistory(ctx, "1"); err == nil || !strings.Contains(err.Error(), "401") {
		t.Errorf("bad SSO password: %v", err)
	}
}
