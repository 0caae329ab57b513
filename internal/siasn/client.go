// Package siasn is an optional connector to BKN's SIASN web service
// (WSO2 gateway, ekinerja-lamsel.md §1.4): it reads an employee's SKP and
// periodic-evaluation history and writes a periodic evaluation, with the
// credentials BKN issues to the regency (consumer key and secret, client
// id, an SSO account). It implements kinerja.SIASN; nothing uses it unless
// it is configured, and it is tested only against a local fake of those
// endpoints (the field names follow the open-source SDK noted in the
// research; BKN's own documentation was not available).
package siasn

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/hadir-id/hadir/internal/kinerja"
)

// Config holds the endpoints and the credentials issued by BKN.
type Config struct {
	BaseURL        string // e.g. https://apimws.bkn.go.id:8243
	TokenURL       string // WSO2: client credentials
	SSOURL         string // SSO: password grant
	ConsumerKey    string
	ConsumerSecret string
	ClientID       string
	Username       string
	Password       string
}

// Client talks to SIASN; tokens are fetched on first use and again when
// they expire.
type Client struct {
	Config Config
	HTTP   *http.Client
	Now    func() time.Time

	mu       sync.Mutex
	wso, sso token
}

type token struct {
	value   string
	expires time.Time
}

var _ kinerja.SIASN = (*Client)(nil)

// SKPHistory reads rw-skp22 of a PNS (by NIP).
func (c *Client) SKPHistory(ctx context.Context, nip string) ([]kinerja.RemoteRecord, error) {
	return c.records(ctx, "/apisiasn/1.0/pns/rw-skp22/"+url.PathEscape(nip))
}

// PeriodicHistory reads rw-kinerjaperiodik of a PNS (by NIP).
func (c *Client) PeriodicHistory(ctx context.Context, nip string) ([]kinerja.RemoteRecord, error) {
	return c.records(ctx, "/apisiasn/1.0/pns/rw-kinerjaperiodik/"+url.PathEscape(nip))
}

// SavePeriodic writes a periodic evaluation (kinerjaperiodik/save) and
// returns SIASN's id of the record.
func (c *Client) SavePeriodic(ctx context.Context, p kinerja.RemotePeriodic) (string, error) {
	body, err := json.Marshal(p)
	if err != nil {
		return "", err
	}
	var out struct {
		Success bool           `json:"success"`
		Message string         `json:"message"`
		MapData map[string]any `json:"mapData"`
	}
	if err := c.call(ctx, http.MethodPost, "/apisiasn/1.0/kinerjaperiodik/save", body, &out); err != nil {
		return "", err
	}
	if !out.Success {
		return "", fmt.Errorf("siasn: save refused: %s", out.Message)
	}
	id, _ := out.MapData["rwKinerjaPeriodikId"].(string)
	return id, nil
}

func (c *Client) records(ctx context.Context, path string) ([]kinerja.RemoteRecord, error) {
	var out struct {
		Code int                    `json:"code"`
		Data []kinerja.RemoteRecord `json:"data"`
	}
	if err := c.call(ctx, http.MethodGet, path, nil, &out); err != nil {
		return nil, err
	}
	if out.Data == nil {
		out.Data = []kinerja.RemoteRecord{}
	}
	return out.Data, nil
}

// call sends one request with both tokens (Authorization: the gateway's,
// Auth: the SSO user's) and decodes the JSON answer.
func (c *Client) call(ctx context.Context, method, path string, body []byte, out any) error {
	wso, sso, err := c.tokens(ctx)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, method, strings.TrimRight(c.Config.BaseURL, "/")+path, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+wso)
	req.Header.Set("Auth", "bearer "+sso)
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return c.do(req, out)
}

func (c *Client) do(req *http.Request, out any) error {
	res, err := c.HTTP.Do(req)
	if err != nil {
		return fmt.Errorf("siasn: %s %s: %w", req.Method, req.URL.Path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(io.LimitReader(res.Body, 8<<20))
	if err != nil {
		return err
	}
	if res.StatusCode/100 != 2 {
		return fmt.Errorf("siasn: %s %s: HTTP %d: %.200s", req.Method, req.URL.Path, res.StatusCode, b)
	}
	return json.Unmarshal(b, out)
}

// tokens returns valid gateway and SSO tokens, fetching those that are
// missing or expire within a minute.
func (c *Client) tokens(ctx context.Context) (string, string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.Now()
	if c.wso.expires.Before(now.Add(time.Minute)) {
		t, err := c.fetch(ctx, c.Config.TokenURL, url.Values{"grant_type": {"client_credentials"}}, true, now)
		if err != nil {
			return "", "", err
		}
		c.wso = t
	}
	if c.sso.expires.Before(now.Add(time.Minute)) {
		t, err := c.fetch(ctx, c.Config.SSOURL, url.Values{"grant_type": {"password"}, "client_id": {c.Config.ClientID},
			"username": {c.Config.Username}, "password": {c.Config.Password}}, false, now)
		if err != nil {
			return "", "", err
		}
		c.sso = t
	}
	return c.wso.value, c.sso.value, nil
}

func (c *Client) fetch(ctx context.Context, u string, form url.Values, basic bool, now time.Time) (token, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, strings.NewReader(form.Encode()))
	if err != nil {
		return token{}, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if basic {
		req.SetBasicAuth(c.Config.ConsumerKey, c.Config.ConsumerSecret)
	}
	var out struct {
		AccessToken string `json:"access_token"`
		ExpiresIn   int    `json:"expires_in"`
	}
	if err := c.do(req, &out); err != nil {
		return token{}, err
	}
	if out.AccessToken == "" {
		return token{}, fmt.Errorf("siasn: %s gave no access token", u)
	}
	return token{value: out.AccessToken, expires: now.Add(time.Duration(out.ExpiresIn) * time.Second)}, nil
}
