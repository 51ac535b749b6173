package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/v6ct/v6ct/internal/nstest"
)

func TestBadInput(t *testing.T) {
	cases := map[string][]string{
		"unknown fault":   {"--fault", "no-such-fault"},
		"bad MAC":         {"--if", "a,mac=zz"},
		"group MAC":       {"--if", "a,mac=01:00:00:00:00:01"},
		"bad prefix":      {"--if", "a,addr=10.0.0.1/8"},
		"unknown setting": {"--if", "a,speed=9000"},
		"small MTU":       {"--if", "a,mtu=1000"},
		"long name":       {"--if", "a-very-long-interface-name"},
		"bad route":       {"--route", "2001:db8:5::/64,via=nope,dev=a"},
		"route no iface":  {"--route", "2001:db8:5::/64,via=fe80::1"},
		"unknown flag":    {"--nope"},
		"argument":        {"extra"},
		"no secret file":  {"--stable-secret-file", "/nonexistent/v6ct-secret"},
		"short secret":    {"--stable-secret-file", "/dev/null"},
		"stable LL alone": {"--stable-link-local"},
	}
	for name, args := range cases {
		var out, errb bytes.Buffer
		if code := run(context.Background(), args, &out, &errb); code != exitBadInput {
			t.Errorf("%s: exit %d", name, code)
		}
		if name != "unknown flag" && strings.Count(errb.String(), "\n") != 1 {
			t.Errorf("%s: stderr %q, want one line", name, errb.String())
		}
	}
}

func TestListFaults(t *testing.T) {
	var out bytes.Buffer
	if code := run(context.Background(), []string{"--list-faults"}, &out, &out); code != exitOK {
		t.Fatal(code)
	}
	if !strings.Contains(out.String(), "no-dad ") || !strings.Contains(out.String(), "without Duplicate Address Detection") {
		t.Fatalf("list:\n%s", out.String())
	}
}

func TestConfig(t *testing.T) {
	cfg, err := config([]string{"v6l0,mac=00:00:00:00:01:00,addr=2001:db8:1::1/64,addr=fd00::1/64", "v6l1,mtu=1280"}, []string{"no-dad,na-no-tlla"}, 7)
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Interfaces) != 2 || len(cfg.Interfaces[0].Addresses) != 2 || cfg.Interfaces[1].MAC.String() != "02:76:36:00:00:02" ||
		len(cfg.Faults) != 2 || cfg.Seed != 7 || cfg.Interfaces[0].MTU != 0 || cfg.Interfaces[1].MTU != 1280 {
		t.Fatalf("%+v", cfg)
	}
}

// TestRun starts the command in a fresh network namespace and stops it.
func TestRun(t *testing.T) {
	nstest.Enter(t)

	// DAD takes up to 2 s on the real clock; the context ends the run after.
	ctx, cancel := context.WithTimeout(context.Background(), 2500*time.Millisecond)
	defer cancel()
	var out, errb bytes.Buffer
	if code := run(ctx, []string{"--if", "rn0,addr=2001:db8:1::1/64"}, &out, &errb); code != exitOK {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "fe80::76:36ff:fe00:1%rn0/64 preferred") || !strings.Contains(out.String(), "2001:db8:1::1/64 preferred") {
		t.Fatalf("stdout %q\nstderr %s", out.String(), errb.String())
	}
}

func TestParseRouteZone(t *testing.T) {
	r, err := parseRoute("2001:db8:5::/64,via=fe80::1%tap1")
	if err != nil || r.Interface != "" || r.NextHop.Zone() != "tap1" || r.NextHop.String() != "fe80::1%tap1" {
		t.Fatalf("got %+v, %v", r, err)
	}
}

// TestRunStable: with the RFC 7217 flags the link-local address is no
// longer the one the MAC gives.
func TestRunStable(t *testing.T) {
	nstest.Enter(t)
	secret := filepath.Join(t.TempDir(), "secret")
	if err := os.WriteFile(secret, []byte("a lab's secret key, 32 octets.."), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2500*time.Millisecond)
	defer cancel()
	var out, errb bytes.Buffer
	if code := run(ctx, []string{"--if", "rn0,addr=2001:db8:1::1/64", "--stable-secret-file", secret, "--stable-link-local"}, &out, &errb); code != exitOK {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if strings.Contains(out.String(), "fe80::76:36ff:fe00:1%rn0") || !strings.Contains(out.String(), "%rn0/64 preferred") {
		t.Fatalf("stdout %q\nstderr %s", out.String(), errb.String())
	}
}
