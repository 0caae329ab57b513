package api

import (
	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/page"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/hadir-id/hadir/internal/auth"
	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/org"
)

func (s *Server) registerEmployeeRoutes(g *echo.Group) {
	g.GET("/employees", s.perm(auth.PermSelf, s.listEmployees))
	g.POST("/employees", s.perm(auth.PermOrgWrite, s.createEmployee))
	g.GET("/employees/:id", s.perm(auth.PermSelf, s.getEmployee))
	g.PATCH("/employees/:id", s.perm(auth.PermOrgWrite, s.updateEmployee))
	g.GET("/employees/:id/assignments", s.perm(auth.PermSelf, s.listAssignments))
	g.POST("/employees/:id/transfers", s.perm(auth.PermOrgWrite, s.transferEmployee))
}

// listEmployees pages through the employees in the caller's scope:
// ?agency_id= narrows, ?q= searches name/NIP, ?on=YYYY-MM-DD picks the date
// of the assignments, ?after=ID&limit=N pages.
func (s *Server) listEmployees(c echo.Context) error {
	var f org.EmployeeFilter
	var err error
	if f.AfterID, err = queryInt(c, "after"); err != nil {
		return err
	}
	n, err := queryInt(c, "limit")
	if err != nil {
		return err
	}
	f.Limit, f.Query = int(n), c.QueryParam("q")
	if a, err := queryInt(c, "agency_id"); err != nil {
		return err
	} else if a > 0 {
		f.AgencyIDs = []int64{a}
	}
	if on := c.QueryParam("on"); on != "" {
		if f.On, err = civil.Parse(on); err != nil {
			return apperr.InvalidField("on", "request.date_format")
		}
	}
	items, err := s.Org.Employees(c.Request().Context(), who(c), f)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list[org.Employee]{Items: items, Next: page.Next(items, f.Limit, employeeID)})
}

func employeeID(e org.Employee) int64 { return e.ID }

// employeeRequest creates an employee and places them.
type employeeRequest struct {
	NIP          *string    `json:"nip"`
	Name         string     `json:"name"`
	EmployeeType string     `json:"employee_type"`
	ActiveFrom   civil.Date `json:"active_from"`
	AgencyID     int64      `json:"agency_id"`
	UnitID       *int64     `json:"unit_id"`
	PositionID   *int64     `json:"position_id"`
	SupervisorID *int64     `json:"supervisor_id"`
}

func (s *Server) createEmployee(c echo.Context) error {
	var req employeeRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	e := org.Employee{NIP: req.NIP, Name: req.Name, EmployeeType: req.EmployeeType, ActiveFrom: req.ActiveFrom}
	a := org.Assignment{AgencyID: req.AgencyID, UnitID: req.UnitID, PositionID: req.PositionID,
		SupervisorID: req.SupervisorID, ValidFrom: req.ActiveFrom, Reason: "pegawai baru"}
	if err := s.Org.CreateEmployee(c.Request().Context(), who(c), &e, &a); err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, e)
}

func (s *Server) getEmployee(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	e, err := s.Org.Employee(c.Request().Context(), who(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, e)
}

// employeePatch changes an employee's own fields; absent fields keep their
// value. Where they work changes only through a transfer.
type employeePatch struct {
	NIP          *string     `json:"nip"`
	Name         *string     `json:"name"`
	EmployeeType *string     `json:"employee_type"`
	ActiveFrom   *civil.Date `json:"active_from"`
	ActiveTo     *civil.Date `json:"active_to"`
}

func (s *Server) updateEmployee(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var req employeePatch
	if err := bind(c, &req); err != nil {
		return err
	}
	ctx, p := c.Request().Context(), who(c)
	e, err := s.Org.Employee(ctx, p, id)
	if err != nil {
		return err
	}
	if req.NIP != nil {
		e.NIP = req.NIP
	}
	setIf(&e.Name, req.Name)
	setIf(&e.EmployeeType, req.EmployeeType)
	setIf(&e.ActiveFrom, req.ActiveFrom)
	setIf(&e.ActiveTo, req.ActiveTo)
	if err := s.Org.UpdateEmployee(ctx, p, &e); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, e)
}

func (s *Server) listAssignments(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	items, err := s.Org.Assignments(c.Request().Context(), who(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list[org.Assignment]{Items: items})
}

// transferRequest moves an employee from valid_from on (mutasi).
type transferRequest struct {
	AgencyID     int64      `json:"agency_id"`
	UnitID       *int64     `json:"unit_id"`
	PositionID   *int64     `json:"position_id"`
	SupervisorID *int64     `json:"supervisor_id"`
	ValidFrom    civil.Date `json:"valid_from"`
	Reason       string     `json:"reason"`
}

func (s *Server) transferEmployee(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var req transferRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	a := org.Assignment{EmployeeID: id, AgencyID: req.AgencyID, UnitID: req.UnitID, PositionID: req.PositionID,
		SupervisorID: req.SupervisorID, ValidFrom: req.ValidFrom, Reason: req.Reason}
	if err := s.Org.Transfer(c.Request().Context(), who(c), &a); err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, a)
}
