package refnode

import (
	"fmt"
	"net/netip"
	"testing"

	"github.com/v6ct/v6ct/refnode/counter"
	"github.com/v6ct/v6ct/refnode/ipv4"
	"github.com/v6ct/v6ct/refnode/link"
	"github.com/v6ct/v6ct/refnode/tunnel"
)

// IPv4 inside tunnels: the node answers an ICMPv4 Echo Request to its
// tunnel address back through the tunnel, and a router forwards IPv4
// into and out of 4in6 and 4in4 tunnels with the TTL one less.
func TestTunnelIPv4(t *testing.T) {
	in46 := func(inner []byte) []byte {
		outer := in6(tnGlobal, nutGlobal, tunnel.NoEncapLimit, inner)
		outer[6] = tunnel.ProtoIPv4
		return etherFor(outer)
	}
	in44 := func(inner []byte) []byte {
		b := make([]byte, ipv4.HeaderLen+len(inner))
		copy(b[ipv4.HeaderLen:], inner)
		ipv4.Put(b, 0, 1, false, 64, ipv4.ProtoIPv4, tn4, nut4, len(inner))
		return frame4(b)
	}
	// innerOf returns the IPv4 packet inside the one tunnel packet the node sent.
	innerOf := func(h *harness) (string, ipv4.Header) {
		fs := h.pipe.Sent()
		if len(fs) != 1 {
			return fmt.Sprintf("%d frames", len(fs)), nil
		}
		f := link.Frame(fs[0])
		switch f.EtherType() {
		case link.EtherTypeIPv6:
			limit, _, _ := tunnel.EncapLimit(f.Payload())
			p := f.Payload()
			if p[6] != 60 || p[40] != tunnel.ProtoIPv4 {
				return "not 4in6", nil
			}
			return fmt.Sprintf("4in6 hlim %d limit %d", p[7], limit), ipv4.Header(p[48:])
		case ipv4.EtherTypeIPv4:
			o := ipv4.Header(f.Payload())
			if o.Protocol() != ipv4.ProtoIPv4 {
				return fmt.Sprintf("IPv4 protocol %d", o.Protocol()), ipv4.Header(o)
			}
			return fmt.Sprintf("4in4 ttl %d", o.TTL()), ipv4.Header(o[ipv4.HeaderLen:])
		}
		return "other", nil
	}
	cases := []struct {
		name string
		send []byte
		want string
	}{
		{"4in6 echo", in46(pkt4(far46, tun46Addr, ipv4.ProtoICMP, 64, false, 16)), "4in6 hlim 64 limit 4: 203.0.113.1 > 203.0.113.129 ttl 64 proto 1 type 0"},
		{"4in4 echo", in44(pkt4(far44, tun44Addr, ipv4.ProtoICMP, 64, false, 16)), "4in4 ttl 64: 203.0.113.5 > 203.0.113.193 ttl 64 proto 1 type 0"},
		{"into 4in6", frame4(pkt4(tn4, far46, ipv4.ProtoICMP, 30, true, 16)), "4in6 hlim 64 limit 4: 192.0.2.161 > 203.0.113.129 ttl 29 proto 1 type 8"},
		{"into 4in4", frame4(pkt4(tn4, far44, ipv4.ProtoICMP, 30, true, 16)), "4in4 ttl 64: 192.0.2.161 > 203.0.113.193 ttl 29 proto 1 type 8"},
		{"out of 4in6", in46(pkt4(far46, tn4, ipv4.ProtoICMP, 30, false, 16)), "IPv4 protocol 1: 203.0.113.129 > 192.0.2.161 ttl 29 proto 1 type 8"},
		{"out of 4in4", in44(pkt4(far44, tn4, ipv4.ProtoICMP, 30, false, 16)), "IPv4 protocol 1: 203.0.113.193 > 192.0.2.161 ttl 29 proto 1 type 8"},
		{"time exceeded", frame4(pkt4(tn4, far46, ipv4.ProtoICMP, 1, false, 16)), "IPv4 protocol 1: 192.0.2.16 > 192.0.2.161 ttl 64 proto 1 type 11"},
		{"directed broadcast", frame4(pkt4(tn4, netip.MustParseAddr("203.0.113.3"), ipv4.ProtoICMP, 9, false, 16)), "0 frames"},
		{"no route", frame4(pkt4(tn4, netip.MustParseAddr("198.18.0.1"), ipv4.ProtoICMP, 9, false, 16)), "IPv4 protocol 1: 192.0.2.16 > 192.0.2.161 ttl 64 proto 1 type 3"},
	}
	for _, c := range cases {
		h := newTunnelRouter(t)
		h.inject(c.send)
		desc, in := innerOf(h)
		got := desc
		if in != nil {
			if _, why := ipv4.Check(in); why != counter.None {
				got += " " + why.String()
			}
			got += fmt.Sprintf(": %s > %s ttl %d proto %d type %d", in.Src(), in.Dst(), in.TTL(), in.Protocol(), in[in.HeaderLen()])
		}
		if got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
}

// A host refuses IPv4 routes through a tunnel carrying IPv6, and IPv6
// addresses on a tunnel carrying IPv4.
func TestTunnelIPv4Config(t *testing.T) {
	for name, tc := range map[string]TunnelConfig{
		"IPv4 on 6in6":      {Name: "x", Mode: "6in6", Local: nutGlobal, Remote: tnGlobal, IPv4: []netip.Prefix{netip.MustParsePrefix("203.0.113.1/30")}},
		"IPv6 on 4in6":      {Name: "x", Mode: "4in6", Local: nutGlobal, Remote: tnGlobal, Addresses: []netip.Prefix{netip.MustParsePrefix("2001:db8:9::1/64")}},
		"broadcast on 4in4": {Name: "x", Mode: "4in4", Local: nut4, Remote: tn4, IPv4: []netip.Prefix{netip.MustParsePrefix("255.255.255.255/30")}},
	} {
		_, err := New(Config{Interfaces: []InterfaceConfig{{Name: "e0", MAC: nutMAC[:], IPv4: []netip.Prefix{netip.PrefixFrom(nut4, 24)},
			Addresses: []netip.Prefix{netip.PrefixFrom(nutGlobal, 64)}}}, Tunnels: []TunnelConfig{tc},
			OpenDevice: func(string) (link.Device, error) { return link.NewPipe(), nil }})
		if err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// An ICMPv6 error about a 4in6 tunnel packet is reported to the inner
// packet's source in ICMPv4 (RFC 2473 §8): Time Exceeded as host
// unreachable, Packet Too Big below the packet's size with DF as
// Fragmentation Needed with the new tunnel MTU.
func TestTunnelIPv4ErrorRelay(t *testing.T) {
	for _, c := range []struct {
		name    string
		typ     uint8
		mtu     uint32
		df      bool
		want    string
		wantMTU int
	}{
		{"time exceeded", 3, 0, false, "3/1 ", 0},
		{"packet too big, DF", 2, 1300, true, "3/4 ", 1300 - 48},
		{"packet too big, no DF", 2, 1300, false, "", 0},
	} {
		h := newTunnelRouter(t)
		h.inject(frame4(pkt4(tn4, far46, ipv4.ProtoICMP, 30, c.df, 1400)))
		sent := h.sentBy(link.EtherTypeIPv6)
		if len(sent) != 1 {
			t.Fatalf("%s: %d tunnel packets", c.name, len(sent))
		}
		body := append([]byte{0, 0, byte(c.mtu >> 8), byte(c.mtu)}, sent[0][:1232]...)
		h.send(icmpPkt(tnGlobal, nutGlobal, 64, c.typ, 0, body))
		ps := h.sentBy(ipv4.EtherTypeIPv4)
		if got := icmp4Types(ps); got != c.want {
			t.Errorf("%s: sent ICMPv4 %q, want %q", c.name, got, c.want)
			continue
		}
		if c.want != "" {
			m := ipv4.ICMP(ipv4.Header(ps[0]).Payload())
			if ipv4.Header(ps[0]).Src() != tun46Addr || m.NextHopMTU() != c.wantMTU {
				t.Errorf("%s: from %s, MTU %d", c.name, ipv4.Header(ps[0]).Src(), m.NextHopMTU())
			}
		}
	}
}
