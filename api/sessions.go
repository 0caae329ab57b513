package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/hadir-id/hadir/internal/auth"
)

func (s *Server) registerAuthRoutes(g *echo.Group) {
	g.GET("/auth/link", s.redeemLink)
	g.POST("/auth/logout", s.perm(auth.PermSelf, s.logout))
	g.GET("/me", s.perm(auth.PermSelf, s.me))
	g.GET("/me/sessions", s.perm(auth.PermSelf, s.mySessions))
	g.DELETE("/me/sessions/:id", s.perm(auth.PermSelf, s.revokeSession))
}

// redeemLink signs a user in from a one-time link and sends them to the app.
// A used or expired link leads to the app with an explanation instead.
func (s *Server) redeemLink(c echo.Context) error {
	token, err := s.Auth.RedeemSignInLink(c.Request().Context(), c.QueryParam("token"), c.Request().UserAgent())
	if err != nil {
		return c.Redirect(http.StatusSeeOther, "/?masuk=gagal")
	}
	s.setSession(c, token)
	return c.Redirect(http.StatusSeeOther, "/")
}

func (s *Server) logout(c echo.Context) error {
	if err := s.Auth.SignOut(c.Request().Context(), who(c)); err != nil {
		return err
	}
	s.clearSession(c)
	return c.NoContent(http.StatusNoContent)
}

// meResponse is the signed-in user with what they may do.
type meResponse struct {
	UserID        int64             `json:"user_id"`
	Name          string            `json:"name"`
	RegencyID     int64             `json:"regency_id"`
	EmployeeID    *int64            `json:"employee_id"`
	Roles         []auth.Role       `json:"roles"`
	Permissions   []auth.Permission `json:"permissions"`
	AdminAgencies []int64           `json:"admin_agencies"`
}

func (s *Server) me(c echo.Context) error {
	p := who(c)
	admin := p.AdminAgencies
	if admin == nil {
		admin = []int64{}
	}
	return c.JSON(http.StatusOK, meResponse{UserID: p.UserID, Name: p.Name, RegencyID: p.RegencyID,
		EmployeeID: p.EmployeeID, Roles: p.Roles, Permissions: p.Permissions(), AdminAgencies: admin})
}

func (s *Server) mySessions(c echo.Context) error {
	items, err := s.Auth.Sessions(c.Request().Context(), who(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list[auth.Session]{Items: items})
}

func (s *Server) revokeSession(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if err := s.Auth.Revoke(c.Request().Context(), who(c), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
