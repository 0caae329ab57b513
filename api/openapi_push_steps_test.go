package api_test

import (
	"net/url"
)

// push walks the reminders' operations: an employee's subscription (to the
// local push service), the test notification, preferences; an agency
// admin's plan, pause and lead; the errors each can answer.
func (s *scenario) push() {
	t, b := s.t, s.fake.NewBrowser()
	sub := map[string]any{"endpoint": b.Endpoint, "expirationTime": nil, "keys": map[string]any{"p256dh": b.P256dh, "auth": b.Auth}, "lang": "id"}
	do(t, s.emp, "GET", s.url("/api/v1/me/push-preferences"), nil, 200)
	do(t, s.emp, "POST", s.url("/api/v1/me/push-subscriptions/test"), nil, 409) // nothing subscribed yet
	do(t, s.emp, "POST", s.url("/api/v1/me/push-subscriptions"), sub, 201)
	do(t, s.emp, "POST", s.url("/api/v1/me/push-subscriptions"), sub, 200) // re-sent on the next open
	evil := map[string]any{"endpoint": "https://push.evil.example/x", "keys": sub["keys"]}
	do(t, s.emp, "POST", s.url("/api/v1/me/push-subscriptions"), evil, 400)
	do(t, s.emp, "POST", s.url("/api/v1/me/push-subscriptions/test"), nil, 202)
	do(t, s.emp, "PUT", s.url("/api/v1/me/push-preferences"), map[string]any{"muted": []string{"missing_checkout"}}, 200)
	do(t, s.emp, "PUT", s.url("/api/v1/me/push-preferences"), map[string]any{"muted": []string{"lunch"}}, 400)
	gone := s.url("/api/v1/me/push-subscriptions?endpoint=%s", url.QueryEscape(b.Endpoint))
	do(t, s.emp, "DELETE", gone, nil, 204)
	do(t, s.emp, "DELETE", gone, nil, 404)
	do(t, s.emp, "DELETE", s.url("/api/v1/me/push-subscriptions"), nil, 400)

	do(t, s.kominfo, "GET", s.url("/api/v1/push/plan?date=%s", s.day(1)), nil, 200)
	do(t, s.bkd, "GET", s.url("/api/v1/push/plan?date=%s&agency_id=%d", s.day(1), s.kominfoID), nil, 200)
	do(t, s.emp, "GET", s.url("/api/v1/push/plan?date=%s", s.day(1)), nil, 403)
	do(t, s.bkd, "GET", s.url("/api/v1/push/plan?date=besok"), nil, 400)
	pauses := s.url("/api/v1/push/pauses")
	pause := do(t, s.kominfo, "POST", pauses, map[string]any{"date": s.day(1), "agency_id": s.kominfoID, "reason": "banjir"}, 201)
	do(t, s.kominfo, "POST", pauses, map[string]any{"date": s.day(1), "reason": "seluruh pemda"}, 403) // BKD only
	do(t, s.kominfo, "POST", pauses, map[string]any{"date": "kemarin"}, 400)
	do(t, s.kominfo, "GET", s.url("/api/v1/push/pauses?from=%s&to=%s", s.day(0), s.day(7)), nil, 200)
	do(t, s.kominfo, "GET", s.url("/api/v1/push/pauses?from=%s", s.day(0)), nil, 400)
	do(t, s.emp, "GET", s.url("/api/v1/push/pauses?from=%s&to=%s", s.day(0), s.day(7)), nil, 403)
	do(t, s.kominfo, "DELETE", s.url("/api/v1/push/pauses/%d", int64(pause["id"].(float64))), nil, 204)
	do(t, s.kominfo, "DELETE", s.url("/api/v1/push/pauses/%d", int64(pause["id"].(float64))), nil, 404)
	do(t, s.emp, "DELETE", s.url("/api/v1/push/pauses/%d", int64(pause["id"].(float64))), nil, 403)
	lead := s.url("/api/v1/agencies/%d/push-settings", s.kominfoID)
	do(t, s.kominfo, "PUT", lead, map[string]any{"before_start_min": 20}, 200)
	do(t, s.kominfo, "PUT", lead, map[string]any{"before_start_min": 500}, 400)
	do(t, s.emp, "PUT", lead, map[string]any{"before_start_min": 20}, 403)
	do(t, s.bkd, "PUT", s.url("/api/v1/agencies/%d/push-settings", 999999), map[string]any{"before_start_min": 20}, 404)
}
