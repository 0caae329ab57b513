package wirebytes

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
)

// wireConn counts what the client really sent and received.
type wireConn struct {
	net.Conn
	in, out *atomic.Int64
}

func (c wireConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.in.Add(int64(n))
	return n, err
}

// Write counts before writing: the server answers only after these bytes
// arrive, so the count is in place before the response is read, even when
// the transport's write loop has not yet returned from Write.
func (c wireConn) Write(p []byte) (int, error) {
	c.out.Add(int64(len(p)))
	n, err := c.Conn.Write(p)
	c.out.Add(int64(n - len(p)))
	return n, err
}

// exchange does one request on a fresh connection and returns the bytes
// the client wrote and read on the socket.
func exchange(t *testing.T, req *http.Request, close bool) (sent, recv int64, status int) {
	t.Helper()
	var in, out atomic.Int64
	tr := &http.Transport{DisableCompression: true, DisableKeepAlives: close,
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			c, err := (&net.Dialer{}).DialContext(ctx, network, addr)
			return wireConn{Conn: c, in: &in, out: &out}, err
		}}
	defer tr.CloseIdleConnections()
	res, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return out.Load(), in.Load(), res.StatusCode
}

// The counted bytes of each response equal what the client read from the
// socket, and the counted request bytes what it wrote: short JSON
// (Content-Length added by net/http), a large body (chunked), an explicit
// flush, a 304, a body without Content-Type (sniffed), a POST body, a
// chunked request, Connection: close, HEAD, and an error through c.Error.
func TestByteCounterMatchesTheWire(t *testing.T) {
	reg := prometheus.NewRegistry()
	b := New(reg)
	e := echo.New()
	e.Use(b.Middleware)
	big := bytes.Repeat([]byte("0123456789abcdef"), 700) // 11,200 B
	e.GET("/small", func(c echo.Context) error { return c.JSON(200, map[string]any{"ok": true, "n": 42}) })
	e.GET("/big/:id", func(c echo.Context) error {
		c.Response().Header().Set("Content-Encoding", "gzip")
		return c.Blob(200, "text/javascript", big)
	})
	e.GET("/pieces", func(c echo.Context) error {
		c.Response().Header().Set("Content-Type", "text/plain")
		c.Response().WriteHeader(200)
		for i := 0; i < 7; i++ {
			c.Response().Write(big[:900])
			if i == 3 {
				c.Response().Flush()
			}
		}
		return nil
	})
	e.GET("/same", func(c echo.Context) error {
		c.Response().Header().Set("ETag", `"x"`)
		return c.NoContent(http.StatusNotModified)
	})
	e.GET("/sniff", func(c echo.Context) error {
		c.Response().WriteHeader(200)
		_, err := c.Response().Write([]byte("<html>hi</html>"))
		return err
	})
	e.POST("/echo", func(c echo.Context) error {
		body, _ := io.ReadAll(c.Request().Body)
		return c.JSON(201, map[string]int{"len": len(body)})
	})
	e.GET("/fail", func(c echo.Context) error { return echo.NewHTTPError(http.StatusTeapot, "no") })
	srv := httptest.NewServer(e)
	defer srv.Close()

	type tc struct {
		name, method, path, route string
		body                      io.Reader
		close                     bool
		hdr                       map[string]string
	}
	cases := []tc{
		{name: "small JSON", method: "GET", path: "/small?x=1", route: "GET /small"},
		{name: "big chunked", method: "GET", path: "/big/7", route: "GET /big/:id", hdr: map[string]string{"Accept-Encoding": "gzip"}},
		{name: "flushed pieces", method: "GET", path: "/pieces", route: "GET /pieces"},
		{name: "304", method: "GET", path: "/same", route: "GET /same", hdr: map[string]string{"If-None-Match": `"x"`}},
		{name: "sniffed", method: "GET", path: "/sniff", route: "GET /sniff"},
		{name: "POST", method: "POST", path: "/echo", route: "POST /echo", body: strings.NewReader(`{"hello":"world"}`), hdr: map[string]string{"Content-Type": "application/json"}},
		{name: "chunked POST", method: "POST", path: "/echo", route: "POST /echo", body: io.MultiReader(strings.NewReader("abcdefgh"))}, // one chunk: the estimate (package doc)
		{name: "close", method: "GET", path: "/small", route: "GET /small", close: true},
		{name: "HEAD", method: "HEAD", path: "/big/1", route: "HEAD /big/:id"},
		{name: "error", method: "GET", path: "/fail", route: "GET /fail"},
	}
	e.HEAD("/big/:id", func(c echo.Context) error { return c.Blob(200, "text/javascript", nil) })
	for _, c := range cases {
		before := b.ByRoute()[c.route]
		req, _ := http.NewRequest(c.method, srv.URL+c.path, c.body)
		for k, v := range c.hdr {
			req.Header.Set(k, v)
		}
		sent, recv, status := exchange(t, req, c.close)
		after := b.ByRoute()[c.route]
		in, out := after.In-before.In, after.Out-before.Out
		if in != sent || out != recv || after.Requests != before.Requests+1 {
			t.Errorf("%s (%d): counted in %d out %d, the client sent %d and received %d", c.name, status, in, out, sent, recv)
		} else {
			t.Logf("%s (%d): in %d B, out %d B", c.name, status, in, out)
		}
	}
	// The same numbers are on the registry.
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	var got float64
	for _, mf := range mfs {
		if mf.GetName() != "hadir_http_response_bytes_total" {
			continue
		}
		for _, m := range mf.GetMetric() {
			l := map[string]string{}
			for _, lp := range m.GetLabel() {
				l[lp.GetName()] = lp.GetValue()
			}
			if l["method"] == "GET" && l["route"] == "/big/:id" {
				got = m.GetCounter().GetValue()
			}
		}
	}
	if want := float64(b.ByRoute()["GET /big/:id"].Out); got != want || got == 0 {
		t.Errorf("prometheus response bytes %v, accessor %v", got, want)
	}
}
