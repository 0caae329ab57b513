package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/hadir-id/hadir/internal/auth"
	"github.com/hadir-id/hadir/internal/org"
)

func (s *Server) registerSiteRoutes(g *echo.Group) {
	g.GET("/agencies/:id/sites", s.perm(auth.PermOrgRead, s.listSites))
	g.POST("/agencies/:id/sites", s.perm(auth.PermOrgWrite, s.createSite))
	g.GET("/sites/:id", s.perm(auth.PermOrgRead, s.getSite))
	g.PATCH("/sites/:id", s.perm(auth.PermOrgWrite, s.updateSite))
}

func (s *Server) listSites(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	items, err := s.Org.Sites(c.Request().Context(), who(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list[org.Site]{Items: items})
}

// siteRequest creates a site: a circle, optionally refined by a polygon.
type siteRequest struct {
	Name    string      `json:"name"`
	Lat     float64     `json:"lat"`
	Lon     float64     `json:"lon"`
	RadiusM float64     `json:"radius_m"`
	Polygon org.Polygon `json:"polygon"`
}

func (s *Server) createSite(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var req siteRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	site := org.Site{AgencyID: id, Name: req.Name, Lat: req.Lat, Lon: req.Lon, RadiusM: req.RadiusM, Polygon: req.Polygon}
	if err := s.Org.CreateSite(c.Request().Context(), who(c), &site); err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, site)
}

func (s *Server) getSite(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	site, err := s.Org.Site(c.Request().Context(), who(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, site)
}

// sitePatch changes a site; absent fields keep their value.
type sitePatch struct {
	Name    *string      `json:"name"`
	Lat     *float64     `json:"lat"`
	Lon     *float64     `json:"lon"`
	RadiusM *float64     `json:"radius_m"`
	Polygon *org.Polygon `json:"polygon"`
	Active  *bool        `json:"active"`
}

func (s *Server) updateSite(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var req sitePatch
	if err := bind(c, &req); err != nil {
		return err
	}
	ctx, p := c.Request().Context(), who(c)
	site, err := s.Org.Site(ctx, p, id)
	if err != nil {
		return err
	}
	setIf(&site.Name, req.Name)
	setIf(&site.Lat, req.Lat)
	setIf(&site.Lon, req.Lon)
	setIf(&site.RadiusM, req.RadiusM)
	setIf(&site.Polygon, req.Polygon)
	setIf(&site.Active, req.Active)
	if err := s.Org.UpdateSite(ctx, p, &site); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, site)
}
