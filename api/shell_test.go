package api

import (
	"strings"
	"testing"
	"testing/fstest"
)

func shellFS(lib string) fstest.MapFS {
	return fstest.MapFS{
		"index.html":          {Data: []byte(`<link rel="modulepreload" href="/assets/lib.js"><script type="module" src="/assets/app.js"></script>`)},
		"sw.js":               {Data: []byte(`const V = "%VERSION%"; const SHELL = [/*SHELL*/]; const LAZY = [/*LAZY*/];`)},
		"assets/lib.js":       {Data: []byte(lib)},
		"assets/screen.js":    {Data: []byte(`import { x } from "/assets/lib.js"; export const y = x;`)},
		"assets/app.js":       {Data: []byte(`import "/assets/lib.js"; const m = () => import("/assets/screen.js");`)},
		"assets/icon-192.png": {Data: []byte("png")},
	}
}

// hashedName finds the hashed URL of an asset among the served files.
func hashedName(t *testing.T, files map[string]*shellFile, prefix string) string {
	t.Helper()
	for p, f := range files {
		if strings.HasPrefix(p, prefix+".") && f.immutable {
			return p
		}
	}
	t.Fatalf("no hashed file for %s", prefix)
	return ""
}

// Modules name each other by hashed URL: the importer's own hash covers
// the names it imports, so changing a leaf renames everything above it;
// the precache holds what index.html names, LAZY the screens.
func TestShellModulesHashedInDependencyOrder(t *testing.T) {
	files, err := loadShell(shellFS(`export const x = 1;`))
	if err != nil {
		t.Fatal(err)
	}
	lib, screen, app := hashedName(t, files, "/assets/lib"), hashedName(t, files, "/assets/screen"), hashedName(t, files, "/assets/app")
	if !strings.Contains(string(files[screen].body), `"`+lib+`"`) || !strings.Contains(string(files[app].body), `"`+screen+`"`) {
		t.Fatalf("imports not renamed:\n%s\n%s", files[screen].body, files[app].body)
	}
	sw := string(files["/sw.js"].body)
	shell, lazy, _ := strings.Cut(sw[strings.Index(sw, "SHELL = "):], "LAZY = ")
	if !strings.Contains(shell, `"`+lib+`"`) || !strings.Contains(shell, `"`+app+`"`) || strings.Contains(shell, screen) {
		t.Errorf("precache list: %s", shell)
	}
	if !strings.Contains(lazy, `"`+screen+`"`) || strings.Contains(lazy, "png") {
		t.Errorf("lazy list: %s", lazy)
	}
	again, err := loadShell(shellFS(`export const x = 2;`))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/assets/lib", "/assets/screen", "/assets/app"} {
		if hashedName(t, files, p) == hashedName(t, again, p) {
			t.Errorf("%s kept its name after lib.js changed", p)
		}
	}
	if hashedName(t, files, "/assets/icon-192") != hashedName(t, again, "/assets/icon-192") {
		t.Error("an unrelated asset was renamed")
	}
}

func TestShellImportCycleRefused(t *testing.T) {
	fsys := shellFS(`import "/assets/app.js";`)
	if _, err := loadShell(fsys); err == nil || !strings.Contains(err.Error(), "cycle") {
		t.Fatalf("cycle: err %v", err)
	}
}
