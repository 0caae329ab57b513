package cli

import (
	"context"
	"strings"
	"testing"

	"github.com/hadir-id/hadir/internal/store"
	"github.com/hadir-id/hadir/internal/store/storetest"
)

// An outdated schema is refused without --migrate; `hadir migrate` brings it
// up to date and a second run is a no-op. On both databases.
func TestOutdatedSchemaIsRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		db := storetest.Database(t, dialect)
		url := db.DSN
		if dialect == "sqlite" {
			url = "sqlite:" + db.DSN
		}
		st, err := store.Open(ctx, db, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := st.MigrateTo(ctx, 1); err != nil {
			t.Fatal(err)
		}
		st.Close()

		e, _, errb := env(nil)
		code := Run(ctx, []string{"--database-url", url, "--addr", "127.0.0.1:0"}, e)
		if code != 1 || !strings.Contains(errb.String(), "hadir migrate") {
			t.Fatalf("outdated start: exit %d, stderr %q; want 1 and advice to migrate", code, errb.String())
		}
		for i := range 2 {
			e, out, errb := env(nil)
			if code := Run(ctx, []string{"migrate", "--database-url", url}, e); code != 0 || !strings.Contains(out.String(), "schema at version") {
				t.Fatalf("migrate run %d: exit %d, out %q, err %q", i+1, code, out.String(), errb.String())
			}
		}
	})
}
