package api

import (
	"compress/gzip"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/hadir-id/hadir/internal/wirebytes"
)

// Handler installs the server's wire counter outermost: the shell's bytes
// are counted under the route pattern after gzip, and exported on
// /metrics. (internal/wirebytes checks the counts against the socket.)
func TestHandlerCountsWireBytes(t *testing.T) {
	reg := prometheus.NewRegistry()
	page := strings.Repeat("<p>hadir</p>\n", 100)
	s := &Server{Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Registry: reg, Wire: wirebytes.New(reg), MetricsToken: wireMetricsToken,
		Shell: fstest.MapFS{"index.html": {Data: []byte(page)}}}
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	req, _ := http.NewRequest("GET", srv.URL+"/", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	res, err := (&http.Client{Transport: &http.Transport{DisableCompression: true}}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(res.Body)
	if err != nil {
		t.Fatalf("the shell was not gzipped: %v", err)
	}
	body, _ := io.ReadAll(zr)
	res.Body.Close()
	if string(body) != page {
		t.Fatalf("shell body %d B, want %d B", len(body), len(page))
	}
	got := s.Wire.ByRoute()["GET /"]
	if got.Requests != 1 || got.In == 0 || got.Out == 0 || got.Out >= int64(len(page)) {
		t.Errorf("GET /: counted %+v; want one request, the gzip body (< %d B) counted", got, len(page))
	}
	req, _ = http.NewRequest("GET", srv.URL+"/metrics", nil)
	req.Header.Set("Authorization", "Bearer "+wireMetricsToken)
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	text, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(text), `hadir_http_response_bytes_total{method="GET",route="/"}`) {
		t.Errorf("/metrics has no response bytes for GET /")
	}
}

const wireMetricsToken = "metrics-token-for-wire-tests"
