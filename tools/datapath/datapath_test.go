package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMain makes the test binary the echo server when the run
// re-executes it as one.
func TestMain(m *testing.M) {
	if os.Getenv(serverEnv) != "" {
		os.Exit(serveEcho(os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// TestWholeRun runs the program for a fraction of a second per figure:
// every case sets up, every figure of both targets is above 0, and the
// namespaces are gone afterwards. It needs root and /dev/net/tun.
func TestWholeRun(t *testing.T) {
	if testing.Short() {
		t.Skip("a whole run (-short)")
	}
	if os.Geteuid() != 0 {
		t.Skip("needs root: it creates network namespaces, TAP and veth devices")
	}
	if _, err := os.Stat("/dev/net/tun"); err != nil {
		t.Skip("no /dev/net/tun")
	}
	out := filepath.Join(t.TempDir(), "datapath.json")
	fds := openFiles(t)
	var stdout, stderr strings.Builder
	code := run(context.Background(), []string{"--seconds", "0.2", "--warmup", "0.1", "--json", out}, &stdout, &stderr)
	if code != exitOK {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout.String(), stderr.String())
	}
	// Each namespace lives while a handle to it (a file) is open.
	if after := openFiles(t); after > fds {
		t.Errorf("%d files open after the run, %d before: a namespace handle or socket was left open", after, fds)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var rep Report
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Figures) != 8 {
		t.Fatalf("%d figures, want 8 (2 cases, 2 targets, 2 payloads)", len(rep.Figures))
	}
	for _, f := range rep.Figures {
		pp, w := f.PingPong, f.Windowed
		if pp.Transactions == 0 || pp.PerSecond <= 0 || pp.Median <= 0 || pp.P99 < pp.Median || w.Replies == 0 || w.PerSecond <= 0 {
			t.Errorf("%s, %s, %d octets: %+v, %+v", f.Case, f.Target, f.Payload, pp, w)
		}
	}
	if len(rep.Rows) != 16 {
		t.Errorf("%d rows, want 16", len(rep.Rows))
	}
	for _, r := range rep.Rows {
		if r.Ratio <= 0 {
			t.Errorf("%s, %d octets, %s: ratio %v", r.Case, r.Payload, r.Measure, r.Ratio)
		}
	}
	if !strings.Contains(stdout.String(), "| UDP echo | 32 | ping-pong, transactions/s |") || !strings.Contains(stdout.String(), "What each number includes") {
		t.Errorf("the printed table:\n%s", stdout.String())
	}
}

func openFiles(t *testing.T) int {
	t.Helper()
	es, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	return len(es)
}
