package push

import (
	"net/url"
	"strings"
)

// DefaultServices are the push services browsers use, by host suffix:
// Chrome/Edge on Android and desktop (FCM), Firefox (Mozilla autopush),
// Safari and iOS home-screen apps (Apple), Edge/Windows (WNS). The server
// posts only to these (and to operator prefixes): a subscription is a URL
// the server will request, so an open list would let anyone make the
// server call any host (SSRF).
var DefaultServices = []string{
	"fcm.googleapis.com", "android.googleapis.com",
	"push.services.mozilla.com",
	"push.apple.com",
	"notify.windows.com",
}

// AllowList decides which endpoints the server may post to.
type AllowList struct {
	Hosts    []string // https hosts, matched exactly or as a parent domain
	Prefixes []string // operator additions (--push-allow): exact URL prefixes, http allowed
}

// NewAllowList is the default list plus the operator's prefixes.
func NewAllowList(prefixes []string) AllowList {
	return AllowList{Hosts: DefaultServices, Prefixes: prefixes}
}

// Allows reports whether endpoint is https on a known push service, or
// starts with one of the operator's prefixes.
func (a AllowList) Allows(endpoint string) bool {
	for _, p := range a.Prefixes {
		if p != "" && strings.HasPrefix(endpoint, p) {
			return true
		}
	}
	u, err := url.Parse(endpoint)
	if err != nil || u.Scheme != "https" || u.User != nil || u.Port() != "" && u.Port() != "443" {
		return false
	}
	host := strings.ToLower(u.Hostname())
	for _, h := range a.Hosts {
		if host == h || strings.HasSuffix(host, "."+h) {
			return true
		}
	}
	return false
}

// ServiceOf names the push service of an endpoint (its host): the unit of
// the worker's per-service concurrency.
func ServiceOf(endpoint string) string {
	u, err := url.Parse(endpoint)
	if err != nil {
		return ""
	}
	return u.Host
}
