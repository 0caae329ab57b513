package api

import (
	"bytes"
	"encoding/json"
	"net/url"
	"sort"
	"strconv"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/hadir-id/hadir/internal/apperr"
)

// controlText reports whether s holds a character no text field may hold:
// C0 controls other than tab, newline and carriage return, DEL, and the C1
// range. PostgreSQL refuses NUL (SQLSTATE 22021) and SQLite keeps it
// silently; neither belongs in a name, a note or a search.
func controlText(s string) bool {
	for _, r := range s {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
		case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
			return true
		}
	}
	return false
}

// checkControl refuses a JSON body that is not UTF-8 or whose strings (keys
// or values) hold a control character, naming the field. Raw control bytes
// are already invalid JSON; an escaped one (\u0000) or a raw C1 character
// (a 0xC2 lead byte) is looked for by walking the document, which is done
// only when the body has a \u escape or a 0xC2 byte, so the usual body
// costs two scans.
func checkControl(body []byte) error {
	if !utf8.Valid(body) {
		return apperr.New(apperr.Invalid, "request.bad_utf8")
	}
	if !bytes.Contains(body, []byte(`\u`)) && bytes.IndexByte(body, 0xC2) < 0 {
		return nil
	}
	var doc any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if dec.Decode(&doc) != nil {
		return nil // malformed JSON: the real decode names it
	}
	if path, bad := controlAt(doc, ""); bad {
		return apperr.InvalidField(path, "request.control_char")
	}
	return nil
}

// controlAt finds the first string under v holding a control character and
// returns its JSON path (a.b[2].c).
func controlAt(v any, path string) (string, bool) {
	switch t := v.(type) {
	case string:
		return path, controlText(t)
	case []any:
		for i, e := range t {
			if p, bad := controlAt(e, path+"["+strconv.Itoa(i)+"]"); bad {
				return p, true
			}
		}
	case map[string]any:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys) // the same answer for the same body
		for _, k := range keys {
			p := k
			if path != "" {
				p = path + "." + k
			}
			if controlText(k) {
				return path, true
			}
			if p, bad := controlAt(t[k], p); bad {
				return p, true
			}
		}
	}
	return "", false
}

// refuseControlQuery refuses a request whose query parameters hold a
// control character or invalid UTF-8 (?q=%00), naming the parameter, before
// any handler binds them.
func refuseControlQuery(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if raw := c.Request().URL.RawQuery; raw != "" {
			if err := checkQuery(c.QueryParams()); err != nil {
				return err
			}
		}
		return next(c)
	}
}

func checkQuery(q url.Values) error {
	for name, vals := range q {
		for _, v := range vals {
			if !utf8.ValidString(v) || controlText(v) || controlText(name) {
				return apperr.InvalidField(name, "request.control_char")
			}
		}
	}
	return nil
}
