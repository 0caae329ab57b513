package device

import (
	"crypto/rand"
	"strconv"
	"strings"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// codeAlphabet is Crockford's base32 without look-alikes: codes are typed
// on phones from a printed sheet.
const codeAlphabet = "ABCDEFGHJKMNPQRSTVWXYZ23456789"

// newCode returns a random code of n characters grouped by four
// ("K7QM-2XWD-…"): 10 characters carry ~49 bits.
func newCode(n int) string {
	var sb strings.Builder
	buf := make([]byte, 1)
	for i := 0; i < n; {
		_, _ = rand.Read(buf)
		if int(buf[0]) >= 256/len(codeAlphabet)*len(codeAlphabet) {
			continue // rejection sampling: no modulo bias
		}
		if i > 0 && i%4 == 0 {
			sb.WriteByte('-')
		}
		sb.WriteByte(codeAlphabet[int(buf[0])%len(codeAlphabet)])
		i++
	}
	return sb.String()
}

// normalizeCode accepts what people type: lower case, spaces, missing or
// extra dashes, O for 0 and I/L for 1 are not in the alphabet at all.
func normalizeCode(s string) string {
	var sb strings.Builder
	for _, r := range strings.ToUpper(s) {
		if strings.ContainsRune(codeAlphabet, r) {
			sb.WriteRune(r)
		}
	}
	return sb.String()
}
