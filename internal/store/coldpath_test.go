package store_test

import (
	"context"
	"slices"
	"testing"

	"github.com/hadir-id/hadir/internal/audit"
	"github.com/hadir-id/hadir/internal/checkin"
	"github.com/hadir-id/hadir/internal/device"
	"github.com/hadir-id/hadir/internal/store"
	"github.com/hadir-id/hadir/internal/store/storetest"
)

// The reads of an employee's first check-in answer others on the way: the
// devices say whether anyone else tried to register each key (if not, the
// owner is its only claimant), the employee says whether they have work
// locations (if not, there are none to read). A fresh store (another node,
// or the next minute) sees what was written meanwhile.
func TestColdPathShortcuts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		db := storetest.Database(t, dialect)
		open := func() *store.Store {
			st, err := store.Open(ctx, db, store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { st.Close() })
			return st
		}
		st := open()
		if _, err := st.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		f := mustFixture(t, st)
		owner := f.mustEmployee(t, "199001012015031001", f.a, "2015-03-01")
		other := f.mustEmployee(t, "199001012015031002", f.a, "2015-03-01")
		d := device.Device{EmployeeID: owner.ID, KeyID: "kunci-1", PublicKey: make([]byte, 65), Status: device.Active, Label: "HP"}
		if err := st.RegisterDevice(ctx, &d); err != nil {
			t.Fatal(err)
		}
		claimants := func(st *store.Store, want ...int64) {
			t.Helper()
			devs, err := st.Devices(ctx, owner.ID)
			if err != nil || len(devs) != 1 || devs[0].ID != d.ID || devs[0].KeyID != d.KeyID || devs[0].Status != device.Active ||
				len(devs[0].PublicKey) != 65 || devs[0].RevokedAt != nil {
				t.Fatalf("devices: %+v (err %v)", devs, err)
			}
			got, err := st.DeviceClaimants(ctx, d.ID)
			slices.Sort(got)
			if err != nil || !slices.Equal(got, want) {
				t.Errorf("claimants %v (err %v), want %v", got, err, want)
			}
		}
		claimants(st, owner.ID)
		if err := st.RecordSharedAttempt(ctx, d.KeyID, f.regency.ID, other.ID); err != nil {
			t.Fatal(err)
		}
		claimants(open(), owner.ID, other.ID)

		today := mustDate(t, "2025-03-17")
		locations := func(st *store.Store, want int) {
			t.Helper()
			if _, err := st.Employee(ctx, owner.ID, today); err != nil {
				t.Fatal(err)
			}
			if got, err := st.WorkLocations(ctx, owner.ID); err != nil || len(got) != want {
				t.Errorf("work locations %+v (err %v), want %d", got, err, want)
			}
		}
		locations(st, 0)
		if err := st.AddWorkLocation(ctx, audit.System, f.a.ID, &checkin.WorkLocation{EmployeeID: owner.ID, Kind: checkin.Flexible}); err != nil {
			t.Fatal(err)
		}
		locations(st, 1)     // this node forgot its "none"
		locations(open(), 1) // another node reads it
	})
}
