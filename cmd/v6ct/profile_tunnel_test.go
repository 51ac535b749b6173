package main

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/v6ct/v6ct/results"
)

// kernelHasIP6Tnl reports whether the running kernel can make an ip6tnl
// device, tried in a namespace of its own.
func kernelHasIP6Tnl(t *testing.T) bool {
	t.Helper()
	ns := "v6ct-probe-" + filepath.Base(t.TempDir())
	if exec.Command("ip", "netns", "add", ns).Run() != nil {
		return false
	}
	defer exec.Command("ip", "netns", "del", ns).Run()
	return exec.Command("ip", "-n", ns, "link", "add", "t0", "type", "ip6tnl", "mode", "ip6ip6",
		"local", "2001:db8::1", "remote", "2001:db8::2").Run() == nil
}

// The host profile with a tunnel: the add-tunnel action makes the 6in6
// tunnel a spec asks for with iproute2 in the device's namespace. On a
// kernel with ip6tnl the RFC 2473 §3.3 specs pass through it; on one
// without (as on some CI machines), the spec is ERROR with the kernel's
// complaint, and the test checks what the action was given: the device's
// own global address as the local end, TR1's as the remote one, the
// encapsulation limit, the tunnel's address and its route.
func TestProfileAddTunnel(t *testing.T) {
	d := newFakeDevice(t)
	body := strings.Replace(fakeProfile, "actions:\n", `capabilities: [tunnel-6in6]
actions:
  add-tunnel: >-
    ip -n DUTNS link del {name} 2>/dev/null;
    ip -n DUTNS link add {name} type ip6tnl mode ip6ip6 local {local} remote {remote}
    hoplimit {hop_limit} encaplimit {encap_limit} dev {link} &&
    ip -n DUTNS link set {name} up && ip -n DUTNS -6 addr add {address} dev {name} nodad &&
    for r in {routes}; do ip -n DUTNS -6 route replace $r dev {name}; done
`, 1)
	prof := d.profile(t, "tunnel.yaml", body)
	out := filepath.Join(d.dir, "out")
	code, text := v6ctIn(t, d.tester, "run", "--profile", prof, "--label-filter", "rfc:2473&&section:3.3&&role:any", "--out", out)
	t.Logf("run (exit %d):\n%s", code, text)
	res, err := results.Read(filepath.Join(out, "latest", "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	// The pre-flight warns of a tunnel capability without the action.
	noAction := d.profile(t, "no-action.yaml", strings.Replace(fakeProfile, "actions:\n", "capabilities: [tunnel-6in6]\nactions:\n", 1))
	if _, out := v6ctIn(t, d.tester, "target", "check", noAction); !strings.Contains(out, "warn  capability tunnel-6in6 without an add-tunnel action") {
		t.Errorf("the pre-flight does not warn of tunnel-6in6 without add-tunnel:\n%s", out)
	}

	// The plan said as much before the run: N/A where the run was N/A.
	_, plan := v6ct(t, "plan", "--profile", prof, "--label-filter", "rfc:2473&&section:3.3&&role:any", "--long")
	for _, s := range res.Specs {
		line := s.Title + ": " + s.Part
		wantNA := s.Verdict == results.NA
		found := false
		for _, l := range strings.Split(plan, "\n") {
			if strings.HasSuffix(strings.SplitN(l, "  [", 2)[0], line) {
				found = true
				if strings.HasPrefix(l, "N/A ") != wantNA {
					t.Errorf("the plan says %q; the run: %s", l, s.Verdict)
				}
			}
		}
		if !found {
			t.Errorf("the plan does not list %q:\n%s", line, plan)
		}
	}
	var sixInSix int
	defer func() {
		if sixInSix < 2 {
			t.Errorf("%d 6in6 specs ran, want 2", sixInSix)
		}
	}()
	able := kernelHasIP6Tnl(t)
	if !able {
		t.Log("this kernel has no ip6tnl: checking the action's invocation, not a passing tunnel")
	}
	for _, s := range res.Specs {
		if !strings.HasPrefix(s.Title, "6in6 tunnel") {
			continue // 4in6 ones: N/A, the profile declares tunnel-6in6 only
		}
		sixInSix++
		var cmd string
		for _, st := range s.Steps {
			if strings.Contains(st.Text, "action add-tunnel: $ ") {
				cmd = st.Text
			}
		}
		if cmd == "" {
			t.Errorf("%s: %s: no add-tunnel action in the steps (%s)", s.ID, s.Verdict, s.Reason)
			continue
		}
		for _, want := range []string{"link add tnl0 type ip6tnl mode ip6ip6 local " + fakeGlobal + " remote 2001:db8:1:",
			"hoplimit 64 encaplimit 4 dev dev0", "addr add 2001:db8:f0::1/64 dev tnl0", "for r in 2001:db8:f1::/64;"} {
			if !strings.Contains(cmd, want) {
				t.Errorf("%s: the add-tunnel command lacks %q:\n%s", s.ID, want, cmd)
			}
		}
		switch {
		case able && s.Verdict != results.Pass:
			t.Errorf("%s: %s: %s", s.ID, s.Verdict, s.Reason)
		case !able && (s.Verdict != results.Error || !strings.Contains(s.Reason, "add-tunnel")):
			t.Errorf("%s: without ip6tnl: %s: %s", s.ID, s.Verdict, s.Reason)
		}
	}
}
