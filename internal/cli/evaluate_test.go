package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// `hadir evaluate` gives each shared case's expected result (compared as
// JSON values here; the engine's own tests compare instants semantically),
// and bad input exits 2 with one line naming the JSON path and nothing on
// standard output.
func TestEvaluateCommand(t *testing.T) {
	files, _ := filepath.Glob("../attendance/testdata/cases/*.json")
	if shared, _ := filepath.Glob("../../../shared/spec/cases/*.json"); len(shared) > 0 {
		files = append(files, shared...)
	}
	if len(files) < 5 {
		t.Fatalf("found %d case files", len(files))
	}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var c struct {
			Case     json.RawMessage `json:"case"`
			Expected map[string]any  `json:"expected"`
		}
		if err := json.Unmarshal(raw, &c); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), "case.json")
		if err := os.WriteFile(path, c.Case, 0o600); err != nil {
			t.Fatal(err)
		}
		e, out, errb := env(nil)
		if code := Run(context.Background(), []string{"evaluate", path}, e); code != 0 {
			t.Fatalf("%s: exit %d: %s", f, code, errb.String())
		}
		var got map[string]any
		if err := json.Unmarshal(out.Bytes(), &got); err != nil {
			t.Fatalf("%s: output is not JSON: %v", f, err)
		}
		gs, _ := json.Marshal(got["summary"])
		ws, _ := json.Marshal(c.Expected["summary"])
		if string(gs) != string(ws) {
			t.Errorf("%s: summary %s, want %s", filepath.Base(f), gs, ws)
		}
	}
	raw, _ := os.ReadFile(files[0])
	var c struct {
		Case map[string]any `json:"case"`
	}
	_ = json.Unmarshal(raw, &c)
	c.Case["events"] = []any{map[string]any{"at": "2025-03-03 07:30", "type": "in"}}
	bad, _ := json.Marshal(c.Case)
	e, out, errb := env(nil)
	e.Stdin = strings.NewReader(string(bad))
	code := Run(context.Background(), []string{"evaluate"}, e)
	lines := strings.Split(strings.TrimSpace(errb.String()), "\n")
	if code != 2 || out.Len() != 0 || len(lines) != 1 || !strings.Contains(lines[0], "events[0].at") {
		t.Fatalf("bad case: exit %d, stdout %q, stderr %q", code, out.String(), errb.String())
	}
}
