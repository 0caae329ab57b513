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
	pairs := make([]string, 0, 2*len(args))
	for k, v := range args {
		pairs = append(pairs, "{"+k+"}", v)
	}
	return strings.NewReplacer(pairs...).Replace(msg)
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
