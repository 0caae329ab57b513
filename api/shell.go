package api

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

// ShellFS is the embedded web app.
type ShellFS = fs.FS

// shellFile is one embedded file with its validator, computed once at start
// (Echo serving an embed.FS sends none, so every open would re-download).
type shellFile struct {
	body  []byte
	etag  string
	ctype string
}

func loadShell(fsys fs.FS) (map[string]shellFile, error) {
	files := map[string]shellFile{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, ".go") {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		ct := mime.TypeByExtension(path.Ext(p))
		if ct == "" {
			ct = "application/octet-stream"
		}
		files["/"+p] = shellFile{body: b, etag: `"` + hex.EncodeToString(sum[:8]) + `"`, ctype: ct}
		return nil
	})
	return files, err
}

// registerShellRoutes serves the web app: the shell files revalidated with
// an ETag on every open (no-cache), gzip-compressed; app routes such as
// /setup get index.html.
func (s *Server) registerShellRoutes(e *echo.Echo) {
	files, err := loadShell(s.Shell)
	if err != nil || files["/index.html"].body == nil {
		s.Log.Error("web app files missing from the binary", "err", err)
		return
	}
	serve := func(c echo.Context) error {
		p := c.Request().URL.Path
		f, ok := files[p]
		if !ok {
			if path.Ext(p) != "" {
				return echo.ErrNotFound
			}
			f = files["/index.html"]
		}
		h := c.Response().Header()
		h.Set("Cache-Control", "no-cache")
		h.Set("ETag", f.etag)
		h.Set("X-Content-Type-Options", "nosniff")
		if c.Request().Header.Get("If-None-Match") == f.etag {
			return c.NoContent(http.StatusNotModified)
		}
		return c.Blob(http.StatusOK, f.ctype, f.body)
	}
	gz := middleware.GzipWithConfig(middleware.GzipConfig{MinLength: 256})
	e.GET("/", serve, gz)
	e.GET("/*", serve, gz)
}
