package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/hadir-id/hadir/internal/apperr"
)

// healthz answers while the process is up.
func (s *Server) healthz(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
}

// readyz answers 200 only while the database is reachable.
func (s *Server) readyz(c echo.Context) error {
	if err := s.Ready.Ping(c.Request().Context()); err != nil {
		s.Log.Warn("not ready", "err", err)
		return apperr.New(apperr.Unavailable, "health.database_unreachable")
	}
	return c.JSON(http.StatusOK, map[string]string{"status": "ready"})
}
