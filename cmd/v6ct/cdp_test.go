package main

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"
)

// A small Chrome DevTools Protocol client over --remote-debugging-pipe
// (file descriptors 3 and 4, messages ended by NUL): no port, no websocket,
// no dependency.

type browser struct {
	t       *testing.T
	cmd     *exec.Cmd
	in      *os.File // we write, the browser reads (its fd 3)
	mu      sync.Mutex
	next    int
	pending map[int]chan cdpMsg
	events  []cdpMsg
	session string
	done    chan struct{}
}

type cdpMsg struct {
	ID        int             `json:"id,omitempty"`
	Method    string          `json:"method,omitempty"`
	Params    json.RawMessage `json:"params,omitempty"`
	SessionID string          `json:"sessionId,omitempty"`
	Result    json.RawMessage `json:"result,omitempty"`
	Error     *struct {
		Message string `json:"message"`
	} `json:"error,omitempty"`
}

// chromiumPath finds Debian's chromium, or says why not.
func chromiumPath() (string, error) {
	for _, p := range []string{os.Getenv("V6CT_CHROMIUM"), "/usr/bin/chromium"} {
		if p != "" {
			if _, err := os.Stat(p); err == nil {
				return p, nil
			}
		}
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p, nil
	}
	return "", errors.New("chromium is not installed (apt-get install chromium; .ci/run installs it)")
}

func startBrowser(t *testing.T, path string) *browser {
	t.Helper()
	toBrowser, in, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	out, fromBrowser, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(path, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
		"--disable-dev-shm-usage", "--user-data-dir="+t.TempDir(), "--remote-debugging-pipe", "about:blank")
	cmd.ExtraFiles = []*os.File{toBrowser, fromBrowser}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	toBrowser.Close()
	fromBrowser.Close()
	b := &browser{t: t, cmd: cmd, in: in, pending: map[int]chan cdpMsg{}, done: make(chan struct{})}
	go b.read(out)
	t.Cleanup(func() {
		b.callRaw("", "Browser.close", nil, 5*time.Second)
		in.Close()
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-done
		}
		if t.Failed() && stderr.Len() > 0 {
			t.Logf("chromium stderr (tail):\n%s", tail(stderr.String(), 2000))
		}
	})
	var target struct{ TargetID string }
	b.do("", "Target.createTarget", map[string]any{"url": "about:blank"}, &target)
	var att struct{ SessionID string }
	b.do("", "Target.attachToTarget", map[string]any{"targetId": target.TargetID, "flatten": true}, &att)
	b.session = att.SessionID
	for _, m := range []string{"Page.enable", "Runtime.enable", "Network.enable"} {
		b.call(m, nil)
	}
	b.viewport(viewWidth, viewHeight)
	return b
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

func (b *browser) read(r *os.File) {
	defer close(b.done)
	br := bufio.NewReaderSize(r, 1<<20)
	for {
		msg, err := br.ReadBytes(0)
		if err != nil {
			return
		}
		var m cdpMsg
		if json.Unmarshal(msg[:len(msg)-1], &m) != nil {
			continue
		}
		b.mu.Lock()
		if m.ID != 0 {
			if ch, ok := b.pending[m.ID]; ok {
				ch <- m
				delete(b.pending, m.ID)
			}
		} else {
			b.events = append(b.events, m)
		}
		b.mu.Unlock()
	}
}

func (b *browser) callRaw(session, method string, params any, timeout time.Duration) (json.RawMessage, error) {
	b.mu.Lock()
	b.next++
	id := b.next
	ch := make(chan cdpMsg, 1)
	b.pending[id] = ch
	b.mu.Unlock()
	req := map[string]any{"id": id, "method": method}
	if params != nil {
		req["params"] = params
	}
	if session != "" {
		req["sessionId"] = session
	}
	data, _ := json.Marshal(req)
	if _, err := b.in.Write(append(data, 0)); err != nil {
		return nil, err
	}
	select {
	case m := <-ch:
		if m.Error != nil {
			return nil, fmt.Errorf("%s: %s", method, m.Error.Message)
		}
		return m.Result, nil
	case <-b.done:
		return nil, fmt.Errorf("%s: the browser went away", method)
	case <-time.After(timeout):
		return nil, fmt.Errorf("%s: no answer within %v", method, timeout)
	}
}

// do sends a command (to the page when session is set) and decodes its
// result into out.
func (b *browser) do(session, method string, params, out any) {
	b.t.Helper()
	res, err := b.callRaw(session, method, params, 30*time.Second)
	if err != nil {
		b.t.Fatal(err)
	}
	if err := json.Unmarshal(res, out); err != nil {
		b.t.Fatal(err)
	}
}

// call sends a command to the page.
func (b *browser) call(method string, params any) json.RawMessage {
	b.t.Helper()
	res, err := b.callRaw(b.session, method, params, 30*time.Second)
	if err != nil {
		b.t.Fatal(err)
	}
	return res
}

// eval runs JavaScript in the page and returns its value as JSON.
func (b *browser) eval(js string) json.RawMessage {
	b.t.Helper()
	var r struct {
		Result struct {
			Value json.RawMessage `json:"value"`
		} `json:"result"`
		ExceptionDetails *struct {
			Text      string `json:"text"`
			Exception struct {
				Description string `json:"description"`
			} `json:"exception"`
		} `json:"exceptionDetails"`
	}
	b.do(b.session, "Runtime.evaluate", map[string]any{"expression": js, "returnByValue": true, "awaitPromise": true}, &r)
	if r.ExceptionDetails != nil {
		b.t.Fatalf("javascript %q: %s %s", js, r.ExceptionDetails.Text, r.ExceptionDetails.Exception.Description)
	}
	return r.Result.Value
}

func (b *browser) evalString(js string) string {
	b.t.Helper()
	var s string
	json.Unmarshal(b.eval(js), &s)
	return s
}

func (b *browser) evalInt(js string) int {
	b.t.Helper()
	var n float64
	json.Unmarshal(b.eval(js), &n)
	return int(n)
}

func (b *browser) evalBool(js string) bool {
	b.t.Helper()
	var v bool
	json.Unmarshal(b.eval(js), &v)
	return v
}

// navigate loads url and waits until the document is complete.
func (b *browser) navigate(url string) {
	b.t.Helper()
	b.call("Page.navigate", map[string]any{"url": url})
	b.waitLoaded(url)
}

func (b *browser) waitLoaded(wantPrefix string) {
	b.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if b.evalBool(fmt.Sprintf("document.readyState === 'complete' && location.href.indexOf(%q) === 0", wantPrefix)) {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	b.t.Fatalf("%s did not load; the page is at %s", wantPrefix, b.evalString("location.href"))
}

// click presses and releases the mouse in the middle of the element sel
// selects, after scrolling it into view, as a person would.
func (b *browser) click(sel string) {
	b.t.Helper()
	var box struct{ X, Y, W, H float64 }
	js := fmt.Sprintf(`(function(){var e=document.querySelector(%q); if(!e) return null; e.scrollIntoView({block:'center'});
		var r=e.getBoundingClientRect(); return {X:r.left,Y:r.top,W:r.width,H:r.height};})()`, sel)
	raw := b.eval(js)
	if string(raw) == "null" || len(raw) == 0 {
		b.t.Fatalf("no element %s on %s", sel, b.evalString("location.href"))
	}
	if err := json.Unmarshal(raw, &box); err != nil {
		b.t.Fatal(err)
	}
	if box.W == 0 || box.H == 0 {
		b.t.Fatalf("element %s is not visible", sel)
	}
	x, y := box.X+min(box.W/2, 40), box.Y+box.H/2
	if os.Getenv("V6CT_CDP_DEBUG") != "" {
		b.t.Logf("click %s at %.0f,%.0f: %s", sel, x, y, b.evalString(fmt.Sprintf(`(function(){var e=document.elementFromPoint(%f,%f); return e? e.outerHTML.slice(0,200):'nothing'})()`, x, y)))
	}
	for _, typ := range []string{"mouseMoved", "mousePressed", "mouseReleased"} {
		b.call("Input.dispatchMouseEvent", map[string]any{"type": typ, "x": x, "y": y, "button": "left", "clickCount": 1})
	}
}

// screenshot saves the page from its top, at most maxHeight px of it, as PNG.
func (b *browser) screenshot(file string, maxHeight int) {
	b.t.Helper()
	b.eval("document.activeElement && document.activeElement.blur(); window.scrollTo(0,0)")
	h := min(b.evalInt("document.documentElement.scrollHeight"), maxHeight)
	w := b.evalInt("document.documentElement.clientWidth")
	var r struct{ Data string }
	b.do(b.session, "Page.captureScreenshot", map[string]any{"format": "png", "captureBeyondViewport": true,
		"clip": map[string]any{"x": 0, "y": 0, "width": w, "height": h, "scale": 1}}, &r)
	png, err := base64.StdEncoding.DecodeString(r.Data)
	if err != nil {
		b.t.Fatal(err)
	}
	if err := os.WriteFile(file, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

// The window the browser test reads in.
const viewWidth, viewHeight = 1280, 900

func (b *browser) viewport(w, h int) {
	b.t.Helper()
	b.call("Emulation.setDeviceMetricsOverride", map[string]any{"width": w, "height": h, "deviceScaleFactor": 1, "mobile": false})
}

// requests lists the URLs the page asked the network for.
func (b *browser) requests() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []string
	for _, e := range b.events {
		if e.Method != "Network.requestWillBeSent" {
			continue
		}
		var p struct {
			Request struct{ URL string }
		}
		if json.Unmarshal(e.Params, &p) == nil {
			out = append(out, p.Request.URL)
		}
	}
	return out
}
