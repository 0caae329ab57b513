package kinerja

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
)

// RatingMap is the BerAKHLAK values' ratings, stored as a JSON text column.
type RatingMap map[string]Rating

// Value writes the map as JSON.
func (m RatingMap) Value() (driver.Value, error) {
	b, err := json.Marshal(map[string]Rating(m))
	return string(b), err
}

// Scan reads the JSON text.
func (m *RatingMap) Scan(src any) error {
	switch v := src.(type) {
	case string:
		return json.Unmarshal([]byte(v), m)
	case []byte:
		return json.Unmarshal(v, m)
	case nil:
		*m = nil
		return nil
	}
	return fmt.Errorf("kinerja: cannot scan %T into RatingMap", src)
}
