package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/hadir-id/hadir/internal/audit"
	"github.com/hadir-id/hadir/internal/auth"
	"github.com/hadir-id/hadir/internal/page"
)

func (s *Server) registerAuditRoutes(g *echo.Group) {
	g.GET("/audit", s.perm(auth.PermAuditRead, s.listAudit))
}

// listAudit shows the audit trail of the caller's scope, newest first;
// ?before=ID pages back.
func (s *Server) listAudit(c echo.Context) error {
	var f audit.Filter
	var err error
	if f.BeforeID, err = queryInt(c, "before"); err != nil {
		return err
	}
	if f.EntityID, err = queryInt(c, "entity_id"); err != nil {
		return err
	}
	f.Entity = c.QueryParam("entity")
	items, err := s.Audit.List(c.Request().Context(), who(c), f)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list[audit.Entry]{Items: items, Next: page.Next(items, f.Limit, entryID)})
}

func entryID(e audit.Entry) int64 { return e.ID }
