package page

import "testing"

func TestSize(t *testing.T) {
	for _, c := range []struct{ in, want int }{{-1, Default}, {0, Default}, {1, 1}, {Max, Max}, {Max + 1, Max}} {
		if got := Size(c.in); got != c.want {
			t.Errorf("Size(%d) = %d, want %d", c.in, got, c.want)
		}
	}
}

func TestNext(t *testing.T) {
	id := func(v int64) int64 { return v }
	if got := Next([]int64{1, 2, 3}, 3, id); got == nil || *got != 3 {
		t.Errorf("full page: next %v, want 3", got)
	}
	if got := Next([]int64{1, 2}, 3, id); got != nil {
		t.Errorf("short page: next %v, want none", *got)
	}
	if got := Next([]int64{}, 0, id); got != nil {
		t.Errorf("empty page: next %v, want none", *got)
	}
}
