package auth

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/hadir-id/hadir/internal/tuning"
)

// Toucher slides sessions' expiry off the request path: the first request
// of each session in the morning would otherwise be a write transaction of
// its own, waiting its turn with the check-ins for the database's one
// writer. Touches are collected and written every Every in one statement;
// one lost on a crash only means a session expires a minute earlier after
// 90 days.
type Toucher struct {
	Store interface {
		TouchSessions(ctx context.Context, ids, installed []int64, ttl time.Duration) error // as Store's
	}
	Every time.Duration // tuning.SessionTouchEvery when zero
	Log   *slog.Logger

	mu  sync.Mutex
	ids map[int64]bool // session → installed
}

// Touch records that a session was used, from the installed app or not.
func (t *Toucher) Touch(id int64, installed bool) {
	t.mu.Lock()
	if t.ids == nil {
		t.ids = map[int64]bool{}
	}
	t.ids[id] = t.ids[id] || installed
	t.mu.Unlock()
}

// Run writes the touches until ctx ends, then writes what is left.
func (t *Toucher) Run(ctx context.Context) {
	every := t.Every
	if every <= 0 {
		every = tuning.SessionTouchEvery
	}
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
			t.Flush(fctx)
			cancel()
			return
		case <-tick.C:
			t.Flush(ctx)
		}
	}
}

// Flush writes the touches collected so far.
func (t *Toucher) Flush(ctx context.Context) {
	t.mu.Lock()
	pending := t.ids
	t.ids = nil
	t.mu.Unlock()
	if len(pending) == 0 {
		return
	}
	ids := make([]int64, 0, len(pending))
	var installed []int64
	for id, inst := range pending {
		ids = append(ids, id)
		if inst {
			installed = append(installed, id)
		}
	}
	if err := t.Store.TouchSessions(ctx, ids, installed, SessionTTL); err != nil && t.Log != nil {
		t.Log.Warn("touching sessions", slog.Int("sessions", len(ids)), slog.Any("err", err))
	}
}
