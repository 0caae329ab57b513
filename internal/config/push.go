package config

import (
	"crypto/ecdh"
	"encoding/base64"
	"fmt"
	"net/url"
	"strings"
)

// validatePush checks the Web Push settings: both VAPID keys or neither,
// each a valid P-256 key that matches the other; a subject without the
// "mailto:" that webpush-go adds itself (W2: a doubled prefix makes Apple
// answer 403); allow-list prefixes that are http(s) URLs.
func (c *Config) validatePush() error {
	if (c.VAPIDPublicKey == "") != (c.VAPIDPrivateKey == "") {
		return fmt.Errorf("--vapid-public-key and --vapid-private-key: give both or neither (hadir vapid-keys prints a pair)")
	}
	if c.VAPIDPrivateKey != "" {
		if err := CheckVAPIDKeys(c.VAPIDPublicKey, c.VAPIDPrivateKey); err != nil {
			return fmt.Errorf("--vapid-private-key: %w", err)
		}
	}
	c.VAPIDSubject = strings.TrimPrefix(strings.TrimSpace(c.VAPIDSubject), "mailto:")
	if s := c.VAPIDSubject; s != "" && !strings.HasPrefix(s, "https://") && !strings.Contains(s, "@") {
		return fmt.Errorf("--vapid-subject: %q is neither an https URL nor an e-mail address", s)
	}
	for _, p := range c.PushAllow {
		u, err := url.Parse(p)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return fmt.Errorf("--push-allow: %q is not an http(s) URL prefix such as https://push.example.com/", p)
		}
	}
	return nil
}

// CheckVAPIDKeys reports whether pub (65-byte uncompressed point) and priv
// (32-byte scalar), both base64url without padding, form one P-256 pair.
func CheckVAPIDKeys(pub, priv string) error {
	d, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(priv, "="))
	if err != nil || len(d) != 32 {
		return fmt.Errorf("the private key is not 32 bytes of base64url")
	}
	k, err := ecdh.P256().NewPrivateKey(d)
	if err != nil {
		return fmt.Errorf("the private key is not a P-256 key: %v", err)
	}
	p, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(pub, "="))
	if err != nil || len(p) != 65 {
		return fmt.Errorf("the public key is not a 65-byte point in base64url")
	}
	if string(k.PublicKey().Bytes()) != string(p) {
		return fmt.Errorf("the public key does not belong to the private key")
	}
	return nil
}

// splitList splits a comma-separated setting, dropping empty items.
func splitList(v string) []string {
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}
