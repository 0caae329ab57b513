package api

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/auth"
	"github.com/hadir-id/hadir/internal/checkin"
	"github.com/hadir-id/hadir/internal/civil"
)

func (s *Server) registerCheckinRoutes(g *echo.Group) {
	g.GET("/checkins/challenge", s.perm(auth.PermSelf, s.checkinChallenge))
	g.POST("/checkins", s.receivedAt(s.perm(auth.PermSelf, s.submitCheckin)))
	g.GET("/reviews", s.perm(auth.PermSelf, s.reviewQueue))
	g.POST("/reviews/:id", s.perm(auth.PermSelf, s.decideReview))
	g.GET("/employees/:id/work-locations", s.perm(auth.PermSelf, s.listWorkLocations))
	g.POST("/employees/:id/work-locations", s.perm(auth.PermOrgWrite, s.addWorkLocation))
}

const receivedKey = "received_at"

// receivedAt stamps the moment the request arrived, before anything else
// runs: it becomes the event's time, so a slow server never makes anyone
// late.
func (s *Server) receivedAt(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		c.Set(receivedKey, s.Now())
		return next(c)
	}
}

func (s *Server) checkinChallenge(c echo.Context) error {
	p := who(c)
	if p.EmployeeID == nil {
		return apperr.New(apperr.Forbidden, "auth.not_employee")
	}
	ch, err := s.Devices.CheckinChallenge(c.Request().Context(), *p.EmployeeID, c.QueryParam("device_key_id"))
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, challengeView{ch.Challenge, ch.ExpiresAt})
}

// challengeView is all the app needs of a check-in challenge: it builds the
// request options itself (its own credential, the page's host as RP ID,
// user verification required), which keeps every tap's bytes down.
type challengeView struct {
	Challenge string    `json:"challenge"`
	ExpiresAt time.Time `json:"expires_at"`
}

// checkinView is the check-in answer on the wire: what the app shows and
// the next challenge, not the stored evidence (data-light; the full event
// is in the review queue and the day's records).
type checkinView struct {
	Event     eventView      `json:"event"`
	Duplicate bool           `json:"duplicate,omitempty"`
	Status    string         `json:"status"`
	Review    []string       `json:"review,omitempty"`
	Next      *challengeView `json:"next_challenge,omitempty"`
}

type eventView struct {
	ID       int64     `json:"id"`
	Type     string    `json:"type"`
	At       time.Time `json:"at"`
	Status   string    `json:"status"`
	Geofence string    `json:"geofence"`
}

func viewCheckin(r checkin.Result) checkinView {
	v := checkinView{Duplicate: r.Duplicate, Status: r.Status, Review: r.Review,
		Event: eventView{ID: r.Event.ID, Type: r.Event.Type, At: r.Event.At, Status: r.Event.Status, Geofence: r.Event.Geofence}}
	if r.Next != nil {
		v.Next = &challengeView{r.Next.Challenge, r.Next.ExpiresAt}
	}
	return v
}

func (s *Server) submitCheckin(c echo.Context) error {
	var req checkin.Request
	if err := bind(c, &req); err != nil {
		return err
	}
	at, _ := c.Get(receivedKey).(time.Time)
	res, err := s.Checkins.Submit(c.Request().Context(), who(c), req, at, lang(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, viewCheckin(res)) // a POST answer is never cached: no Cache-Control bytes
}

func (s *Server) reviewQueue(c echo.Context) error {
	items, err := s.Reviews.Queue(c.Request().Context(), who(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list[checkin.ReviewItem]{Items: items})
}

func (s *Server) decideReview(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var req checkin.Decision
	if err := bind(c, &req); err != nil {
		return err
	}
	ev, err := s.Reviews.Decide(c.Request().Context(), who(c), id, req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, ev)
}

func (s *Server) listWorkLocations(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	items, err := s.Locations.List(c.Request().Context(), who(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list[checkin.WorkLocation]{Items: items})
}

// workLocationRequest adds an extra site or flexible-location days.
type workLocationRequest struct {
	Kind   string     `json:"kind"`
	SiteID *int64     `json:"site_id"`
	From   civil.Date `json:"from"`
	To     civil.Date `json:"to"`
	Note   string     `json:"note"`
}

func (s *Server) addWorkLocation(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var req workLocationRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	w := checkin.WorkLocation{EmployeeID: id, Kind: req.Kind, SiteID: req.SiteID, DateFrom: req.From, DateTo: req.To, Note: req.Note}
	if err := s.Locations.Add(c.Request().Context(), who(c), &w); err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, w)
}
