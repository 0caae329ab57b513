package timesheet

import (
	"database/sql/driver"
	"encoding/json"
)

// Value stores codes as a JSON array.
func (c Codes) Value() (driver.Value, error) {
	if c == nil {
		c = Codes{}
	}
	return jsonValue([]string(c))
}

// Scan reads a JSON array.
func (c *Codes) Scan(src any) error { return jsonScan(src, (*[]string)(c)) }

// Value stores reasons as a JSON array.
func (r Reasons) Value() (driver.Value, error) {
	if r == nil {
		r = Reasons{}
	}
	return jsonValue([]Reason(r))
}

// Scan reads a JSON array.
func (r *Reasons) Scan(src any) error { return jsonScan(src, (*[]Reason)(r)) }

// MarshalJSON writes no codes as [], never null: the API promises an array.
func (c Codes) MarshalJSON() ([]byte, error) {
	if c == nil {
		return []byte("[]"), nil
	}
	return json.Marshal([]string(c))
}

// MarshalJSON writes no reasons as [], never null.
func (r Reasons) MarshalJSON() ([]byte, error) {
	if r == nil {
		return []byte("[]"), nil
	}
	return json.Marshal([]Reason(r))
}
