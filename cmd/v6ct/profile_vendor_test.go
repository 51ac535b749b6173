package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/v6ct/v6ct/results"
)

// The second worked profile (docs/profiles/vendor-router-cli.yaml): a
// router managed only through a vendor-style command line. Its actions run
// docs/profiles/v6ct-vendor-cli, which logs in over a pseudo-terminal and
// types commands; here the command line is testdata/fake-vendor-cli (a
// login, an exec and a configuration mode, "% Invalid input" for what it
// does not know), which carries the commands out with iproute2 on the
// kernel in the router's namespace. ssh is replaced by starting the fake
// CLI, and the port and interface names by the veths'. The pre-flight
// (its reset included) passes, and the router specs that need static
// routes pass through the add-route action, the CLI's conversation in
// their steps.
func TestVendorCLIProfileAgainstNamespaceRouter(t *testing.T) {
	if _, err := os.Stat("/usr/bin/python3"); err != nil {
		t.Skip("v6ct-vendor-cli needs python3")
	}
	d := newFakeRouter(t)
	text, err := os.ReadFile("../../docs/profiles/vendor-router-cli.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cli, _ := filepath.Abs("../../docs/profiles/v6ct-vendor-cli")
	fake, _ := filepath.Abs("testdata/fake-vendor-cli")
	local := strings.NewReplacer(
		"v6ct-vendor-cli --connect", cli+" --connect",
		"ssh -tt admin@192.0.2.8", fake+" "+d.device,
		"enp3s0f0", "tst0", "enp3s0f1", "tst1",
		"ge-0/0/1", "eth1", "ge-0/0/2", "eth2",
	).Replace(string(text))
	prof := d.profile(t, "vendor.yaml", local)
	t.Setenv("EDGE_CLI_PASSWORD", "s3cret")
	t.Setenv("FAKE_CLI_PASSWORD", "s3cret")
	code, out := v6ctIn(t, d.tester, "target", "check", prof)
	t.Logf("pre-flight:\n%s", out)
	if code != 0 || !strings.Contains(out, "action reset: ran") {
		t.Fatalf("pre-flight exit %d", code)
	}
	dir := filepath.Join(d.dir, "out")
	code, out = v6ctIn(t, d.tester, "run", "--profile", prof, "--label-filter", "role:router&&(ipv6ready:v6LC.1.1.11||ipv6ready:v6LC.5.1.3)", "--out", dir)
	t.Logf("run:\n%s", out)
	res, err := results.Read(filepath.Join(dir, "latest", "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	routes := 0
	for _, s := range res.Specs {
		if s.Verdict != results.Pass {
			t.Errorf("%s: %s: %s", s.ID, s.Verdict, s.Reason)
		}
		for _, st := range s.Steps {
			if strings.Contains(st.Text, "edge-rtr(config)# ipv6 route ") && strings.Contains(st.Text, "edge-rtr(config)# end") {
				routes++
			}
		}
	}
	if len(res.Specs) < 4 || routes == 0 || code != 0 {
		t.Errorf("exit %d, %d specs, %d add-route conversations in the steps", code, len(res.Specs), routes)
	}

	// A command the device refuses fails the action, with its answer.
	bad := d.profile(t, "bad.yaml", strings.Replace(local, "'clear ipv6 route cache'", "'clear ipv6 everything'", 1))
	code, out = v6ctIn(t, d.tester, "target", "check", bad)
	if code != 1 || !strings.Contains(out, "% Invalid input detected: clear ipv6 everything") {
		t.Errorf("a refused command: exit %d:\n%s", code, out)
	}
}
