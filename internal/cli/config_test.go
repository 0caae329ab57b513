package cli

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hadir-id/hadir/internal/config"
	"github.com/hadir-id/hadir/internal/push"
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

// hadir vapid-keys prints two NAME=value lines that the server accepts.
func TestVapidKeysCommand(t *testing.T) {
	e, out, _ := env(nil)
	if code := Run(context.Background(), []string{"vapid-keys"}, e); code != 0 {
		t.Fatalf("exit %d", code)
	}
	vars := map[string]string{}
	for _, l := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		k, v, ok := strings.Cut(l, "=")
		if !ok {
			t.Fatalf("line %q is not NAME=value", l)
		}
		vars[k] = v
	}
	if len(vars) != 2 || vars["HADIR_VAPID_PUBLIC_KEY"] == "" || vars["HADIR_VAPID_PRIVATE_KEY"] == "" {
		t.Fatalf("output %q", out.String())
	}
	if err := config.CheckVAPIDKeys(vars["HADIR_VAPID_PUBLIC_KEY"], vars["HADIR_VAPID_PRIVATE_KEY"]); err != nil {
		t.Fatal(err)
	}
	vars["HADIR_DATABASE_URL"] = "sqlite:" + filepath.Join(t.TempDir(), "x.db")
	if _, err := config.Parse("hadir", nil, func(k string) string { return vars[k] }, io.Discard); err != nil {
		t.Fatalf("the printed pair is refused: %v", err)
	}
}

// Web Push settings: bad ones are one line naming the flag.
func TestBadPushConfig(t *testing.T) {
	k, _ := push.GenerateKeys()
	k2, _ := push.GenerateKeys()
	db := "sqlite:" + filepath.Join(t.TempDir(), "x.db")
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"public only", []string{"--vapid-public-key", k.Public}, "--vapid-public-key"},
		{"mismatched", []string{"--vapid-public-key", k2.Public, "--vapid-private-key", k.Private}, "--vapid-private-key"},
		{"garbage key", []string{"--vapid-public-key", "x", "--vapid-private-key", "y"}, "--vapid-private-key"},
		{"subject", []string{"--vapid-subject", "ops"}, "--vapid-subject"},
		{"allow", []string{"--push-allow", "ftp://push.example/"}, "--push-allow"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := config.Parse("hadir", append([]string{"--database-url", db}, tc.args...), func(string) string { return "" }, io.Discard)
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
				t.Fatalf("err %v, want one naming %s", err, tc.want)
			}
		})
	}
	c, err := config.Parse("hadir", []string{"--database-url", db, "--vapid-subject", "mailto:ops@bkd.go.id"},
		func(k string) string {
			return map[string]string{"HADIR_PUSH_ALLOW": "http://127.0.0.1:9/, https://push.example/"}[k]
		}, io.Discard)
	if err != nil || c.VAPIDSubject != "ops@bkd.go.id" || len(c.PushAllow) != 2 {
		t.Fatalf("%+v %v", c, err)
	}
}
