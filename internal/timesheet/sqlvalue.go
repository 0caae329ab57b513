package timesheet

import "database/sql/driver"

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
