package api

import (
	"crypto/subtle"
	"net"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/hadir-id/hadir/internal/apperr"
)

// contentSecurityPolicy allows only this origin's own files: the app has no
// inline script or style, no CDN and no third-party map tiles, so anything
// else a page tries to load is an injection. Nobody may frame it
// (clickjacking a check-in or an approval).
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; " +
	"connect-src 'self'; worker-src 'self'; manifest-src 'self'; font-src 'self'; object-src 'none'; " +
	"base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// securityHeaders sets on every answer, errors included, that its type is
// not to be sniffed; on everything outside the JSON API (the app's pages
// and files) also the policy a browser needs to refuse framing and foreign
// resources, and HSTS when the public origin is https. JSON answers are
// never rendered or framed, so they do not carry the ~600 bytes of page
// policy: a check-in makes two API calls on a phone's data plan.
func (s *Server) securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	hsts := strings.HasPrefix(s.BaseURL, "https://")
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("X-Content-Type-Options", "nosniff")
		if strings.HasPrefix(c.Request().URL.Path, "/api/") {
			return next(c)
		}
		h.Set("X-Frame-Options", "DENY")
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Permissions-Policy", "geolocation=(self), camera=(), microphone=(), payment=()")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if hsts {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		return next(c)
	}
}

// clientIP picks how the client address (the rate limiter's key, the
// logs') is read: the TCP peer, unless the peer is one of the configured
// reverse proxies, whose X-Forwarded-For is then believed. Trusting the
// header from any private address would let a client rotate it.
func clientIP(proxies []*net.IPNet) echo.IPExtractor {
	if len(proxies) == 0 {
		return echo.ExtractIPDirect()
	}
	opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, p := range proxies {
		opts = append(opts, echo.TrustIPRange(p))
	}
	return echo.ExtractIPFromXFFHeader(opts...)
}

// metricsAuth lets through only requests bearing the metrics token.
func (s *Server) metricsAuth(next echo.HandlerFunc) echo.HandlerFunc {
	want := []byte("Bearer " + s.MetricsToken)
	return func(c echo.Context) error {
		got := []byte(c.Request().Header.Get(echo.HeaderAuthorization))
		if subtle.ConstantTimeCompare(got, want) != 1 {
			return apperr.New(apperr.NotFound, "request.no_route")
		}
		return next(c)
	}
}

// MetricsHandler serves the registry's metrics for a separate listener
// (--metrics-addr), which should be reachable only by the monitoring.
func MetricsHandler(reg *prometheus.Registry) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	return mux
}
