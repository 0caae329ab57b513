package store

import (
	"context"
	"crypto/rand"
	"time"

	"gorm.io/gorm/clause"
)

type setting struct {
	Name      string `gorm:"primaryKey"`
	Value     []byte
	CreatedAt time.Time
}

func (setting) TableName() string { return "settings" }

// SettingOnce stores value under name unless a value is already there,
// and returns the stored one: the first writer wins on every node.
func (s *Store) SettingOnce(ctx context.Context, name string, value []byte) ([]byte, error) {
	err := s.write(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(&setting{Name: name, Value: value, CreatedAt: s.now().UTC()}).Error
	if err != nil {
		return nil, translate(err)
	}
	var got setting
	if err := s.write(ctx).Where("name = ?", name).First(&got).Error; err != nil {
		return nil, translate(err)
	}
	return got.Value, nil
}

// Secret returns the installation's secret of that name, creating 32
// random bytes the first time. Every node gets the same value: the first
// writer wins and the others read it.
func (s *Store) Secret(ctx context.Context, name string) ([]byte, error) {
	v := make([]byte, 32)
	_, _ = rand.Read(v)
	return s.SettingOnce(ctx, name, v)
}
