package api

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/auth"
)

const principalKey = "principal"

// sameOrigin refuses state-changing requests sent by another site's page
// (CSRF): browsers send Origin on such requests, and it must be ours. A
// request without Origin is still refused when the browser says, through
// Fetch Metadata, that another site sent it (a text/plain form POST); a
// client that is not a browser sends neither header.
func (s *Server) sameOrigin(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		switch c.Request().Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			return next(c)
		}
		h := c.Request().Header
		if o := h.Get("Origin"); o != "" && o != s.BaseURL {
			return apperr.New(apperr.Forbidden, "request.cross_site")
		}
		switch h.Get("Sec-Fetch-Site") {
		case "", "same-origin", "none":
		default: // cross-site, same-site (a sibling subdomain)
			return apperr.New(apperr.Forbidden, "request.cross_site")
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
			return apperr.New(apperr.Forbidden, "auth.no_permission")
		}
		c.Set(principalKey, p)
		return h(c)
	}
}

// principal resolves the session cookie of the request.
func (s *Server) principal(c echo.Context) (*auth.Principal, error) {
	ck, err := c.Cookie(auth.SessionCookie)
	if err != nil {
		return nil, apperr.New(apperr.Unauthorized, "auth.signin_required")
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
// runs its Validate method when it has one. Errors name the field and never
// carry Go type names or decoder text. Text with control characters (a NUL
// byte is refused by PostgreSQL and silently kept by SQLite) is refused here,
// once for every route, naming the field.
func bind(c echo.Context, v any) error {
	ct, _, _ := mime.ParseMediaType(c.Request().Header.Get(echo.HeaderContentType))
	if ct != echo.MIMEApplicationJSON {
		return apperr.New(apperr.Invalid, "request.content_type")
	}
	body, err := io.ReadAll(c.Request().Body)
	if err != nil {
		return jsonError(err)
	}
	if err := checkControl(body); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if dec.More() {
		return apperr.New(apperr.Invalid, "request.one_object")
	}
	if val, ok := v.(interface{ Validate() error }); ok {
		return val.Validate()
	}
	return nil
}

// jsonError turns a decoder error into a domain error with the field named
// and a message from the catalogue: the decoder's own words name Go types.
func jsonError(err error) error {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	var me *http.MaxBytesError
	var be base64.CorruptInputError
	var he *echo.HTTPError // echo's body limit on a chunked body
	switch {
	case errors.As(err, &me), errors.As(err, &he) && he.Code == http.StatusRequestEntityTooLarge:
		return apperr.New(apperr.Invalid, "request.too_large")
	case errors.As(err, &te):
		if te.Field == "" {
			return apperr.New(apperr.Invalid, "request.not_object")
		}
		return apperr.InvalidField(te.Field, "request.want_"+jsonKind(te.Type))
	case errors.As(err, &se):
		return apperr.New(apperr.Invalid, "request.bad_json_at", "offset", se.Offset)
	case errors.As(err, &be):
		return apperr.New(apperr.Invalid, "request.bad_base64")
	case errors.Is(err, io.EOF):
		return apperr.New(apperr.Invalid, "request.empty")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return apperr.New(apperr.Invalid, "request.truncated")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return apperr.InvalidField(strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`), "request.unknown_field")
	}
	return apperr.New(apperr.Invalid, "request.bad_json")
}

// jsonKind names a Go type by the JSON value it takes (the catalogue has a
// request.want_KIND message for each), never by its Go name.
func jsonKind(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "integer"
	case reflect.Float32, reflect.Float64:
		return "number"
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return "string"
		}
		return "array"
	case reflect.Map, reflect.Struct:
		return "object"
	}
	return "value"
}

// idParam reads a positive integer path parameter.
func idParam(c echo.Context, name string) (int64, error) {
	id, err := strconv.ParseInt(c.Param(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, apperr.New(apperr.NotFound, "request.not_found")
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
		return 0, apperr.InvalidField(name, "request.positive_integer")
	}
	return n, nil
}

// list is the envelope of every list response.
type list[T any] struct {
	Items []T    `json:"items"`
	Next  *int64 `json:"next,omitempty"` // cursor for the next page
}
