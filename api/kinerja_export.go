package api

import (
	"bytes"
	"fmt"
	"io"
	"mime"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/i18n"
	"github.com/hadir-id/hadir/internal/kinerja"
)

// realisationRows reads ?employee_id= or ?agency_id=, ?year= and ?period=
// and returns the rows in BKN's structure.
func (s *Server) realisationRows(c echo.Context) ([]kinerja.RealisationRow, string, error) {
	emp, err := queryInt(c, "employee_id")
	if err != nil {
		return nil, "", err
	}
	agency, err := queryInt(c, "agency_id")
	if err != nil {
		return nil, "", err
	}
	y, err := yearParam(c)
	if err != nil {
		return nil, "", err
	}
	n, err := queryInt(c, "period")
	if err != nil {
		return nil, "", err
	}
	ctx, p := c.Request().Context(), who(c)
	switch {
	case emp != 0 && agency == 0:
		rows, err := s.Kinerja.Realisation(ctx, p, emp, y, int(n))
		return rows, fmt.Sprintf("kinerja-%d-%d-%d", emp, y, n), err
	case agency != 0 && emp == 0:
		rows, err := s.Kinerja.AgencyRealisation(ctx, p, agency, y, int(n))
		return rows, fmt.Sprintf("kinerja-opd-%d-%d-%d", agency, y, n), err
	}
	return nil, "", apperr.InvalidField("employee_id", "kinerja.export_whom")
}

func (s *Server) realisation(c echo.Context) error {
	rows, _, err := s.realisationRows(c)
	return reply(c, http.StatusOK, items(rows), err)
}

// exportRealisation answers the rows as XLSX (?format=xlsx, the default)
// or CSV, headers in the caller's language.
func (s *Server) exportRealisation(c echo.Context) error {
	format := c.QueryParam("format")
	if format == "" {
		format = "xlsx"
	}
	if format != "xlsx" && format != "csv" {
		return apperr.InvalidField("format", "kinerja.one_of", "values", kinerja.ExportFormats)
	}
	rows, name, err := s.realisationRows(c)
	if err != nil {
		return err
	}
	lang := i18n.Lang(c.Request().Header.Get("Accept-Language"))
	heads := make([]string, len(kinerja.ExportColumns))
	for i, col := range kinerja.ExportColumns {
		heads[i] = i18n.T(lang, "kinerja.export."+col, nil)
	}
	var buf bytes.Buffer
	ctype := "text/csv; charset=utf-8"
	if format == "csv" {
		err = kinerja.WriteCSV(&buf, heads, rows)
	} else {
		ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		err = kinerja.WriteXLSX(&buf, i18n.T(lang, "kinerja.export.sheet", nil), heads, rows)
	}
	if err != nil {
		return err
	}
	c.Response().Header().Set("Content-Disposition", `attachment; filename="`+name+"."+format+`"`)
	return c.Blob(http.StatusOK, ctype, buf.Bytes())
}

// attachEvidence takes the file as the raw body, its type in Content-Type
// (the server's 256 KB request limit bounds it before the setting does).
func (s *Server) attachEvidence(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	data, err := io.ReadAll(c.Request().Body)
	if err != nil {
		return apperr.InvalidField("evidence", "kinerja.evidence_too_large", "max", 250)
	}
	ctype, _, _ := mime.ParseMediaType(c.Request().Header.Get(echo.HeaderContentType))
	out, err := s.Kinerja.AttachEvidence(c.Request().Context(), who(c), id, ctype, data)
	return reply(c, http.StatusOK, out, err)
}

func (s *Server) entryEvidence(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	ctype, data, err := s.Kinerja.EvidenceOf(c.Request().Context(), who(c), id)
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set("Cache-Control", "private, max-age=86400")
	h.Set("X-Content-Type-Options", "nosniff")
	if ctype != "application/pdf" { // a sandboxed page cannot show Chromium's PDF viewer
		h.Set("Content-Security-Policy", "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox")
	}
	return c.Blob(http.StatusOK, ctype, data)
}
