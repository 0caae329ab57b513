package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/hadir-id/hadir/internal/setup"
)

func (s *Server) registerSetupRoutes(g *echo.Group) {
	g.POST("/setup", s.completeSetup)
}

// completeSetup creates the regency and its first BKD administrator from the
// one-time setup link, and signs them in.
func (s *Server) completeSetup(c echo.Context) error {
	var req setup.Request
	if err := bind(c, &req); err != nil {
		return err
	}
	token, err := s.Setup.Complete(c.Request().Context(), req, c.Request().UserAgent())
	if err != nil {
		return err
	}
	s.setSession(c, token)
	return c.JSON(http.StatusCreated, map[string]string{"status": "ok"})
}
