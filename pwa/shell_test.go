package pwa_test

import (
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hadir-id/hadir/internal/cli/clitest"
)

// The shell's HTTP caching over plain HTTP against the real program:
// content-hashed assets are immutable for a year; index.html, /sw.js and
// the manifest are no-cache with an ETag (304 on If-None-Match); gzip is
// on; the hashed URLs are written into index.html, sw.js and the manifest.
func TestShellHeaders(t *testing.T) {
	p := clitest.Start(t, "sqlite:"+filepath.Join(t.TempDir(), "hadir.db"))
	tr := &http.Transport{DisableCompression: true}
	c := &http.Client{Transport: tr}
	get := func(path string, hdr ...string) (*http.Response, string) {
		t.Helper()
		req, _ := http.NewRequest("GET", p.Base+path, nil)
		req.Header.Set("Accept-Encoding", "gzip")
		for i := 0; i+1 < len(hdr); i += 2 {
			req.Header.Set(hdr[i], hdr[i+1])
		}
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res, string(b)
	}
	plain := func(path string) string {
		t.Helper()
		res, err := http.Get(p.Base + path) // transparent gunzip
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return string(b)
	}
	for _, path := range []string{"/", "/sw.js", "/manifest.webmanifest", "/i18n/id.json", "/riwayat"} {
		res, _ := get(path)
		etag := res.Header.Get("ETag")
		if res.StatusCode != 200 || res.Header.Get("Cache-Control") != "no-cache" || etag == "" || res.Header.Get("Content-Encoding") != "gzip" {
			t.Fatalf("%s: %d %v", path, res.StatusCode, res.Header)
		}
		if res, _ := get(path, "If-None-Match", etag); res.StatusCode != http.StatusNotModified {
			t.Fatalf("%s revalidation: %d, want 304", path, res.StatusCode)
		}
	}
	index := plain("/")
	if !strings.Contains(index, "<noscript>") || !strings.Contains(index, "membutuhkan JavaScript") || !strings.Contains(index, "needs JavaScript") {
		t.Fatalf("index.html lacks the no-JavaScript message in both languages:\n%s", index)
	}
	assets := regexp.MustCompile(`/assets/[a-z0-9-]+\.[0-9a-f]{8}\.(js|css|png)`).FindAllString(index, -1)
	if len(assets) < 3 {
		t.Fatalf("index.html names no hashed assets: %s", index)
	}
	for _, a := range assets {
		res, body := get(a)
		if res.StatusCode != 200 || res.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" || body == "" {
			t.Fatalf("%s: %d %v", a, res.StatusCode, res.Header)
		}
		if !strings.HasSuffix(a, ".png") && res.Header.Get("Content-Encoding") != "gzip" {
			t.Fatalf("%s not gzipped: %v", a, res.Header)
		}
	}
	if res, _ := get("/assets/app.js"); res.StatusCode != 404 {
		t.Fatalf("unhashed asset: %d, want 404", res.StatusCode)
	}
	if res, _ := get("/assets/app.00000000.js"); res.StatusCode != 404 {
		t.Fatalf("wrong hash: %d, want 404", res.StatusCode)
	}
	sw := plain("/sw.js")
	for _, a := range assets {
		if !strings.HasSuffix(a, ".png") && !strings.Contains(sw, `"`+a+`"`) {
			t.Fatalf("sw.js does not precache %s:\n%s", a, sw)
		}
	}
	if strings.Contains(sw, "/*SHELL*/") || strings.Contains(sw, "%VERSION%") {
		t.Fatalf("sw.js placeholders left:\n%s", sw)
	}
	if m := plain("/manifest.webmanifest"); !regexp.MustCompile(`/assets/icon-512\.[0-9a-f]{8}\.png`).MatchString(m) {
		t.Fatalf("manifest icons not hashed:\n%s", m)
	}
	if res, _ := get("/sw.js"); !strings.HasPrefix(res.Header.Get("Content-Type"), "text/javascript") {
		t.Fatalf("sw.js content type %q", res.Header.Get("Content-Type"))
	}
}
