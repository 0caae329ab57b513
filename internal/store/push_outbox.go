package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/hadir-id/hadir/internal/push"
)

// ClaimPushes leases up to n due pending rows to claim. On PostgreSQL the
// candidate rows are locked FOR UPDATE SKIP LOCKED, so concurrent workers
// on several nodes take disjoint rows without waiting for each other; on
// SQLite the single writer serialises claims. A row whose lease expired
// (its worker died) is due again: at-least-once after a crash, exactly
// once otherwise.
func (s *Store) ClaimPushes(ctx context.Context, claim string, now, until time.Time, n int) ([]push.Delivery, error) {
	now, until = now.UTC(), until.UTC()
	lock := ""
	if s.dialect == "postgres" {
		lock = " FOR UPDATE SKIP LOCKED"
	}
	var out []push.Delivery
	err := s.tx(ctx, func(tx *gorm.DB) error {
		err := tx.Exec(`UPDATE push_outbox SET claim = ?, locked_until = ?, attempts = attempts + 1
			WHERE id IN (SELECT id FROM push_outbox WHERE status = ? AND due_at <= ? AND (locked_until IS NULL OR locked_until < ?)
			ORDER BY due_at, id LIMIT ?`+lock+`)`, claim, until, push.StatePending, now, now, n).Error
		if err != nil {
			return err
		}
		return tx.Raw(`SELECT o.id, o.subscription_id, s.endpoint, s.p256dh, s.auth, o.category, o.topic, o.urgency,
			o.payload, o.expires_at, o.attempts FROM push_outbox o JOIN push_subscriptions s ON s.id = o.subscription_id
			WHERE o.claim = ? ORDER BY o.due_at, o.id`, claim).Scan(&out).Error
	})
	return out, err
}

// FinishPushes records the outcomes of rows still held by claim, in one
// transaction: sent/failed/expired rows are done, retried rows are due
// again at their RetryAt, pruned rows delete their subscription.
func (s *Store) FinishPushes(ctx context.Context, claim string, outs []push.Outcome, now time.Time) error {
	now = now.UTC()
	type key struct {
		state, msg string
		status     int
	}
	groups := map[key][]int64{}
	return s.tx(ctx, func(tx *gorm.DB) error {
		for _, o := range outs {
			if o.State == push.StatePending {
				if err := tx.Exec(`UPDATE push_outbox SET due_at = ?, last_status = ?, last_error = ?, claim = NULL, locked_until = NULL
					WHERE id = ? AND claim = ?`, o.RetryAt.UTC(), o.HTTPStatus, o.Error, o.ID, claim).Error; err != nil {
					return err
				}
				continue
			}
			k := key{o.State, o.Error, o.HTTPStatus}
			groups[k] = append(groups[k], o.ID)
		}
		for k, ids := range groups {
			if err := tx.Exec(`UPDATE push_outbox SET status = ?, last_status = ?, last_error = ?, done_at = ?, claim = NULL, locked_until = NULL
				WHERE claim = ? AND id IN ?`, k.state, k.status, k.msg, now, claim, ids).Error; err != nil {
				return err
			}
		}
		for _, o := range outs {
			if o.State == push.StatePruned {
				if err := dropSubscription(tx, o.SubscriptionID, now); err != nil {
					return fmt.Errorf("pruning subscription %d: %w", o.SubscriptionID, err)
				}
			}
		}
		return nil
	})
}

// ReleasePushes hands claimed rows back unsent, as if never claimed.
func (s *Store) ReleasePushes(ctx context.Context, claim string, ids []int64) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		return tx.Exec(`UPDATE push_outbox SET claim = NULL, locked_until = NULL, attempts = attempts - 1
			WHERE claim = ? AND id IN ?`, claim, ids).Error
	})
}

// PurgePushes deletes rows done before cutoff (the outbox keeps a week of
// history for support questions, not forever).
func (s *Store) PurgePushes(ctx context.Context, cutoff time.Time) (int64, error) {
	res := s.write(ctx).Exec("DELETE FROM push_outbox WHERE status <> ? AND done_at < ?", push.StatePending, cutoff.UTC())
	return res.RowsAffected, translate(res.Error)
}
