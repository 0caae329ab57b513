package api

import (
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/hadir-id/hadir/internal/auth"
	"github.com/hadir-id/hadir/internal/push"
)

func (s *Server) registerPushRoutes(g *echo.Group) {
	small := middleware.BodyLimit("4K") // a subscription is ~400 B; anything near 4 KB is not one
	// No per-address limit: a whole office behind one carrier address
	// re-sends its subscriptions at 07:25 (CGNAT); the test button is
	// bounded per subscription by the service instead.
	g.POST("/me/push-subscriptions", s.perm(auth.PermSelf, s.subscribePush), small)
	g.DELETE("/me/push-subscriptions", s.perm(auth.PermSelf, s.unsubscribePush))
	g.POST("/me/push-subscriptions/test", s.perm(auth.PermSelf, s.testPush))
	g.GET("/me/push-preferences", s.perm(auth.PermSelf, s.pushPreferences))
	g.PUT("/me/push-preferences", s.perm(auth.PermSelf, s.setPushPreferences), small)
}

// subscribePush takes PushSubscription.toJSON() as the browser gives it;
// the app re-sends it on every open (iOS drops subscriptions silently).
func (s *Server) subscribePush(c echo.Context) error {
	var req push.SubscribeRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	sub, created, err := s.Push.Subscribe(c.Request().Context(), who(c), req, lang(c))
	if err != nil {
		return err
	}
	if created {
		return c.JSON(http.StatusCreated, sub)
	}
	return c.JSON(http.StatusOK, sub)
}

func (s *Server) unsubscribePush(c echo.Context) error {
	if err := s.Push.Unsubscribe(c.Request().Context(), who(c), c.QueryParam("endpoint")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// testPush queues a test notification to the caller's own subscriptions;
// the delivery worker sends it (never on this request).
func (s *Server) testPush(c echo.Context) error {
	n, err := s.Push.SendTest(c.Request().Context(), who(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusAccepted, map[string]int{"queued": n})
}

func (s *Server) pushPreferences(c echo.Context) error {
	p, err := s.Push.Preferences(c.Request().Context(), who(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}

// mutedRequest replaces the muted categories.
type mutedRequest struct {
	Muted []string `json:"muted"`
}

func (s *Server) setPushPreferences(c echo.Context) error {
	var req mutedRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	p, err := s.Push.SetMuted(c.Request().Context(), who(c), req.Muted)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}
