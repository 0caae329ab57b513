package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/hadir-id/hadir/internal/cli/clitest"
	"github.com/hadir-id/hadir/internal/push/pushtest"
	"github.com/hadir-id/hadir/internal/store/storetest"
)

// The operations whose success answer TestOpenAPIResponses may not see
// (called or not), each with the reason; every other operation must answer
// 2xx (or 3xx) at least once. Keep it empty: a new operation gets a step in
// the scenario (openapi_steps_test.go).
var notExercised = map[string]string{}

// The contract's file bodies (evidence, exports) are read as strings so
// their schema ({type: string, format: binary}) is checked like any other.
func init() {
	for _, ct := range []string{"image/jpeg", "image/png", "image/webp", "application/pdf",
		"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"} {
		openapi3filter.RegisterBodyDecoder(ct, openapi3filter.FileBodyDecoder)
	}
}

// TestOpenAPIResponses runs the whole program (`hadir --demo` through
// cli.Run, on SQLite and on PostgreSQL) and validates every answer of a broad scenario —
// anonymous, employee, supervisor, agency admin and BKD, with a software
// phone that enrols and checks in — against openapi.yaml: the status must be
// documented for the operation, and the body must match its schema, with
// every response object closed (no field the schema does not list), its
// required fields present, and formats (date, date-time) checked. Requests
// the server accepted must match their request schema too.
func TestOpenAPIResponses(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the whole program")
	}
	storetest.Each(t, func(t *testing.T, dialect string) {
		db := func(name string) string {
			if dialect == "postgres" {
				return storetest.FreshPostgres(t)
			}
			return "sqlite:" + filepath.Join(t.TempDir(), name)
		}
		fake := pushtest.New() // a local push service: the test notification is really sent
		defer fake.Close()
		p := clitest.StartArgs(t, db("demo.db"), "127.0.0.1:0", "--push-allow", fake.URL+"/")
		empty := clitest.StartEmpty(t, db("empty.db"))
		ct := newContract(t, p.Base, empty.Base)
		s := &scenario{t: t, p: p, ct: ct, fake: fake}
		s.run()
		s.firstRun(empty)
		ct.report(t)
	})
}

// contract validates the answers that pass through its transport.
type contract struct {
	t      *testing.T
	doc    *openapi3.T
	router routers.Router
	mu     sync.Mutex
	seen   map[string]map[int]bool // operationId → statuses answered
}

func newContract(t *testing.T, bases ...string) *contract {
	doc := loadSpec(t)
	for _, s := range doc.Components.Schemas {
		closeObjects(s.Value, map[*openapi3.Schema]bool{})
	}
	doc.Servers = nil
	for _, b := range bases {
		doc.Servers = append(doc.Servers, &openapi3.Server{URL: b})
	}
	r, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	return &contract{t: t, doc: doc, router: r, seen: map[string]map[int]bool{}}
}

// closeObjects forbids undocumented fields in every object schema that lists
// its properties and says nothing about others (free-form objects such as
// the policy body say additionalProperties: true and stay open).
func closeObjects(s *openapi3.Schema, done map[*openapi3.Schema]bool) {
	if s == nil || done[s] {
		return
	}
	done[s] = true
	if len(s.Properties) > 0 && s.AdditionalProperties.Has == nil && s.AdditionalProperties.Schema == nil {
		no := false
		s.AdditionalProperties.Has = &no
	}
	for _, p := range s.Properties {
		closeObjects(p.Value, done)
	}
	if s.Items != nil {
		closeObjects(s.Items.Value, done)
	}
	for _, list := range []openapi3.SchemaRefs{s.AllOf, s.OneOf, s.AnyOf} {
		for _, r := range list {
			closeObjects(r.Value, done)
		}
	}
	if s.AdditionalProperties.Schema != nil {
		closeObjects(s.AdditionalProperties.Schema.Value, done)
	}
}

// client is a browser or an installed app: its own cookies, every answer
// validated.
func (ct *contract) client() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, Timeout: 30 * time.Second, Transport: ct}
}

// RoundTrip sends the request and validates the answer against the spec.
func (ct *contract) RoundTrip(req *http.Request) (*http.Response, error) {
	var reqBody []byte
	if req.Body != nil {
		reqBody, _ = io.ReadAll(req.Body)
		req.Body = io.NopCloser(bytes.NewReader(reqBody))
	}
	res, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	resBody, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		return nil, err
	}
	res.Body = io.NopCloser(bytes.NewReader(resBody))
	ct.check(req, reqBody, res, resBody)
	return res, nil
}

func (ct *contract) check(req *http.Request, reqBody []byte, res *http.Response, resBody []byte) {
	what := fmt.Sprintf("%s %s → %d", req.Method, req.URL.RequestURI(), res.StatusCode)
	route, params, err := ct.router.FindRoute(req)
	if err != nil {
		if strings.HasPrefix(req.URL.Path, "/api/") {
			ct.t.Errorf("%s: no operation in openapi.yaml: %v", what, err)
		}
		return // the app shell and its assets are not part of the API
	}
	op := route.Operation.OperationID
	if res.StatusCode == http.StatusInternalServerError {
		ct.t.Errorf("%s (%s): a 500 is documented for outages, never an answer to a request: %s", what, op, resBody)
	}
	ct.mu.Lock()
	if ct.seen[op] == nil {
		ct.seen[op] = map[int]bool{}
	}
	ct.seen[op][res.StatusCode] = true
	ct.mu.Unlock()
	in := &openapi3filter.RequestValidationInput{
		Request: req.Clone(context.Background()), PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, MultiError: true,
			SchemaValidationOptions: []openapi3.SchemaValidationOption{openapi3.EnableFormatValidation()}},
	}
	in.Request.Body = io.NopCloser(bytes.NewReader(reqBody))
	if res.StatusCode < 300 {
		if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
			ct.t.Errorf("%s (%s): the server accepted a request its schema refuses: %v", what, op, err)
		}
	}
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in, Status: res.StatusCode, Header: res.Header,
		Body: io.NopCloser(bytes.NewReader(resBody)),
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true,
			SchemaValidationOptions: []openapi3.SchemaValidationOption{openapi3.EnableFormatValidation()}},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		ct.t.Errorf("%s (%s): the answer breaks openapi.yaml: %v\nbody: %.600s", what, op, err, resBody)
	}
}

// report fails on operations that no step called, or whose success answer
// no step saw (unless notExercised says why), and logs the statuses each
// operation was seen answering.
func (ct *contract) report(t *testing.T) {
	var never, failing, lines []string
	for _, item := range ct.doc.Paths.Map() {
		for _, op := range item.Operations() {
			id, ok := op.OperationID, false
			var st []int
			for s := range ct.seen[id] {
				st = append(st, s)
				ok = ok || s < 400
			}
			sort.Ints(st)
			lines = append(lines, fmt.Sprintf("%-28s %v", id, st))
			switch {
			case ok && notExercised[id] != "":
				t.Errorf("%s answers success now: remove it from notExercised", id)
			case notExercised[id] != "":
				t.Logf("not exercised: %s (%s)", id, notExercised[id])
			case len(st) == 0:
				never = append(never, id)
			case !ok:
				failing = append(failing, id)
			}
		}
	}
	sort.Strings(lines)
	t.Logf("statuses validated per operation:\n%s", strings.Join(lines, "\n"))
	if len(never) > 0 {
		sort.Strings(never)
		t.Errorf("operations no step called (add a step, or say why in notExercised): %v", never)
	}
	if len(failing) > 0 {
		sort.Strings(failing)
		t.Errorf("operations whose success answer no step saw (add a step, or say why in notExercised): %v", failing)
	}
}

// do sends a JSON request and fails the test unless the status is want; it
// returns the decoded answer (nil without a body). want 0 takes any status
// (the contract still validates it).
func do(t *testing.T, c *http.Client, method, url string, body any, want int) map[string]any {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(res.Body).Decode(&out)
	if want != 0 && res.StatusCode != want {
		t.Fatalf("%s %s: %d %v, want %d", method, url, res.StatusCode, out, want)
	}
	return out
}
