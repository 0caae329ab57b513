// Package page owns the one paging rule of every list: keyset paging by id
// (?after= or ?before=), pages of 100 rows unless the caller asks for
// 1–500, and a "next" cursor only when the page came back full.
package page

// Default is the page size when none is asked for: a screen's worth, and
// small enough for a phone's data plan.
const Default = 100

// Max bounds a page so one request never reads a whole regency.
const Max = 500

// Size bounds an asked-for page size to 1..Max, Default when n ≤ 0.
func Size(n int) int {
	switch {
	case n <= 0:
		return Default
	case n > Max:
		return Max
	}
	return n
}

// Next is the cursor of the next page: the last row's id when the page is
// full (there may be more), nil otherwise.
func Next[T any](items []T, asked int, id func(T) int64) *int64 {
	if n := len(items); n > 0 && n == Size(asked) {
		next := id(items[n-1])
		return &next
	}
	return nil
}
