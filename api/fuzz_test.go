package api

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/checkin"
	"github.com/hadir-id/hadir/internal/device"
	"github.com/hadir-id/hadir/internal/rules"
)

// FuzzBind feeds the real binder every kind of body a client could send, into
// the request types of the check-in, enrolment, sign-in and leave routes:
// it never panics, and it either decodes or answers Invalid with a
// catalogue key (never decoder text). Run:
// go test -fuzz=FuzzBind ./api/
func FuzzBind(f *testing.F) {
	for _, s := range []string{
		`{"type":"in","device_key_id":"k","challenge":"c","assertion":{},"device_sig":"AAAA","idempotency_key":"0190a5e8-0000-7000-8000-000000000000"}`,
		`{"code":"ABCD-EFGH-JKLM","credential":{"id":"x"},"device_key":"BA","device_sig":"AA"}`,
		`{"employee_id":1,"from":"2026-12-01","to":"2026-12-02","code":"CT","note":"cuti"}`,
		`{"note":"a\u0000b"}`, "{\"x\":\"\xff\"}", `[1]`, `null`, `{"employee_id":"1"}`, `{"from":"not a date"}`,
		`{"device_key":"!!!"}`, `{"a":1}{"b":2}`, strings.Repeat("[", 1000),
	} {
		f.Add([]byte(s))
	}
	targets := []func() any{
		func() any { return &checkin.Request{} },
		func() any { return &device.EnrolFinish{} },
		func() any { return &device.LoginFinish{} },
		func() any { return &rules.AbsenceRequest{} },
		func() any { return &regencyPatch{} },
	}
	e := echo.New()
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, target := range targets {
			req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(string(body)))
			req.Header.Set("Content-Type", "application/json")
			c := e.NewContext(req, httptest.NewRecorder())
			err := bind(c, target())
			if err == nil {
				continue
			}
			ae := apperr.As(err)
			if ae.Code != apperr.Invalid || ae.Key == "" && ae.Message == "" {
				t.Fatalf("bind(%q): %v, want an invalid error with a message", body, err)
			}
			if strings.Contains(ae.Message, "json:") || strings.Contains(ae.Message, "Go value") {
				t.Fatalf("bind(%q) leaks decoder text: %q", body, ae.Message)
			}
		}
	})
}
