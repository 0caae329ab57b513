package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/auth"
	"github.com/hadir-id/hadir/internal/config"
	"github.com/hadir-id/hadir/internal/org"
)

func (s *Server) registerRegencyRoutes(g *echo.Group) {
	g.GET("/regency", s.perm(auth.PermSelf, s.getRegency))
	g.PATCH("/regency", s.perm(auth.PermAgencyAdmin, s.updateRegency))
}

// regencyResponse adds the zone label (WIB/WITA/WIT) to a regency.
type regencyResponse struct {
	org.Regency
	Zone string `json:"zone"`
}

func (s *Server) getRegency(c echo.Context) error {
	r, err := s.Org.Regency(c.Request().Context(), who(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, regencyResponse{r, config.ZoneLabel(r.Timezone)})
}

// regencyPatch changes a regency; absent fields keep their value.
type regencyPatch struct {
	Name                      *string `json:"name"`
	Timezone                  *string `json:"timezone"`
	CoordinateRetentionMonths *int    `json:"coordinate_retention_months"`
}

func (s *Server) updateRegency(c echo.Context) error {
	var req regencyPatch
	if err := bind(c, &req); err != nil {
		return err
	}
	ctx, p := c.Request().Context(), who(c)
	r, err := s.Org.Regency(ctx, p)
	if err != nil {
		return err
	}
	if req.Name != nil {
		r.Name = *req.Name
	}
	if req.CoordinateRetentionMonths != nil {
		r.CoordinateRetentionMonths = *req.CoordinateRetentionMonths
		if r.CoordinateRetentionMonths == 0 {
			return apperr.InvalidField("coordinate_retention_months", "org.retention_range")
		}
	}
	if req.Timezone != nil {
		tz, err := config.CanonicalZone(*req.Timezone)
		if err != nil {
			return apperr.InvalidField("timezone", "org.timezone")
		}
		r.Timezone = tz
	}
	if err := s.Org.UpdateRegency(ctx, p, &r); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, regencyResponse{r, config.ZoneLabel(r.Timezone)})
}
