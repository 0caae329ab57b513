package api

import (
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"golang.org/x/time/rate"

	"github.com/hadir-id/hadir/internal/apperr"
)

// limiter throttles the unauthenticated enrolment and recovery endpoints
// per client address, so activation and recovery codes cannot be guessed
// at speed. It is generous (a roadshow enrols a whole office behind one
// address) and per node; the codes' entropy (~59 bits) is the real guard.
type limiter struct {
	mu      sync.Mutex
	every   rate.Limit
	burst   int
	clients map[string]*rate.Limiter
	swept   time.Time
}

func newLimiter(perMinute, burst int) *limiter {
	return &limiter{every: rate.Limit(float64(perMinute) / 60), burst: burst, clients: map[string]*rate.Limiter{}}
}

func (l *limiter) allow(key string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.swept) > 10*time.Minute { // forget idle clients
		for k, c := range l.clients {
			if c.TokensAt(now) >= float64(l.burst) {
				delete(l.clients, k)
			}
		}
		l.swept = now
	}
	c, ok := l.clients[key]
	if !ok {
		c = rate.NewLimiter(l.every, l.burst)
		l.clients[key] = c
	}
	return c.AllowN(now, 1)
}

// middleware answers 429 with Retry-After when the client is over its rate.
func (l *limiter) middleware(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if !l.allow(c.RealIP(), time.Now()) {
			c.Response().Header().Set("Retry-After", "60")
			return apperr.New(apperr.TooMany, "auth.too_many_attempts")
		}
		return next(c)
	}
}
