package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/hadir-id/hadir/internal/auth"
)

func (s *Server) registerRoleRoutes(g *echo.Group) {
	g.GET("/roles", s.perm(auth.PermOrgRead, s.listGrants))
	g.POST("/roles", s.perm(auth.PermRolesManage, s.addGrant))
	g.DELETE("/roles/:id", s.perm(auth.PermRolesManage, s.revokeGrant))
}

func (s *Server) listGrants(c echo.Context) error {
	items, err := s.Grants.List(c.Request().Context(), who(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list[auth.Grant]{Items: items})
}

func (s *Server) addGrant(c echo.Context) error {
	var req auth.GrantRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	g, err := s.Grants.Add(c.Request().Context(), who(c), req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, g)
}

func (s *Server) revokeGrant(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if err := s.Grants.Revoke(c.Request().Context(), who(c), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
