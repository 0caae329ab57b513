package i18n

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The server's Go code names every user-facing message by a catalogue key;
// these tests read that code (api/ and internal/, tests excluded) and hold
// it to the catalogues. Only *apperr.Error values reach users (anything else
// is rendered as "error.internal"), so the rules are about apperr.

// keyUse is one literal catalogue key in the code, with the placeholder
// names the call passes (nil when they cannot be read statically).
type keyUse struct {
	key   string
	names []string
	at    string
}

// codeFiles parses the non-test Go files under api/ and internal/.
func codeFiles(t *testing.T) (*token.FileSet, map[string]*ast.File) {
	t.Helper()
	root := filepath.Join("..", "..")
	fset := token.NewFileSet()
	files := map[string]*ast.File{}
	for _, dir := range []string{"api", "internal"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return err
			}
			f, err := parser.ParseFile(fset, path, nil, 0)
			if err != nil {
				return err
			}
			files[path] = f
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(files) < 50 {
		t.Fatalf("only %d Go files found under api/ and internal/", len(files))
	}
	return fset, files
}

// apperrCall returns the function name when call is apperr.<Name>(…).
func apperrCall(call *ast.CallExpr) string {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return ""
	}
	if id, ok := sel.X.(*ast.Ident); ok && id.Name == "apperr" {
		return sel.Sel.Name
	}
	return ""
}

func stringLit(e ast.Expr) (string, bool) {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(lit.Value)
	return s, err == nil
}

// keyUses finds apperr.New(code, "key", "name", v, …),
// apperr.InvalidField(field, "key", …) and apperr.Error{Key: "key"} with a
// literal key.
func keyUses(fset *token.FileSet, files map[string]*ast.File) []keyUse {
	var out []keyUse
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				if name := apperrCall(n); (name == "New" || name == "InvalidField") && len(n.Args) >= 2 {
					if key, ok := stringLit(n.Args[1]); ok {
						out = append(out, keyUse{key: key, names: kvNames(n.Args[2:]), at: fset.Position(n.Pos()).String()})
					}
				}
			case *ast.CompositeLit:
				if isApperrError(n.Type) {
					for _, el := range n.Elts {
						if kv, ok := el.(*ast.KeyValueExpr); ok && isIdent(kv.Key, "Key") {
							if key, ok := stringLit(kv.Value); ok {
								out = append(out, keyUse{key: key, at: fset.Position(kv.Pos()).String()})
							}
						}
					}
				}
			}
			return true
		})
	}
	return out
}

// kvNames reads the placeholder names of name, value pairs; nil if one is
// not a literal.
func kvNames(kv []ast.Expr) []string {
	names := []string{}
	for i := 0; i < len(kv); i += 2 {
		s, ok := stringLit(kv[i])
		if !ok {
			return nil
		}
		names = append(names, s)
	}
	return names
}

func isApperrError(e ast.Expr) bool {
	sel, ok := e.(*ast.SelectorExpr)
	return ok && sel.Sel.Name == "Error" && isIdent(sel.X, "apperr")
}

func isIdent(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}

var placeholder = regexp.MustCompile(`\{([a-z_][a-z0-9_]*)\}`)

// placeholders lists a message's {names}, sorted and without repeats.
func placeholders(msg string) []string {
	var out []string
	for _, m := range placeholder.FindAllStringSubmatch(msg, -1) {
		out = append(out, m[1])
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Every literal key the code uses is in both catalogues, and the call
// passes exactly the placeholders the message has.
func TestEveryKeyInTheCodeIsInBothCatalogues(t *testing.T) {
	uses := keyUses(codeFiles(t))
	if len(uses) < 150 {
		t.Fatalf("only %d keyed errors found: is the scan still reading the code?", len(uses))
	}
	cats := catalogues()
	for _, u := range uses {
		for _, lang := range Languages {
			if _, ok := cats[lang][u.key]; !ok {
				t.Errorf("%s: key %q is missing from messages/%s.json", u.at, u.key, lang)
			}
		}
		if u.names == nil {
			continue
		}
		got := slices.Clone(u.names)
		slices.Sort(got)
		if want := placeholders(cats["id"][u.key]); cats["id"][u.key] != "" && !slices.Equal(got, want) {
			t.Errorf("%s: %q is given %v, its message has %v", u.at, u.key, got, want)
		}
	}
}

// Both catalogues have the same keys, every message is non-empty, and each
// key's placeholders are the same in both languages.
func TestCataloguesAgreeOnPlaceholders(t *testing.T) {
	cats := catalogues()
	for _, lang := range Languages {
		for key, msg := range cats[lang] {
			if strings.TrimSpace(msg) == "" {
				t.Errorf("messages/%s.json: %q is empty", lang, key)
			}
			for _, other := range Languages {
				o, ok := cats[other][key]
				if !ok {
					t.Errorf("%q is in messages/%s.json but not in messages/%s.json", key, lang, other)
				} else if !slices.Equal(placeholders(msg), placeholders(o)) {
					t.Errorf("%q: placeholders %v in %s, %v in %s", key, placeholders(msg), lang, placeholders(o), other)
				}
			}
		}
	}
}

// No user-facing literal is left in the code: no legacy apperr.E or
// apperr.Field call, no string passed to apperr.New or InvalidField that is
// not a key, a placeholder name or a field path, and no apperr.Error
// literal with a Message (internal context, Wrap's) unless it is Internal.
func TestNoMessageLiteralsInTheCode(t *testing.T) {
	fset, files := codeFiles(t)
	for _, path := range sortedKeys(files) {
		ast.Inspect(files[path], func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				checkCall(t, fset, n)
			case *ast.CompositeLit:
				if isApperrError(n.Type) {
					checkErrorLiteral(t, fset, n)
				}
			}
			return true
		})
	}
}

// token is what a key, a placeholder name or a field path looks like.
var tokenLike = regexp.MustCompile(`^[a-z_][a-z0-9_]*(\.[a-z0-9_]+|\[\d*\])*\.?$`)

func checkCall(t *testing.T, fset *token.FileSet, call *ast.CallExpr) {
	t.Helper()
	switch name := apperrCall(call); name {
	case "E", "Field":
		t.Errorf("%s: apperr.%s builds a message from text; use apperr.New or apperr.InvalidField with a catalogue key",
			fset.Position(call.Pos()), name)
	case "New", "InvalidField":
		for _, a := range call.Args {
			if s, ok := stringLit(a); ok && !tokenLike.MatchString(s) {
				t.Errorf("%s: apperr.%s is given the text %q; name a catalogue key instead", fset.Position(a.Pos()), name, s)
			}
		}
	}
}

func checkErrorLiteral(t *testing.T, fset *token.FileSet, lit *ast.CompositeLit) {
	t.Helper()
	internal := false
	var message ast.Expr
	for _, el := range lit.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		switch {
		case isIdent(kv.Key, "Code"):
			if sel, ok := kv.Value.(*ast.SelectorExpr); ok && sel.Sel.Name == "Internal" {
				internal = true
			}
		case isIdent(kv.Key, "Message"):
			message = kv.Value
		}
	}
	if message != nil && !internal {
		t.Errorf("%s: an apperr.Error that users see carries a Message; give it a Key", fset.Position(message.Pos()))
	}
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
