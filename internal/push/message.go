package push

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/hadir-id/hadir/internal/civil"
	"github.com/hadir-id/hadir/internal/i18n"
)

// Notification is the JSON the service worker receives and shows: every
// push shows one (iOS revokes subscriptions that push silently).
type Notification struct {
	Title string `json:"title"`
	Body  string `json:"body"`
	URL   string `json:"url"` // deep link opened on click, same origin
	Tag   string `json:"tag"` // a newer notification with the tag replaces the older one
}

// MaxPayload bounds the JSON: with RecordSize 1024 an encrypted record
// holds at most 921 bytes of plaintext, and every byte a phone downloads
// costs money.
const MaxPayload = 900

// recordSize is what webpush-go pads every message to (W5: its default
// 4,096 B is refused by some services, C18): small messages go as 512 B,
// the rest as 1 KB.
func recordSize(payload []byte) uint32 {
	if len(payload) <= 400 {
		return 512
	}
	return 1024
}

// Encode marshals n, shortening the body until it fits MaxPayload.
func (n Notification) Encode() ([]byte, error) {
	for range 8 {
		b, err := json.Marshal(n)
		if err != nil || len(b) <= MaxPayload {
			return b, err
		}
		cut := len(n.Body) - (len(b) - MaxPayload) - 3
		if cut <= 0 {
			break
		}
		for cut > 0 && !utf8.RuneStart(n.Body[cut]) {
			cut--
		}
		n.Body = n.Body[:cut] + "…"
	}
	return nil, fmt.Errorf("push: notification does not fit in %d bytes", MaxPayload)
}

// Urgency and useful life of each category (C17: a missing TTL means 0 —
// a sleeping phone never gets it; Doze delays "normal" for minutes).
func urgencyOf(category string) string {
	switch category {
	case BeforeStart, MissedCheckIn, MissingCheckOut, Test:
		return "high"
	case Decided:
		return "normal"
	}
	return "normal"
}

// topicOf is the RFC 8030 Topic (≤ 32 base64url characters): a newer
// reminder of the same subject replaces an older one still undelivered —
// the missed check-in replaces the before-start one.
func topicOf(category string, d civil.Date) string {
	day := fmt.Sprintf("%04d%02d%02d", d.Year, d.Month, d.Day)
	switch category {
	case BeforeStart, MissedCheckIn:
		return "in-" + day
	case MissingCheckOut:
		return "out-" + day
	case Approvals:
		return "appr-" + day
	case KinerjaLog:
		return "kin-" + day
	case Decided:
		return "" // each decision stands on its own
	}
	return category
}

// Text is what a reminder says: catalogue keys and their arguments.
type Text struct {
	Category string
	Key      string // message key prefix when not "push.CATEGORY" (decisions)
	Args     map[string]string
	URL      string
}

// Render words t in lang (Bahasa Indonesia when unknown).
func (t Text) Render(lang string, d civil.Date) Notification {
	lang = i18n.Lang(lang)
	if t.Category == Approvals {
		t.Args = withDetail(t.Args, lang)
	}
	key := t.Key
	if key == "" {
		key = "push." + t.Category
	}
	return Notification{Title: i18n.T(lang, key+".title", t.Args),
		Body: i18n.T(lang, key+".body", t.Args), URL: t.URL, Tag: topicOf(t.Category, d)}
}

// clock formats an instant as the employee's wall clock, e.g. 07:30.
func clock(t time.Time, loc *time.Location) string { return t.In(loc).Format("15:04") }

// withDetail words the digest's counts ("3 check-ins to review, 1 new
// device to approve") in lang.
func withDetail(args map[string]string, lang string) map[string]string {
	out := make(map[string]string, len(args)+1)
	var parts []string
	for k, v := range args {
		out[k] = v
	}
	for _, kind := range ApprovalKinds {
		if n, ok := args["n_"+kind]; ok {
			parts = append(parts, i18n.T(lang, "push.approvals."+kind, map[string]string{"n": n}))
		}
	}
	out["detail"] = strings.Join(parts, ", ")
	return out
}

// ApprovalKinds are the digest's lines, in order; a new ApprovalSource
// adds its kind here and its "push.approvals.KIND" message.
var ApprovalKinds = []string{"reviews", "devices", "kinerja", "leave"}
