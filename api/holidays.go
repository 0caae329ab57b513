package api

import (
	"github.com/hadir-id/hadir/internal/apperr"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/rules"
)

// listHolidays lists the regency's holidays of ?year= (default this year).
func (s *Server) listHolidays(c echo.Context) error {
	ctx, p := c.Request().Context(), who(c)
	today, _ := s.Rules.Today(ctx, p)
	year := today.Year
	if v := c.QueryParam("year"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return apperr.InvalidField("year", "request.year_format")
		}
		year = n
	}
	items, err := s.Rules.Holidays(ctx, p, year)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list[rules.Holiday]{Items: items})
}

// holidayRequest adds a holiday.
type holidayRequest struct {
	Date civil.Date `json:"date"`
	Name string     `json:"name"`
	Kind string     `json:"kind"`
}

func (s *Server) createHoliday(c echo.Context) error {
	var req holidayRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	h := rules.Holiday{Date: req.Date, Name: req.Name, Kind: req.Kind}
	ch, err := s.Rules.CreateHoliday(c.Request().Context(), who(c), &h)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, created[rules.Holiday]{h, ch})
}

func (s *Server) deleteHoliday(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	ch, err := s.Rules.DeleteHoliday(c.Request().Context(), who(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, ch)
}

func (s *Server) importHolidays(c echo.Context) error {
	var req struct {
		Year int `json:"year"`
	}
	if err := bind(c, &req); err != nil {
		return err
	}
	n, err := s.Rules.ImportHolidays(c.Request().Context(), who(c), req.Year)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]int{"inserted": n})
}
