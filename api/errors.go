package api

import (
	"errors"
	"log/slog"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/i18n"
)

// statusOf is the one mapping from domain error codes to HTTP statuses.
var statusOf = map[apperr.Code]int{
	apperr.Invalid:      http.StatusBadRequest,
	apperr.NotFound:     http.StatusNotFound,
	apperr.Conflict:     http.StatusConflict,
	apperr.Unauthorized: http.StatusUnauthorized,
	apperr.Forbidden:    http.StatusForbidden,
	apperr.TooMany:      http.StatusTooManyRequests,
	apperr.Unavailable:  http.StatusServiceUnavailable,
	apperr.Internal:     http.StatusInternalServerError,
}

// ErrorBody is the JSON of every error response.
type ErrorBody struct {
	Error ErrorDetail `json:"error"`
}

// ErrorDetail says what went wrong, in a form the app can show.
type ErrorDetail struct {
	Code      apperr.Code `json:"code"`
	Key       string      `json:"key,omitempty"` // stable message key: the app decides on code and key, never on text
	Message   string      `json:"message"`
	Field     string      `json:"field,omitempty"`
	Detail    any         `json:"detail,omitempty"`
	RequestID string      `json:"request_id,omitempty"`
}

// errorHandler renders every error returned by a handler or middleware.
// Internal errors are logged with the request id and shown only as the
// catalogue's generic "error.internal", in the caller's language.
func (s *Server) errorHandler(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	e := toDomain(err)
	status := statusOf[e.Code]
	rid := c.Response().Header().Get(echo.HeaderXRequestID)
	key, args := e.Key, e.Args
	if key == "" || e.Code == apperr.Internal { // a code's generic message; an internal error never shows its own
		key, args = "error."+string(e.Code), nil
	}
	body := ErrorBody{Error: ErrorDetail{Code: e.Code, Key: key, Message: i18n.T(lang(c), key, args), Field: e.Field,
		Detail: e.Detail, RequestID: rid}}
	if e.Code == apperr.Internal {
		s.Log.Error("internal error", slog.String("request_id", rid), slog.String("method", c.Request().Method),
			slog.String("path", c.Path()), slog.Any("err", err))
		body.Error.Detail = nil
	}
	if (e.Code == apperr.TooMany || e.Code == apperr.Unavailable) && c.Response().Header().Get("Retry-After") == "" {
		c.Response().Header().Set("Retry-After", "5") // the app adds jitter before retrying
	}
	if c.Request().Method == http.MethodHead {
		err = c.NoContent(status)
	} else {
		err = c.JSON(status, body)
	}
	if err != nil {
		s.Log.Warn("writing error response", slog.Any("err", err))
	}
}

// toDomain turns Echo's own errors (404 route, 405, 413 body too large,
// bind errors) into domain errors so the body shape is always the same.
func toDomain(err error) *apperr.Error {
	var he *echo.HTTPError
	if errors.As(err, &he) {
		switch he.Code {
		case http.StatusNotFound:
			return apperr.New(apperr.NotFound, "request.no_route")
		case http.StatusMethodNotAllowed:
			return apperr.New(apperr.Invalid, "request.method")
		case http.StatusRequestEntityTooLarge:
			return apperr.New(apperr.Invalid, "request.too_large")
		case http.StatusUnsupportedMediaType:
			return apperr.New(apperr.Invalid, "request.content_type")
		case http.StatusTooManyRequests:
			return apperr.New(apperr.TooMany, "request.too_many")
		case http.StatusUnauthorized:
			return apperr.New(apperr.Unauthorized, "auth.signin_required")
		case http.StatusForbidden:
			return apperr.New(apperr.Forbidden, "auth.denied")
		}
		if he.Code < 500 {
			return apperr.New(apperr.Invalid, "request.bad")
		}
		return &apperr.Error{Code: apperr.Internal, Message: http.StatusText(he.Code), Err: err}
	}
	return apperr.As(err)
}
