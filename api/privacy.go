package api

import (
	"encoding/json"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/hadir-id/hadir/internal/auth"
)

func (s *Server) registerPrivacyRoutes(g *echo.Group) {
	g.GET("/me/data", s.perm(auth.PermSelf, s.myData))
}

// myData is the employee's own copy of everything Hadir holds about them
// (UU PDP 27/2022), as a JSON file to download.
func (s *Server) myData(c echo.Context) error {
	d, err := s.Privacy.Mine(c.Request().Context(), who(c))
	if err != nil {
		return err
	}
	b, err := json.MarshalIndent(d, "", " ")
	if err != nil {
		return err
	}
	c.Response().Header().Set("Content-Disposition", `attachment; filename="hadir-data-saya.json"`)
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, b)
}
