package kinerja

import "strings"

// choices lists accepted codes for the "kinerja.one_of" message: the codes
// themselves (what a client sends), not words to translate.
func choices(codes ...string) string { return strings.Join(codes, ", ") }

// The accepted codes of each enumerated field, for refusals.
var (
	ratingChoices  = choices(string(Below), string(As), string(Above))
	actingChoices  = choices(ActingPlt, ActingPlh)
	absenceChoices = choices(AbsenceRefuse, AbsenceWarn, AbsenceAllow)
	periodChoices  = choices(PeriodMonthly, PeriodQuarter)
	rhkKindChoices = choices(RHKMain, RHKExtra)
)

// ExportFormats are the formats of the e-kinerja exports, for refusals.
var ExportFormats = choices("xlsx", "csv")
