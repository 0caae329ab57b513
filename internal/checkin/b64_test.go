package checkin_test

import (
	"encoding/base64"

	"github.com/hadir-id/hadir/internal/audit"
	"github.com/hadir-id/hadir/internal/checkin"
)

type checkinDecisionT = checkin.Decision

var auditSystem = audit.System

func b64(s string) ([]byte, error) {
	if b, err := base64.RawURLEncoding.DecodeString(s); err == nil {
		return b, nil
	}
	return base64.URLEncoding.DecodeString(s)
}

func checkinDecision(accept bool, reason string) checkinDecisionT {
	return checkinDecisionT{Accept: accept, Reason: reason}
}
