package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/audit"
	"github.com/hadir-id/hadir/internal/auth"
	"github.com/hadir-id/hadir/internal/store"
)

func (s *Server) registerAuditRoutes(g *echo.Group) {
	g.GET("/audit", s.perm(auth.PermAuditRead, s.listAudit))
}

// listAudit shows the audit trail of the caller's scope, newest first;
// ?before=ID pages back.
func (s *Server) listAudit(c echo.Context) error {
	p := who(c)
	before, err := queryInt(c, "before")
	if err != nil {
		return err
	}
	f := store.AuditFilter{RegencyID: p.RegencyID, BeforeID: before, Entity: c.QueryParam("entity")}
	if f.EntityID, err = queryInt(c, "entity_id"); err != nil {
		return err
	}
	ids, all := p.AgencyScope()
	if !all {
		if len(ids) == 0 {
			return apperr.E(apperr.Forbidden, "Anda tidak berwenang melihat jejak audit")
		}
		f.AgencyIDs = ids
	}
	items, err := s.Audit.AuditLog(c.Request().Context(), f)
	if err != nil {
		return err
	}
	out := list[audit.Entry]{Items: items}
	if n := len(items); n > 0 && n == 100 {
		next := items[n-1].ID
		out.Next = &next
	}
	return c.JSON(http.StatusOK, out)
}
