package gvisor

import (
	"net/netip"
	"os"
	"testing"

	"gvisor.dev/gvisor/pkg/tcpip"
	"gvisor.dev/gvisor/pkg/tcpip/header"
	"gvisor.dev/gvisor/pkg/tcpip/stack"

	"github.com/v6ct/v6ct/results"
	"github.com/v6ct/v6ct/runner"
	"github.com/v6ct/v6ct/suites"
)

// TestSpecsPass builds the target and runs the echo specs against it: the
// node answers Echo Requests, sends one when asked, and reports a closed
// UDP port.
func TestSpecsPass(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("the conformance specs need root: they build network namespaces and TAP devices")
	}
	if _, err := os.Stat("/dev/net/tun"); err != nil {
		t.Skip("no /dev/net/tun")
	}
	run, err := runner.Run(runner.Options{Target: Name,
		LabelFilter: "(ipv6ready:v6LC.5.1.1 || ipv6ready:v6LC.5.1.2 || ipv6ready:v6LC.5.1.3) && !role:router", OutDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	if run.Target != Name || run.Role != "host" {
		t.Errorf("run against %s as %s", run.Target, run.Role)
	}
	if len(run.Specs) < 4 {
		t.Fatalf("%d specs ran, want the echo and port-unreachable specs", len(run.Specs))
	}
	for _, s := range run.Specs {
		if s.Verdict != results.Pass {
			t.Errorf("%s: %s %s", s.Title, s.Verdict, s.Reason)
		}
	}
}

func TestTargetRegistered(t *testing.T) {
	tg, err := suites.NewTarget(Name, "")
	if err != nil {
		t.Fatal(err)
	}
	if tg.Name() != Name || tg.Role() != "host" {
		t.Errorf("%s as %s", tg.Name(), tg.Role())
	}
	if _, err := suites.NewTarget(Name, "router"); err == nil {
		t.Error("a router role was accepted")
	}
	for _, c := range tg.(suites.Capable).Capabilities() {
		if _, ok := suites.KnownCapabilities[c]; !ok {
			t.Errorf("unknown capability %q", c)
		}
	}
}

// TestRouteTable checks the order the dispatcher installs routes in.
func TestRouteTable(t *testing.T) {
	r1, r2 := addr(netip.MustParseAddr("fe80::1")), addr(netip.MustParseAddr("fe80::2"))
	def := subnet(netip.MustParsePrefix("::/0"))
	onLink := subnet(netip.MustParsePrefix("2001:db8:1::/64"))
	type learn struct {
		r     tcpip.Route
		pref  header.NDPRoutePreference
		drop  bool                // forget instead
		state stack.NeighborState // set the gateway's neighbor state instead
	}
	tests := []struct {
		name  string
		steps []learn
		want  []tcpip.Route
	}{
		{"first learnt first", []learn{
			{r: tcpip.Route{Destination: def, Gateway: r1, NIC: 1}, pref: header.MediumRoutePreference},
			{r: tcpip.Route{Destination: def, Gateway: r2, NIC: 1}, pref: header.MediumRoutePreference},
		}, []tcpip.Route{{Destination: def, Gateway: r1, NIC: 1}, {Destination: def, Gateway: r2, NIC: 1}}},
		{"higher preference first", []learn{
			{r: tcpip.Route{Destination: def, Gateway: r1, NIC: 1}, pref: header.LowRoutePreference},
			{r: tcpip.Route{Destination: def, Gateway: r2, NIC: 1}, pref: header.HighRoutePreference},
		}, []tcpip.Route{{Destination: def, Gateway: r2, NIC: 1}, {Destination: def, Gateway: r1, NIC: 1}}},
		{"refresh keeps one entry", []learn{
			{r: tcpip.Route{Destination: onLink, NIC: 1}, pref: header.MediumRoutePreference},
			{r: tcpip.Route{Destination: onLink, NIC: 1}, pref: header.MediumRoutePreference},
		}, []tcpip.Route{{Destination: onLink, NIC: 1}}},
		{"a reachable router before an unreachable one", []learn{
			{r: tcpip.Route{Destination: def, Gateway: r1, NIC: 1}, pref: header.HighRoutePreference},
			{r: tcpip.Route{Destination: def, Gateway: r2, NIC: 1}, pref: header.MediumRoutePreference},
			{r: tcpip.Route{Gateway: r1, NIC: 1}, state: stack.Unreachable},
			{r: tcpip.Route{Gateway: r2, NIC: 1}, state: stack.Stale},
		}, []tcpip.Route{{Destination: def, Gateway: r2, NIC: 1}, {Destination: def, Gateway: r1, NIC: 1}}},
		{"invalidated route removed", []learn{
			{r: tcpip.Route{Destination: def, Gateway: r1, NIC: 1}, pref: header.MediumRoutePreference},
			{r: tcpip.Route{Destination: onLink, NIC: 1}, pref: header.MediumRoutePreference},
			{r: tcpip.Route{Destination: def, Gateway: r1, NIC: 1}, drop: true},
		}, []tcpip.Route{{Destination: onLink, NIC: 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := newDispatcher()
			defer d.stop()
			for _, s := range tt.steps {
				switch {
				case s.state != stack.Unknown:
					d.OnNeighborChanged(s.r.NIC, stack.NeighborEntry{Addr: s.r.Gateway, State: s.state})
				case s.drop:
					d.forget(s.r)
				default:
					d.learn(s.r, s.pref)
				}
			}
			d.mu.Lock()
			got := d.table()
			d.mu.Unlock()
			if len(got) != len(tt.want) {
				t.Fatalf("table %v, want %v", got, tt.want)
			}
			for i := range got {
				if !sameRoute(got[i], tt.want[i]) {
					t.Errorf("route %d: %v, want %v", i, got[i], tt.want[i])
				}
			}
		})
	}
}
