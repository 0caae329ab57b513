package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/auth"
	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/push"
)

func (s *Server) registerPushAdminRoutes(g *echo.Group) {
	g.GET("/push/plan", s.perm(auth.PermOrgRead, s.pushPlan))
	g.GET("/push/pauses", s.perm(auth.PermOrgRead, s.listPushPauses))
	g.POST("/push/pauses", s.perm(auth.PermRulesWrite, s.addPushPause))
	g.DELETE("/push/pauses/:id", s.perm(auth.PermRulesWrite, s.deletePushPause))
	g.PUT("/agencies/:id/push-settings", s.perm(auth.PermRulesWrite, s.setPushSettings))
}

// queryDate reads a required YYYY-MM-DD query parameter.
func queryDate(c echo.Context, name string) (civil.Date, error) {
	d, err := civil.Parse(c.QueryParam(name))
	if err != nil {
		return d, apperr.InvalidField(name, "push.date_invalid")
	}
	return d, nil
}

// pushPlan is the planned send curve of a date, per minute (?date=,
// optional ?agency_id=).
func (s *Server) pushPlan(c echo.Context) error {
	d, err := queryDate(c, "date")
	if err != nil {
		return err
	}
	agency, err := queryInt(c, "agency_id")
	if err != nil {
		return err
	}
	curve, err := s.PushAdmin.Plan(c.Request().Context(), who(c), d, agency)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, curve)
}

func (s *Server) listPushPauses(c echo.Context) error {
	from, err := queryDate(c, "from")
	if err != nil {
		return err
	}
	to, err := queryDate(c, "to")
	if err != nil {
		return err
	}
	ps, err := s.PushAdmin.Pauses(c.Request().Context(), who(c), from, to)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"items": ps})
}

func (s *Server) addPushPause(c echo.Context) error {
	var req push.PauseRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	p, err := s.PushAdmin.AddPause(c.Request().Context(), who(c), req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, p)
}

func (s *Server) deletePushPause(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if err := s.PushAdmin.DeletePause(c.Request().Context(), who(c), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// pushSettings is an agency's reminder lead.
type pushSettings struct {
	BeforeStartMin int `json:"before_start_min"`
}

func (s *Server) setPushSettings(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var req pushSettings
	if err := bind(c, &req); err != nil {
		return err
	}
	if err := s.PushAdmin.SetLead(c.Request().Context(), who(c), id, req.BeforeStartMin); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]int64{"agency_id": id, "before_start_min": int64(req.BeforeStartMin)})
}
