package i18n

import (
	"slices"
	"testing"
)

func TestCataloguesHaveTheSameKeys(t *testing.T) {
	id, en := Keys("id"), Keys("en")
	slices.Sort(id)
	slices.Sort(en)
	if !slices.Equal(id, en) || len(id) == 0 {
		t.Fatalf("catalogues differ:\n id %v\n en %v", id, en)
	}
}

func TestRender(t *testing.T) {
	args := map[string]string{"from": "31", "to": "60"}
	if got := T("id", "band.closed", args); got != "31–60 menit" {
		t.Errorf("id: %q", got)
	}
	if got := T("en", "band.closed", args); got != "31–60 min" {
		t.Errorf("en: %q", got)
	}
	if got := T("en", "no.such.key", nil); got != "no.such.key" {
		t.Errorf("missing key: %q", got)
	}
	for in, want := range map[string]string{"": "id", "en-US,en;q=0.9": "en", "fr, en;q=0.5": "en", "id-ID": "id", "de": "id"} {
		if got := Lang(in); got != want {
			t.Errorf("Lang(%q) = %q, want %q", in, got, want)
		}
	}
	if Number("id", 0.5) != "0,5" || Number("en", 1.25) != "1.25" || Number("id", 3) != "3" {
		t.Errorf("numbers: %s %s %s", Number("id", 0.5), Number("en", 1.25), Number("id", 3))
	}
}

func TestRenderPlaceholders(t *testing.T) {
	for _, c := range []struct{ msg, want string }{
		{"{a} dan {b}", "1 dan 2"},
		{"{a}{a}", "11"},
		{"tanpa", "tanpa"},
		{"{c} tetap", "{c} tetap"},
		{"kurung { terbuka", "kurung { terbuka"},
		{"{b", "{b"},
		{"}{a}{", "}1{"},
	} {
		if got := render(c.msg, map[string]string{"a": "1", "b": "2"}); got != c.want {
			t.Errorf("render(%q) = %q, want %q", c.msg, got, c.want)
		}
	}
}
