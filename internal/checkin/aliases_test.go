package checkin_test

import (
	"github.com/hadir-id/hadir/internal/audit"
	"github.com/hadir-id/hadir/internal/checkin"
)

type checkinDecisionT = checkin.Decision

var auditSystem = audit.System

func checkinDecision(accept bool, reason string) checkinDecisionT {
	return checkinDecisionT{Accept: accept, Reason: reason}
}
