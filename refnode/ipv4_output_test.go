package refnode

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/v6ct/v6ct/refnode/counter"
	"github.com/v6ct/v6ct/refnode/ipv4"
)

// whole4 checks the IPv4 packets the node sent as the fragments of one
// datagram (RFC 791 §3.2): each at most mtu octets with a valid header,
// all with the same Identification; it returns the datagram put together
// again and the fragment sizes.
func whole4(t *testing.T, ps [][]byte, mtu int) (ipv4.Header, []int) {
	t.Helper()
	r := ipv4.NewReassembler(ipv4.ReassemblyConfig{})
	var sizes []int
	var whole ipv4.Header
	for i, p := range ps {
		h, why := ipv4.Check(p)
		switch {
		case why != counter.None:
			t.Fatalf("fragment %d: %s", i, why)
		case len(p) > mtu:
			t.Fatalf("fragment %d: %d octets, above %d", i, len(p), mtu)
		case h.ID() != ipv4.Header(ps[0]).ID():
			t.Fatalf("fragment %d: ID %#x, the first %#x", i, h.ID(), ipv4.Header(ps[0]).ID())
		case !h.IsFragment():
			t.Fatalf("packet %d is not a fragment", i)
		}
		sizes = append(sizes, len(p))
		if w := r.Add(h, time.Time{}); w != nil {
			whole = append(ipv4.Header(nil), w...)
		}
	}
	if whole == nil {
		t.Fatalf("fragments %v do not make a datagram", sizes)
	}
	return whole, sizes
}

// The node sends what is too big for the link it leaves on in IPv4
// fragments: its own Echo Reply to a request that came in fragments, a
// 4in4 tunnel packet whose inner packet has no DF, and a 6in4 tunnel
// packet after Fragmentation Needed lowered the tunnel's path MTU below
// 1300 (RFC 4213 §3.2.2: 1280 octets still go in, without DF).
func TestIPv4Fragmentation(t *testing.T) {
	t.Run("echo reply", func(t *testing.T) {
		h := newTunnelRouter(t)
		req := pkt4(tn4, nut4, ipv4.ProtoICMP, 64, false, 3000)
		for _, f := range fragments4(req, 1480) {
			h.inject(frame4(f))
		}
		whole, sizes := whole4(t, h.sentBy(ipv4.EtherTypeIPv4), 1500)
		m := ipv4.ICMP(whole.Payload())
		if fmt.Sprint(sizes) != "[1500 1500 60]" || whole.Src() != nut4 || whole.Dst() != tn4 || m.Type() != ipv4.ICMPEchoReply ||
			!bytes.Equal(whole.Payload()[4:], ipv4.Header(req).Payload()[4:]) {
			t.Errorf("fragments %v of %s > %s type %d", sizes, whole.Src(), whole.Dst(), m.Type())
		}
	})
	t.Run("into 4in4", func(t *testing.T) {
		h := newTunnelRouter(t)
		req := pkt4(tn4, far44, ipv4.ProtoICMP, 64, false, 1600)
		h.inject(frame4(req))
		whole, sizes := whole4(t, h.sentBy(ipv4.EtherTypeIPv4), 1500)
		inner := ipv4.Header(whole.Payload())
		if fmt.Sprint(sizes) != "[1500 160]" || whole.Protocol() != ipv4.ProtoIPv4 || whole.DontFragment() ||
			inner.TTL() != 63 || !bytes.Equal(inner.Payload(), ipv4.Header(req).Payload()) {
			t.Errorf("fragments %v, protocol %d, DF %v, inner TTL %d", sizes, whole.Protocol(), whole.DontFragment(), inner.TTL())
		}
	})
	t.Run("6in4 below 1300", func(t *testing.T) {
		h := newTunnelRouter(t)
		q := make([]byte, ipv4.HeaderLen+8)
		ipv4.Put(q, 0, 1, true, 64, ipv4.ProtoIPv6, nut4, tn4, 8)
		h.inject(frame4(icmp4From(other4, ipv4.ICMPDestUnreachable, ipv4.CodeFragNeeded, 1000, q)))
		h.send(sizedEcho(tnGlobal, far4, 1280))
		whole, sizes := whole4(t, h.sentBy(ipv4.EtherTypeIPv4), 1000)
		if fmt.Sprint(sizes) != "[996 324]" || whole.Protocol() != ipv4.ProtoIPv6 || whole.TotalLength() != 1300 {
			t.Errorf("fragments %v, protocol %d, %d octets", sizes, whole.Protocol(), whole.TotalLength())
		}
	})
	t.Run("to a neighbor not yet resolved", func(t *testing.T) {
		h := newTunnelRouter(t)
		req := pkt4(other4, nut4, ipv4.ProtoICMP, 64, false, 3000)
		for _, f := range fragments4(req, 1480) {
			h.inject(frame4(f))
		}
		if got := h.sentBy(ipv4.EtherTypeARP); len(got) != 1 {
			t.Fatalf("%d ARP requests", len(got))
		}
		arp := make([]byte, ipv4.ARPLen)
		ipv4.PutARP(arp, ipv4.ARPReply, tnMAC, other4, nutMAC, nut4)
		h.inject(ether(nutMAC, tnMAC, ipv4.EtherTypeARP, arp))
		if _, sizes := whole4(t, h.sentBy(ipv4.EtherTypeIPv4), 1500); len(sizes) != 3 {
			t.Errorf("fragments %v after the ARP reply", sizes)
		}
	})
}

// A router forwards an IPv4 packet too big for the next link in fragments
// when it has no DF, and answers Fragmentation Needed with the link's MTU
// (RFC 1191 §4) when it has.
func TestIPv4ForwardTooBig(t *testing.T) {
	for _, df := range []bool{false, true} {
		h := newTunnelRouter(t)
		inner := pkt4(far44, tn4, ipv4.ProtoICMP, 64, df, 1510)
		for _, f := range fragments4(in44(inner), 1000) {
			h.inject(frame4(f))
		}
		ps := h.sentBy(ipv4.EtherTypeIPv4)
		if df {
			// The error goes back through the tunnel to FarHost4.
			if len(ps) != 1 || ipv4.Header(ps[0]).Protocol() != ipv4.ProtoIPv4 {
				t.Fatalf("DF: %d packets, protocols %s", len(ps), protocols4(ps))
			}
			e := ipv4.Header(ipv4.Header(ps[0]).Payload())
			m := ipv4.ICMP(e.Payload())
			if e.Dst() != far44 || m.Type() != ipv4.ICMPDestUnreachable || m.Code() != ipv4.CodeFragNeeded || m.NextHopMTU() != 1500 {
				t.Errorf("DF: to %s type %d code %d MTU %d", e.Dst(), m.Type(), m.Code(), m.NextHopMTU())
			}
			continue
		}
		whole, sizes := whole4(t, ps, 1500)
		if fmt.Sprint(sizes) != "[1500 50]" || whole.TTL() != 63 || whole.ID() != ipv4.Header(inner).ID() ||
			!bytes.Equal(whole.Payload(), ipv4.Header(inner).Payload()) {
			t.Errorf("no DF: fragments %v, TTL %d, ID %#x", sizes, whole.TTL(), whole.ID())
		}
	}
}

// An ICMPv4 error about a 4in4 tunnel packet goes to the inner packet's
// source as RFC 2003 §4 says, from the tunnel's address; codes about the
// outer header alone and quotes too short for the inner header do not.
func TestTunnel4in4ErrorRelay(t *testing.T) {
	for _, c := range []struct {
		name      string
		typ, code uint8
		mtu       int
		df        bool
		quote     int // octets of the tunnel packet quoted; 0 = all
		want      string
		wantMTU   int
	}{
		{"time exceeded", ipv4.ICMPTimeExceeded, 0, 0, false, 0, "3/1 ", 0},
		{"net unreachable", ipv4.ICMPDestUnreachable, ipv4.CodeNetUnreachable, 0, false, 0, "3/0 ", 0},
		{"host unreachable", ipv4.ICMPDestUnreachable, ipv4.CodeHostUnreachable, 0, false, 0, "3/1 ", 0},
		{"protocol unreachable", ipv4.ICMPDestUnreachable, ipv4.CodeProtocolUnreachable, 0, false, 0, "3/1 ", 0},
		{"port unreachable", ipv4.ICMPDestUnreachable, ipv4.CodePortUnreachable, 0, false, 0, "", 0},
		{"frag needed, DF", ipv4.ICMPDestUnreachable, ipv4.CodeFragNeeded, 1300, true, 0, "3/4 ", 1280},
		{"frag needed, no DF", ipv4.ICMPDestUnreachable, ipv4.CodeFragNeeded, 1300, false, 0, "", 0},
		{"short quote", ipv4.ICMPTimeExceeded, 0, 0, false, ipv4.HeaderLen + 8, "", 0},
	} {
		h := newTunnelRouter(t)
		h.inject(frame4(pkt4(tn4, far44, ipv4.ProtoICMP, 64, c.df, 1400)))
		sent := h.sentBy(ipv4.EtherTypeIPv4)
		if len(sent) != 1 {
			t.Fatalf("%s: %d tunnel packets", c.name, len(sent))
		}
		q := sent[0]
		if c.quote > 0 {
			q = q[:c.quote]
		}
		h.inject(frame4(icmp4From(other4, c.typ, c.code, c.mtu, q)))
		ps := h.sentBy(ipv4.EtherTypeIPv4)
		if got := icmp4Types(ps); got != c.want {
			t.Errorf("%s: sent ICMPv4 %q, want %q", c.name, got, c.want)
			continue
		}
		if c.want != "" {
			e := ipv4.Header(ps[0])
			if m := ipv4.ICMP(e.Payload()); e.Src() != tun44Addr || e.Dst() != tn4 || m.NextHopMTU() != c.wantMTU {
				t.Errorf("%s: %s > %s, MTU %d", c.name, e.Src(), e.Dst(), m.NextHopMTU())
			}
		}
	}
}

// A datagram for the node that is not reassembled within 60 s is answered
// with Time Exceeded code 1 quoting its first fragment, at the deadline
// and not before; without its first fragment nothing is sent (RFC 792;
// RFC 1122 §3.3.2).
func TestIPv4ReassemblyTimeExceeded(t *testing.T) {
	for _, first := range []bool{true, false} {
		h := newTunnelRouter(t)
		fs := fragments4(in44(pkt4(far44, tun44Addr, ipv4.ProtoICMP, 64, false, 200)), 128)
		f := fs[1]
		if first {
			f = fs[0]
		}
		h.inject(frame4(f))
		h.clk.Advance(ipv4.DefaultReassemblyTimeout - time.Millisecond)
		if got := icmp4Types(h.sentBy(ipv4.EtherTypeIPv4)); got != "" {
			t.Fatalf("first %v: %q before the deadline", first, got)
		}
		h.clk.Advance(time.Millisecond)
		ps := h.sentBy(ipv4.EtherTypeIPv4)
		if !first {
			if len(ps) != 0 || h.counter(counter.IPv4FragTimedOut) != 1 {
				t.Errorf("without the first fragment: %s sent, %d timed out", icmp4Types(ps), h.counter(counter.IPv4FragTimedOut))
			}
			continue
		}
		if got := icmp4Types(ps); got != "11/1 " {
			t.Fatalf("sent %q", got)
		}
		e := ipv4.Header(ps[0])
		if m := ipv4.ICMP(e.Payload()); e.Src() != nut4 || e.Dst() != tn4 || !bytes.Equal(m.Quote(), fs[0]) {
			t.Errorf("%s > %s quoting %x", e.Src(), e.Dst(), m.Quote())
		}
	}
}
