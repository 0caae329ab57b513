// Package config owns Hadir's runtime configuration: defaults, HADIR_*
// environment variables, command-line flags, and validation with one clear
// line per problem.
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Config is everything the server needs to start. It is built once by Parse
// and passed down; nothing reads the environment after that.
type Config struct {
	Addr        string // listen address, host:port
	DatabaseURL string // sqlite:PATH or postgres://…
	BaseURL     string // public origin, e.g. https://hadir.lampungselatankab.go.id
	Demo        bool   // seed the demo regency when the database is empty
	Migrate     bool   // apply pending migrations at start
	Timezone    string // IANA zone for a new regency (setup and demo)
	LogFormat   string // json | text
	LogLevel    slog.Level

	// Web Push (docs/PUSH.md). Both keys empty: the pair kept in the
	// database is used (generated on first start).
	VAPIDPublicKey  string
	VAPIDPrivateKey string
	VAPIDSubject    string   // contact: https URL or e-mail; default the base URL
	PushAllow       []string // extra push-service URL prefixes beyond the built-in allow-list

	// TrustedProxies are the reverse proxies whose X-Forwarded-For is
	// believed (comma-separated IPs or CIDRs). Empty: the client address is
	// the TCP peer's, so a client cannot choose its own rate-limit key.
	TrustedProxies string
	// MetricsAddr serves /metrics on a separate listener (e.g.
	// 127.0.0.1:9464); MetricsToken serves it on the main one behind
	// "Authorization: Bearer TOKEN". Neither: /metrics is not served.
	MetricsAddr  string
	MetricsToken string

	DB      Database     // parsed from DatabaseURL by Validate
	Proxies []*net.IPNet // parsed from TrustedProxies by Validate
}

// Database is a parsed --database-url.
type Database struct {
	Dialect string // "sqlite" or "postgres"
	DSN     string // file path for SQLite, the URL for PostgreSQL
}

// Defaults returns the zero-setup configuration of the quick start.
func Defaults() Config {
	return Config{
		Addr:        ":8080",
		DatabaseURL: "sqlite:hadir.db",
		Timezone:    "Asia/Jakarta",
		LogFormat:   "json",
		LogLevel:    slog.LevelInfo,
	}
}

// ErrHelp is returned by Parse when -h/--help was asked for.
var ErrHelp = flag.ErrHelp

// Parse builds a Config from defaults, then HADIR_* variables, then flags,
// and validates it. usage receives the flag help text on --help.
func Parse(name string, args []string, getenv func(string) string, usage io.Writer) (Config, error) {
	c := Defaults()
	if err := c.fromEnv(getenv); err != nil {
		return c, err
	}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&c.Addr, "addr", c.Addr, "listen address (HADIR_ADDR)")
	fs.StringVar(&c.DatabaseURL, "database-url", c.DatabaseURL, "sqlite:PATH or postgres://… (HADIR_DATABASE_URL)")
	fs.StringVar(&c.BaseURL, "base-url", c.BaseURL, "public origin, needed by passkeys (HADIR_BASE_URL; default http://localhost:PORT)")
	fs.BoolVar(&c.Demo, "demo", c.Demo, "seed the demo regency if the database is empty (HADIR_DEMO)")
	fs.BoolVar(&c.Migrate, "migrate", c.Migrate, "apply pending database migrations at start (HADIR_MIGRATE)")
	fs.StringVar(&c.Timezone, "timezone", c.Timezone, "time zone of a new regency: WIB, WITA, WIT or an IANA name (HADIR_TIMEZONE)")
	fs.StringVar(&c.LogFormat, "log-format", c.LogFormat, "json or text (HADIR_LOG_FORMAT)")
	fs.StringVar(&c.TrustedProxies, "trusted-proxies", c.TrustedProxies, "reverse proxies whose X-Forwarded-For is believed: IPs or CIDRs, comma-separated (HADIR_TRUSTED_PROXIES)")
	fs.StringVar(&c.MetricsAddr, "metrics-addr", c.MetricsAddr, "serve /metrics on this separate address, e.g. 127.0.0.1:9464 (HADIR_METRICS_ADDR)")
	fs.StringVar(&c.MetricsToken, "metrics-token", c.MetricsToken, "serve /metrics on --addr to requests with this bearer token (HADIR_METRICS_TOKEN)")
	level := fs.String("log-level", c.LogLevel.String(), "debug, info, warn or error (HADIR_LOG_LEVEL)")
	fs.StringVar(&c.VAPIDPublicKey, "vapid-public-key", c.VAPIDPublicKey, "Web Push VAPID public key, base64url (HADIR_VAPID_PUBLIC_KEY; default: kept in the database)")
	fs.StringVar(&c.VAPIDPrivateKey, "vapid-private-key", c.VAPIDPrivateKey, "Web Push VAPID private key, base64url (HADIR_VAPID_PRIVATE_KEY)")
	fs.StringVar(&c.VAPIDSubject, "vapid-subject", c.VAPIDSubject, "contact for push services: https URL or e-mail (HADIR_VAPID_SUBJECT; default the base URL)")
	allow := fs.String("push-allow", strings.Join(c.PushAllow, ","), "extra push-service URL prefixes, comma-separated (HADIR_PUSH_ALLOW)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(usage)
			fs.PrintDefaults()
			return c, ErrHelp
		}
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	c.PushAllow = splitList(*allow)
	if err := c.LogLevel.UnmarshalText([]byte(*level)); err != nil {
		return c, fmt.Errorf("--log-level: unknown level %q (use debug, info, warn or error)", *level)
	}
	return c, c.Validate()
}

func (c *Config) fromEnv(getenv func(string) string) error {
	str := map[string]*string{
		"HADIR_ADDR": &c.Addr, "HADIR_DATABASE_URL": &c.DatabaseURL, "HADIR_BASE_URL": &c.BaseURL,
		"HADIR_TIMEZONE": &c.Timezone, "HADIR_LOG_FORMAT": &c.LogFormat,
		"HADIR_VAPID_PUBLIC_KEY": &c.VAPIDPublicKey, "HADIR_VAPID_PRIVATE_KEY": &c.VAPIDPrivateKey,
		"HADIR_VAPID_SUBJECT":   &c.VAPIDSubject,
		"HADIR_TRUSTED_PROXIES": &c.TrustedProxies, "HADIR_METRICS_ADDR": &c.MetricsAddr, "HADIR_METRICS_TOKEN": &c.MetricsToken,
	}
	for k, p := range str {
		if v := getenv(k); v != "" {
			*p = v
		}
	}
	for k, p := range map[string]*bool{"HADIR_DEMO": &c.Demo, "HADIR_MIGRATE": &c.Migrate} {
		if v := getenv(k); v != "" {
			b, err := strconv.ParseBool(v)
			if err != nil {
				return fmt.Errorf("%s: %q is not true or false", k, v)
			}
			*p = b
		}
	}
	if v := getenv("HADIR_PUSH_ALLOW"); v != "" {
		c.PushAllow = splitList(v)
	}
	if v := getenv("HADIR_LOG_LEVEL"); v != "" {
		if err := c.LogLevel.UnmarshalText([]byte(v)); err != nil {
			return fmt.Errorf("HADIR_LOG_LEVEL: unknown level %q", v)
		}
	}
	return nil
}

// Validate checks every field and fills the derived ones (DB, BaseURL,
// Timezone's canonical name). Its error is one line naming the flag.
func (c *Config) Validate() error {
	port, err := validateAddr(c.Addr)
	if err != nil {
		return fmt.Errorf("--addr: %w", err)
	}
	if c.DB, err = ParseDatabaseURL(c.DatabaseURL); err != nil {
		return fmt.Errorf("--database-url: %w", err)
	}
	if c.BaseURL == "" && port != "0" {
		c.BaseURL = "http://localhost:" + port
	}
	if c.BaseURL != "" { // empty with port 0: the server sets it once the port is bound
		if c.BaseURL, err = validateBaseURL(c.BaseURL); err != nil {
			return fmt.Errorf("--base-url: %w", err)
		}
	}
	if c.Timezone, err = CanonicalZone(c.Timezone); err != nil {
		return fmt.Errorf("--timezone: %w", err)
	}
	if c.LogFormat != "json" && c.LogFormat != "text" {
		return fmt.Errorf("--log-format: %q is not json or text", c.LogFormat)
	}
	if c.Proxies, err = ParseProxies(c.TrustedProxies); err != nil {
		return fmt.Errorf("--trusted-proxies: %w", err)
	}
	if c.MetricsAddr != "" {
		if _, err := validateAddr(c.MetricsAddr); err != nil {
			return fmt.Errorf("--metrics-addr: %w", err)
		}
	}
	if c.MetricsToken != "" && len(c.MetricsToken) < 16 {
		return fmt.Errorf("--metrics-token: use at least 16 characters")
	}
	return c.validatePush()
}

// ParseProxies reads a comma-separated list of IPs and CIDRs; a bare IP is a
// /32 (or /128).
func ParseProxies(raw string) ([]*net.IPNet, error) {
	var out []*net.IPNet
	for _, part := range strings.Split(raw, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if !strings.Contains(part, "/") {
			ip := net.ParseIP(part)
			if ip == nil {
				return nil, fmt.Errorf("%q is not an IP address or CIDR", part)
			}
			bits := 128
			if ip.To4() != nil {
				ip, bits = ip.To4(), 32
			}
			out = append(out, &net.IPNet{IP: ip, Mask: net.CIDRMask(bits, bits)})
			continue
		}
		_, n, err := net.ParseCIDR(part)
		if err != nil {
			return nil, fmt.Errorf("%q is not an IP address or CIDR", part)
		}
		out = append(out, n)
	}
	return out, nil
}

func validateAddr(addr string) (port string, err error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", fmt.Errorf("%q is not host:port (for example :8080 or 127.0.0.1:8080)", addr)
	}
	if host != "" && host != "localhost" && net.ParseIP(host) == nil {
		return "", fmt.Errorf("%q: host must be an IP address, localhost or empty", addr)
	}
	n, err := strconv.Atoi(port)
	if err != nil || n < 0 || n > 65535 {
		return "", fmt.Errorf("%q: port must be a number from 0 to 65535", addr)
	}
	return port, nil
}

// ParseDatabaseURL accepts sqlite:PATH (sqlite://PATH too) and
// postgres://… or postgresql://….
func ParseDatabaseURL(raw string) (Database, error) {
	switch {
	case strings.HasPrefix(raw, "postgres://"), strings.HasPrefix(raw, "postgresql://"):
		u, err := url.Parse(raw)
		if err != nil || u.Host == "" {
			return Database{}, fmt.Errorf("%q is not a valid PostgreSQL URL (postgres://user:pass@host:5432/db)", redact(raw))
		}
		return Database{Dialect: "postgres", DSN: raw}, nil
	case strings.HasPrefix(raw, "sqlite:"):
		path := strings.TrimPrefix(strings.TrimPrefix(raw, "sqlite:"), "//")
		if path == "" || strings.ContainsAny(path, "?#") {
			return Database{}, fmt.Errorf("%q: give a file path, e.g. sqlite:hadir.db", raw)
		}
		return Database{Dialect: "sqlite", DSN: path}, nil
	}
	return Database{}, fmt.Errorf("%q: unsupported database (use sqlite:PATH or postgres://…)", redact(raw))
}

// redact hides a password in a URL before it reaches an error message.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	return u.Redacted()
}

func validateBaseURL(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("%q is not an http(s) origin such as https://hadir.example.go.id", raw)
	}
	if u.Path != "" && u.Path != "/" || u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("%q: give only scheme and host, no path", raw)
	}
	host := u.Hostname()
	if u.Scheme == "http" && host != "localhost" && !strings.HasSuffix(host, ".localhost") {
		return "", fmt.Errorf("%q: passkeys need https except on localhost", raw)
	}
	if net.ParseIP(host) != nil {
		return "", fmt.Errorf("%q: passkeys need a host name, not an IP address (use localhost)", raw)
	}
	return u.Scheme + "://" + u.Host, nil
}

// zoneAliases maps the Indonesian zone abbreviations to IANA names.
var zoneAliases = map[string]string{"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}

// indonesianZones are the IANA zones in use in Indonesia.
var indonesianZones = map[string]bool{"Asia/Jakarta": true, "Asia/Pontianak": true, "Asia/Makassar": true, "Asia/Jayapura": true}

// CanonicalZone returns the IANA name for WIB/WITA/WIT or an Indonesian IANA
// zone, and an error for anything else.
func CanonicalZone(z string) (string, error) {
	if iana, ok := zoneAliases[strings.ToUpper(z)]; ok {
		z = iana
	}
	if !indonesianZones[z] {
		return "", fmt.Errorf("%q is not an Indonesian time zone (WIB, WITA, WIT, Asia/Jakarta, Asia/Pontianak, Asia/Makassar, Asia/Jayapura)", z)
	}
	if _, err := time.LoadLocation(z); err != nil {
		return "", fmt.Errorf("time zone %q is unknown to this system: %v", z, err)
	}
	return z, nil
}

// ZoneLabel returns WIB, WITA or WIT for an Indonesian IANA zone.
func ZoneLabel(iana string) string {
	switch iana {
	case "Asia/Makassar":
		return "WITA"
	case "Asia/Jayapura":
		return "WIT"
	}
	return "WIB"
}
