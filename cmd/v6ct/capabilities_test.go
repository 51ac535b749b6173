package main

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/v6ct/v6ct/results"
	"github.com/v6ct/v6ct/suites"
)

// A node that declares none of the optional behaviours is never failed for
// lacking them: against the reference node made without its capabilities
// (target refnode-without:...), the specs that need one are N/A and name
// it, and the others still pass. Both roles, over the specs the
// capabilities gate and their neighbours.
func TestSpecsOfMissingCapabilitiesAreNotApplicable(t *testing.T) {
	needRoot(t)
	missing := []string{suites.CapHopByHop, suites.CapPathMTUDiscovery, suites.CapMulticastEcho, suites.CapSLAAC, suites.CapRADNS, suites.CapRouteInformation}
	target := "refnode-without:" + strings.Join(missing, ",")
	// The filters hold no spaces: the child process splits its arguments.
	filters := map[string]string{
		"host":   "rfc:8201||rfc:8106||rfc:4862||rfc:4191||rfc:6724||rfc:4291&&(section:2.7||section:2.8)||ipv6ready:v6LC.4.1.1",
		"router": "rfc:8106||ipv6ready:v6LC.1.2.7||rfc:4291&&(section:2.7||section:2.8)",
	}
	naFor := map[string]int{}
	for _, role := range roles {
		t.Run(role, func(t *testing.T) {
			dir := t.TempDir()
			code, out := v6ct(t, "run", "--target", target, "--role", role, "--label-filter", filters[role]+"&&!slow", "--out", dir)
			if code != 0 {
				t.Fatalf("v6ct run exited %d:\n%s", code, out)
			}
			res, err := results.Read(filepath.Join(dir, "latest", "results.json"))
			if err != nil {
				t.Fatal(err)
			}
			passed := 0
			defer func() {
				t.Logf("%d specs, %d PASS", len(res.Specs), passed)
				if passed == 0 {
					t.Error("no spec passed: the run judged nothing")
				}
			}()
			for _, s := range res.Specs {
				if s.Verdict == results.Pass {
					passed++
				}
				switch {
				case notForRole(s):
				case s.Verdict == results.NA:
					named := false
					for _, c := range missing {
						if strings.Contains(s.Reason, "needs the capability "+strconv.Quote(c)) {
							naFor[c]++
							named = true
						}
					}
					if !named {
						t.Errorf("%s: N/A for another reason: %s", s.ID, s.Reason)
					}
				case s.Verdict != results.Pass:
					t.Errorf("%s: %s: %s", s.ID, s.Verdict, s.Reason)
				}
			}
		})
	}
	for _, c := range missing {
		if naFor[c] == 0 {
			t.Errorf("no spec was N/A for want of %s", c)
		}
	}
}
