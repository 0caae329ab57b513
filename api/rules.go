package api

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/attendance"
	"github.com/hadir-id/hadir/internal/auth"
	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/rules"
)

func (s *Server) registerRuleRoutes(g *echo.Group) {
	g.GET("/policies", s.perm(auth.PermRulesRead, s.listPolicies))
	g.POST("/policies", s.perm(auth.PermRulesWrite, s.createPolicy))
	g.GET("/policies/:id", s.perm(auth.PermRulesRead, s.getPolicy))
	g.DELETE("/policies/:id", s.perm(auth.PermRulesWrite, s.deletePolicy))
	g.GET("/schedules", s.perm(auth.PermRulesRead, s.listSchedules))
	g.POST("/schedules", s.perm(auth.PermRulesWrite, s.createSchedule))
	g.DELETE("/schedules/:id", s.perm(auth.PermRulesWrite, s.deleteSchedule))
	g.GET("/schedule-periods", s.perm(auth.PermRulesRead, s.listPeriods))
	g.POST("/schedule-periods", s.perm(auth.PermRulesWrite, s.createPeriod))
	g.DELETE("/schedule-periods/:id", s.perm(auth.PermRulesWrite, s.deletePeriod))
	g.GET("/holidays", s.perm(auth.PermSelf, s.listHolidays))
	g.POST("/holidays", s.perm(auth.PermRulesWrite, s.createHoliday))
	g.DELETE("/holidays/:id", s.perm(auth.PermRulesWrite, s.deleteHoliday))
	g.POST("/holidays/import", s.perm(auth.PermRulesWrite, s.importHolidays))
	g.POST("/rules/evaluate", s.perm(auth.PermRulesTry, s.evaluate))
	g.POST("/rules/recalculate", s.perm(auth.PermRulesWrite, s.recalculate))
	g.GET("/rules/recalculations/:id", s.perm(auth.PermRulesRead, s.getRecalculation))
}

// policyView shows a policy version with its body as JSON.
type policyView struct {
	rules.Policy
	Body json.RawMessage `json:"policy"`
}

func viewPolicy(p rules.Policy) policyView { return policyView{p, json.RawMessage(p.Body)} }

func (s *Server) listPolicies(c echo.Context) error {
	items, err := s.Rules.Policies(c.Request().Context(), who(c))
	if err != nil {
		return err
	}
	out := make([]policyView, len(items))
	for i, p := range items {
		out[i] = viewPolicy(p)
	}
	return c.JSON(http.StatusOK, list[policyView]{Items: out})
}

func (s *Server) getPolicy(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	p, err := s.Rules.Policy(c.Request().Context(), who(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, viewPolicy(p))
}

// policyRequest creates a policy version; policy is the engine's policy
// object (docs/RULES.md).
type policyRequest struct {
	AgencyID  *int64          `json:"agency_id"`
	Name      string          `json:"name"`
	ValidFrom civil.Date      `json:"valid_from"`
	Policy    json.RawMessage `json:"policy"`
}

// created answers 201 with the new version and, when it reaches into the
// past, the date from which an explicit recalculation would apply it.
type created[T any] struct {
	Item T `json:"item"`
	rules.Change
}

func (s *Server) createPolicy(c echo.Context) error {
	var req policyRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	p := rules.Policy{AgencyID: req.AgencyID, Name: req.Name, ValidFrom: req.ValidFrom, Body: string(req.Policy)}
	ch, err := s.Rules.CreatePolicy(c.Request().Context(), who(c), &p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, created[policyView]{viewPolicy(p), ch})
}

func (s *Server) deletePolicy(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if err := s.Rules.DeletePolicy(c.Request().Context(), who(c), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// evaluate runs the rules engine on a case (BKD trying a rule change on
// real data): the same code path as `hadir evaluate`.
func (s *Server) evaluate(c echo.Context) error {
	body, err := io.ReadAll(c.Request().Body)
	if err != nil {
		return jsonError(err)
	}
	out, err := attendance.EvaluateJSON(body)
	if err != nil {
		if fe, ok := attendance.AsFieldError(err); ok {
			// The engine's own words are its contract (docs/RULES.md, in
			// English); the sentence around them is in the caller's language.
			return apperr.InvalidField(fe.Path, "rules.case_invalid", "detail", fe.Msg)
		}
		return err
	}
	return c.JSONBlob(http.StatusOK, out)
}

// recalculateRequest asks for the explicit, audited recalculation of past
// days under the rules now in force.
type recalculateRequest struct {
	AgencyID *int64     `json:"agency_id"`
	From     civil.Date `json:"from"`
	To       civil.Date `json:"to"`
}

func (s *Server) recalculate(c echo.Context) error {
	var req recalculateRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	id, err := s.Rules.Recalculate(c.Request().Context(), who(c), req.AgencyID, req.From, req.To)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusAccepted, map[string]any{"job_id": id, "status_url": "/api/v1/rules/recalculations/" + strconv.FormatInt(id, 10)})
}

func (s *Server) getRecalculation(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	j, err := s.Timesheet.RecalculationJob(c.Request().Context(), who(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, j)
}
