package checkin

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"strconv"
	"time"
)

// Receipts remember when the server first received a check-in it had to
// turn away (overload): the 503 carries a receipt signed with the
// installation's key, the app sends it back with the retry, and the event
// keeps that first arrival time — an overload never turns into lateness.
type Receipts struct {
	Key    []byte        // shared by every node (store.Secret)
	MaxAge time.Duration // older receipts are ignored
}

// Issue signs (employee, idempotency key, arrival).
func (r *Receipts) Issue(employeeID int64, key string, at time.Time) string {
	b := binary.BigEndian.AppendUint64(nil, uint64(at.UnixMicro()))
	return base64.RawURLEncoding.EncodeToString(append(b, r.mac(employeeID, key, b)...))
}

// Arrival returns the arrival time in a valid receipt for this employee and
// key, not in the future and not too old; ok is false otherwise.
func (r *Receipts) Arrival(receipt string, employeeID int64, key string, now time.Time) (time.Time, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(receipt)
	if err != nil || len(raw) != 8+32 || len(r.Key) == 0 {
		return time.Time{}, false
	}
	if !hmac.Equal(raw[8:], r.mac(employeeID, key, raw[:8])) {
		return time.Time{}, false
	}
	at := time.UnixMicro(int64(binary.BigEndian.Uint64(raw[:8])))
	if at.After(now) || now.Sub(at) > r.MaxAge {
		return time.Time{}, false
	}
	return at, true
}

func (r *Receipts) mac(employeeID int64, key string, at []byte) []byte {
	m := hmac.New(sha256.New, r.Key)
	m.Write([]byte("hadir-receipt/v1\n" + strconv.FormatInt(employeeID, 10) + "\n" + key + "\n"))
	m.Write(at)
	return m.Sum(nil)
}
