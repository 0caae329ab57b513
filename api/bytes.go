package api

import (
	"bufio"
	"errors"
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

// Wire bytes per route, counted by the server (constraints §2.6: counters
// in the page miss what the service worker fetches, and the page cannot
// see its own request headers).
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
type byteCounter struct {
	in, out *prometheus.CounterVec

	mu    sync.Mutex
	route map[string]RouteBytes
}

// RouteBytes is the traffic of one route pattern ("METHOD /path/:id").
type RouteBytes struct {
	Requests int64
	In       int64 // received: request line, headers, body
	Out      int64 // sent: status line, headers, body as written (gzip included)
}

// newByteCounter registers hadir_http_request_bytes_total and
// hadir_http_response_bytes_total on reg (nil: not registered). A second
// Handler() on the same registry reuses the collectors already there.
func newByteCounter(reg *prometheus.Registry) *byteCounter {
	b := &byteCounter{
		in: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "hadir_http_request_bytes_total", Help: "HTTP request bytes received (request line, headers, body) by method and route.",
		}, []string{"method", "route"}),
		out: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "hadir_http_response_bytes_total", Help: "HTTP response bytes sent after compression (status line, headers, body) by method and route.",
		}, []string{"method", "route"}),
		route: map[string]RouteBytes{},
	}
	if reg != nil {
		b.in = register(reg, b.in)
		b.out = register(reg, b.out)
	}
	return b
}

func register(reg *prometheus.Registry, c *prometheus.CounterVec) *prometheus.CounterVec {
	if err := reg.Register(c); err != nil {
		var are prometheus.AlreadyRegisteredError
		if errors.As(err, &are) {
			if old, ok := are.ExistingCollector.(*prometheus.CounterVec); ok {
				return old
			}
		}
	}
	return c
}

// byteCounters keeps each registry's counter for BytesByRoute.
var byteCounters sync.Map // *prometheus.Registry → *byteCounter

// countBytes is the outermost middleware: it sees the response exactly as
// it leaves the handler chain (gzip applied) and the route pattern.
func (s *Server) countBytes() echo.MiddlewareFunc {
	b := newByteCounter(s.Registry)
	if s.Registry != nil {
		v, _ := byteCounters.LoadOrStore(s.Registry, b)
		b = v.(*byteCounter)
	}
	return b.middleware
}

// BytesByRoute returns the bytes counted so far by the Handler built on
// this server's registry, keyed "METHOD /route/:pattern".
func (s *Server) BytesByRoute() map[string]RouteBytes {
	v, ok := byteCounters.Load(s.Registry)
	if !ok || s.Registry == nil {
		return nil
	}
	return v.(*byteCounter).snapshot()
}

func (b *byteCounter) snapshot() map[string]RouteBytes {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := make(map[string]RouteBytes, len(b.route))
	for k, v := range b.route {
		out[k] = v
	}
	return out
}

func (b *byteCounter) middleware(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req, res := c.Request(), c.Response()
		body := &countingBody{ReadCloser: req.Body}
		if req.Body != nil && req.Body != http.NoBody {
			req.Body = body
		}
		w := &countingWriter{ResponseWriter: res.Writer, req: req}
		res.Writer = w
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		res.Writer = w.ResponseWriter
		route := c.Path()
		if route == "" {
			route = "unmatched"
		}
		in, out := requestBytes(req, body.n), w.total()
		b.in.WithLabelValues(req.Method, route).Add(float64(in))
		b.out.WithLabelValues(req.Method, route).Add(float64(out))
		key := req.Method + " " + route
		b.mu.Lock()
		r := b.route[key]
		r.Requests++
		r.In += in
		r.Out += out
		b.route[key] = r
		b.mu.Unlock()
		return nil
	}
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
	code, h := w.status, w.header
	text := http.StatusText(code)
	if text == "" {
		text = "status code " + strconv.Itoa(code)
	}
	n := int64(len("HTTP/1.1 ") + 3 + 1 + len(text) + 2)
	skip := map[string]bool{}
	bodyAllowed := code != http.StatusNotModified && code != http.StatusNoContent && code >= 200
	head := w.req.Method == http.MethodHead
	if !bodyAllowed {
		skip["Content-Length"], skip["Transfer-Encoding"] = true, true
		if code == http.StatusNotModified {
			skip["Content-Type"] = true
		}
	}
	if _, ok := h["Date"]; !ok {
		n += int64(len("Date: Mon, 02 Jan 2006 15:04:05 GMT\r\n"))
	}
	_, hasCL := h["Content-Length"]
	te := h.Get("Transfer-Encoding")
	chunking := false
	switch {
	case head || !bodyAllowed:
		skip["Transfer-Encoding"] = true
	case hasCL:
		skip["Transfer-Encoding"] = true
	case !w.flushed && te == "":
		// the handler finished with the body still buffered: Content-Length
		n += int64(len("Content-Length: ") + len(strconv.FormatInt(w.body, 10)) + 2)
	default:
		if te != "identity" {
			chunking = true
			skip["Transfer-Encoding"] = true
			n += int64(len("Transfer-Encoding: chunked\r\n"))
		}
	}
	if _, ok := h["Content-Type"]; bodyAllowed && !ok && h.Get("Content-Encoding") == "" && te == "" && len(w.first) > 0 {
		n += int64(len("Content-Type: ") + len(http.DetectContentType(w.first)) + 2)
	}
	if w.req.Close && h.Get("Connection") == "" {
		n += int64(len("Connection: close\r\n"))
	}
	n += headerBytes(h, skip) + 2
	if head || !bodyAllowed {
		return n
	}
	n += w.body
	if chunking {
		chunks := w.chunks
		if w.buffered > 0 {
			chunks = append(chunks, w.buffered)
		}
		for _, c := range chunks {
			n += int64(len(strconv.FormatInt(int64(c), 16)) + 4)
		}
		n += 5 // 0\r\n\r\n
	}
	return n
}
