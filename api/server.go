// Package api is Hadir's HTTP transport: Echo routes, one file per resource,
// the single error mapping, and the OpenAPI description (openapi.yaml).
// Handlers are thin: decode and validate the request, call a domain service,
// encode the answer.
package api

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"log/slog"
	"net"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/hadir-id/hadir/internal/audit"
	"github.com/hadir-id/hadir/internal/auth"
	"github.com/hadir-id/hadir/internal/checkin"
	"github.com/hadir-id/hadir/internal/device"
	"github.com/hadir-id/hadir/internal/kinerja"
	"github.com/hadir-id/hadir/internal/org"
	"github.com/hadir-id/hadir/internal/privacy"
	"github.com/hadir-id/hadir/internal/push"
	"github.com/hadir-id/hadir/internal/rules"
	"github.com/hadir-id/hadir/internal/setup"
	"github.com/hadir-id/hadir/internal/timesheet"
	"github.com/hadir-id/hadir/internal/wirebytes"
)

// Readiness checks that the database answers.
type Readiness interface {
	Ping(ctx context.Context) error
}

// Server holds the dependencies of every handler. Build it in one place
// (internal/cli) and call Handler.
type Server struct {
	Log       *slog.Logger
	BaseURL   string
	Now       func() time.Time
	Org       *org.Service
	Auth      *auth.Service
	Grants    *auth.GrantService
	Setup     *setup.Service
	Rules     *rules.Service
	Timesheet *timesheet.Reader
	Devices   *device.Service
	Checkins  *checkin.Service
	Reviews   *checkin.Reviews
	Locations *checkin.Locations
	Kinerja   *kinerja.Service
	Audit     *audit.Trail
	Privacy   *privacy.Exporter
	Ready     Readiness
	Push      *push.Service
	PushAdmin *push.Admin
	Registry  *prometheus.Registry
	Shell     ShellFS
	// Proxies are the reverse proxies whose X-Forwarded-For is believed;
	// none: the client is the TCP peer.
	Proxies []*net.IPNet
	// MetricsToken, when set, serves /metrics on this server to requests
	// bearing it; when empty /metrics is not served here (see
	// MetricsHandler for a separate listener).
	MetricsToken string
	// Wire, when set, counts each route's bytes on the wire (outermost
	// middleware); build it with wirebytes.New(Registry) to export them.
	Wire *wirebytes.Counter
}

// Handler builds the Echo instance with middleware and every route.
func (s *Server) Handler() *echo.Echo {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = s.errorHandler
	e.IPExtractor = clientIP(s.Proxies)
	m := newMetrics(s.Registry)
	if s.Wire != nil {
		e.Use(s.Wire.Middleware)
	}
	e.Use(s.securityHeaders)
	e.Use(middleware.RequestIDWithConfig(middleware.RequestIDConfig{Generator: requestID})) // 12 chars: on every answer, so short
	e.Use(s.logRequests)
	e.Use(m.middleware)
	e.Use(middleware.RecoverWithConfig(middleware.RecoverConfig{LogErrorFunc: s.logPanic}))
	e.Use(middleware.BodyLimit("256K"))
	e.Use(s.sameOrigin)
	e.Use(refuseControlQuery)
	s.routes(e, m)
	return e
}

func (s *Server) routes(e *echo.Echo, m *metrics) {
	e.GET("/healthz", s.healthz)
	e.GET("/readyz", s.readyz)
	if s.MetricsToken != "" {
		e.GET("/metrics", m.handler(), s.metricsAuth)
	} else { // served on --metrics-addr or not at all; never the app's page
		e.GET("/metrics", func(echo.Context) error { return echo.ErrNotFound })
	}
	v1 := e.Group("/api/v1")
	s.registerSetupRoutes(v1)
	s.registerAuthRoutes(v1)
	s.registerRegencyRoutes(v1)
	s.registerAgencyRoutes(v1)
	s.registerSiteRoutes(v1)
	s.registerEmployeeRoutes(v1)
	s.registerRoleRoutes(v1)
	s.registerAuditRoutes(v1)
	s.registerRuleRoutes(v1)
	s.registerAttendanceRoutes(v1)
	s.registerDeviceRoutes(v1)
	s.registerCheckinRoutes(v1)
	s.registerPushRoutes(v1)
	s.registerPushAdminRoutes(v1)
	s.registerPrivacyRoutes(v1)
	s.registerKinerjaRoutes(v1)
	v1.Any("/*", func(echo.Context) error { return echo.ErrNotFound })
	s.registerShellRoutes(e)
}

func (s *Server) logRequests(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		req, res := c.Request(), c.Response()
		level := slog.LevelInfo
		if res.Status >= 500 {
			level = slog.LevelError
		}
		s.Log.LogAttrs(req.Context(), level, "request",
			slog.String("request_id", res.Header().Get(echo.HeaderXRequestID)),
			slog.String("method", req.Method), slog.String("route", c.Path()),
			slog.Int("status", res.Status), slog.Int64("bytes", res.Size),
			slog.Duration("duration", time.Since(start)), slog.String("ip", c.RealIP()))
		return nil
	}
}

func (s *Server) logPanic(c echo.Context, err error, stack []byte) error {
	s.Log.Error("panic", slog.String("request_id", c.Response().Header().Get(echo.HeaderXRequestID)),
		slog.Any("err", err), slog.String("stack", string(stack)))
	return err
}

// requestID is a short random id (72 bits) for logs and error bodies.
func requestID() string {
	b := make([]byte, 9)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
