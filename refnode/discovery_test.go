package refnode

import (
	"fmt"
	"net/netip"
	"testing"
	"time"

	"github.com/gopacket/gopacket/layers"

	"github.com/v6ct/v6ct/refnode/link"
	"github.com/v6ct/v6ct/refnode/nd"
)

// TestRouterSolicitationsAtBoot: after the link-local address's DAD, three
// solicitations from it with our link-layer address, 4 s apart (v6LC.2.2.1).
func TestRouterSolicitationsAtBoot(t *testing.T) {
	h := newHarness(t, nil, func(c *Config) { c.ND = nil })
	var at []time.Duration
	for range 200 {
		h.clk.Advance(100 * time.Millisecond)
		for _, o := range ofType(h.sent(), 133) {
			if o.src() != nutLL || o.dst() != netip.MustParseAddr("ff02::2") || o.ip().HopLimit != 255 {
				t.Fatalf("RS %s", o)
			}
			if _, ok := option(o.p.Layer(layers.LayerTypeICMPv6RouterSolicitation).(*layers.ICMPv6RouterSolicitation).Options, layers.ICMPv6OptSourceAddress); !ok {
				t.Error("RS without source link-layer option")
			}
			at = append(at, h.clk.Now().Sub(clockStart))
		}
	}
	if len(at) != 3 || at[0] > 3*time.Second || at[1]-at[0] != 4*time.Second || at[2]-at[1] != 4*time.Second {
		t.Fatalf("solicitations at %v", at)
	}
}

var clockStart = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// TestAutoconfiguration: an RA's prefix forms a tentative address that DAD
// makes preferred; the preferred lifetime deprecates it, the valid lifetime
// removes it (RFC 4862 §5.5.3, §5.5.4).
func TestAutoconfiguration(t *testing.T) {
	h := started(t)
	h.send(ra(pioOpt(slaacPfx, true, true, 60*time.Second, 30*time.Second)))
	h.clk.Advance(time.Second + 100*time.Millisecond)
	probes := ofType(h.sent(), 135)
	if len(probes) != 1 || probes[0].src().IsValid() && !probes[0].src().IsUnspecified() || netip.AddrFrom16([16]byte(probes[0].ns().TargetAddress.To16())) != slaacAddr {
		t.Fatalf("DAD: %s", summary(probes))
	}
	h.clk.Advance(time.Second)
	if got := slaacState(h, slaacAddr); got != "preferred" {
		t.Fatalf("after DAD: %s", got)
	}
	h.learnTN()
	h.send(echo(tnGlobal, slaacAddr, 1)) // the address is ours
	if s := ofType(h.sent(), 129); len(s) != 1 || s[0].src() != slaacAddr {
		t.Fatal("no reply from the autoconfigured address")
	}
	h.clk.Advance(30 * time.Second)
	if got := slaacState(h, slaacAddr); got != "preferred deprecated" {
		t.Fatalf("after the preferred lifetime: %s", got)
	}
	h.send(echo(tnGlobal, slaacAddr, 2)) // still valid: existing communication goes on
	if s := ofType(h.sent(), 129); len(s) != 1 {
		t.Fatal("a deprecated address must still receive")
	}
	h.clk.Advance(30 * time.Second)
	if got := slaacState(h, slaacAddr); got != "none" {
		t.Fatalf("after the valid lifetime: %s", got)
	}
}

func slaacState(h *harness, a netip.Addr) string {
	for _, x := range h.node.Addresses() {
		if x.Addr == a {
			s := x.State.String()
			if x.Deprecated {
				s += " deprecated"
			}
			return s
		}
	}
	return "none"
}

// TestStableAddresses: with a secret, the autoconfigured identifier is not
// the MAC's (RFC 7217).
func TestStableAddresses(t *testing.T) {
	h := newHarness(t, nil, func(c *Config) { c.StableSecret = []byte("secret") })
	h.clk.Advance(2 * time.Second)
	h.send(ra(pioOpt(slaacPfx, true, true, time.Hour, time.Hour)))
	for _, a := range h.node.Addresses() {
		if a.Autoconf && (a.Addr == slaacAddr || !slaacPfx.Contains(a.Addr)) {
			t.Fatalf("stable address %s", a.Addr)
		}
	}
}

// TestDefaultRouterSelection: routers without a neighbor entry take turns
// per destination; a reachable one is preferred; an NA with R=0 removes it
// (RFC 4861 §6.3.6, §7.2.5).
func TestDefaultRouterSelection(t *testing.T) {
	h := started(t)
	h.send(ra())
	h.send(icmpPkt(tr2LL, allNodes, 255, 134, 0, raMsg(64, 0, 1800, 0, 0)))
	a, b := netip.MustParseAddr("2001:db8:99::1"), netip.MustParseAddr("2001:db8:99::2")
	if x, y := nextHopName(h, a), nextHopName(h, b); x == y || nextHopName(h, a) != x {
		t.Fatalf("round robin: %s %s", x, y)
	}
	h.send(icmpPkt(tr2LL, nutLL, 255, 135, 0, nsBody(nutLL, &tr2MAC)))      // TR2 now has an entry
	h.send(icmpPkt(tr2LL, allNodes, 255, 134, 0, raMsg(64, 0, 1800, 0, 0))) // and IsRouter TRUE (§6.3.4)
	if x, y := nextHopName(h, a), nextHopName(h, b); x != "tr2" || y != "tr2" {
		t.Fatalf("reachable router not preferred: %s %s", x, y)
	}
	h.send(icmpPkt(tr2LL, allNodes, 255, 136, 0, naBody(nd.FlagOverride, tr2LL, &tr2MAC)))
	if got := fmt.Sprintf("%d %s", len(h.node.DefaultRouters()), nextHopName(h, a)); got != "1 tr1" {
		t.Fatalf("after R=0: %s", got)
	}
	h.send(icmpPkt(tnLL, allNodes, 255, 134, 0, raMsg(64, 0, 0, 0, 0)))
	if got := nextHopName(h, a); got != "none" {
		t.Fatalf("after Router Lifetime 0: %s", got)
	}
}

// TestRedirectReceived: a valid Redirect to an on-link destination makes the
// host send there directly, to the target link-layer address given.
func TestRedirectReceived(t *testing.T) {
	h := started(t)
	h.learnTN()
	h.send(ra(sllaOpt(tnMAC)))
	dst := netip.MustParseAddr("2001:db8:77::5")
	h.send(redirectPkt(tnLL, 255, 0, dst, dst, tllaOpt(tr2MAC)))
	h.send(echo(dst, nutGlobal, 1))
	s := ofType(h.sent(), 129)
	if len(s) != 1 || s[0].eth().DstMAC.String() != macString(tr2MAC) {
		t.Fatalf("reply: %s", summary(s))
	}
}

func macString(m link.MAC) string {
	return fmt.Sprintf("%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5])
}

// TestRedirectSent: a router forwarding a packet back onto Link0 tells the
// source (RFC 4861 §8.2): from its link-local address, hop limit 255, the
// destination as target, and the packet quoted within 1280 octets.
func TestRedirectSent(t *testing.T) {
	r := newRouter(t, 1500, nil)
	dst := netip.MustParseAddr("2001:db8:1::99")
	big := icmpPkt(tnGlobal, dst, 64, 128, 0, echoBody(1, 1, string(make([]byte, 1400))))
	r.send(big)
	s := ofType(r.sent(), 137)
	if len(s) != 1 {
		t.Fatalf("redirects: %s", summary(r.sent()))
	}
	o := s[0]
	m := o.raw[link.HeaderLen+40:]
	if o.src() != nutLL || o.dst() != tnGlobal || o.ip().HopLimit != 255 || !o.checksumOK() || len(o.raw)-link.HeaderLen > 1280 ||
		nd.Redirect(m).Target() != dst || nd.Redirect(m).Dst() != dst {
		t.Fatalf("redirect %s len %d", o, len(o.raw))
	}
	opts, _ := nd.CheckOptions(nd.Redirect(m).Options(), false)
	rh := nd.FindOption(opts, nd.OptRedirectedHeader)
	if rh == nil || string(rh[8:48]) != string(big[:40]) {
		t.Fatal("redirected header")
	}
	// A source that is not on the link gets none (v6LC.2.3.16 C).
	r.send(icmpPkt(netip.MustParseAddr("2001:db8:55::1"), dst, 64, 128, 0, echoBody(1, 2, "")))
	if s := ofType(r.sent(), 137); len(s) != 0 {
		t.Fatal("redirect to an off-link source")
	}
}

// TestDNSLifetimes: RDNSS entries expire and lifetime 0 removes them (RFC 8106).
func TestDNSLifetimes(t *testing.T) {
	h := started(t)
	opt := func(l time.Duration) []byte {
		b := make([]byte, 24)
		return b[:nd.PutRDNSSOption(b, l, []netip.Addr{netip.MustParseAddr("2001:db8::53")})]
	}
	h.send(ra(opt(10 * time.Second)))
	if len(h.node.DNS()) != 1 {
		t.Fatal("not stored")
	}
	h.clk.Advance(10 * time.Second)
	if len(h.node.DNS()) != 0 {
		t.Fatal("not expired")
	}
	h.send(ra(opt(time.Hour)))
	h.send(ra(opt(0)))
	if len(h.node.DNS()) != 0 {
		t.Fatal("lifetime 0 kept it")
	}
}

// TestAnycastAnswer: a router answers for the subnet-router anycast address
// of its prefix after a random delay, with O=0 (RFC 4861 §7.2.7).
func TestAnycastAnswer(t *testing.T) {
	r := newRouter(t, 1500, nil)
	r.send(icmpPkt(tnLL, netip.MustParseAddr("ff02::1:ff00:0"), 255, 135, 0, nsBody(netip.MustParseAddr("2001:db8:1::"), &tnMAC)))
	if s := r.sent(); len(s) != 0 {
		t.Fatal("answered before the delay")
	}
	r.clk.Advance(time.Second)
	s := ofType(r.sent(), 136)
	if len(s) != 1 || s[0].na().Override() || !s[0].na().Solicited() || !s[0].na().Router() {
		t.Fatalf("NA %s", summary(s))
	}
}
