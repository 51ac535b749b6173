package refnode

import (
	"fmt"
	"net/netip"
	"testing"
	"time"

	"github.com/v6ct/v6ct/refnode/counter"
	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/ipv4"
	"github.com/v6ct/v6ct/refnode/link"
	"github.com/v6ct/v6ct/refnode/tunnel"
)

var _ = testedIn(faults.TunnelNoDecap, faults.TunnelNoSourceCheck, faults.TunnelEntryNoDecrement, faults.TunnelExitNoDecrement,
	faults.TunnelTooBigSilent, faults.TunnelSmallPacketRefused, faults.TunnelFragNeededIgnored, faults.TunnelEncapLimitIgnored,
	faults.TunnelEncapLimitNotDecremented, faults.TunnelNoEncapLimitOption, faults.TunnelNoErrorRelay, faults.TunnelNoICMPv4Relay,
	faults.TunnelNoNestingLimit, faults.TunnelIPv4NoReassembly, faults.TunnelIPv4DFIgnored, faults.IPv4NoTimeExceeded,
	faults.IPv4ChecksumIgnored, faults.TunnelDFNotCopied, faults.IPv4NoFragmentation, faults.IPv4DFFragmented,
	faults.Tunnel4in4NoICMPv4Relay, faults.IPv4NoReassemblyTimeExceeded)

// The tunnel harness: a router on one link with a 6in4 tunnel to TN1's
// IPv4 address (FarPrefix behind it), a 6in6 tunnel to TN1's global
// address (far6 behind it), a 6in6 tunnel whose exit point is reached
// through itself (loopPrefix), a 4in6 tunnel to TN1's global address
// (tun46Addr on it, far46 behind it) and a 4in4 tunnel to TN1's IPv4
// address (tun44Addr on it, far44 behind it).
var (
	nut4       = netip.MustParseAddr("192.0.2.16")
	tn4        = netip.MustParseAddr("192.0.2.161")
	other4     = netip.MustParseAddr("192.0.2.162")
	tun4Addr   = netip.MustParseAddr("2001:db8:f0::1")
	far4       = netip.MustParseAddr("2001:db8:f1::1")
	tun6Addr   = netip.MustParseAddr("2001:db8:f2::1")
	far6       = netip.MustParseAddr("2001:db8:f3::1")
	loopPrefix = netip.MustParsePrefix("2001:db8:f5::/64")
	tun46Addr  = netip.MustParseAddr("203.0.113.1")
	far46      = netip.MustParseAddr("203.0.113.129")
	tun44Addr  = netip.MustParseAddr("203.0.113.5")
	far44      = netip.MustParseAddr("203.0.113.193")
)

func newTunnelRouter(t testing.TB, fs ...faults.Fault) *harness {
	h := newHarness(t, fs, func(c *Config) {
		c.Router = true
		c.Interfaces[0].IPv4 = []netip.Prefix{netip.PrefixFrom(nut4, 24)}
		c.Tunnels = []TunnelConfig{
			{Name: "t4", Mode: "6in4", Local: nut4, Remote: tn4, Addresses: []netip.Prefix{netip.PrefixFrom(tun4Addr, 64)}},
			{Name: "t6", Mode: "6in6", Local: nutGlobal, Remote: tnGlobal, Addresses: []netip.Prefix{netip.PrefixFrom(tun6Addr, 64)}},
			{Name: "tloop", Mode: "6in6", Local: nutGlobal, Remote: loopPrefix.Addr().Next()},
			{Name: "t46", Mode: "4in6", Local: nutGlobal, Remote: tnGlobal, IPv4: []netip.Prefix{netip.PrefixFrom(tun46Addr, 30)}},
			{Name: "t44", Mode: "4in4", Local: nut4, Remote: tn4, IPv4: []netip.Prefix{netip.PrefixFrom(tun44Addr, 30)}},
		}
		c.Routes = []Route{
			{Prefix: netip.MustParsePrefix("2001:db8:f1::/64"), Interface: "t4"},
			{Prefix: netip.MustParsePrefix("2001:db8:f3::/64"), Interface: "t6"},
			{Prefix: loopPrefix, Interface: "tloop"},
			{Prefix: netip.MustParsePrefix("203.0.113.128/26"), Interface: "t46"},
			{Prefix: netip.MustParsePrefix("203.0.113.192/26"), Interface: "t44"},
		}
	})
	h.clk.Advance(2 * time.Second)
	h.pipe.Sent()
	h.learnTN()
	// TN1 asks for the node's IPv4 address: the node learns TN1's.
	arp := make([]byte, ipv4.ARPLen)
	ipv4.PutARP(arp, ipv4.ARPRequest, tnMAC, tn4, [6]byte{}, nut4)
	h.inject(ether(link.Broadcast, tnMAC, ipv4.EtherTypeARP, arp))
	h.pipe.Sent()
	return h
}

// in4 is pkt inside IPv4 from src to the node.
func in4(src netip.Addr, pkt []byte) []byte {
	b := make([]byte, ipv4.HeaderLen+len(pkt))
	copy(b[ipv4.HeaderLen:], pkt)
	ipv4.Put(b, 0, 1, false, 64, ipv4.ProtoIPv6, src, nut4, len(pkt))
	return ether(nutMAC, tnMAC, ipv4.EtherTypeIPv4, b)
}

// pkt4 is an IPv4 packet with a payload of plen octets (an ICMPv4 Echo
// Request when proto is ICMP), TTL ttl, DF as given.
func pkt4(src, dst netip.Addr, proto, ttl uint8, df bool, plen int) []byte {
	b := make([]byte, ipv4.HeaderLen+plen)
	if proto == ipv4.ProtoICMP {
		ipv4.PutEcho(b[ipv4.HeaderLen:], ipv4.ICMPEchoRequest, append([]byte{0, 7, 0, 1}, make([]byte, plen-8)...))
	}
	ipv4.Put(b, 0, 0x4242, df, ttl, proto, src, dst, plen)
	return b
}

// frame4 is an IPv4 packet from TN1 to the node on the link.
func frame4(pkt []byte) []byte { return ether(nutMAC, tnMAC, ipv4.EtherTypeIPv4, pkt) }

// fragments4 splits an IPv4 packet without options in two at octet at of
// its payload (a multiple of 8).
func fragments4(pkt []byte, at int) [2][]byte {
	h := ipv4.Header(pkt)
	first := append([]byte(nil), pkt[:ipv4.HeaderLen+at]...)
	second := append(append([]byte(nil), pkt[:ipv4.HeaderLen]...), pkt[ipv4.HeaderLen+at:]...)
	ipv4.Put(first, 0, h.ID(), false, h.TTL(), h.Protocol(), h.Src(), h.Dst(), at)
	first[ipv4.OffFlagsFrag] |= ipv4.FlagMoreFrags >> 8
	ipv4.Put(second, 0, h.ID(), false, h.TTL(), h.Protocol(), h.Src(), h.Dst(), len(pkt)-ipv4.HeaderLen-at)
	second[ipv4.OffFlagsFrag], second[ipv4.OffFlagsFrag+1] = byte(at/8>>8), byte(at/8)
	for _, f := range [][]byte{first, second} {
		f[ipv4.OffChecksum], f[ipv4.OffChecksum+1] = 0, 0
		c := ipv4.Checksum(f[:ipv4.HeaderLen])
		f[ipv4.OffChecksum], f[ipv4.OffChecksum+1] = byte(c>>8), byte(c)
	}
	return [2][]byte{first, second}
}

// icmp4Types lists the ICMPv4 type/code of the IPv4 packets the node sent.
func icmp4Types(ps [][]byte) string {
	s := ""
	for _, p := range ps {
		if ipv4.Header(p).Protocol() == ipv4.ProtoICMP {
			s += fmt.Sprintf("%d/%d ", p[ipv4.HeaderLen], p[ipv4.HeaderLen+1])
		}
	}
	return s
}

// in44 is pkt inside IPv4 protocol 4 from TN1 to the node (RFC 2003).
func in44(pkt []byte) []byte {
	b := make([]byte, ipv4.HeaderLen+len(pkt))
	copy(b[ipv4.HeaderLen:], pkt)
	ipv4.Put(b, 0, 0x4444, false, 64, ipv4.ProtoIPv4, tn4, nut4, len(pkt))
	return b
}

// icmp4From is an ICMPv4 error from src to the node quoting invoking.
func icmp4From(src netip.Addr, typ, code uint8, mtu int, invoking []byte) []byte {
	msg := make([]byte, ipv4.ICMPHeaderLen+ipv4.MaxQuote)
	l := ipv4.PutError(msg, typ, code, mtu, invoking)
	pkt := make([]byte, ipv4.HeaderLen+l)
	copy(pkt[ipv4.HeaderLen:], msg[:l])
	ipv4.Put(pkt, 0, 2, false, 64, ipv4.ProtoICMP, src, nut4, l)
	return pkt
}

// protocols4 lists the protocol of each IPv4 packet the node sent.
func protocols4(ps [][]byte) string {
	s := ""
	for _, p := range ps {
		s += fmt.Sprint(ipv4.Header(p).Protocol(), " ")
	}
	return s
}

// in6 is pkt inside IPv6 from src to dst, with limit option unless negative.
func in6(src, dst netip.Addr, limit int, pkt []byte) []byte {
	b := make([]byte, tunnel.OuterLen(tunnel.SixInSix, limit)+len(pkt))
	n := tunnel.PutOuter6(b, tunnel.ProtoIPv6, 64, src, dst, len(pkt), limit)
	copy(b[n:], pkt)
	return b
}

// sent4 are the IPv4 packets the node sent; sent6 the IPv6 ones.
func (h *harness) sentBy(etherType uint16) [][]byte {
	var ps [][]byte
	for _, f := range h.pipe.Sent() {
		if link.Frame(f).EtherType() == etherType {
			ps = append(ps, f[link.HeaderLen:])
		}
	}
	return ps
}

// icmp6Types lists the ICMPv6 types of the IPv6 packets the node sent.
func icmp6Types(ps [][]byte) string {
	s := ""
	for _, p := range ps {
		if p[6] == 58 {
			s += fmt.Sprint(p[40], " ")
		}
	}
	return s
}

func sizedEcho(src, dst netip.Addr, size int) []byte {
	return icmpPkt(src, dst, 64, 128, 0, echoBody(1, 1, string(make([]byte, size-48))))
}

func TestTunnelFaults(t *testing.T) {
	cases := []struct {
		fault          faults.Fault
		observe        func(*harness) string
		correct, wrong string
	}{
		{faults.TunnelNoDecap, func(h *harness) string {
			h.inject(in4(tn4, echo(far4, tun4Addr, 1)))
			return fmt.Sprint(len(h.sentBy(ipv4.EtherTypeIPv4)))
		}, "1", "0"},
		{faults.TunnelNoSourceCheck, func(h *harness) string {
			h.inject(in4(other4, echo(far4, tun4Addr, 1)))
			return fmt.Sprint(len(h.sentBy(ipv4.EtherTypeIPv4)))
		}, "0", "1"},
		{faults.TunnelEntryNoDecrement, func(h *harness) string {
			h.send(echo(tnGlobal, far4, 1))
			return fmt.Sprint(h.sentBy(ipv4.EtherTypeIPv4)[0][ipv4.HeaderLen+7])
		}, "63", "64"},
		{faults.TunnelExitNoDecrement, func(h *harness) string {
			h.inject(in4(tn4, echo(far4, tnGlobal, 1)))
			return fmt.Sprint(h.sentBy(link.EtherTypeIPv6)[0][7])
		}, "63", "64"},
		{faults.TunnelTooBigSilent, func(h *harness) string {
			h.send(sizedEcho(tnGlobal, far4, 1500))
			return icmp6Types(h.sentBy(link.EtherTypeIPv6))
		}, "2 ", ""},
		{faults.TunnelSmallPacketRefused, func(h *harness) string {
			quoted := in6(nutGlobal, tnGlobal, 4, sizedEcho(tnGlobal, far6, 1280))
			h.send(icmpPkt(tnGlobal, nutGlobal, 64, 2, 0, append([]byte{0, 0, 5, 0}, quoted[:1232]...)))
			h.send(sizedEcho(tnGlobal, far6, 1280))
			ps := h.sentBy(link.EtherTypeIPv6)
			return fmt.Sprintf("%d packets, first next header %d", len(ps), ps[0][6])
		}, "2 packets, first next header 44", "1 packets, first next header 58"},
		{faults.TunnelFragNeededIgnored, func(h *harness) string {
			q := make([]byte, ipv4.HeaderLen+8)
			ipv4.Put(q, 0, 1, true, 64, ipv4.ProtoIPv6, nut4, tn4, 8)
			msg := make([]byte, 64)
			l := ipv4.PutError(msg, ipv4.ICMPDestUnreachable, ipv4.CodeFragNeeded, 1400, q)
			pkt := make([]byte, ipv4.HeaderLen+l)
			copy(pkt[ipv4.HeaderLen:], msg[:l])
			ipv4.Put(pkt, 0, 2, false, 64, ipv4.ProtoICMP, other4, nut4, l)
			h.inject(ether(nutMAC, tnMAC, ipv4.EtherTypeIPv4, pkt))
			h.send(sizedEcho(tnGlobal, far4, 1400))
			return icmp6Types(h.sentBy(link.EtherTypeIPv6))
		}, "2 ", ""},
		{faults.TunnelEncapLimitIgnored, func(h *harness) string {
			h.send(in6(tnGlobal, far6, 0, echo(tnGlobal, far6, 1)))
			return icmp6Types(h.sentBy(link.EtherTypeIPv6))
		}, "4 ", ""},
		{faults.TunnelEncapLimitNotDecremented, func(h *harness) string {
			h.send(in6(tnGlobal, far6, 3, echo(tnGlobal, far6, 1)))
			l, _, _ := tunnel.EncapLimit(h.sentBy(link.EtherTypeIPv6)[0])
			return fmt.Sprint(l)
		}, "2", "4"},
		{faults.TunnelNoEncapLimitOption, func(h *harness) string {
			h.send(echo(tnGlobal, far6, 1))
			l, _, ok := tunnel.EncapLimit(h.sentBy(link.EtherTypeIPv6)[0])
			return fmt.Sprint(l, ok)
		}, "4 true", "0 false"},
		{faults.TunnelNoErrorRelay, func(h *harness) string {
			quoted := in6(nutGlobal, tnGlobal, 4, echo(tnGlobal, far6, 1))
			h.send(icmpPkt(tnGlobal, nutGlobal, 64, 3, 0, append([]byte{0, 0, 0, 0}, quoted...)))
			return icmp6Types(h.sentBy(link.EtherTypeIPv6))
		}, "1 ", ""},
		{faults.TunnelNoICMPv4Relay, func(h *harness) string {
			inner := echo(tnGlobal, far4, 1)
			q := make([]byte, ipv4.HeaderLen+len(inner))
			copy(q[ipv4.HeaderLen:], inner)
			ipv4.Put(q, 0, 1, true, 64, ipv4.ProtoIPv6, nut4, tn4, len(inner))
			msg := make([]byte, 200)
			l := ipv4.PutError(msg, ipv4.ICMPDestUnreachable, ipv4.CodeHostUnreachable, 0, q)
			pkt := make([]byte, ipv4.HeaderLen+l)
			copy(pkt[ipv4.HeaderLen:], msg[:l])
			ipv4.Put(pkt, 0, 2, false, 64, ipv4.ProtoICMP, other4, nut4, l)
			h.inject(ether(nutMAC, tnMAC, ipv4.EtherTypeIPv4, pkt))
			return icmp6Types(h.sentBy(link.EtherTypeIPv6))
		}, "1 ", ""},
		{faults.TunnelIPv4NoReassembly, func(h *harness) string {
			whole := make([]byte, ipv4.HeaderLen)
			whole = append(whole, echo(far4, tun4Addr, 1)...)
			ipv4.Put(whole, 0, 9, false, 64, ipv4.ProtoIPv6, tn4, nut4, len(whole)-ipv4.HeaderLen)
			fs := fragments4(whole, 48)
			h.inject(frame4(fs[0]))
			h.inject(frame4(fs[1]))
			return fmt.Sprint(len(h.sentBy(ipv4.EtherTypeIPv4)))
		}, "1", "0"},
		{faults.TunnelIPv4DFIgnored, func(h *harness) string {
			h.inject(frame4(pkt4(tn4, far46, ipv4.ProtoICMP, 64, true, 1460)))
			sent6 := 0
			var sent4 [][]byte
			for _, f := range h.pipe.Sent() {
				switch link.Frame(f).EtherType() {
				case link.EtherTypeIPv6:
					sent6++
				case ipv4.EtherTypeIPv4:
					sent4 = append(sent4, f[link.HeaderLen:])
				}
			}
			return icmp4Types(sent4) + fmt.Sprint(sent6)
		}, "3/4 0", "2"},
		{faults.IPv4NoTimeExceeded, func(h *harness) string {
			h.inject(frame4(pkt4(tn4, far46, ipv4.ProtoICMP, 1, false, 64)))
			return icmp4Types(h.sentBy(ipv4.EtherTypeIPv4))
		}, "11/0 ", ""},
		{faults.IPv4ChecksumIgnored, func(h *harness) string {
			inner := pkt4(far46, tun46Addr, ipv4.ProtoICMP, 64, false, 64)
			inner[ipv4.OffChecksum] ^= 0x10
			outer := in6(tnGlobal, nutGlobal, tunnel.NoEncapLimit, inner)
			outer[6] = tunnel.ProtoIPv4
			h.send(outer)
			return fmt.Sprint(len(h.sentBy(link.EtherTypeIPv6)))
		}, "0", "1"},
		{faults.TunnelDFNotCopied, func(h *harness) string {
			h.inject(frame4(pkt4(tn4, far44, ipv4.ProtoICMP, 64, true, 64)))
			return fmt.Sprint(ipv4.Header(h.sentBy(ipv4.EtherTypeIPv4)[0]).DontFragment())
		}, "true", "false"},
		{faults.IPv4NoFragmentation, func(h *harness) string {
			h.inject(frame4(pkt4(tn4, far44, ipv4.ProtoICMP, 64, false, 1600)))
			return fmt.Sprint(len(h.sentBy(ipv4.EtherTypeIPv4)))
		}, "2", "0"},
		{faults.IPv4DFFragmented, func(h *harness) string {
			// 1510 octets with DF out of the 4in4 tunnel (its tunnel packet
			// in two fragments) to TN1, on a link of 1500.
			fs := fragments4(in44(pkt4(far44, tn4, ipv4.ProtoICMP, 64, true, 1510)), 1000)
			h.inject(frame4(fs[0]))
			h.inject(frame4(fs[1]))
			return protocols4(h.sentBy(ipv4.EtherTypeIPv4))
		}, "4 ", "1 1 "},
		{faults.Tunnel4in4NoICMPv4Relay, func(h *harness) string {
			h.inject(frame4(pkt4(tn4, far44, ipv4.ProtoICMP, 64, false, 64)))
			q := h.sentBy(ipv4.EtherTypeIPv4)[0]
			h.inject(frame4(icmp4From(other4, ipv4.ICMPTimeExceeded, ipv4.CodeTTLExceeded, 0, q)))
			return icmp4Types(h.sentBy(ipv4.EtherTypeIPv4))
		}, "3/1 ", ""},
		{faults.IPv4NoReassemblyTimeExceeded, func(h *harness) string {
			fs := fragments4(in44(pkt4(far44, tun44Addr, ipv4.ProtoICMP, 64, false, 200)), 128)
			h.inject(frame4(fs[0]))
			h.clk.Advance(ipv4.DefaultReassemblyTimeout)
			return icmp4Types(h.sentBy(ipv4.EtherTypeIPv4))
		}, "11/1 ", ""},
		{faults.TunnelNoNestingLimit, func(h *harness) string {
			h.send(echo(tnGlobal, netip.MustParseAddr("2001:db8:f5::77"), 1))
			return icmp6Types(h.sentBy(link.EtherTypeIPv6))
		}, "1 ", ""},
	}
	for _, c := range cases {
		t.Run(string(c.fault), func(t *testing.T) {
			if got := c.observe(newTunnelRouter(t)); got != c.correct {
				t.Errorf("correct node: %q, want %q", got, c.correct)
			}
			if got := c.observe(newTunnelRouter(t, c.fault)); got != c.wrong {
				t.Errorf("with the fault: %q, want %q", got, c.wrong)
			}
		})
	}
}

// A tunnel routing loop ends at the nesting limit with the drop counted,
// whichever way it is stopped, and the node goes on answering.
func TestTunnelLoopStops(t *testing.T) {
	for _, limit := range []int{0, tunnel.NoEncapLimit} {
		h := newHarness(t, nil, func(c *Config) {
			c.Router = true
			c.Tunnels = []TunnelConfig{{Name: "tloop", Mode: "6in6", Local: nutGlobal, Remote: loopPrefix.Addr().Next(), EncapLimit: limit}}
			c.Routes = []Route{{Prefix: loopPrefix, Interface: "tloop"}}
		})
		h.clk.Advance(2 * time.Second)
		h.pipe.Sent()
		h.learnTN()
		h.send(echo(tnGlobal, netip.MustParseAddr("2001:db8:f5::77"), 1))
		stopped := h.counter(counter.TunnelNestingExceeded) + h.counter(counter.TunnelEncapLimitExceeded)
		if stopped != 1 || h.counter(counter.TunnelEncapsulated) != uint64(tunnel.MaxNesting) {
			t.Errorf("limit %d: stopped %d times after %d encapsulations, want once after %d", limit, stopped, h.counter(counter.TunnelEncapsulated), tunnel.MaxNesting)
		}
		h.send(echo(tnGlobal, nutGlobal, 2))
		if got := icmp6Types(h.sentBy(link.EtherTypeIPv6)); got != "1 129 " {
			t.Errorf("limit %d: the node sent ICMPv6 types %q, want an unreachable, then an echo reply", limit, got)
		}
	}
}

var _ = testedIn(faults.EncapLimitLastOptionMissed, faults.EncapLimitAfterHopByHopMissed, faults.Tunnel4LowMTUNoTooBig,
	faults.TunnelNoLinkLocal, faults.TunnelSmallPTBRelayed, faults.Tunnel4FragNeededRelayed)

// TestEdgeTunnelFaults: the entry point's search for the Tunnel
// Encapsulation Limit, right and as each fault gets it wrong.
func TestEdgeTunnelFaults(t *testing.T) {
	inner := echo(tnGlobal, far6, 1)
	cases := []struct {
		fault          faults.Fault
		pkt            []byte
		correct, wrong string
	}{
		{faults.EncapLimitLastOptionMissed, withHeaders(tnGlobal, far6, 41, inner, destOpts(1, 1, 0, 4, 1, 0)), "4 ", "1 "},
		{faults.EncapLimitAfterHopByHopMissed, withHeaders(tnGlobal, far6, 41, inner, hbh(), destOpts(4, 1, 0)), "4 ", "1 "},
	}
	for _, c := range cases {
		t.Run(string(c.fault), func(t *testing.T) {
			run := func(fs ...faults.Fault) string {
				h := newTunnelRouter(t, fs...)
				h.send(c.pkt)
				return icmp6Types(h.sentBy(link.EtherTypeIPv6))
			}
			if got := run(); got != c.correct {
				t.Errorf("correct node: %q, want %q", got, c.correct)
			}
			if got := run(c.fault); got != c.wrong {
				t.Errorf("with the fault: %q, want %q", got, c.wrong)
			}
		})
	}
}

// TestTunnel4LowMTUNoTooBig: below an IPv4 path MTU of 1300 a packet above
// 1280 octets draws Packet Too Big; with the fault it goes in.
func TestTunnel4LowMTUNoTooBig(t *testing.T) {
	run := func(fs ...faults.Fault) string {
		h := newTunnelRouter(t, fs...)
		q := make([]byte, ipv4.HeaderLen+8)
		ipv4.Put(q, 0, 1, true, 64, ipv4.ProtoIPv6, nut4, tn4, 8)
		msg := make([]byte, 64)
		l := ipv4.PutError(msg, ipv4.ICMPDestUnreachable, ipv4.CodeFragNeeded, 1000, q)
		pkt := make([]byte, ipv4.HeaderLen+l)
		copy(pkt[ipv4.HeaderLen:], msg[:l])
		ipv4.Put(pkt, 0, 2, false, 64, ipv4.ProtoICMP, other4, nut4, l)
		h.inject(ether(nutMAC, tnMAC, ipv4.EtherTypeIPv4, pkt))
		h.send(sizedEcho(tnGlobal, far4, 1281))
		return icmp6Types(h.sentBy(link.EtherTypeIPv6))
	}
	if got := run(); got != "2 " {
		t.Errorf("correct node: %q, want Packet Too Big", got)
	}
	if got := run(faults.Tunnel4LowMTUNoTooBig); got != "" {
		t.Errorf("with the fault: %q, want nothing", got)
	}
}

// TestTunnelNoLinkLocal: a 6in4 tunnel interface answers at its link-local
// address; with the fault it has none.
func TestTunnelNoLinkLocal(t *testing.T) {
	run := func(fs ...faults.Fault) string {
		h := newTunnelRouter(t, fs...)
		h.inject(in4(tn4, echo(tunnel.LinkLocal(tn4), tunnel.LinkLocal(nut4), 1)))
		return fmt.Sprint(len(h.sentBy(ipv4.EtherTypeIPv4)))
	}
	if got := run(); got != "1" {
		t.Errorf("correct node: %s replies, want 1", got)
	}
	if got := run(faults.TunnelNoLinkLocal); got != "0" {
		t.Errorf("with the fault: %s replies, want 0", got)
	}
}

// TestTunnelSmallPTBRelayed: a Packet Too Big from inside a 6in6 tunnel
// about a tunnel packet whose original was 1280 octets goes no further;
// with the fault its source hears one.
func TestTunnelSmallPTBRelayed(t *testing.T) {
	run := func(fs ...faults.Fault) string {
		h := newTunnelRouter(t, fs...)
		quoted := in6(nutGlobal, tnGlobal, 4, sizedEcho(tnGlobal, far6, 1280))
		h.send(icmpPkt(tnGlobal, nutGlobal, 64, 2, 0, append([]byte{0, 0, 5, 0}, quoted[:1232]...)))
		return icmp6Types(h.sentBy(link.EtherTypeIPv6))
	}
	if got := run(); got != "" {
		t.Errorf("correct node: %q, want no error", got)
	}
	if got := run(faults.TunnelSmallPTBRelayed); got != "2 " {
		t.Errorf("with the fault: %q, want Packet Too Big", got)
	}
}

// TestTunnel4FragNeededRelayed: a Fragmentation Needed from inside a 6in4
// tunnel lowers the tunnel MTU only; with the fault the inner source also
// hears Destination Unreachable.
func TestTunnel4FragNeededRelayed(t *testing.T) {
	run := func(fs ...faults.Fault) string {
		h := newTunnelRouter(t, fs...)
		inner := sizedEcho(tnGlobal, far4, 100)
		q := make([]byte, ipv4.HeaderLen+len(inner))
		ipv4.Put(q, 0, 1, true, 64, ipv4.ProtoIPv6, nut4, tn4, len(inner))
		copy(q[ipv4.HeaderLen:], inner)
		msg := make([]byte, 8+len(q))
		l := ipv4.PutError(msg, ipv4.ICMPDestUnreachable, ipv4.CodeFragNeeded, 1400, q)
		pkt := make([]byte, ipv4.HeaderLen+l)
		copy(pkt[ipv4.HeaderLen:], msg[:l])
		ipv4.Put(pkt, 0, 2, false, 64, ipv4.ProtoICMP, other4, nut4, l)
		h.inject(ether(nutMAC, tnMAC, ipv4.EtherTypeIPv4, pkt))
		return icmp6Types(h.sentBy(link.EtherTypeIPv6))
	}
	if got := run(); got != "" {
		t.Errorf("correct node: %q, want nothing", got)
	}
	if got := run(faults.Tunnel4FragNeededRelayed); got != "1 " {
		t.Errorf("with the fault: %q, want Destination Unreachable", got)
	}
}
