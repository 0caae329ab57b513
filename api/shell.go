package api

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"sort"
	"strings"

	"github.com/labstack/echo/v4"
)

// ShellFS is the embedded web app.
type ShellFS = fs.FS

// shellFile is one embedded file as served, with its validator and a
// gzip copy, computed once at start (Echo serving an embed.FS sends no
// validators, so every open would re-download the app).
type shellFile struct {
	body      []byte
	gz        []byte // nil when gzip does not pay
	etag      string
	ctype     string
	immutable bool // content-hashed name under /assets/
}

// Files whose text names other files: the hashed asset URLs are written
// into them at start.
var shellRefs = map[string]bool{"index.html": true, "sw.js": true, "manifest.webmanifest": true}

// loadShell reads the embedded app. Files under assets/ are served under a
// content-hashed name (/assets/app.1a2b3c4d.js, cached for a year); the
// entry points (index.html, sw.js, manifest.webmanifest, i18n catalogues)
// keep their names, are revalidated with an ETag, and get the hashed URLs
// substituted. sw.js gets the precache list in place of /*SHELL*/ and a
// version in place of %VERSION%.
func loadShell(fsys fs.FS) (map[string]*shellFile, error) {
	raw := map[string][]byte{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, ".go") || strings.HasSuffix(p, ".md") {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		raw[p] = b
		return err
	})
	if err != nil {
		return nil, err
	}
	files := map[string]*shellFile{}
	names, err := hashAssets(raw, files)
	if err != nil {
		return nil, err
	}
	var repl []string
	for p, h := range names {
		repl = append(repl, `"/`+p+`"`, `"`+h+`"`)
	}
	r := strings.NewReplacer(repl...)
	index := r.Replace(string(raw["index.html"]))
	var shell, lazy []string
	for p, h := range names {
		switch {
		case path.Ext(p) == ".png": // icons are fetched at install, not precached
		case strings.Contains(index, `"`+h+`"`):
			shell = append(shell, h)
		default:
			lazy = append(lazy, h) // a screen's module: cached when first fetched
		}
	}
	for p := range raw {
		if strings.HasPrefix(p, "i18n/") {
			shell = append(shell, "/"+p)
		}
	}
	sort.Strings(shell)
	sort.Strings(lazy)
	shell = append([]string{"/", "/manifest.webmanifest"}, shell...)
	list, _ := json.Marshal(shell)
	lazyList, _ := json.Marshal(lazy)
	ver := sha256.New()
	for p, b := range raw {
		if strings.HasPrefix(p, "assets/") {
			continue
		}
		if shellRefs[p] {
			b = []byte(r.Replace(string(b)))
		}
		ver.Write(b)
		raw[p] = b
	}
	ver.Write(list)
	ver.Write(lazyList)
	for p, b := range raw {
		if strings.HasPrefix(p, "assets/") {
			continue
		}
		if p == "sw.js" {
			b = bytes.Replace(b, []byte("/*SHELL*/"), list[1:len(list)-1], 1)
			b = bytes.Replace(b, []byte("/*LAZY*/"), lazyList[1:len(lazyList)-1], 1)
			b = bytes.Replace(b, []byte("%VERSION%"), []byte(hex.EncodeToString(ver.Sum(nil)[:6])), 1)
		}
		files["/"+p] = newShellFile(p, b, false)
	}
	return files, nil
}

// hashAssets names every file under assets/ by the hash of its content
// and adds it to files; it returns path → hashed URL. A module that names
// other assets ("/assets/lib.js") gets their hashed names written in
// before its own hash is taken, so the files are hashed in dependency
// order (leaves first) and a changed module changes the names of the
// modules that import it. An import cycle is an error.
func hashAssets(raw map[string][]byte, files map[string]*shellFile) (map[string]string, error) {
	var pending []string
	for p := range raw {
		if strings.HasPrefix(p, "assets/") {
			pending = append(pending, p)
		}
	}
	sort.Strings(pending)
	names := map[string]string{}
	for len(pending) > 0 {
		var left []string
		for _, p := range pending {
			b, ok := withAssetNames(p, raw, names)
			if !ok {
				left = append(left, p)
				continue
			}
			sum := sha256.Sum256(b)
			ext := path.Ext(p)
			hashed := "/" + strings.TrimSuffix(p, ext) + "." + hex.EncodeToString(sum[:4]) + ext
			names[p] = hashed
			files[hashed] = newShellFile(p, b, true)
		}
		if len(left) == len(pending) {
			return nil, fmt.Errorf("web app assets import each other in a cycle: %v", left)
		}
		pending = left
	}
	return names, nil
}

// withAssetNames returns asset p with the quoted paths of the other assets
// it names replaced by their hashed URLs; false while one of them is not
// hashed yet.
func withAssetNames(p string, raw map[string][]byte, names map[string]string) ([]byte, bool) {
	b := raw[p]
	if path.Ext(p) != ".js" && path.Ext(p) != ".css" {
		return b, true
	}
	var repl []string
	for q := range raw {
		if q == p || !strings.HasPrefix(q, "assets/") || !bytes.Contains(b, []byte(`"/`+q+`"`)) {
			continue
		}
		h, ok := names[q]
		if !ok {
			return nil, false
		}
		repl = append(repl, `"/`+q+`"`, `"`+h+`"`)
	}
	if len(repl) == 0 {
		return b, true
	}
	return []byte(strings.NewReplacer(repl...).Replace(string(b))), true
}

func newShellFile(p string, b []byte, immutable bool) *shellFile {
	sum := sha256.Sum256(b)
	ct := mime.TypeByExtension(path.Ext(p))
	switch path.Ext(p) {
	case ".webmanifest":
		ct = "application/manifest+json"
	case ".js":
		ct = "text/javascript; charset=utf-8"
	case ".json":
		ct = "application/json; charset=utf-8"
	case "":
		ct = "application/octet-stream"
	}
	f := &shellFile{body: b, etag: `"` + hex.EncodeToString(sum[:8]) + `"`, ctype: ct, immutable: immutable}
	if len(b) >= 256 && path.Ext(p) != ".png" {
		var buf bytes.Buffer
		w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		w.Write(b)
		w.Close()
		if buf.Len() < len(b) {
			f.gz = buf.Bytes()
		}
	}
	return f
}

// registerShellRoutes serves the web app: hashed assets immutable for a
// year; index.html (also for app routes such as /setup), sw.js, the
// manifest and the catalogues revalidated with an ETag on every open
// (no-cache); gzip when the client accepts it.
func (s *Server) registerShellRoutes(e *echo.Echo) {
	files, err := loadShell(s.Shell)
	if err != nil || files["/index.html"] == nil {
		s.Log.Error("web app files missing from the binary", "err", err)
		return
	}
	serve := func(c echo.Context) error {
		p := c.Request().URL.Path
		f, ok := files[p]
		if !ok || p == "/index.html" {
			if path.Ext(p) != "" && p != "/index.html" {
				return echo.ErrNotFound
			}
			f = files["/index.html"]
		}
		h := c.Response().Header()
		if f.immutable {
			h.Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			h.Set("Cache-Control", "no-cache")
		}
		h.Set("ETag", f.etag)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Vary", "Accept-Encoding")
		if inm := c.Request().Header.Get("If-None-Match"); inm != "" && strings.Contains(inm, f.etag) {
			return c.NoContent(http.StatusNotModified)
		}
		body := f.body
		if f.gz != nil && strings.Contains(c.Request().Header.Get("Accept-Encoding"), "gzip") {
			h.Set("Content-Encoding", "gzip")
			body = f.gz
		}
		return c.Blob(http.StatusOK, f.ctype, body)
	}
	e.GET("/", serve)
	e.GET("/*", serve)
}
