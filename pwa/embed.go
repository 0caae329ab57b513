// Package pwa holds Hadir's web app, embedded in the binary. This first
// shell covers setup and sign-in status; the installable check-in app
// replaces it (see docs/ and the PWA issue).
package pwa

import "embed"

// FS holds the shell files served from "/".
//
//go:embed index.html app.js app.css i18n/*.json
var FS embed.FS
