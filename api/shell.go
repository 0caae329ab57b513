package api

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
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
	var repl []string
	var shell []string
	for p, b := range raw {
		if !strings.HasPrefix(p, "assets/") {
			continue
		}
		sum := sha256.Sum256(b)
		h := hex.EncodeToString(sum[:4])
		ext := path.Ext(p)
		hashed := "/" + strings.TrimSuffix(p, ext) + "." + h + ext
		repl = append(repl, `"/`+p+`"`, `"`+hashed+`"`)
		files[hashed] = newShellFile(p, b, true)
		if ext != ".png" { // icons are fetched at install, not precached
			shell = append(shell, hashed)
		}
	}
	for p := range raw {
		if strings.HasPrefix(p, "i18n/") {
			shell = append(shell, "/"+p)
		}
	}
	sort.Strings(shell)
	shell = append([]string{"/", "/manifest.webmanifest"}, shell...)
	r := strings.NewReplacer(repl...)
	list, _ := json.Marshal(shell)
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
	for p, b := range raw {
		if strings.HasPrefix(p, "assets/") {
			continue
		}
		if p == "sw.js" {
			b = bytes.Replace(b, []byte("/*SHELL*/"), list[1:len(list)-1], 1)
			b = bytes.Replace(b, []byte("%VERSION%"), []byte(hex.EncodeToString(ver.Sum(nil)[:6])), 1)
		}
		files["/"+p] = newShellFile(p, b, false)
	}
	return files, nil
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
