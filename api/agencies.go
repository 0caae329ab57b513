package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/hadir-id/hadir/internal/auth"
	"github.com/hadir-id/hadir/internal/org"
)

func (s *Server) registerAgencyRoutes(g *echo.Group) {
	g.GET("/agencies", s.perm(auth.PermOrgRead, s.listAgencies))
	g.POST("/agencies", s.perm(auth.PermAgencyAdmin, s.createAgency))
	g.GET("/agencies/:id", s.perm(auth.PermOrgRead, s.getAgency))
	g.PATCH("/agencies/:id", s.perm(auth.PermOrgWrite, s.updateAgency))
	g.GET("/agencies/:id/units", s.perm(auth.PermOrgRead, s.listUnits))
	g.POST("/agencies/:id/units", s.perm(auth.PermOrgWrite, s.createUnit))
	g.GET("/agencies/:id/positions", s.perm(auth.PermOrgRead, s.listPositions))
	g.POST("/agencies/:id/positions", s.perm(auth.PermOrgWrite, s.createPosition))
}

func (s *Server) listAgencies(c echo.Context) error {
	items, err := s.Org.Agencies(c.Request().Context(), who(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list[org.Agency]{Items: items})
}

// agencyRequest creates an agency.
type agencyRequest struct {
	ParentID  *int64 `json:"parent_id"`
	Code      string `json:"code"`
	Name      string `json:"name"`
	Kind      string `json:"kind"`
	ShiftWork bool   `json:"shift_work"`
}

func (s *Server) createAgency(c echo.Context) error {
	var req agencyRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	a := org.Agency{ParentID: req.ParentID, Code: req.Code, Name: req.Name, Kind: req.Kind, ShiftWork: req.ShiftWork}
	if err := s.Org.CreateAgency(c.Request().Context(), who(c), &a); err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, a)
}

func (s *Server) getAgency(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	a, err := s.Org.Agency(c.Request().Context(), who(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, a)
}

// agencyPatch changes an agency; absent fields keep their value.
type agencyPatch struct {
	ParentID    *int64  `json:"parent_id"`
	ClearParent bool    `json:"clear_parent"`
	Code        *string `json:"code"`
	Name        *string `json:"name"`
	Kind        *string `json:"kind"`
	ShiftWork   *bool   `json:"shift_work"`
	Active      *bool   `json:"active"`
}

func (p agencyPatch) apply(a *org.Agency) {
	if p.ParentID != nil {
		a.ParentID = p.ParentID
	}
	if p.ClearParent {
		a.ParentID = nil
	}
	setIf(&a.Code, p.Code)
	setIf(&a.Name, p.Name)
	setIf(&a.Kind, p.Kind)
	setIf(&a.ShiftWork, p.ShiftWork)
	setIf(&a.Active, p.Active)
}

func setIf[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

func (s *Server) updateAgency(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var req agencyPatch
	if err := bind(c, &req); err != nil {
		return err
	}
	ctx, p := c.Request().Context(), who(c)
	a, err := s.Org.Agency(ctx, p, id)
	if err != nil {
		return err
	}
	req.apply(&a)
	if err := s.Org.UpdateAgency(ctx, p, &a); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, a)
}

func (s *Server) listUnits(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	items, err := s.Org.Units(c.Request().Context(), who(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list[org.Unit]{Items: items})
}

// nameRequest creates a unit.
type nameRequest struct {
	Name string `json:"name"`
}

func (s *Server) createUnit(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var req nameRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	u := org.Unit{AgencyID: id, Name: req.Name}
	if err := s.Org.CreateUnit(c.Request().Context(), who(c), &u); err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, u)
}

func (s *Server) listPositions(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	items, err := s.Org.Positions(c.Request().Context(), who(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list[org.Position]{Items: items})
}

// positionRequest creates a position.
type positionRequest struct {
	Name        string `json:"name"`
	Kind        string `json:"kind"`
	Supervisory bool   `json:"supervisory"`
}

func (s *Server) createPosition(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var req positionRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	pos := org.Position{AgencyID: id, Name: req.Name, Kind: req.Kind, Supervisory: req.Supervisory}
	if err := s.Org.CreatePosition(c.Request().Context(), who(c), &pos); err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, pos)
}
