package api

import (
	"encoding/json"
	"github.com/hadir-id/hadir/internal/apperr"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/hadir-id/hadir/internal/auth"
	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/i18n"
	"github.com/hadir-id/hadir/internal/rules"
	"github.com/hadir-id/hadir/internal/timesheet"
)

func (s *Server) registerAttendanceRoutes(g *echo.Group) {
	g.GET("/me/today", s.perm(auth.PermSelf, s.myToday))
	g.GET("/employees/:id/days", s.perm(auth.PermSelf, s.employeeMonth))
	g.GET("/employees/:id/days/:date", s.perm(auth.PermSelf, s.employeeDay))
	g.GET("/employees/:id/days/:date/case", s.perm(auth.PermRulesRead, s.employeeDayCase))
	g.GET("/employees/:id/roster", s.perm(auth.PermSelf, s.getRoster))
	g.PUT("/employees/:id/roster", s.perm(auth.PermSelf, s.putRoster))
	g.GET("/employees/:id/absences", s.perm(auth.PermSelf, s.listAbsences))
	g.POST("/absences", s.perm(auth.PermSelf, s.requestAbsence))
	g.POST("/absences/:id/approve", s.perm(auth.PermSelf, s.approveAbsence))
	g.POST("/absences/:id/reject", s.perm(auth.PermSelf, s.rejectAbsence))
	g.GET("/agencies/:id/recap", s.perm(auth.PermOrgRead, s.agencyRecap))
}

// lang picks the language of explanations: ?lang=, else Accept-Language.
func lang(c echo.Context) string {
	if l := c.QueryParam("lang"); l != "" {
		return i18n.Lang(l)
	}
	return i18n.Lang(c.Request().Header.Get("Accept-Language"))
}

func monthParam(c echo.Context) (timesheet.Month, error) {
	m, ok := timesheet.ParseMonth(c.QueryParam("month"))
	if !ok {
		return m, apperr.InvalidField("month", "request.month_format")
	}
	return m, nil
}

func dateParam(c echo.Context, name string) (civil.Date, error) {
	d, err := civil.Parse(c.Param(name))
	if err != nil {
		return d, apperr.InvalidField(name, "request.date_format")
	}
	return d, nil
}

// employeeMonth is an employee's month of days with explanations and the
// recap: ?month=YYYY-MM.
func (s *Server) employeeMonth(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	m, err := monthParam(c)
	if err != nil {
		return err
	}
	v, err := s.Timesheet.EmployeeMonth(c.Request().Context(), who(c), id, m, lang(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, v)
}

func (s *Server) employeeDay(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	d, err := dateParam(c, "date")
	if err != nil {
		return err
	}
	v, err := s.Timesheet.Day(c.Request().Context(), who(c), id, d, lang(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, v)
}

// employeeDayCase returns the engine input behind a day, ready for
// `hadir evaluate` or POST /rules/evaluate.
func (s *Server) employeeDayCase(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	d, err := dateParam(c, "date")
	if err != nil {
		return err
	}
	cases, err := s.Timesheet.DayCase(c.Request().Context(), who(c), id, d)
	if err != nil {
		return err
	}
	out := make([]json.RawMessage, len(cases))
	for i, b := range cases {
		out[i] = b
	}
	return c.JSON(http.StatusOK, list[json.RawMessage]{Items: out})
}

func dateRange(c echo.Context) (from, to civil.Date, err error) {
	if from, err = civil.Parse(c.QueryParam("from")); err != nil {
		return from, to, apperr.InvalidField("from", "request.date_format")
	}
	if to, err = civil.Parse(c.QueryParam("to")); err != nil || to.Before(from) {
		return from, to, apperr.InvalidField("to", "request.to_format")
	}
	return from, to, nil
}

func (s *Server) getRoster(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	from, to, err := dateRange(c)
	if err != nil {
		return err
	}
	items, err := s.Rules.Roster(c.Request().Context(), who(c), id, from, to)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list[rules.RosterEntry]{Items: items})
}

// rosterRequest sets shifts or days off for dates.
type rosterRequest struct {
	Entries []struct {
		Date  civil.Date `json:"date"`
		Start *string    `json:"start"`
		End   *string    `json:"end"`
		Off   bool       `json:"off"`
	} `json:"entries"`
}

func (s *Server) putRoster(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var req rosterRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	entries := make([]rules.RosterEntry, len(req.Entries))
	for i, e := range req.Entries {
		entries[i] = rules.RosterEntry{Date: e.Date, StartTime: e.Start, EndTime: e.End, Off: e.Off}
	}
	if err := s.Rules.PutRoster(c.Request().Context(), who(c), id, entries); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) listAbsences(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	from, to, err := dateRange(c)
	if err != nil {
		return err
	}
	items, err := s.Rules.Absences(c.Request().Context(), who(c), id, from, to)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list[rules.Absence]{Items: items})
}

func (s *Server) requestAbsence(c echo.Context) error {
	var req rules.AbsenceRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	a, err := s.Rules.RequestAbsence(c.Request().Context(), who(c), req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, a)
}

func (s *Server) approveAbsence(c echo.Context) error { return s.decideAbsence(c, true) }
func (s *Server) rejectAbsence(c echo.Context) error  { return s.decideAbsence(c, false) }

func (s *Server) decideAbsence(c echo.Context, approve bool) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	a, err := s.Rules.DecideAbsence(c.Request().Context(), who(c), id, approve)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, a)
}

// agencyRecap is the month of an agency: ?month=YYYY-MM.
func (s *Server) agencyRecap(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	m, err := monthParam(c)
	if err != nil {
		return err
	}
	r, err := s.Timesheet.AgencyMonth(c.Request().Context(), who(c), id, m)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, r)
}

// myToday is the caller's day so far: today's shift (or why there is none)
// for the check-in screen.
func (s *Server) myToday(c echo.Context) error {
	v, ok, err := s.Timesheet.Today(c.Request().Context(), who(c), lang(c))
	if err != nil {
		return err
	}
	if !ok {
		return c.JSON(http.StatusOK, map[string]any{"scheduled": false, "explanation": []string{}})
	}
	return c.JSON(http.StatusOK, v)
}
