package pushtest

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/hkdf"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"
)

// Decrypt opens an RFC 8291 aes128gcm body sent to b: header (salt 16,
// record size 4, key id length 1, the sender's ephemeral public key), then
// one record; it returns the plaintext without its delimiter and padding.
func (b *Browser) Decrypt(body []byte) ([]byte, error) {
	if len(body) < 21 {
		return nil, errors.New("body shorter than the aes128gcm header")
	}
	salt, rs, idlen := body[:16], binary.BigEndian.Uint32(body[16:20]), int(body[20])
	if len(body) < 21+idlen || idlen != 65 {
		return nil, fmt.Errorf("key id of %d bytes, want the sender's 65-byte public key", idlen)
	}
	asPub, record := body[21:21+idlen], body[21+idlen:]
	if len(body) > int(rs) {
		return nil, fmt.Errorf("body of %d bytes exceeds the record size %d: more than one record", len(body), rs)
	}
	as, err := ecdh.P256().NewPublicKey(asPub)
	if err != nil {
		return nil, fmt.Errorf("sender key: %v", err)
	}
	secret, err := b.priv.ECDH(as)
	if err != nil {
		return nil, err
	}
	info := append(append([]byte("WebPush: info\x00"), b.priv.PublicKey().Bytes()...), asPub...)
	ikm, err := hkdf.Key(sha256.New, secret, b.auth, string(info), 32)
	if err != nil {
		return nil, err
	}
	cek, err := hkdf.Key(sha256.New, ikm, salt, "Content-Encoding: aes128gcm\x00", 16)
	if err != nil {
		return nil, err
	}
	nonce, err := hkdf.Key(sha256.New, ikm, salt, "Content-Encoding: nonce\x00", 12)
	if err != nil {
		return nil, err
	}
	blk, _ := aes.NewCipher(cek)
	gcm, _ := cipher.NewGCM(blk)
	pt, err := gcm.Open(nil, nonce, record, nil)
	if err != nil {
		return nil, fmt.Errorf("decrypting: %v", err)
	}
	end := len(pt) - 1
	for end >= 0 && pt[end] == 0 {
		end--
	}
	if end < 0 || pt[end] != 2 {
		return nil, errors.New("no last-record delimiter (0x02)")
	}
	return pt[:end], nil
}

// checkVAPID verifies "vapid t=JWT, k=KEY": an ES256 JWT signed by k whose
// aud is the endpoint's origin, exp in the future and at most 24 h away,
// and sub one mailto: or https: URL (Apple answers 403 otherwise).
func checkVAPID(h, origin string, p *Push) error {
	if !strings.HasPrefix(h, "vapid ") {
		return fmt.Errorf("the Authorization header %q is not vapid", h)
	}
	var tok, key string
	for _, part := range strings.Split(strings.TrimPrefix(h, "vapid "), ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch k {
		case "t":
			tok = v
		case "k":
			key = v
		}
	}
	raw, err := base64.RawURLEncoding.DecodeString(key)
	if err != nil {
		return fmt.Errorf("vapid k: %v", err)
	}
	pub, err := ecdsa.ParseUncompressedPublicKey(ecdhCurve(), raw)
	if err != nil {
		return fmt.Errorf("vapid k: %v", err)
	}
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		return errors.New("vapid t is not a JWT")
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil || len(sig) != 64 {
		return errors.New("JWT signature is not 64 bytes (r‖s)")
	}
	digest := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	if !ecdsa.Verify(pub, digest[:], new(big.Int).SetBytes(sig[:32]), new(big.Int).SetBytes(sig[32:])) {
		return errors.New("JWT signature does not verify with k")
	}
	var hdr struct{ Alg string }
	var claims struct {
		Aud string
		Exp int64
		Sub string
	}
	if err := decodePart(parts[0], &hdr); err != nil || hdr.Alg != "ES256" {
		return fmt.Errorf("JWT header alg %q", hdr.Alg)
	}
	if err := decodePart(parts[1], &claims); err != nil {
		return err
	}
	p.Subject, p.Audience, p.Expiry = claims.Sub, claims.Aud, time.Unix(claims.Exp, 0)
	if claims.Aud != origin {
		return fmt.Errorf("aud %q, want the endpoint's origin %q", claims.Aud, origin)
	}
	if d := time.Until(p.Expiry); d <= 0 || d > 24*time.Hour {
		return fmt.Errorf("exp %v is not within 24 h", p.Expiry)
	}
	s := claims.Sub
	if strings.HasPrefix(s, "mailto:mailto:") || !(strings.HasPrefix(s, "mailto:") && strings.Contains(s, "@") || strings.HasPrefix(s, "https://")) {
		return fmt.Errorf("sub %q is not one mailto: or https: URL", s)
	}
	return nil
}

func decodePart(s string, v any) error {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

func ecdhCurve() elliptic.Curve { return elliptic.P256() }
