package store

import (
	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/hadir-id/hadir/internal/push"
)

// UpsertSubscription saves a browser's subscription by endpoint: the
// browser re-sends it on every open, and whoever is signed in on that
// browser now owns it.
func (s *Store) UpsertSubscription(ctx context.Context, sub *push.Subscription) (bool, error) {
	created := false
	err := s.tx(ctx, func(tx *gorm.DB) error {
		var old push.Subscription
		err := tx.Where("endpoint = ?", sub.Endpoint).Limit(1).Find(&old).Error
		if err != nil {
			return err
		}
		if old.ID == 0 {
			created = true
			return tx.Create(sub).Error
		}
		sub.ID, sub.CreatedAt = old.ID, old.CreatedAt
		return tx.Model(&push.Subscription{}).Where("id = ?", old.ID).Updates(map[string]any{
			"user_id": sub.UserID, "device_id": sub.DeviceID, "p256dh": sub.P256dh, "auth": sub.Auth,
			"lang": sub.Lang, "expires_at": sub.ExpiresAt, "updated_at": sub.UpdatedAt}).Error
	})
	return created, err
}

// DeleteSubscription deletes a user's subscription and drops its pending
// notifications. Errors: not_found.
func (s *Store) DeleteSubscription(ctx context.Context, userID int64, endpoint string) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		var sub push.Subscription
		if err := tx.Where("user_id = ? AND endpoint = ?", userID, endpoint).First(&sub).Error; err != nil {
			return err
		}
		return dropSubscription(tx, sub.ID, s.now().UTC())
	})
}

// dropSubscription deletes a subscription and marks its unclaimed pending
// rows pruned.
func dropSubscription(tx *gorm.DB, id int64, now time.Time) error {
	if err := tx.Exec("UPDATE push_outbox SET status = ?, done_at = ? WHERE subscription_id = ? AND status = ? AND claim IS NULL",
		push.StatePruned, now, id, push.StatePending).Error; err != nil {
		return err
	}
	return tx.Exec("DELETE FROM push_subscriptions WHERE id = ?", id).Error
}

// SubscriptionsOf lists the subscriptions of the users.
func (s *Store) SubscriptionsOf(ctx context.Context, userIDs []int64) ([]push.Subscription, error) {
	var out []push.Subscription
	for start := 0; start < len(userIDs); start += 5000 {
		var part []push.Subscription
		ids := userIDs[start:min(start+5000, len(userIDs))]
		if err := s.read(ctx).Where("user_id IN ?", ids).Order("id").Find(&part).Error; err != nil {
			return nil, translate(err)
		}
		out = append(out, part...)
	}
	return out, nil
}

type pushMute struct {
	UserID   int64 `gorm:"primaryKey;autoIncrement:false"`
	Category string
}

func (pushMute) TableName() string { return "push_mutes" }

// Mutes returns the muted categories of the users.
func (s *Store) Mutes(ctx context.Context, userIDs []int64) (map[int64][]string, error) {
	out := map[int64][]string{}
	for start := 0; start < len(userIDs); start += 5000 {
		var rows []pushMute
		ids := userIDs[start:min(start+5000, len(userIDs))]
		if err := s.read(ctx).Where("user_id IN ?", ids).Order("category").Find(&rows).Error; err != nil {
			return nil, translate(err)
		}
		for _, r := range rows {
			out[r.UserID] = append(out[r.UserID], r.Category)
		}
	}
	return out, nil
}

// SetMutes replaces a user's muted categories.
func (s *Store) SetMutes(ctx context.Context, userID int64, categories []string) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Where("user_id = ?", userID).Delete(&pushMute{}).Error; err != nil {
			return err
		}
		for _, c := range categories {
			if err := tx.Create(&pushMute{UserID: userID, Category: c}).Error; err != nil {
				return err
			}
		}
		return nil
	})
}

// pushRow is an outbox row as stored.
type pushRow struct {
	ID             int64
	DedupeKey      string
	SubscriptionID int64
	Category       string
	Topic          string
	Urgency        string
	Payload        []byte
	DueAt          time.Time
	ExpiresAt      time.Time
	Status         string
	Attempts       int
	Claim          *string
	LockedUntil    *time.Time
	LastStatus     *int
	LastError      string
	CreatedAt      time.Time
	DoneAt         *time.Time
}

func (pushRow) TableName() string { return "push_outbox" }

// EnqueuePushes inserts messages, skipping dedupe keys already queued, and
// returns how many were new.
func (s *Store) EnqueuePushes(ctx context.Context, msgs []push.Message) (int, error) {
	now := s.now().UTC()
	total := 0
	for start := 0; start < len(msgs); start += 500 {
		part := msgs[start:min(start+500, len(msgs))]
		rows := make([]pushRow, len(part))
		for i, m := range part {
			rows[i] = pushRow{DedupeKey: m.DedupeKey, SubscriptionID: m.SubscriptionID, Category: m.Category, Topic: m.Topic,
				Urgency: m.Urgency, Payload: m.Payload, DueAt: m.DueAt.UTC(), ExpiresAt: m.ExpiresAt.UTC(),
				Status: push.StatePending, CreatedAt: now}
		}
		res := s.write(ctx).Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "dedupe_key"}}, DoNothing: true}).Create(&rows)
		if res.Error != nil {
			return total, translate(res.Error)
		}
		total += int(res.RowsAffected)
	}
	return total, nil
}

// PushCounts counts outbox rows by status (tests, the plan's summary).
func (s *Store) PushCounts(ctx context.Context) (map[string]int, error) {
	var rows []struct {
		Status string
		N      int
	}
	err := s.read(ctx).Table("push_outbox").Select("status, COUNT(*) AS n").Group("status").Scan(&rows).Error
	out := map[string]int{}
	for _, r := range rows {
		out[r.Status] = r.N
	}
	return out, translate(err)
}
