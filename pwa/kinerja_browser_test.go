package pwa_test

import (
	"context"
	"fmt"
	"image"
	"image/png"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/hadir-id/hadir/internal/cli/clitest"
)

// kinerjaSetup gives the demo employee an SKP and logs three earlier days
// through the API (each day submitted); it returns the dates logged.
func kinerjaSetup(t *testing.T, p *clitest.Program, emp *http.Client) (dates []string) {
	t.Helper()
	zone, _ := time.LoadLocation("Asia/Jakarta")
	now := time.Now().In(zone)
	skp := p.Do(t, emp, "PUT", fmt.Sprintf("/api/v1/kinerja/skp/%d", now.Year()), map[string]any{"rhks": []any{
		map[string]any{"kind": "utama", "text": "Jaringan OPD terpelihara", "indicator": "Laporan pemeliharaan", "target_qty": 12, "target_unit": "laporan"}}}, 200)
	rhk := clitest.ID(skp["rhks"].([]any)[0].(map[string]any))
	for i := 3; i >= 1; i-- {
		d := now.AddDate(0, 0, -i).Format("2006-01-02")
		if now.AddDate(0, 0, -i).Year() != now.Year() {
			continue // the RHK is this year's
		}
		for j, what := range []string{"Memeriksa jaringan kantor", "Menyusun laporan harian"} {
			p.PostJSON(t, emp, "/api/v1/kinerja/entries", map[string]any{"date": d, "rhk_id": rhk, "what": what, "volume": j + 1, "unit": "kegiatan", "minutes": 90 + 30*j}, 201)
		}
		p.PostJSON(t, emp, "/api/v1/kinerja/entries/submit", map[string]any{"from": d, "to": d}, 200)
		dates = append(dates, d)
	}
	return dates
}

// entriesOf lists the employee's entries of [from, to] by status.
func entriesOf(t *testing.T, p *clitest.Program, c *http.Client, from, to string) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, e := range clitest.Items(p.GetJSON(t, c, "/api/v1/kinerja/entries?from="+from+"&to="+to, 200)) {
		out[e["status"].(string)]++
	}
	return out
}

// An employee logs today with "repeat yesterday" in three taps from the
// open app (Kinerja, Ulangi kemarin, Kirim); their supervisor approves the
// team's week on one screen, on a phone (360 px) and a desktop (1366×768).
func TestBrowserKinerja(t *testing.T) {
	needChromium(t)
	p := clitest.Start(t, "sqlite:"+filepath.Join(t.TempDir(), "hadir.db"))
	who := demoPersona(t, p)
	dates := kinerjaSetup(t, p, who.worker)
	today := time.Now().In(mustZone(t)).Format("2006-01-02")

	ctx := newBrowser(t)
	ctx, cancel := context.WithTimeout(ctx, 3*time.Minute)
	defer cancel()
	prepare(t, ctx)
	must(t, chromedp.Do(ctx, chromedp.Navigate(p.Base+"/")), "navigate")
	click(t, ctx, "#continue")
	waitJS(t, ctx, `!!document.querySelector("#code")`, "enrol screen")
	must(t, chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS("#code"), who.code)), "type code")
	click(t, ctx, "#enrol")
	waitJS(t, ctx, `!!document.querySelector("#tap")`, "today screen")

	threeTaps(t, ctx, p, who, today)
	oneEntryBytes(t, ctx, p)
	photoShrunk(t, ctx, p, who, today)
	p.PostJSON(t, who.worker, "/api/v1/kinerja/entries/submit", map[string]any{"from": today, "to": today}, 200)
	supervisorWeek(t, p, who, dates, today)
}

// threeTaps: from the open app, Kinerja → Ulangi kemarin → Kirim.
func threeTaps(t *testing.T, ctx context.Context, p *clitest.Program, who persona, today string) {
	click(t, ctx, "#nav-kinerja")
	waitJS(t, ctx, `!!document.querySelector("#repeat") && !!document.querySelector("#kprog")`, "kinerja screen")
	// The bar's width is set through the CSSOM: the page's CSP refuses style attributes.
	waitJS(t, ctx, `document.querySelector("#kbar span").style.width !== "" && "ok"`, "progress bar drawn under the CSP")
	shot(t, ctx, "20-kinerja-before")
	checkLayout(t, ctx, "kinerja log")
	click(t, ctx, "#repeat")
	waitJS(t, ctx, `document.querySelector("#submit-day") && !document.querySelector("#submit-day").disabled && "ok"`, "drafts repeated")
	click(t, ctx, "#submit-day")
	waitJS(t, ctx, `document.querySelector("#kentries") && !document.querySelector("#kentries .draft") && document.querySelectorAll("#kentries .submitted").length >= 2 && "ok"`, "today submitted")
	shot(t, ctx, "21-kinerja-repeated-submitted")
	if got := entriesOf(t, p, who.worker, today, today); got["submitted"] != 2 || len(got) != 1 {
		t.Fatalf("today's entries after three taps: %v", got)
	}

}

// oneEntryBytes: one entry typed in the form, its POST's round trip on the
// wire as the server counts it (request line, headers and body both ways).
func oneEntryBytes(t *testing.T, ctx context.Context, p *clitest.Program) {
	before := wireBytes(t, p)
	must(t, chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS("#kwhat"), "Menyiapkan ruang rapat")), "what")
	must(t, chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS("#kmin"), "30")), "minutes")
	click(t, ctx, "#ksave")
	waitJS(t, ctx, `document.querySelectorAll("#kentries .draft").length === 1 && "ok"`, "the typed entry")
	after := wireBytes(t, p)
	up, down := after["in POST /api/v1/kinerja/entries"]-before["in POST /api/v1/kinerja/entries"], after["out POST /api/v1/kinerja/entries"]-before["out POST /api/v1/kinerja/entries"]
	t.Logf("one entry on the wire: up %.0f B, down %.0f B, total %.0f B", up, down, up+down)
	if up == 0 || up+down > 2048 {
		t.Errorf("one entry's round trip %.0f B (up %.0f, down %.0f), aim ≤ 2,048 B", up+down, up, down)
	}

}

// photoShrunk: a phone photo (3,000×2,000 of noise, ~17 MB as PNG)
// attached to a new entry is shrunk in the browser before the upload.
func photoShrunk(t *testing.T, ctx context.Context, p *clitest.Program, who persona, today string) {
	big := filepath.Join(t.TempDir(), "foto.png")
	writeNoisePNG(t, big, 3000, 2000)
	must(t, chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS("#kwhat"), "Dokumentasi kegiatan")), "what")
	must(t, chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS("#kmin"), "20")), "minutes")
	must(t, chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.CSS("#kfile"), []string{big})), "file")
	click(t, ctx, "#ksave")
	waitJS(t, ctx, `document.querySelectorAll("#kentries .draft").length === 2 && document.querySelector("#kentries a.ev") && "ok"`, "the entry with its photo")
	var photoID int64
	for _, e := range clitest.Items(p.GetJSON(t, who.worker, "/api/v1/kinerja/entries?from="+today+"&to="+today, 200)) {
		if e["evidence_file"] != nil {
			if e["evidence_file"] != "image/jpeg" {
				t.Errorf("evidence stored as %v, want the browser's JPEG", e["evidence_file"])
			}
			photoID = clitest.ID(e)
		}
	}
	photo := p.GetText(t, who.worker, fmt.Sprintf("/api/v1/kinerja/entries/%d/evidence", photoID), 200)
	t.Logf("a 3000×2000 photo uploaded as %d B", len(photo))
	if len(photo) == 0 || len(photo) > 200*1024 {
		t.Errorf("uploaded photo %d B, want ≤ 200 KB", len(photo))
	}
	shot(t, ctx, "21b-kinerja-typed-and-photo")

}

// supervisorWeek: the supervisor approves the team's pending week on one
// screen, checked at 360 px and at 1366×768.
func supervisorWeek(t *testing.T, p *clitest.Program, who persona, dates []string, today string) {
	sctx := newBrowser(t)
	sctx, scancel := context.WithTimeout(sctx, 2*time.Minute)
	defer scancel()
	prepare(t, sctx)
	must(t, chromedp.Do(sctx, chromedp.Navigate(p.Link(p.Links["supervisor"][0]))), "supervisor sign-in")
	click(t, sctx, "#continue")
	click(t, sctx, "#nav-reviews")
	n := waitJS(t, sctx, `document.querySelector("#approve-all") && document.querySelectorAll("#kteam input[type=checkbox][value]:checked").length`, "team week")
	var ticked int
	fmt.Sscan(n, &ticked)
	if ticked < 2*(len(dates)+1)+2 { // the demo's other team members wait too
		t.Errorf("%d entries ticked, want at least the employee's %d", ticked, 2*(len(dates)+1)+2)
	}
	t.Logf("the team's pending week: %d entries", ticked)
	wide, _ := chromedp.Run(sctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
	if wide > 360 {
		t.Errorf("approval screen is %d px wide at 360 px", wide)
	}
	shot(t, sctx, "22-approve-week-phone")
	_, err := chromedp.Call(sctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{Width: 1366, Height: 768, DeviceScaleFactor: 1, Mobile: false})
	must(t, err, "desktop")
	waitJS(t, sctx, `document.querySelector("#kteam-month tbody tr") && "ok"`, "team month table")
	shot(t, sctx, "23-approve-week-desktop")
	// One screen: scrolled to the section, the decision buttons and the
	// whole week's table are in the 768 px viewport at once.
	_, _ = chromedp.Run(sctx, chromedp.Evaluate[any](`document.querySelector("#sec-kinerja").scrollIntoView()`))
	inView, _ := chromedp.Run(sctx, chromedp.Evaluate[bool](`(() => { const a = document.querySelector("#approve-all").getBoundingClientRect(), w = document.querySelector("#kweek").getBoundingClientRect(); return a.top >= 0 && w.bottom <= innerHeight; })()`))
	if !inView {
		t.Error("the week's decision and table do not fit one 1366×768 screen")
	}
	click(t, sctx, "#approve-all")
	waitJS(t, sctx, `!document.querySelector("#approve-all") && "ok"`, "nothing left to approve")
	shot(t, sctx, "24-approved")

	supervisorForms(t, sctx, who)
	first := dates[0]
	if len(dates) == 0 {
		first = today
	}
	if got := entriesOf(t, p, who.worker, first, today); got["approved"] != 2*(len(dates)+1)+2 || len(got) != 1 {
		t.Fatalf("after approving the week: %v", got)
	}
}

// supervisorForms: the month's evaluation of the employee and a Plh
// appointment, from the same section.
func supervisorForms(t *testing.T, sctx context.Context, who persona) {
	// The month's evaluation of the employee: results and every value
	// above expectation → Sangat Baik, computed by the server.
	click(t, sctx, "#ev-card summary")
	_, err := chromedp.Run(sctx, chromedp.Evaluate[any](fmt.Sprintf(`(() => {
		document.querySelector("#ev-who").value = "%d";
		for (const s of document.querySelectorAll("#ev-card select:not(#ev-who)")) s.value = "di_atas";
	})()`, who.empID)))
	must(t, err, "ratings")
	click(t, sctx, "#ev-send")
	if got := waitJS(t, sctx, `document.querySelector("#ev-result").textContent`, "predikat"); got != "Predikat: Sangat Baik" {
		t.Errorf("evaluation answered %q", got)
	}
	shot(t, sctx, "25-evaluated")
	// Against an organisation predikat of "Butuh Perbaikan" (at least 60 %
	// Butuh Perbaikan, at most 10 % Sangat Baik), the one Sangat Baik breaks
	// the pattern: the warnings, worded from the server's keys, name the
	// predikat.
	_, err = chromedp.Run(sctx, chromedp.Evaluate[any](`(() => { const o = document.querySelector("#ev-org"); o.value = "butuh_perbaikan"; o.dispatchEvent(new Event("change")); })()`))
	must(t, err, "organisation predikat")
	if got := waitJS(t, sctx, `[...document.querySelectorAll("#ev-dist li")].map((l) => l.textContent).join(" | ")`, "distribution check"); !strings.Contains(got, "Sangat Baik 100% melebihi batas 10%") {
		t.Errorf("distribution warning %q, want Sangat Baik over 10 %%", got)
	}
	shot(t, sctx, "25b-distribution")

	// A Plh from the team for today: it is listed as in force.
	click(t, sctx, "#dg-card summary")
	_, err = chromedp.Run(sctx, chromedp.Evaluate[any](fmt.Sprintf(`document.querySelector("#dg-who").value = "%d"`, who.empID)))
	must(t, err, "acting")
	click(t, sctx, "#dg-send")
	waitJS(t, sctx, `document.querySelector("#dg-list li") && document.querySelector("#dg-list li").textContent.startsWith("PLH")`, "delegation listed")
}

func mustZone(t *testing.T) *time.Location {
	z, err := time.LoadLocation("Asia/Jakarta")
	must(t, err, "zone")
	return z
}

// writeNoisePNG writes a w×h PNG of random pixels (incompressible, like a
// photo's detail).
func writeNoisePNG(t *testing.T, path string, w, h int) {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range img.Pix {
		img.Pix[i] = byte(rng.IntN(256))
		if i%4 == 3 {
			img.Pix[i] = 255
		}
	}
	f, err := os.Create(path)
	must(t, err, "create png")
	defer f.Close()
	must(t, png.Encode(f, img), "encode png")
}
