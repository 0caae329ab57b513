package cli_test

import (
	"bytes"
	"fmt"
	"image"
	pngenc "image/png"
	"io"
	"math/rand/v2"
	"net/http"
	"strings"
	"testing"
)

// put sends raw bytes with a content type; it returns the status and body.
func put(t *testing.T, c *http.Client, url, ctype string, body []byte) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest("PUT", url, bytes.NewReader(body))
	req.Header.Set("Content-Type", ctype)
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, b
}

// evidence: a photo is attached to a draft; a wrong type, a mismatched
// file and one over the setting are refused naming the field, nothing
// stored; the supervisor reads it back.
func (k *kin) evidence(t *testing.T, bkd *http.Client, id int64) {
	p := k.p
	var png bytes.Buffer
	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	rng := rand.New(rand.NewPCG(1, 2)) // noise: a PNG over 1 KB
	for i := range img.Pix {
		img.Pix[i] = byte(rng.IntN(256))
	}
	if err := pngenc.Encode(&png, img); err != nil {
		t.Fatal(err)
	}
	url := fmt.Sprintf("%s/api/v1/kinerja/entries/%d/evidence", p.Base, id)
	for _, c := range []struct {
		ctype string
		body  []byte
	}{{"text/plain", []byte("bukan foto")}, {"image/png", []byte("bukan foto")}, {"image/svg+xml", []byte("<svg/>")}} {
		if st, b := put(t, k.emp, url, c.ctype, c.body); st != 400 || !strings.Contains(string(b), `"field":"evidence"`) {
			t.Fatalf("%s evidence: %d %s", c.ctype, st, b)
		}
	}
	set := p.GetJSON(t, bkd, "/api/v1/kinerja/settings", 200)
	set["max_evidence_kb"] = 1
	delete(set, "updated_at")
	p.Do(t, bkd, "PUT", "/api/v1/kinerja/settings", set, 200)
	if st, b := put(t, k.emp, url, "image/png", png.Bytes()); st != 400 || !strings.Contains(string(b), "kinerja.evidence_too_large") {
		t.Fatalf("evidence over the setting (%d B): %d %s", png.Len(), st, b)
	}
	p.GetJSON(t, k.sup, fmt.Sprintf("/api/v1/kinerja/entries/%d/evidence", id), 404) // nothing stored
	set["max_evidence_kb"] = 200
	p.Do(t, bkd, "PUT", "/api/v1/kinerja/settings", set, 200)
	if st, b := put(t, k.emp, url, "image/png", png.Bytes()); st != 200 || !strings.Contains(string(b), `"evidence_file":"image/png"`) {
		t.Fatalf("evidence: %d %s", st, b)
	}
	got := p.GetText(t, k.sup, fmt.Sprintf("/api/v1/kinerja/entries/%d/evidence", id), 200)
	if got != png.String() {
		t.Fatalf("the supervisor reads %d B back, want %d", len(got), png.Len())
	}
	p.GetJSON(t, k.emp, fmt.Sprintf("/api/v1/kinerja/entries/%d/evidence", 999999), 404)
}
