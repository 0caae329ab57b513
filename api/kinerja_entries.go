package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/kinerja"
)

func (s *Server) myEntries(c echo.Context) error {
	from, to, err := rangeParams(c)
	if err != nil {
		return err
	}
	out, err := s.Kinerja.Mine(c.Request().Context(), who(c), from, to)
	return reply(c, http.StatusOK, items(out), err)
}

func (s *Server) logEntry(c echo.Context) error {
	var in kinerja.EntryInput
	if err := bind(c, &in); err != nil {
		return err
	}
	out, err := s.Kinerja.Log(c.Request().Context(), who(c), in)
	return reply(c, http.StatusCreated, out, err)
}

func (s *Server) updateEntry(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in kinerja.EntryInput
	if err := bind(c, &in); err != nil {
		return err
	}
	out, err := s.Kinerja.Update(c.Request().Context(), who(c), id, in)
	return reply(c, http.StatusOK, out, err)
}

func (s *Server) deleteEntry(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if err := s.Kinerja.Delete(c.Request().Context(), who(c), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// dayRange is a day or a week of entries.
type dayRange struct {
	From civil.Date `json:"from"`
	To   civil.Date `json:"to"`
}

// counted answers how many entries an action touched.
type counted struct {
	Count int `json:"count"`
}

func (s *Server) submitEntries(c echo.Context) error {
	var in dayRange
	if err := bind(c, &in); err != nil {
		return err
	}
	n, err := s.Kinerja.Submit(c.Request().Context(), who(c), in.From, in.To)
	return reply(c, http.StatusOK, counted{n}, err)
}

// repeatBody names the day to fill from the last logged day.
type repeatBody struct {
	Date civil.Date `json:"date"`
}

// Validate requires the date.
func (r *repeatBody) Validate() error {
	if r.Date.IsZero() {
		return apperr.InvalidField("date", "kinerja.required")
	}
	return nil
}

func (s *Server) repeatDay(c echo.Context) error {
	var in repeatBody
	if err := bind(c, &in); err != nil {
		return err
	}
	out, err := s.Kinerja.Repeat(c.Request().Context(), who(c), in.Date)
	return reply(c, http.StatusCreated, items(out), err)
}

func (s *Server) frequent(c echo.Context) error {
	out, err := s.Kinerja.Frequent(c.Request().Context(), who(c))
	return reply(c, http.StatusOK, items(out), err)
}

func (s *Server) myProgress(c echo.Context) error {
	out, err := s.Kinerja.MyMonth(c.Request().Context(), who(c), c.QueryParam("month"))
	return reply(c, http.StatusOK, out, err)
}

func (s *Server) pendingEntries(c echo.Context) error {
	from, to, err := rangeParams(c)
	if err != nil {
		return err
	}
	out, err := s.Kinerja.Pending(c.Request().Context(), who(c), from, to)
	return reply(c, http.StatusOK, items(out), err)
}

// decisionBody approves or returns entries.
type decisionBody struct {
	IDs     []int64 `json:"ids"`
	Approve *bool   `json:"approve"`
	Comment string  `json:"comment"`
}

// Validate requires the choice: a forgotten "approve" must not return the
// entries.
func (d *decisionBody) Validate() error {
	if d.Approve == nil {
		return apperr.InvalidField("approve", "kinerja.required")
	}
	return nil
}

func (s *Server) decideEntries(c echo.Context) error {
	var in decisionBody
	if err := bind(c, &in); err != nil {
		return err
	}
	n, err := s.Kinerja.Decide(c.Request().Context(), who(c), kinerja.Decision{IDs: in.IDs, Approve: *in.Approve, Comment: in.Comment})
	return reply(c, http.StatusOK, counted{n}, err)
}

func (s *Server) teamProgress(c echo.Context) error {
	out, err := s.Kinerja.TeamMonth(c.Request().Context(), who(c), c.QueryParam("month"))
	return reply(c, http.StatusOK, items(out), err)
}

func (s *Server) teamSKPs(c echo.Context) error {
	y, err := yearParam(c)
	if err != nil {
		return err
	}
	out, err := s.Kinerja.TeamSKPs(c.Request().Context(), who(c), y)
	return reply(c, http.StatusOK, items(out), err)
}

// teamYear is the team's evaluations and the distribution warnings.
type teamYear struct {
	Items    []kinerja.YearView `json:"items"`
	Warnings []kinerja.Warning  `json:"warnings"`
}

func (s *Server) teamEvaluations(c echo.Context) error {
	y, err := yearParam(c)
	if err != nil {
		return err
	}
	views, warns, err := s.Kinerja.TeamYear(c.Request().Context(), who(c), y, c.QueryParam("org_predikat"))
	if warns == nil {
		warns = []kinerja.Warning{}
	}
	return reply(c, http.StatusOK, teamYear{views, warns}, err)
}

func (s *Server) evaluateKinerja(c echo.Context) error {
	var in kinerja.EvaluationInput
	if err := bind(c, &in); err != nil {
		return err
	}
	out, err := s.Kinerja.Evaluate(c.Request().Context(), who(c), in)
	return reply(c, http.StatusCreated, out, err)
}

func (s *Server) adoption(c echo.Context) error {
	id, err := queryInt(c, "agency_id")
	if err != nil {
		return err
	}
	out, err := s.Kinerja.AdoptionOf(c.Request().Context(), who(c), id)
	return reply(c, http.StatusOK, items(out), err)
}

func (s *Server) myDelegations(c echo.Context) error {
	out, err := s.Kinerja.MyDelegations(c.Request().Context(), who(c))
	return reply(c, http.StatusOK, items(out), err)
}

func (s *Server) delegate(c echo.Context) error {
	var in kinerja.Delegation
	if err := bind(c, &in); err != nil {
		return err
	}
	err := s.Kinerja.Delegate(c.Request().Context(), who(c), &in)
	return reply(c, http.StatusCreated, in, err)
}
