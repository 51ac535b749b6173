package main

import (
	"path/filepath"
	"testing"

	"github.com/v6ct/v6ct/results"
)

// timingSubset are specs that send a configuration stimulus and then the
// packet whose treatment depends on it: RA then data (RFC 4861 §6.3.4),
// Redirect then data (§8.3), Packet Too Big then data (RFC 8201), a
// Router Solicitation's link-layer address then data (§6.2.6).
const timingSubset = "rfc:8201||section:8.3||section:6.3.4||section:6.2.6" // no spaces: V6CT_TEST_ARGS splits on them

// The reference node in its asynchronous mode (control messages applied
// 50 ms late, packets on four queues) gets the same verdicts as the plain
// node, in both roles, because the tester lets the target's settle time
// pass after each stimulus; every spec still fails against its fault
// there; without the settle time, verdicts change.
func TestAsyncReferenceNodeSameVerdicts(t *testing.T) {
	needRoot(t)
	verdicts := func(t *testing.T, args ...string) map[string]results.Spec {
		t.Helper()
		dir := t.TempDir()
		code, out := v6ct(t, append([]string{"run", "--label-filter", timingSubset, "--out", dir}, args...)...)
		if code == exitUsage {
			t.Fatalf("v6ct run %v exited %d:\n%s", args, code, out)
		}
		res, err := results.Read(filepath.Join(dir, "latest", "results.json"))
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]results.Spec{}
		for _, s := range res.Specs {
			m[s.ID] = s
		}
		return m
	}
	flipped := 0
	for _, role := range roles {
		t.Run(role, func(t *testing.T) {
			plain := verdicts(t, "--role", role)
			async := verdicts(t, "--role", role, "--target", "refnode-async")
			if len(plain) < 10 || len(async) != len(plain) {
				t.Fatalf("%d specs against refnode, %d against refnode-async", len(plain), len(async))
			}
			for id, p := range plain {
				a := async[id]
				if a.Verdict != p.Verdict {
					t.Errorf("%s: %s against refnode, %s against refnode-async: %s", id, p.Verdict, a.Verdict, a.Reason)
				}
			}
			t.Setenv("V6CT_REFNODE_MODE", "async-reversed") // every two flows on different queues the other way round
			for id, a := range verdicts(t, "--role", role, "--target", "refnode-async") {
				if p := plain[id]; a.Verdict != p.Verdict {
					t.Errorf("%s: %s against refnode, %s against refnode-async with its queues reversed: %s", id, p.Verdict, a.Verdict, a.Reason)
				}
			}
			t.Setenv("V6CT_REFNODE_MODE", "")
			// A fault stays visible through the asynchronous node.
			if code, out := v6ct(t, "run", "--prove", "--role", role, "--target", "refnode-async", "--label-filter", timingSubset, "--out", t.TempDir()); code != 0 {
				t.Errorf("fault proof against refnode-async exited %d:\n%s", code, out)
			}
			t.Setenv("V6CT_SETTLE", "0")
			for id, a := range verdicts(t, "--role", role, "--target", "refnode-async") {
				if a.Verdict != plain[id].Verdict {
					flipped++
				}
			}
		})
	}
	if flipped == 0 {
		t.Error("without the settle time the asynchronous node got the same verdicts: it no longer tests what the settle time is for")
	}
	t.Logf("%d verdicts changed without the settle time", flipped)
}
