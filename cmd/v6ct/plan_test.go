package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The plan for the guide's example profile: the router specs run, the
// host ones and those that want an undeclared capability are N/A, each
// counted under what it wants, with an estimate from the labels; with an
// earlier run's results the estimate says it used them.
func TestPlanGuideProfile(t *testing.T) {
	code, out := v6ct(t, "plan", "--profile", "../../docs/profiles/linux-router-ssh.yaml")
	t.Logf("plan:\n%s", out)
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"plan for profile:edge-router-1, a router", "will run", "estimated run time: ",
		"labelled slow at", "role host", "capability tunnel-6in6", "actions the running specs use: add-route ("} {
		if !strings.Contains(out, want) {
			t.Errorf("the plan does not say %q", want)
		}
	}
	m := regexp.MustCompile(`(\d+) specs selected: (\d+) will run, (\d+) N/A`).FindStringSubmatch(out)
	if m == nil || m[2] == "0" || m[3] == "0" {
		t.Fatalf("no totals line, or nothing runs or nothing is N/A: %v", m)
	}

	// The vendor command line profile has no start-ra: the specs of a
	// router made to advertise want it.
	code, out = v6ct(t, "plan", "--profile", "../../docs/profiles/vendor-router-cli.yaml")
	if code != 0 || !regexp.MustCompile(`\d+  action start-ra `).MatchString(out) {
		t.Errorf("exit %d: the vendor profile's plan does not count specs wanting start-ra:\n%s", code, out)
	}

	// A host profile that declares tunnel-6in6 but has no add-tunnel:
	// the tunnel specs want the action.
	dir := t.TempDir()
	prof := filepath.Join(dir, "host.yaml")
	if err := os.WriteFile(prof, []byte("name: h\nrole: host\nlinks:\n  - tester: tst0\ncapabilities: [tunnel-6in6]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out = v6ct(t, "plan", "--profile", prof, "--label-filter", "rfc:2473", "--long")
	t.Logf("host plan:\n%s", out)
	if code != 0 || !strings.Contains(out, "action add-tunnel") || !strings.Contains(out, "N/A  RFC 2473") ||
		!strings.Contains(out, "needs a configured 6in6 tunnel on the device (the add-tunnel action)") {
		t.Errorf("exit %d: the tunnel specs do not want add-tunnel", code)
	}
	if code, out := v6ct(t, "plan"); code != 2 || !strings.Contains(out, "--profile") {
		t.Errorf("plan without a device: exit %d: %s", code, out)
	}
}
