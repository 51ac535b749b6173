package suites

import (
	"net"
	"net/netip"
	"strings"
	"testing"
)

// The add-tunnel action gets the tunnel as the device must make it: its
// own addresses as the outer end, the tester's TR1 as the remote one, and
// the IPv4 addresses a tunnel carrying IPv4 needs on every link.
func TestAddTunnelPlaceholders(t *testing.T) {
	p, err := ParseProfile("r.yaml", []byte(`name: r
role: router
links:
  - tester: tst0
    device: eth1
  - tester: tst1
    device: eth2
capabilities: [tunnel-6in6, tunnel-4in6, tunnel-6in4]
actions:
  add-tunnel: tunnel {name} {mode} {local} {remote} {hop_limit} {encap_limit} {mtu} {address} {inner} {outer} [{routes}] [{ipv4_addresses}] {ipv4_forwarding} {link}
`))
	if err != nil {
		t.Fatal(err)
	}
	mac0, _ := net.ParseMAC("00:00:5e:00:53:40")
	mac1, _ := net.ParseMAC("00:00:5e:00:53:41")
	info := NUTInfo{MACs: []net.HardwareAddr{mac0, mac1},
		LinkLocals: []netip.Addr{netip.MustParseAddr("fe80::1"), netip.MustParseAddr("fe80::2")},
		Globals:    []netip.Addr{netip.MustParseAddr("2001:db8:1::1"), netip.MustParseAddr("2001:db8:2::1")}}
	tr1 := NewLinkPlan(0).TR1
	cases := []struct {
		setup TunnelSetup
		want  string
	}{
		{SixInSix(), "tunnel tnl0 6in6 2001:db8:1::1 " + tr1.Global.String() + " 64 4 0 2001:db8:f0::1/64 6 6 [2001:db8:f1::/64] [] 0 eth1"},
		{FourInSix(), "tunnel tnl0 4in6 2001:db8:1::1 " + tr1.Global.String() + " 64 4 0 203.0.113.1/30 4 6 [203.0.113.128/25] [eth1=192.0.2.64/24 eth2=198.51.100.65/24] 1 eth1"},
		{SixInFour(), "tunnel tnl0 6in4 192.0.2.64 " + IPv4On(0, tr1.MAC).String() + " 64 none 0 2001:db8:f0::1/64 6 4 [2001:db8:f1::/64] [eth1=192.0.2.64/24] 0 eth1"},
	}
	for _, c := range cases {
		var s SpecSetup
		Tunnel(c.setup)(&s)
		tn := s.Tunnels[0].forDevice(info)
		v := actionValues(p, info, Action{Name: ActAddTunnel, Link: tn.Link, Tunnel: tn})
		if got := expand(p.Actions[ActAddTunnel].Run, v); got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.setup.Mode, got, c.want)
		}
	}
}

// A profile without add-tunnel makes a tunnel spec N/A, naming the action,
// even when it declares the tunnel capability.
func TestTunnelSpecNeedsAddTunnel(t *testing.T) {
	p, err := ParseProfile("h.yaml", []byte("name: h\nrole: host\nlinks:\n  - tester: tst0\ncapabilities: [tunnel-6in6]\n"))
	if err != nil {
		t.Fatal(err)
	}
	var s SpecSetup
	s.Links = 1
	Tunnel(SixInSix())(&s)
	why := notApplicable(NewProfileTarget(p), s)
	if !strings.Contains(why, "add-tunnel action") {
		t.Errorf("N/A reason %q", why)
	}
	p.Actions[ActAddTunnel] = &ActionSpec{Name: ActAddTunnel, Run: "true"}
	if why := notApplicable(NewProfileTarget(p), s); why != "" {
		t.Errorf("with add-tunnel: N/A: %s", why)
	}
}
