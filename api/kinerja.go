package api

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/auth"
	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/kinerja"
)

// registerKinerjaRoutes serves e-kinerja (docs/KINERJA.md). Every route
// needs a session; the service decides scope (one's own SKP and entries;
// decisions by the direct supervisor or their Plt/Plh).
func (s *Server) registerKinerjaRoutes(g *echo.Group) {
	k, self := g.Group("/kinerja"), func(h echo.HandlerFunc) echo.HandlerFunc { return s.perm(auth.PermSelf, h) }
	k.GET("/settings", self(s.kinerjaSettings))
	k.PUT("/settings", self(s.saveKinerjaSettings))
	k.GET("/activities", self(s.searchActivities))
	k.POST("/activities", self(s.createActivity))
	k.GET("/skp/:year", self(s.mySKP))
	k.PUT("/skp/:year", self(s.saveSKP))
	k.POST("/skp/:year/copy", self(s.copySKP))
	k.POST("/skp/:year/submit", self(s.submitSKP))
	k.POST("/skps/:id/decision", self(s.decideSKP))
	k.GET("/entries", self(s.myEntries))
	k.POST("/entries", self(s.logEntry))
	k.PUT("/entries/:id", self(s.updateEntry))
	k.DELETE("/entries/:id", self(s.deleteEntry))
	k.PUT("/entries/:id/evidence", self(s.attachEvidence))
	k.GET("/entries/:id/evidence", self(s.entryEvidence))
	k.POST("/entries/submit", self(s.submitEntries))
	k.POST("/entries/repeat", self(s.repeatDay))
	k.GET("/frequent", self(s.frequent))
	k.GET("/progress", self(s.myProgress))
	k.GET("/approvals", self(s.pendingEntries))
	k.POST("/approvals", self(s.decideEntries))
	k.GET("/team/progress", self(s.teamProgress))
	k.GET("/team/skps", self(s.teamSKPs))
	k.GET("/team/evaluations", self(s.teamEvaluations))
	k.POST("/evaluations", self(s.evaluateKinerja))
	k.GET("/adoption", self(s.adoption))
	k.GET("/realisation", self(s.realisation))
	k.GET("/export", self(s.exportRealisation))
	g.GET("/delegations", self(s.myDelegations))
	g.POST("/delegations", self(s.delegate))
}

func yearParam(c echo.Context) (int, error) {
	y, err := queryOrPathInt(c, "year")
	if err != nil || y < 2020 || y > 2100 {
		return 0, apperr.InvalidField("year", "kinerja.range", "min", 2020, "max", 2100)
	}
	return int(y), nil
}

func queryOrPathInt(c echo.Context, name string) (int64, error) {
	if v := c.Param(name); v != "" {
		c.QueryParams().Set(name, v)
	}
	return queryInt(c, name)
}

// rangeParams reads ?from=&to= (dates).
func rangeParams(c echo.Context) (civil.Date, civil.Date, error) {
	from, err := civil.Parse(c.QueryParam("from"))
	if err != nil {
		return from, from, apperr.InvalidField("from", "kinerja.bad_date")
	}
	to, err := civil.Parse(c.QueryParam("to"))
	if err != nil {
		return from, to, apperr.InvalidField("to", "kinerja.bad_date")
	}
	return from, to, nil
}

func (s *Server) kinerjaSettings(c echo.Context) error {
	out, err := s.Kinerja.Settings(c.Request().Context(), who(c))
	return reply(c, http.StatusOK, out, err)
}

// settingsPut is the whole of the e-kinerja settings: PUT replaces them
// all, so a field left out is refused rather than saved as zero.
type settingsPut struct {
	MinutesPerDay *int       `json:"minutes_per_day"`
	DailyCap      *int       `json:"daily_cap"`
	LateDays      *int       `json:"late_days"`
	AbsenceMode   *string    `json:"absence_mode"`
	Period        *string    `json:"period"`
	MaxEvidenceKB *int       `json:"max_evidence_kb"`
	UpdatedAt     *time.Time `json:"updated_at"` // read-only: what a client read back, ignored
}

// Validate names the first field left out.
func (r *settingsPut) Validate() error {
	for _, f := range []struct {
		name    string
		missing bool
	}{{"minutes_per_day", r.MinutesPerDay == nil}, {"daily_cap", r.DailyCap == nil}, {"late_days", r.LateDays == nil},
		{"absence_mode", r.AbsenceMode == nil}, {"period", r.Period == nil}, {"max_evidence_kb", r.MaxEvidenceKB == nil}} {
		if f.missing {
			return apperr.InvalidField(f.name, "kinerja.required")
		}
	}
	return nil
}

func (s *Server) saveKinerjaSettings(c echo.Context) error {
	var in settingsPut
	if err := bind(c, &in); err != nil {
		return err
	}
	st := kinerja.Settings{MinutesPerDay: *in.MinutesPerDay, DailyCap: *in.DailyCap, LateDays: *in.LateDays,
		AbsenceMode: *in.AbsenceMode, Period: *in.Period, MaxEvidenceKB: *in.MaxEvidenceKB}
	out, err := s.Kinerja.SaveSettings(c.Request().Context(), who(c), st)
	return reply(c, http.StatusOK, out, err)
}

func (s *Server) searchActivities(c echo.Context) error {
	n, err := queryInt(c, "limit")
	if err != nil {
		return err
	}
	if n == 0 {
		n = 50
	}
	out, err := s.Kinerja.Catalogue(c.Request().Context(), who(c), c.QueryParam("q"), int(n))
	return reply(c, http.StatusOK, items(out), err)
}

func (s *Server) createActivity(c echo.Context) error {
	var in kinerja.Activity
	if err := bind(c, &in); err != nil {
		return err
	}
	err := s.Kinerja.AddActivity(c.Request().Context(), who(c), &in)
	return reply(c, http.StatusCreated, in, err)
}

func (s *Server) mySKP(c echo.Context) error {
	y, err := yearParam(c)
	if err != nil {
		return err
	}
	out, err := s.Kinerja.MySKP(c.Request().Context(), who(c), y)
	return reply(c, http.StatusOK, out, err)
}

// skpBody is the RHK list of an SKP as the employee saves it.
type skpBody struct {
	RHKs []kinerja.RHK `json:"rhks"`
}

// Validate requires the list (empty saves a draft without RHK; absent or
// null is a client's mistake, not "delete them all").
func (b *skpBody) Validate() error {
	if b.RHKs == nil {
		return apperr.InvalidField("rhks", "kinerja.required")
	}
	return nil
}

func (s *Server) saveSKP(c echo.Context) error {
	y, err := yearParam(c)
	if err != nil {
		return err
	}
	var in skpBody
	if err := bind(c, &in); err != nil {
		return err
	}
	out, err := s.Kinerja.SaveSKP(c.Request().Context(), who(c), y, in.RHKs)
	return reply(c, http.StatusOK, out, err)
}

func (s *Server) copySKP(c echo.Context) error {
	y, err := yearParam(c)
	if err != nil {
		return err
	}
	out, err := s.Kinerja.CopyLastYear(c.Request().Context(), who(c), y)
	return reply(c, http.StatusOK, out, err)
}

func (s *Server) submitSKP(c echo.Context) error {
	y, err := yearParam(c)
	if err != nil {
		return err
	}
	out, err := s.Kinerja.SubmitSKP(c.Request().Context(), who(c), y)
	return reply(c, http.StatusOK, out, err)
}

// skpDecision agrees to or returns an SKP.
type skpDecision struct {
	Agree   *bool  `json:"agree"`
	Comment string `json:"comment"`
}

// Validate requires the choice: a forgotten "agree" must not return the SKP.
func (d *skpDecision) Validate() error {
	if d.Agree == nil {
		return apperr.InvalidField("agree", "kinerja.required")
	}
	return nil
}

func (s *Server) decideSKP(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in skpDecision
	if err := bind(c, &in); err != nil {
		return err
	}
	out, err := s.Kinerja.DecideSKP(c.Request().Context(), who(c), id, *in.Agree, in.Comment)
	return reply(c, http.StatusOK, out, err)
}

// reply writes out with status, or returns err.
func reply(c echo.Context, status int, out any, err error) error {
	if err != nil {
		return err
	}
	return c.JSON(status, out)
}

// items wraps a slice in the list envelope ({"items": [...]}, never null).
func items[T any](out []T) list[T] {
	if out == nil {
		out = []T{}
	}
	return list[T]{Items: out}
}
