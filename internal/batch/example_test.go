package batch_test

import (
	"context"
	"fmt"

	"github.com/hadir-id/hadir/internal/batch"
)

type checkin struct {
	Key      string // idempotency key
	Employee int64
}

// stored is the per-item outcome: a duplicate key is not an error of the
// batch, it is answered with the row that already exists.
type stored struct {
	ID        int64
	Duplicate bool
}

// The store's Commit opens one transaction for the whole batch, resolves
// per-item outcomes inside it, and returns one result per item in order.
func Example() {
	ids := map[string]int64{} // stands in for the table
	commit := func(ctx context.Context, items []checkin) ([]stored, error) {
		out := make([]stored, len(items))
		for i, c := range items {
			if id, ok := ids[c.Key]; ok {
				out[i] = stored{ID: id, Duplicate: true}
				continue
			}
			ids[c.Key] = int64(len(ids) + 1)
			out[i] = stored{ID: ids[c.Key]}
		}
		return out, nil // commit here; an error would fail every item
	}
	w := batch.New(commit, batch.Options{})
	defer w.Close()

	ctx := context.Background()
	first, _ := w.Submit(ctx, checkin{Key: "k1", Employee: 7})
	retry, _ := w.Submit(ctx, checkin{Key: "k1", Employee: 7})
	fmt.Println(first, retry)
	// Output: {1 false} {1 true}
}
