package push

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	webpush "github.com/SherClockHolmes/webpush-go"
)

// Sender posts one encrypted message to a push service.
type Sender interface {
	Send(ctx context.Context, d Delivery, ttl time.Duration) (Response, error)
}

// Response is what the push service answered.
type Response struct {
	Status     int
	RetryAfter time.Duration // from Retry-After, 0 when absent
}

// WebPush sends with webpush-go: RFC 8291 aes128gcm, RFC 8292 VAPID.
type WebPush struct {
	Keys    Keys
	Subject string // https URL or bare e-mail (W2: webpush-go adds "mailto:")
	Client  *http.Client
}

// NewWebPush builds the sender; subject is the --vapid-subject, or the
// base URL (http on a developer's machine becomes https: the JWT's sub
// must be mailto: or https:).
func NewWebPush(k Keys, subject, baseURL string) *WebPush {
	if subject == "" {
		subject = "https://" + strings.TrimPrefix(strings.TrimPrefix(baseURL, "https://"), "http://")
	}
	// Nearly every push goes to one host (FCM, or Apple's): the default
	// two idle connections per host would make a 32-sender pool dial and
	// close a connection (a TLS handshake) for most sends.
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 64
	tr.ResponseHeaderTimeout = 20 * time.Second
	return &WebPush{Keys: k, Subject: strings.TrimPrefix(subject, "mailto:"),
		Client: &http.Client{Timeout: 30 * time.Second, Transport: tr, CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse // a push service never redirects; following one would leave the allow-list
		}}}
}

// Send encrypts and posts d. The payload is copied first: webpush-go
// appends its padding into the slice it is given (W3), so concurrent sends
// of one shared message would race.
func (w *WebPush) Send(ctx context.Context, d Delivery, ttl time.Duration) (Response, error) {
	msg := bytes.Clone(d.Payload)
	res, err := webpush.SendNotificationWithContext(ctx, msg,
		&webpush.Subscription{Endpoint: d.Endpoint, Keys: webpush.Keys{P256dh: d.P256dh, Auth: d.Auth}},
		&webpush.Options{HTTPClient: w.Client, RecordSize: recordSize(msg), Subscriber: w.Subject,
			Topic: d.Topic, TTL: max(int(ttl.Seconds()), 1), Urgency: webpush.Urgency(d.Urgency),
			VAPIDPublicKey: w.Keys.Public, VAPIDPrivateKey: w.Keys.Private})
	if err != nil {
		return Response{}, err
	}
	// W6: a non-201 is not an error to webpush-go; the body must be read
	// and closed whatever the status, or the connection is not reused.
	_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10))
	res.Body.Close()
	return Response{Status: res.StatusCode, RetryAfter: retryAfter(res.Header.Get("Retry-After"), time.Now())}, nil
}

// retryAfter reads Retry-After: seconds or an HTTP date.
func retryAfter(v string, now time.Time) time.Duration {
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && n >= 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}
