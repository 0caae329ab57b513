package api

import (
	"encoding/json"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/rules"
)

// weeklyView adds the weekly pattern as JSON to a schedule or a period.
type scheduleView struct {
	rules.Schedule
	Weekly json.RawMessage `json:"weekly"`
}

type periodView struct {
	rules.Period
	Weekly json.RawMessage `json:"weekly"`
}

func (s *Server) listSchedules(c echo.Context) error {
	items, err := s.Rules.Schedules(c.Request().Context(), who(c))
	if err != nil {
		return err
	}
	out := make([]scheduleView, len(items))
	for i, sc := range items {
		out[i] = scheduleView{sc, json.RawMessage(sc.Weekly)}
	}
	return c.JSON(http.StatusOK, list[scheduleView]{Items: out})
}

// scheduleRequest creates a weekly pattern at the level its ids name.
type scheduleRequest struct {
	AgencyID   *int64          `json:"agency_id"`
	UnitID     *int64          `json:"unit_id"`
	EmployeeID *int64          `json:"employee_id"`
	Name       string          `json:"name"`
	ValidFrom  civil.Date      `json:"valid_from"`
	Weekly     json.RawMessage `json:"weekly"`
}

func (s *Server) createSchedule(c echo.Context) error {
	var req scheduleRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	sc := rules.Schedule{AgencyID: req.AgencyID, UnitID: req.UnitID, EmployeeID: req.EmployeeID, Name: req.Name,
		ValidFrom: req.ValidFrom, Weekly: string(req.Weekly)}
	ch, err := s.Rules.CreateSchedule(c.Request().Context(), who(c), &sc)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, created[scheduleView]{scheduleView{sc, req.Weekly}, ch})
}

func (s *Server) deleteSchedule(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if err := s.Rules.DeleteSchedule(c.Request().Context(), who(c), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) listPeriods(c echo.Context) error {
	items, err := s.Rules.Periods(c.Request().Context(), who(c))
	if err != nil {
		return err
	}
	out := make([]periodView, len(items))
	for i, p := range items {
		out[i] = periodView{p, json.RawMessage(p.Weekly)}
	}
	return c.JSON(http.StatusOK, list[periodView]{Items: out})
}

// periodRequest creates a date-ranged pattern.
type periodRequest struct {
	AgencyID *int64          `json:"agency_id"`
	Name     string          `json:"name"`
	From     civil.Date      `json:"from"`
	To       civil.Date      `json:"to"`
	Weekly   json.RawMessage `json:"weekly"`
}

func (s *Server) createPeriod(c echo.Context) error {
	var req periodRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	p := rules.Period{AgencyID: req.AgencyID, Name: req.Name, DateFrom: req.From, DateTo: req.To, Weekly: string(req.Weekly)}
	ch, err := s.Rules.CreatePeriod(c.Request().Context(), who(c), &p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, created[periodView]{periodView{p, req.Weekly}, ch})
}

func (s *Server) deletePeriod(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if err := s.Rules.DeletePeriod(c.Request().Context(), who(c), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
