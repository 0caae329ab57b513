package cli_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hadir-id/hadir/internal/bench/softphone"
	"github.com/hadir-id/hadir/internal/cli"
	"github.com/hadir-id/hadir/internal/cli/clitest"
)

// A backup taken while phones check in holds every check-in acknowledged
// before it started, restores into a working database, and `hadir
// restore` keeps the database it replaces and refuses a file that is not a
// Hadir database.
func TestBackupUnderLoad(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "hadir.db")
	p := clitest.Start(t, "sqlite:"+dbPath)
	admin := p.Client(t, p.Links["agency_admin"][0])
	agency := int64(p.GetJSON(t, admin, "/api/v1/me", 200)["admin_agencies"].([]any)[0].(float64))
	phones := enrolPhones(t, p, admin, agency, 3)

	var mu sync.Mutex
	acked := map[int64]time.Time{} // event id → when its 201 arrived
	var stop atomic.Bool
	var wg sync.WaitGroup
	for _, ph := range phones {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; !stop.Load(); i++ {
				id := ph.checkIn(t, p, []string{"in", "out"}[i%2])
				if id == 0 {
					return
				}
				mu.Lock()
				acked[id] = time.Now()
				mu.Unlock()
			}
		}()
	}
	count := func() int { mu.Lock(); defer mu.Unlock(); return len(acked) }
	waitFor(t, func() bool { return count() >= 15 }) // the phones are checking in
	backupFile := filepath.Join(dir, "backup.db")
	started := time.Now()
	if code := runCmd(t, "backup", "--out", backupFile, "--database-url", "sqlite:"+dbPath); code != 0 {
		t.Fatalf("hadir backup: exit %d", code)
	}
	after := count()
	waitFor(t, func() bool { return count() >= after+6 }) // and keep checking in after it
	stop.Store(true)
	wg.Wait()
	p.Stop(t)

	var before []int64
	for id, at := range acked {
		if at.Before(started) {
			before = append(before, id)
		}
	}
	if len(before) < 10 || len(acked) == len(before) {
		t.Fatalf("load around the backup: %d acknowledged before it, %d in all", len(before), len(acked))
	}
	if code := runCmd(t, "restore", filepath.Join(dir, "missing.db"), "--database-url", "sqlite:"+dbPath); code == 0 {
		t.Error("restoring a missing file succeeded")
	}
	junk := filepath.Join(dir, "junk.db")
	must(t, os.WriteFile(junk, []byte("not a database"), 0o600))
	if code := runCmd(t, "restore", junk, "--database-url", "sqlite:"+dbPath); code == 0 {
		t.Error("restoring a file that is not a database succeeded")
	}
	if code := runCmd(t, "restore", backupFile, "--database-url", "sqlite:"+dbPath); code != 0 {
		t.Fatalf("hadir restore: exit %d", code)
	}
	if kept, _ := filepath.Glob(dbPath + ".before-restore-*"); len(kept) == 0 {
		t.Error("restore did not keep the database it replaced")
	}
	db, err := sql.Open("sqlite", "file:"+dbPath+"?mode=ro")
	must(t, err)
	defer db.Close()
	for _, id := range before {
		var n int
		must(t, db.QueryRow("SELECT count(*) FROM attendance_events WHERE id = ?", id).Scan(&n))
		if n != 1 {
			t.Fatalf("check-in %d, acknowledged before the backup started, is not in it", id)
		}
	}
	t.Logf("%d check-ins acknowledged before the backup, all restored; %d in all", len(before), len(acked))
	clitest.Start(t, "sqlite:"+dbPath) // the restored database serves
}

// waitFor polls until ok or a minute has passed.
func waitFor(t *testing.T, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); !ok(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("gave up waiting for the load")
		}
	}
}

// runCmd runs a hadir command in-process and returns its exit status.
func runCmd(t *testing.T, args ...string) int {
	t.Helper()
	var out strings.Builder
	e := cli.Env{Getenv: func(string) string { return "" }, Stdin: strings.NewReader(""), Stdout: &out, Stderr: &out}
	code := cli.Run(context.Background(), args, e)
	t.Logf("hadir %s: %d %s", args[0], code, strings.TrimSpace(out.String()))
	return code
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// phone is an enrolled employee's app: a software authenticator, its
// session and its next challenge.
type phone struct {
	ph   *softphone.Phone
	app  *http.Client
	fix  softphone.Fix
	next string
}

// enrolPhones enrols n employees of an agency with software
// authenticators (enrolPhone) and fetches each one's first challenge.
func enrolPhones(t *testing.T, p *clitest.Program, admin *http.Client, agency int64, n int) []*phone {
	t.Helper()
	emps := clitest.Items(p.GetJSON(t, admin, fmt.Sprintf("/api/v1/employees?agency_id=%d&limit=%d", agency, n), 200))
	sites := clitest.Items(p.GetJSON(t, admin, fmt.Sprintf("/api/v1/agencies/%d/sites", agency), 200))
	fix := softphone.Fix{Lat: sites[0]["lat"].(float64), Lon: sites[0]["lon"].(float64), AccuracyM: 12}
	var out []*phone
	for _, e := range emps {
		ph, app := enrolPhone(t, p, admin, clitest.ID(e))
		ch := p.GetJSON(t, app, "/api/v1/checkins/challenge?device_key_id="+ph.KeyID, 200)
		out = append(out, &phone{ph: ph, app: app, fix: fix, next: ch["challenge"].(string)})
	}
	return out
}

// checkIn sends one check-in on the phone's next challenge and returns the
// stored event's id.
func (f *phone) checkIn(t *testing.T, p *clitest.Program, typ string) int64 {
	r, err := f.ph.Checkin(softphone.CheckinOptions(f.next, "localhost"), typ, f.fix, time.Now(), false)
	if err != nil {
		t.Error(err)
		return 0
	}
	res, err := f.app.Post(p.Base+"/api/v1/checkins", "application/json", strings.NewReader(string(clitest.JSON(t, r))))
	if err != nil {
		t.Error(err)
		return 0
	}
	defer res.Body.Close()
	if res.StatusCode != 201 {
		b, _ := io.ReadAll(res.Body)
		t.Errorf("check-in: %d %s", res.StatusCode, b)
		return 0
	}
	var v struct {
		Event struct{ ID int64 }         `json:"event"`
		Next  struct{ Challenge string } `json:"next_challenge"`
	}
	if err := json.NewDecoder(res.Body).Decode(&v); err != nil {
		t.Error(err)
	}
	f.next = v.Next.Challenge
	return v.Event.ID
}
