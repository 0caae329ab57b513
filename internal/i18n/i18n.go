// Package i18n owns the server's message catalogues (Bahasa Indonesia first,
// English second). Go code never holds user-facing sentences: it names a
// message and its arguments, and the catalogue words it.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync"
)

//go:embed messages/*.json
var files embed.FS

// Languages supported; the first is the default.
var Languages = []string{"id", "en"}

var catalogues = sync.OnceValue(func() map[string]map[string]string {
	out := map[string]map[string]string{}
	for _, lang := range Languages {
		b, err := files.ReadFile("messages/" + lang + ".json")
		if err != nil {
			panic(fmt.Sprintf("i18n: catalogue %s missing: %v", lang, err))
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			panic(fmt.Sprintf("i18n: catalogue %s: %v", lang, err))
		}
		out[lang] = m
	}
	return out
})

// Lang picks a supported language from a value such as "en" or an
// Accept-Language header; Indonesian when nothing matches.
func Lang(v string) string {
	for _, part := range strings.Split(v, ",") {
		tag := strings.ToLower(strings.TrimSpace(strings.SplitN(part, ";", 2)[0]))
		for _, l := range Languages {
			if tag == l || strings.HasPrefix(tag, l+"-") {
				return l
			}
		}
	}
	return Languages[0]
}

// T renders message key in lang, replacing {name} with args[name]. A key
// missing from lang falls back to Indonesian, then to the key itself.
func T(lang, key string, args map[string]string) string {
	cats := catalogues()
	msg, ok := cats[lang][key]
	if !ok {
		if msg, ok = cats[Languages[0]][key]; !ok {
			return key
		}
	}
	if len(args) == 0 {
		return msg
	}
	return render(msg, args)
}

// render replaces each {name} of msg that args has; other braces stay. A
// scan, not a strings.Replacer: building one costs a 2 KB table per call,
// and every check-in's status line is rendered.
func render(msg string, args map[string]string) string {
	var b strings.Builder
	b.Grow(len(msg) + 16)
	for {
		i := strings.IndexByte(msg, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(msg[i:], '}')
		if j < 0 {
			break
		}
		b.WriteString(msg[:i])
		if v, ok := args[msg[i+1:i+j]]; ok {
			b.WriteString(v)
		} else {
			b.WriteString(msg[i : i+j+1]) // not an argument: kept as written
		}
		msg = msg[i+j+1:]
	}
	b.WriteString(msg)
	return b.String()
}

// Number formats a decimal the way lang writes it (0,5 in Indonesian).
func Number(lang string, f float64) string {
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if lang == "id" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// Keys lists the keys of a language's catalogue (for completeness tests).
func Keys(lang string) []string {
	var out []string
	for k := range catalogues()[lang] {
		out = append(out, k)
	}
	return out
}
