package setup_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/hadir-id/hadir/internal/apperr"
	"github.com/hadir-id/hadir/internal/setup"
	"github.com/hadir-id/hadir/internal/store/storetest"
)

func TestFirstRun(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		st := storetest.Open(t, dialect, nil)
		svc := &setup.Service{Store: st}
		link, ok, err := svc.Link(ctx, "https://hadir.example.go.id")
		if err != nil || !ok || !strings.HasPrefix(link, "https://hadir.example.go.id/setup#") {
			t.Fatalf("link: %q %v %v", link, ok, err)
		}
		token := link[strings.Index(link, "#")+1:]
		bad := setup.Request{Token: token, RegencyName: "Kab. Uji", Timezone: "CET", AdminName: "Admin"}
		if _, err := svc.Complete(ctx, bad, "test"); apperr.CodeOf(err) != apperr.Invalid {
			t.Fatalf("bad zone: %v", err)
		}
		req := setup.Request{Token: token, RegencyName: "Pemerintah Kabupaten Uji", Timezone: "WITA", AdminName: "Admin BKD"}
		var wg sync.WaitGroup
		results := make(chan error, 4)
		for range 4 { // a double tap must not create two administrators
			wg.Add(1)
			go func() { defer wg.Done(); _, err := svc.Complete(ctx, req, "test"); results <- err }()
		}
		wg.Wait()
		close(results)
		wins := 0
		for err := range results {
			if err == nil {
				wins++
			} else if apperr.CodeOf(err) != apperr.Unauthorized {
				t.Errorf("concurrent setup: %v", err)
			}
		}
		if wins != 1 {
			t.Fatalf("%d setups succeeded, want 1", wins)
		}
		rs, _ := st.Regencies(ctx)
		if len(rs) != 1 || rs[0].Timezone != "Asia/Makassar" {
			t.Fatalf("regencies: %+v", rs)
		}
		if _, ok, _ := svc.Link(ctx, "https://x"); ok {
			t.Fatal("a setup link is offered after setup")
		}
	})
}
