// Package pwa holds Hadir's installable web app (PWA), embedded in the
// binary: index.html, the service worker, the manifest, the catalogues
// (i18n/id.json, i18n/en.json) and assets/ (app.js, app.css, icons).
// api/shell.go serves assets/ under content-hashed names and writes those
// names into index.html, sw.js and the manifest at start.
package pwa

import "embed"

// FS holds the app files served from "/".
//
//go:embed index.html sw.js manifest.webmanifest assets i18n/*.json
var FS embed.FS
