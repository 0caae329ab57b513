package attendance

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sharedCases is the team's spec directory seen from this package; its
// cases run too when it exists, so new shared cases are picked up without
// copying them.
const sharedCases = "../../../shared/spec/cases"

type caseFile struct {
	Case     json.RawMessage `json:"case"`
	Expected json.RawMessage `json:"expected"`
}

func TestSpecCases(t *testing.T) {
	dirs := []string{"testdata/cases"}
	if st, err := os.Stat(sharedCases); err == nil && st.IsDir() {
		dirs = append(dirs, sharedCases)
	}
	n := 0
	for _, dir := range dirs {
		files, err := filepath.Glob(filepath.Join(dir, "*.json"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			n++
			t.Run(dir+"/"+filepath.Base(f), func(t *testing.T) { runCaseFile(t, f) })
		}
	}
	if n == 0 {
		t.Fatal("no case files found")
	}
}

func runCaseFile(t *testing.T, file string) {
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var cf caseFile
	if err := json.Unmarshal(data, &cf); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	got, err := EvaluateJSON(cf.Case)
	if err != nil {
		t.Fatalf("EvaluateJSON: %v", err)
	}
	diffs := semanticDiff("$", mustUnmarshal(t, cf.Expected), mustUnmarshal(t, got))
	if len(diffs) > 0 {
		t.Errorf("result differs from expected:\n%s\ngot:\n%s", strings.Join(diffs, "\n"), got)
	}
}
