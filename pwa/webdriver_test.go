package pwa_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"
)

// wdClient is a minimal W3C WebDriver client (https://www.w3.org/TR/webdriver2/)
// over plain HTTP: enough to drive WebKitGTK's WebKitWebDriver through the
// PWA. One client holds one session.
type wdClient struct {
	base    string // http://127.0.0.1:<port>
	session string
	http    *http.Client
}

// webElementKey is the W3C name of an element reference in JSON.
const webElementKey = "element-6066-11e4-a52e-4f735466cecf"

// wdError is an error answer of the driver: {"value":{"error","message"}}.
type wdError struct {
	Status  int
	Code    string `json:"error"`
	Message string `json:"message"`
}

func (e *wdError) Error() string {
	return fmt.Sprintf("webdriver %d %s: %s", e.Status, e.Code, e.Message)
}

// call sends one command and decodes the answer's "value" into out (if not nil).
func (c *wdClient) call(method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, c.base+path, body)
	if err != nil {
		return err
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json; charset=utf-8")
	}
	res, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		return err
	}
	var env struct {
		Value json.RawMessage `json:"value"`
	}
	if err := json.Unmarshal(raw, &env); err != nil {
		return fmt.Errorf("webdriver %s %s: %d %q", method, path, res.StatusCode, raw)
	}
	if res.StatusCode != http.StatusOK {
		e := &wdError{Status: res.StatusCode}
		_ = json.Unmarshal(env.Value, e)
		return e
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal(env.Value, out)
}

// newSession opens a browser with the given W3C capabilities (alwaysMatch).
func (c *wdClient) newSession(caps map[string]any) error {
	var v struct {
		SessionID string `json:"sessionId"`
	}
	if err := c.call("POST", "/session", map[string]any{"capabilities": map[string]any{"alwaysMatch": caps}}, &v); err != nil {
		return err
	}
	c.session = v.SessionID
	return nil
}

func (c *wdClient) deleteSession() error {
	if c.session == "" {
		return nil
	}
	err := c.call("DELETE", "/session/"+c.session, nil, nil)
	c.session = ""
	return err
}

func (c *wdClient) s(path string) string { return "/session/" + c.session + path }

// navigate loads url and waits for the load (pageLoadStrategy normal).
func (c *wdClient) navigate(url string) error {
	return c.call("POST", c.s("/url"), map[string]string{"url": url}, nil)
}

// refresh reloads the page and waits for the load.
func (c *wdClient) refresh() error { return c.call("POST", c.s("/refresh"), struct{}{}, nil) }

// execute runs a function body (`return …;`) in the page with args and
// decodes its result into out; a returned promise is awaited.
func (c *wdClient) execute(script string, out any, args ...any) error {
	if args == nil {
		args = []any{}
	}
	return c.call("POST", c.s("/execute/sync"), map[string]any{"script": script, "args": args}, out)
}

// executeAsync runs a body whose last argument is the callback that ends it.
func (c *wdClient) executeAsync(script string, out any, args ...any) error {
	if args == nil {
		args = []any{}
	}
	return c.call("POST", c.s("/execute/async"), map[string]any{"script": script, "args": args}, out)
}

// find returns the reference of the first element matching a CSS selector.
func (c *wdClient) find(css string) (string, error) {
	var v map[string]string
	if err := c.call("POST", c.s("/element"), map[string]string{"using": "css selector", "value": css}, &v); err != nil {
		return "", err
	}
	id := v[webElementKey]
	if id == "" {
		return "", fmt.Errorf("webdriver: no element reference for %s", css)
	}
	return id, nil
}

// click clicks the element matching css (the driver scrolls it into view
// and fails when it is not displayed or is covered).
func (c *wdClient) click(css string) error {
	id, err := c.find(css)
	if err != nil {
		return err
	}
	return c.call("POST", c.s("/element/"+id+"/click"), struct{}{}, nil)
}

// sendKeys types text into the element matching css.
func (c *wdClient) sendKeys(css, text string) error {
	id, err := c.find(css)
	if err != nil {
		return err
	}
	return c.call("POST", c.s("/element/"+id+"/value"), map[string]string{"text": text}, nil)
}

// screenshot returns a PNG of the viewport.
func (c *wdClient) screenshot() ([]byte, error) {
	var v string
	if err := c.call("GET", c.s("/screenshot"), nil, &v); err != nil {
		return nil, err
	}
	return base64.StdEncoding.DecodeString(v)
}

// setWindowSize asks for a window size (a window manager-less X server
// grants it; MiniBrowser keeps a minimum width for its toolbar).
func (c *wdClient) setWindowSize(w, h int) error {
	return c.call("POST", c.s("/window/rect"), map[string]int{"width": w, "height": h}, nil)
}

// waitStatus polls GET /status until the driver is ready to make sessions.
func (c *wdClient) waitStatus(within time.Duration) error {
	var err error
	for end := time.Now().Add(within); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
		var v struct {
			Ready bool `json:"ready"`
		}
		if err = c.call("GET", "/status", nil, &v); err == nil && v.Ready {
			return nil
		}
	}
	if err == nil {
		err = fmt.Errorf("not ready")
	}
	return fmt.Errorf("webdriver at %s: %w", c.base, err)
}
