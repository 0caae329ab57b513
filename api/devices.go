package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/auth"
	"github.com/hadir-id/hadir/internal/device"
)

func (s *Server) registerDeviceRoutes(g *echo.Group) {
	lim := newLimiter(60, 30).middleware
	g.POST("/employees/:id/activation-codes", s.perm(auth.PermOrgWrite, s.issueActivation))
	g.POST("/enrol/options", s.beginEnrol, lim)
	g.POST("/enrol", s.finishEnrol, lim)
	g.POST("/auth/passkey/options", s.beginPasskeyLogin, lim)
	g.POST("/auth/passkey", s.finishPasskeyLogin, lim)
	g.POST("/auth/recovery", s.recover, lim)
	g.POST("/me/recovery-codes", s.perm(auth.PermSelf, s.recoveryCodes))
	g.GET("/employees/:id/devices", s.perm(auth.PermSelf, s.listDevices))
	g.GET("/devices/pending", s.perm(auth.PermSelf, s.pendingDevices))
	g.POST("/devices/:id/approve", s.perm(auth.PermSelf, s.approveDevice))
	g.POST("/devices/:id/reject", s.perm(auth.PermSelf, s.rejectDevice))
}

func (s *Server) issueActivation(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	a, err := s.Devices.IssueActivationCode(c.Request().Context(), who(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, a)
}

// codeRequest carries an activation or recovery code.
type codeRequest struct {
	Code string `json:"code"`
}

// Validate checks the shape of a code.
func (r *codeRequest) Validate() error {
	if len(r.Code) < 8 || len(r.Code) > 40 {
		return apperr.InvalidField("code", "device.code_incomplete")
	}
	return nil
}

func (s *Server) beginEnrol(c echo.Context) error {
	var req codeRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	out, err := s.Devices.BeginEnrol(c.Request().Context(), req.Code)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out)
}

func (s *Server) finishEnrol(c echo.Context) error {
	var req device.EnrolFinish
	if err := bind(c, &req); err != nil {
		return err
	}
	out, err := s.Devices.FinishEnrol(c.Request().Context(), req, c.Request().UserAgent())
	if err != nil {
		return err
	}
	s.setSession(c, out.SessionToken)
	return c.JSON(http.StatusCreated, out)
}

func (s *Server) beginPasskeyLogin(c echo.Context) error {
	opts, err := s.Devices.BeginLogin(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"options": opts})
}

func (s *Server) finishPasskeyLogin(c echo.Context) error {
	var req device.LoginFinish
	if err := bind(c, &req); err != nil {
		return err
	}
	out, err := s.Devices.FinishLogin(c.Request().Context(), req, c.Request().UserAgent())
	if err != nil {
		return err
	}
	s.setSession(c, out.SessionToken)
	return c.JSON(http.StatusOK, out)
}

func (s *Server) recover(c echo.Context) error {
	var req codeRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	token, err := s.Devices.Recover(c.Request().Context(), req.Code, c.Request().UserAgent())
	if err != nil {
		return err
	}
	s.setSession(c, token)
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) recoveryCodes(c echo.Context) error {
	codes, err := s.Devices.RecoveryCodes(c.Request().Context(), who(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, map[string][]string{"codes": codes})
}

func (s *Server) listDevices(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	items, err := s.Devices.Devices(c.Request().Context(), who(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list[device.Device]{Items: items})
}

func (s *Server) approveDevice(c echo.Context) error { return s.decideDevice(c, true) }
func (s *Server) rejectDevice(c echo.Context) error  { return s.decideDevice(c, false) }

func (s *Server) decideDevice(c echo.Context, approve bool) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	d, err := s.Devices.DecideDevice(c.Request().Context(), who(c), id, approve)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, d)
}

// pendingDevices lists the new phones awaiting the caller's approval (the
// inbox shows them beside the flagged check-ins).
func (s *Server) pendingDevices(c echo.Context) error {
	items, err := s.Devices.Pending(c.Request().Context(), who(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list[device.PendingItem]{Items: items})
}
