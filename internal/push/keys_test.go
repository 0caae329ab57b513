package push_test

import (
	"context"
	"testing"

	"github.com/hadir-id/hadir/internal/push"
	"github.com/hadir-id/hadir/internal/store/storetest"
)

// The pair is generated once, kept, and the same on every later start and
// node; a configured pair overrides it; a broken configured pair is refused.
func TestKeysZeroConfig(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		st := storetest.Open(t, dialect, nil)
		first, err := push.LoadKeys(ctx, st, push.Keys{})
		if err != nil || first.Public == "" {
			t.Fatalf("first start: %+v %v", first, err)
		}
		again, err := push.LoadKeys(ctx, st, push.Keys{})
		if err != nil || again != first {
			t.Fatalf("second start changed the keys: %+v → %+v (%v)", first, again, err)
		}
		other, _ := push.GenerateKeys()
		got, err := push.LoadKeys(ctx, st, other)
		if err != nil || got != other {
			t.Fatalf("override: %+v %v", got, err)
		}
		if _, err := push.LoadKeys(ctx, st, push.Keys{Public: other.Public, Private: first.Private}); err == nil {
			t.Fatal("mismatched override accepted")
		}
		if after, _ := push.LoadKeys(ctx, st, push.Keys{}); after != first {
			t.Fatal("an override replaced the stored pair")
		}
	})
}
