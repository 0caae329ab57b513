// Package attendance is Hadir's attendance rules engine: from a case (a
// regency's policy, an employee's schedule, holidays, approved absences and
// check-in/check-out events over a period) it computes each day's codes
// (H, TL1–TL4, PSW1–PSW4, TK, CT…), minutes and TPP deduction, and the
// period's summary, exactly as /shared/spec/evaluate.md specifies.
//
// The engine is pure: no database, no HTTP, no clock, no mutable globals.
// The server builds a Case from rows and calls Validate and Evaluate; the
// `hadir evaluate` CLI and POST /api/v1/rules/evaluate call EvaluateJSON,
// so all three share one code path.
package attendance
