package cli_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/hadir-id/hadir/internal/cli/clitest"
	"github.com/hadir-id/hadir/internal/i18n"
)

// Errors through the real program speak the caller's language: the same
// refusal in Indonesian (the default) and in English (Accept-Language or
// ?lang=), with the same code, key and field — a sign-in refusal from the
// middleware, a domain's field error with a placeholder (the agency kinds).
func TestErrorsInTheCallersLanguage(t *testing.T) {
	p := clitest.Start(t, "sqlite:"+filepath.Join(t.TempDir(), "hadir.db"))
	bkd := p.Client(t, p.Links["regency_admin"][0])
	anon := &http.Client{Timeout: 10 * time.Second}
	agency := `{"name":"Dinas Uji","code":"UJI","kind":"kantor_pos"}`
	cases := []struct {
		name, method, path, lang, body string
		client                         *http.Client
		status                         int
		key, field, want               string
	}{
		{"sign-in id", "GET", "/api/v1/agencies", "", "", anon, 401, "auth.signin_required", "", "id"},
		{"sign-in en", "GET", "/api/v1/agencies", "en-GB,en;q=0.9", "", anon, 401, "auth.signin_required", "", "en"},
		{"field id", "POST", "/api/v1/agencies", "id-ID", agency, bkd, 400, "org.agency_kind", "kind", "id"},
		{"field en", "POST", "/api/v1/agencies", "en", agency, bkd, 400, "org.agency_kind", "kind", "en"},
		{"?lang=en wins", "POST", "/api/v1/agencies?lang=en", "id", agency, bkd, 400, "org.agency_kind", "kind", "en"},
	}
	for _, c := range cases {
		req, _ := http.NewRequest(c.method, p.Base+c.path, bytes.NewReader([]byte(c.body)))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Origin", p.Base)
		if c.lang != "" {
			req.Header.Set("Accept-Language", c.lang)
		}
		res, err := c.client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var body struct {
			Error struct{ Code, Key, Field, Message string } `json:"error"`
		}
		err = json.NewDecoder(res.Body).Decode(&body)
		res.Body.Close()
		e := body.Error
		if err != nil || res.StatusCode != c.status || e.Key != c.key || e.Field != c.field {
			t.Errorf("%s: %d %+v (%v), want %d key %s field %q", c.name, res.StatusCode, e, err, c.status, c.key, c.field)
			continue
		}
		other := map[string]string{"id": "en", "en": "id"}[c.want]
		if e.Message == "" || e.Message == i18n.T(other, c.key, nil) || e.Message == c.key {
			t.Errorf("%s: message %q is not in %s", c.name, e.Message, c.want)
		}
		if c.key == "org.agency_kind" && !bytes.Contains([]byte(e.Message), []byte("dinas")) {
			t.Errorf("%s: message %q does not list the kinds", c.name, e.Message)
		}
		t.Logf("%s: %s", c.name, e.Message)
	}
}
