package api

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/auth"
)

const principalKey = "principal"

// sameOrigin refuses state-changing requests sent by another site's page
// (CSRF): browsers send Origin on such requests, and it must be ours.
func (s *Server) sameOrigin(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		switch c.Request().Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			return next(c)
		}
		if o := c.Request().Header.Get("Origin"); o != "" && o != s.BaseURL {
			return apperr.E(apperr.Forbidden, "permintaan dari situs lain ditolak")
		}
		return next(c)
	}
}

// perm wraps a handler: the caller must be signed in and hold perm. Scope
// (which agency) is then checked by the domain service.
func (s *Server) perm(perm auth.Permission, h echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		p, err := s.principal(c)
		if err != nil {
			return err
		}
		if !p.Can(perm) {
			return apperr.E(apperr.Forbidden, "Anda tidak memiliki izin untuk tindakan ini")
		}
		c.Set(principalKey, p)
		return h(c)
	}
}

// principal resolves the session cookie of the request.
func (s *Server) principal(c echo.Context) (*auth.Principal, error) {
	ck, err := c.Cookie(auth.SessionCookie)
	if err != nil {
		return nil, apperr.E(apperr.Unauthorized, "silakan masuk terlebih dahulu")
	}
	installed := c.Request().Header.Get("X-Hadir-Display") == "standalone"
	return s.Auth.Principal(c.Request().Context(), ck.Value, installed)
}

// who returns the principal set by perm.
func who(c echo.Context) *auth.Principal {
	p, _ := c.Get(principalKey).(*auth.Principal)
	return p
}

// setSession writes the session cookie: HttpOnly, SameSite=Lax, Secure under
// https, lasting as long as the server-side session.
func (s *Server) setSession(c echo.Context, token string) {
	c.SetCookie(&http.Cookie{
		Name: auth.SessionCookie, Value: token, Path: "/", HttpOnly: true,
		Secure: strings.HasPrefix(s.BaseURL, "https://"), SameSite: http.SameSiteLaxMode,
		MaxAge: int(auth.SessionTTL.Seconds()),
	})
}

func (s *Server) clearSession(c echo.Context) {
	c.SetCookie(&http.Cookie{Name: auth.SessionCookie, Value: "", Path: "/", HttpOnly: true, MaxAge: -1,
		Secure: strings.HasPrefix(s.BaseURL, "https://"), SameSite: http.SameSiteLaxMode})
}

// bind decodes a JSON body strictly (unknown fields are errors) into v and
// runs its Validate method when it has one. Errors name the field.
func bind(c echo.Context, v any) error {
	ct, _, _ := mime.ParseMediaType(c.Request().Header.Get(echo.HeaderContentType))
	if ct != echo.MIMEApplicationJSON {
		return apperr.E(apperr.Invalid, "gunakan Content-Type: application/json")
	}
	dec := json.NewDecoder(c.Request().Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if dec.More() {
		return apperr.E(apperr.Invalid, "isi permintaan harus satu objek JSON")
	}
	if val, ok := v.(interface{ Validate() error }); ok {
		return val.Validate()
	}
	return nil
}

func jsonError(err error) error {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te):
		return apperr.Field(te.Field, "jenis nilai salah (diharapkan %s)", te.Type.String())
	case errors.As(err, &se):
		return apperr.E(apperr.Invalid, "JSON tidak sah di posisi %d", se.Offset)
	case errors.Is(err, io.EOF):
		return apperr.E(apperr.Invalid, "isi permintaan kosong")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return apperr.Field(strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`), "kolom tidak dikenal")
	}
	var me *http.MaxBytesError
	if errors.As(err, &me) {
		return apperr.E(apperr.Invalid, "isi permintaan terlalu besar")
	}
	return apperr.E(apperr.Invalid, "JSON tidak sah: %v", err)
}

// idParam reads a positive integer path parameter.
func idParam(c echo.Context, name string) (int64, error) {
	id, err := strconv.ParseInt(c.Param(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, apperr.E(apperr.NotFound, "tidak ditemukan")
	}
	return id, nil
}

// queryInt reads an optional integer query parameter.
func queryInt(c echo.Context, name string) (int64, error) {
	v := c.QueryParam(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return 0, apperr.Field(name, "harus bilangan bulat positif")
	}
	return n, nil
}

// list is the envelope of every list response.
type list[T any] struct {
	Items []T    `json:"items"`
	Next  *int64 `json:"next,omitempty"` // cursor for the next page
}
