package cli

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
)

func env(vars map[string]string) (Env, *bytes.Buffer, *bytes.Buffer) {
	var out, errb bytes.Buffer
	return Env{Getenv: func(k string) string { return vars[k] }, Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb}, &out, &errb
}

// Each bad setting gives exit status 2 and exactly one line naming it.
func TestBadConfigIsOneLine(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "x.db")
	for _, tc := range []struct {
		name string
		args []string
		vars map[string]string
		want string
	}{
		{"database url scheme", []string{"--database-url", "mysql://x"}, nil, "--database-url"},
		{"database url empty path", []string{"--database-url", "sqlite:"}, nil, "--database-url"},
		{"postgres without host", []string{"--database-url", "postgres://"}, nil, "--database-url"},
		{"time zone", []string{"--database-url", db, "--timezone", "Europe/Paris"}, nil, "--timezone"},
		{"time zone env", []string{"--database-url", db}, map[string]string{"HADIR_TIMEZONE": "Mars/Olympus"}, "--timezone"},
		{"addr", []string{"--database-url", db, "--addr", "8080"}, nil, "--addr"},
		{"addr port", []string{"--database-url", db, "--addr", ":99999"}, nil, "--addr"},
		{"base url http", []string{"--database-url", db, "--base-url", "http://hadir.example.go.id"}, nil, "--base-url"},
		{"base url ip", []string{"--database-url", db, "--base-url", "https://10.0.0.1"}, nil, "--base-url"},
		{"bool env", nil, map[string]string{"HADIR_DEMO": "maybe"}, "HADIR_DEMO"},
		{"unknown flag", []string{"--colour"}, nil, "colour"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, out, errb := env(tc.vars)
			code := Run(context.Background(), tc.args, e)
			lines := strings.Split(strings.TrimSpace(errb.String()), "\n")
			if code != 2 || len(lines) != 1 || !strings.Contains(lines[0], tc.want) || out.Len() != 0 {
				t.Fatalf("exit %d, stderr %q, stdout %q; want 2 and one line naming %s", code, errb.String(), out.String(), tc.want)
			}
		})
	}
}

func TestVersionAndUnknownCommand(t *testing.T) {
	e, out, _ := env(nil)
	if code := Run(context.Background(), []string{"version"}, e); code != 0 || !strings.HasPrefix(out.String(), "hadir ") {
		t.Fatalf("version: %d %q", code, out.String())
	}
	e, _, errb := env(nil)
	if code := Run(context.Background(), []string{"frobnicate"}, e); code != 2 || !strings.Contains(errb.String(), "unknown command") {
		t.Fatalf("unknown: %d %q", code, errb.String())
	}
}
