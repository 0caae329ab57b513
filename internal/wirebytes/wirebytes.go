// Package wirebytes counts the bytes each HTTP exchange costs on the wire,
// per route, as Echo middleware (constraints §2.6: counters in the page
// miss what the service worker fetches, and the page cannot see its own
// request headers). The counts are exported on a Prometheus registry
// (hadir_http_request_bytes_total, hadir_http_response_bytes_total) and
// read by tests and benchmarks through [Counter.ByRoute].
//
// Method. The counts are the HTTP/1.1 wire form of each exchange, as Go's
// net/http writes it and as a client sends it:
//
//   - request: the request line (method, request URI, protocol), "Host",
//     every header in r.Header as "Key: value\r\n", the blank line, and the
//     body: Content-Length when the client sent one, else the bytes the
//     handler read plus the chunk framing estimated as one chunk. Headers
//     the server's parser dropped (Transfer-Encoding) are added back.
//     It is a reconstruction, exact for the usual browser and Go clients
//     (one header per line, "Key: value"), not a socket count.
//   - response: the status line, the header as it stood when the status
//     was written, the headers net/http adds after the handler (Date,
//     Content-Length for short bodies, a sniffed Content-Type,
//     Transfer-Encoding: chunked) and the body as written by the handler,
//     that is after compression, with the chunk framing net/http uses
//     (its 2,048-byte buffer is replayed to know the chunk sizes).
//
// TLS records and HTTP/2 framing (HPACK makes repeated headers smaller)
// are not counted: behind a TLS proxy the figures are the HTTP/1.1
// payload, an upper bound for HTTP/2.
package wirebytes

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
)

// Counter counts wire bytes per route. Build one per server with New and
// install Middleware outermost, so that it sees the response exactly as it
// leaves the handler chain (gzip applied) and the route pattern.
type Counter struct {
	in, out *prometheus.CounterVec

	mu    sync.Mutex
	route map[string]Route
}

// Route is the traffic of one route pattern ("METHOD /path/:id").
type Route struct {
	Requests int64
	In       int64 // received: request line, headers, body
	Out      int64 // sent: status line, headers, body as written (gzip included)
}

// New returns a Counter whose counters are registered on reg (nil: not
// exported). It panics if reg already holds them, like MustRegister.
func New(reg prometheus.Registerer) *Counter {
	c := &Counter{
		in: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "hadir_http_request_bytes_total", Help: "HTTP request bytes received (request line, headers, body) by method and route.",
		}, []string{"method", "route"}),
		out: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "hadir_http_response_bytes_total", Help: "HTTP response bytes sent after compression (status line, headers, body) by method and route.",
		}, []string{"method", "route"}),
		route: map[string]Route{},
	}
	if reg != nil {
		reg.MustRegister(c.in, c.out)
	}
	return c
}

// ByRoute returns the bytes counted so far, keyed "METHOD /route/:pattern".
func (c *Counter) ByRoute() map[string]Route {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make(map[string]Route, len(c.route))
	for k, v := range c.route {
		out[k] = v
	}
	return out
}

// Middleware counts each exchange under its route pattern ("unmatched"
// when no route matched). Errors from the chain are handed to c.Error
// first, so the error response is counted too.
func (c *Counter) Middleware(next echo.HandlerFunc) echo.HandlerFunc {
	return func(ec echo.Context) error {
		req, res := ec.Request(), ec.Response()
		body := &countingBody{ReadCloser: req.Body}
		if req.Body != nil && req.Body != http.NoBody {
			req.Body = body
		}
		w := &countingWriter{ResponseWriter: res.Writer, req: req}
		res.Writer = w
		if err := next(ec); err != nil {
			ec.Error(err)
		}
		res.Writer = w.ResponseWriter
		route := ec.Path()
		if route == "" {
			route = "unmatched"
		}
		c.add(req.Method, route, requestBytes(req, body.n), w.total())
		return nil
	}
}

func (c *Counter) add(method, route string, in, out int64) {
	c.in.WithLabelValues(method, route).Add(float64(in))
	c.out.WithLabelValues(method, route).Add(float64(out))
	key := method + " " + route
	c.mu.Lock()
	r := c.route[key]
	r.Requests++
	r.In += in
	r.Out += out
	c.route[key] = r
	c.mu.Unlock()
}

type countingBody struct {
	io.ReadCloser
	n int64
}

func (b *countingBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.n += int64(n)
	return n, err
}

func (b *countingBody) Close() error { return b.ReadCloser.Close() }

// requestBytes reconstructs the request as it came over the wire.
func requestBytes(r *http.Request, read int64) int64 {
	n := int64(len(r.Method) + 1 + len(r.RequestURI) + 1 + len(r.Proto) + 2)
	n += int64(len("Host: ") + len(r.Host) + 2)
	n += headerBytes(r.Header, nil)
	chunked := len(r.TransferEncoding) > 0 && r.TransferEncoding[0] == "chunked"
	if chunked && r.Header.Get("Transfer-Encoding") == "" {
		n += int64(len("Transfer-Encoding: chunked\r\n"))
	}
	n += 2
	switch {
	case chunked:
		if read > 0 {
			n += int64(len(strconv.FormatInt(read, 16))+4) + read
		}
		n += 5 // 0\r\n\r\n
	case r.ContentLength > 0:
		n += r.ContentLength
	default:
		n += read
	}
	return n
}

// headerBytes is the size of h written as "Key: value\r\n" lines.
func headerBytes(h http.Header, skip map[string]bool) int64 {
	var n int64
	for k, vs := range h {
		if skip[k] {
			continue
		}
		for _, v := range vs {
			n += int64(len(k) + 2 + len(strings.TrimSpace(v)) + 2)
		}
	}
	return n
}

// bufferBeforeChunking is net/http's response buffer: a body that fits
// and is written before the handler returns gets a Content-Length.
const bufferBeforeChunking = 2048

// countingWriter counts what the handler writes and replays net/http's
// framing decisions (see the method above).
type countingWriter struct {
	http.ResponseWriter
	req *http.Request

	status   int
	header   http.Header
	body     int64
	first    []byte // first bytes, for Content-Type sniffing
	buffered int    // bytes in net/http's 2,048-byte buffer
	chunks   []int  // chunk sizes flushed before the handler returned
	flushed  bool   // the header left before the handler returned
	hijacked bool
}

func (w *countingWriter) WriteHeader(code int) {
	if w.status == 0 && code >= 200 {
		w.status = code
		w.header = w.ResponseWriter.Header().Clone()
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *countingWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	n, err := w.ResponseWriter.Write(p)
	if len(w.first) < 512 {
		w.first = append(w.first, p[:min(n, 512-len(w.first))]...)
	}
	w.body += int64(n)
	// bufio.Writer.Write, as net/http's response buffer does it.
	rest := n
	for rest > bufferBeforeChunking-w.buffered {
		if w.buffered == 0 {
			w.emit(rest)
			rest = 0
			break
		}
		k := bufferBeforeChunking - w.buffered
		w.buffered += k
		rest -= k
		w.emit(w.buffered)
		w.buffered = 0
	}
	w.buffered += rest
	return n, err
}

func (w *countingWriter) emit(n int) {
	w.flushed = true
	w.chunks = append(w.chunks, n)
}

func (w *countingWriter) Flush() {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	if w.buffered > 0 {
		w.emit(w.buffered)
		w.buffered = 0
	}
	w.flushed = true
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (w *countingWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	h, ok := w.ResponseWriter.(http.Hijacker)
	if !ok {
		return nil, nil, fmt.Errorf("hijack not supported")
	}
	w.hijacked = true
	return h.Hijack()
}

func (w *countingWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// total is the response's size on the wire, once the handler returned.
func (w *countingWriter) total() int64 {
	if w.hijacked {
		return 0
	}
	if w.status == 0 { // nothing written: net/http sends 200 and the header
		w.status = http.StatusOK
		w.header = w.ResponseWriter.Header().Clone()
	}
	code := w.status
	text := http.StatusText(code)
	if text == "" {
		text = "status code " + strconv.Itoa(code)
	}
	n := int64(len("HTTP/1.1 ") + 3 + 1 + len(text) + 2)
	bodyAllowed := code != http.StatusNotModified && code != http.StatusNoContent && code >= 200
	noBody := w.req.Method == http.MethodHead || !bodyAllowed
	added, skip, chunking := w.addedHeaders(bodyAllowed, noBody)
	n += added + headerBytes(w.header, skip) + 2
	if noBody {
		return n
	}
	n += w.body
	if chunking {
		n += w.chunkFraming()
	}
	return n
}

// addedHeaders returns the size of the header lines net/http adds after
// the handler (Date, Content-Length or Transfer-Encoding, a sniffed
// Content-Type, Connection: close), the handler's header lines it leaves
// out, and whether the body goes chunked.
func (w *countingWriter) addedHeaders(bodyAllowed, noBody bool) (n int64, skip map[string]bool, chunking bool) {
	h := w.header
	skip = map[string]bool{}
	if !bodyAllowed {
		skip["Content-Length"], skip["Transfer-Encoding"] = true, true
		if w.status == http.StatusNotModified {
			skip["Content-Type"] = true
		}
	}
	if _, ok := h["Date"]; !ok {
		n += int64(len("Date: Mon, 02 Jan 2006 15:04:05 GMT\r\n"))
	}
	_, hasCL := h["Content-Length"]
	te := h.Get("Transfer-Encoding")
	switch {
	case noBody || hasCL:
		skip["Transfer-Encoding"] = true
	case !w.flushed && te == "":
		// the handler finished with the body still buffered: Content-Length
		n += int64(len("Content-Length: ") + len(strconv.FormatInt(w.body, 10)) + 2)
	case te != "identity":
		chunking = true
		skip["Transfer-Encoding"] = true
		n += int64(len("Transfer-Encoding: chunked\r\n"))
	}
	if _, ok := h["Content-Type"]; bodyAllowed && !ok && h.Get("Content-Encoding") == "" && te == "" && len(w.first) > 0 {
		n += int64(len("Content-Type: ") + len(http.DetectContentType(w.first)) + 2)
	}
	if w.req.Close && h.Get("Connection") == "" {
		n += int64(len("Connection: close\r\n"))
	}
	return n, skip, chunking
}

// chunkFraming is the size of the chunk headers and trailer around the body.
func (w *countingWriter) chunkFraming() int64 {
	chunks := w.chunks
	if w.buffered > 0 {
		chunks = append(chunks, w.buffered)
	}
	var n int64
	for _, c := range chunks {
		n += int64(len(strconv.FormatInt(int64(c), 16)) + 4)
	}
	return n + 5 // 0\r\n\r\n
}
