package refnode

import (
	"encoding/binary"
	"net/netip"
	"testing"
	"time"

	"github.com/gopacket/gopacket/layers"

	"github.com/v6ct/v6ct/refnode/counter"
	"github.com/v6ct/v6ct/refnode/ipv6"
	"github.com/v6ct/v6ct/refnode/link"
)

// udpPkt is a UDP datagram from src to dst with a correct checksum.
func udpPkt(src, dst netip.Addr, sport, dport uint16, payload string) []byte {
	d := make([]byte, 8, 8+len(payload))
	binary.BigEndian.PutUint16(d[0:], sport)
	binary.BigEndian.PutUint16(d[2:], dport)
	binary.BigEndian.PutUint16(d[4:], uint16(8+len(payload)))
	d = append(d, payload...)
	c := ipv6.Checksum(src, dst, ipv6.ProtoUDP, d)
	if c == 0 {
		c = 0xffff
	}
	binary.BigEndian.PutUint16(d[6:], c)
	return ipPkt(src, dst, 64, ipv6.ProtoUDP, d)
}

func (o out) udp() *layers.UDP {
	l, _ := o.p.Layer(layers.LayerTypeUDP).(*layers.UDP)
	return l
}

func TestUDP(t *testing.T) {
	zero := udpPkt(tnLL, nutLL, 5000, 7, "zero")
	zero[46], zero[47] = 0, 0
	bad := udpPkt(tnLL, nutLL, 5000, 7, "bad")
	bad[len(bad)-1] ^= 1
	long := udpPkt(tnLL, nutLL, 5000, 7, "long")
	binary.BigEndian.PutUint16(long[44:], 40)
	cases := []struct {
		name    string
		pkt     []byte
		want    string // "echo", "unreachable", "none"
		counter counter.Counter
	}{
		{"echo service", udpPkt(tnLL, nutLL, 5000, 7, "hello"), "echo", counter.UDPDelivered},
		{"echo service, global", udpPkt(tnGlobal, nutGlobal, 5000, 7, "hello"), "echo", counter.UDPDelivered},
		{"echo service to all-nodes", udpPkt(tnLL, allNodes, 5000, 7, "hello"), "echo", counter.UDPDelivered},
		{"echo behind extension headers", withHeaders(tnLL, nutLL, 17, udpPkt(tnLL, nutLL, 5000, 7, "x")[40:], hbh(), destOpts(), fragHdr(0, false, 3)), "echo", counter.UDPDelivered},
		{"5.1.3 C closed port, link-local", udpPkt(tnLL, nutLL, 5000, 9, "x"), "unreachable", counter.UDPPortUnreachable},
		{"5.1.3 D closed port, global", udpPkt(tnGlobal, nutGlobal, 5000, 9, "x"), "unreachable", counter.UDPPortUnreachable},
		{"5.1.10 A closed port, multicast", udpPkt(tnLL, allNodes, 5000, 9, "x"), "none", counter.ICMP6ErrorSuppressedForMulticast},
		{"5.1.11 A closed port, unspecified source", udpPkt(netip.IPv6Unspecified(), nutLL, 5000, 9, "x"), "none", counter.ICMP6ErrorSuppressedForSource},
		{"5.1.13 A closed port, anycast source", udpPkt(netip.MustParseAddr("2001:db8:1::"), nutGlobal, 5000, 9, "x"), "none", counter.ICMP6ErrorSuppressedForSource},
		{"zero checksum", zero, "none", counter.UDPZeroChecksum},
		{"bad checksum", bad, "none", counter.UDPBadChecksum},
		{"length past the packet", long, "none", counter.UDPBadLength},
		{"short header", ipPkt(tnLL, nutLL, 64, 17, []byte{1, 2, 3}), "none", counter.UDPBadLength},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t, nil, func(c *Config) { c.UDPEcho = true })
			h.clk.Advance(2 * time.Second)
			h.pipe.Sent()
			h.learnTN()
			binary.BigEndian.PutUint16(c.pkt[4:], uint16(len(c.pkt)-40))
			h.send(c.pkt)
			s := h.sent()
			got := "none"
			if len(s) == 1 && s[0].udp() != nil {
				u := s[0].udp()
				if u.SrcPort == 7 && u.DstPort == 5000 && s[0].dst() == ipv6Src(c.pkt) && udpChecksumOK(s[0]) {
					got = "echo"
				}
			} else if len(s) == 1 && s[0].icmpType() == 1 {
				body := s[0].raw[link.HeaderLen+40:]
				if body[1] == 4 && string(body[8:]) == string(c.pkt) && s[0].checksumOK() {
					got = "unreachable"
				}
			} else if len(s) != 0 {
				got = summary(s)
			}
			if got != c.want || h.counter(c.counter) != 1 {
				t.Fatalf("got %s, want %s; counters %v", got, c.want, h.node.Counters())
			}
		})
	}
}

func udpChecksumOK(o out) bool {
	ip := o.raw[link.HeaderLen:]
	return ipv6.Checksum(o.src(), o.dst(), ipv6.ProtoUDP, ip[40:]) == 0
}

func TestUDPSockets(t *testing.T) {
	h := started(t)
	h.learnTN()
	var got []UDPDatagram
	err := h.node.ListenUDP(4000, func(d UDPDatagram, reply func([]byte)) {
		d.Payload = append([]byte(nil), d.Payload...)
		got = append(got, d)
		reply([]byte("answer"))
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := h.node.ListenUDP(4000, func(UDPDatagram, func([]byte)) {}); err != ErrPortInUse {
		t.Fatalf("second listener: %v", err)
	}
	h.send(udpPkt(tnLL, nutLL, 5000, 4000, "question"))
	if len(got) != 1 || got[0].Src.String() != "[fe80::200:ff:fe00:a0a0%v6l0]:5000" || got[0].Dst.Port() != 4000 ||
		string(got[0].Payload) != "question" || got[0].Interface != "v6l0" {
		t.Fatalf("received %+v", got)
	}
	s := h.sent()
	if len(s) != 1 || string(s[0].udp().Payload) != "answer" || s[0].src() != nutLL || s[0].udp().DstPort != 5000 || !udpChecksumOK(s[0]) {
		t.Fatalf("reply %s", summary(s))
	}
	// Sending from the node.
	if err := h.node.SendUDP(netip.AddrPort{}, netip.AddrPortFrom(tnGlobal, 53), []byte("query")); err != nil {
		t.Fatal(err)
	}
	s = h.sent()
	if len(s) != 1 || s[0].src() != nutGlobal || s[0].udp().DstPort != 53 || s[0].udp().SrcPort < 49152 || !udpChecksumOK(s[0]) {
		t.Fatalf("sent %s", summary(s))
	}
	if err := h.node.SendUDP(netip.AddrPortFrom(tnGlobal, 1), netip.AddrPortFrom(tnLL, 53), nil); err == nil {
		t.Error("sent from an address the node does not have")
	}
	h.node.CloseUDP(4000)
	h.send(udpPkt(tnLL, nutLL, 5000, 4000, "question"))
	if s := h.sent(); len(s) != 1 || s[0].icmpType() != 1 {
		t.Fatalf("after close: %s", summary(s))
	}
}

// TestErrorRules: RFC 4443 §2.4 (e) applied to every error the node sends.
func TestErrorRules(t *testing.T) {
	du := icmpPkt(tnLL, nutLL, 64, 1, 4, make([]byte, 52))[40:]
	ppAbout := func(typ uint8) []byte {
		msg := icmpPkt(tnLL, nutLL, 64, typ, 0, make([]byte, 12))[40:]
		return withHeaders(tnLL, nutLL, 58, msg, destOpts(unknownOpt(0x9e, 4)...))
	}
	cases := []struct {
		name string
		pkt  []byte
		want string
	}{
		{"5.1.9 PP about a Destination Unreachable", ppAbout(1), "none"},
		{"PP about a Packet Too Big", ppAbout(2), "none"},
		{"PP about a Redirect", ppAbout(137), "none"},
		{"PP about an Echo Request", ppAbout(128), "PP 2/0x2a"},
		{"unknown next header after an error", withHeaders(tnLL, nutLL, 253, du, destOpts()), "PP 1/0x28"},
		{"5.1.8 unknown informational", icmpPkt(tnLL, nutLL, 64, 200, 0, nil), "none"},
		{"5.1.11 D unknown option from ::", withHeaders(netip.IPv6Unspecified(), nutLL, 58, echoMsg(netip.IPv6Unspecified(), nutLL, 1, ""), destOpts(unknownOpt(0x9e, 4)...)), "none"},
		{"unknown next header to all-nodes", withHeaders(tnLL, allNodes, 253, []byte("x")), "none"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := started(t)
			h.learnTN()
			binary.BigEndian.PutUint16(c.pkt[4:], uint16(len(c.pkt)-40))
			h.send(c.pkt)
			if got := outcome(h, c.pkt); got != c.want {
				t.Fatalf("got %s, want %s; counters %v", got, c.want, h.node.Counters())
			}
		})
	}
}

// TestAddressUnreachable: a packet that waited for a failed resolution is
// answered with code 3, unless the node sent it itself.
func TestAddressUnreachable(t *testing.T) {
	h := started(t)
	// The node's own Echo Reply waits for TN1 and is dropped silently.
	h.send(echo(tnLL, nutLL, 1))
	h.clk.Advance(5 * time.Second)
	if s := ofType(h.sent(), 1); len(s) != 0 || h.counter(counter.NDResolutionOwnPacketDropped) != 1 {
		t.Fatalf("sent %s, counters %v", summary(s), h.node.Counters())
	}
	// A packet from someone else (as a router would queue it) is answered.
	foreign := echo(tnGlobal, netip.MustParseAddr("2001:db8:1::99"), 1)
	h.learnTN()
	h.node.mu.Lock()
	port{h.node}.Unreachable(0, foreign)
	h.node.mu.Unlock()
	s := ofType(h.sent(), 1)
	if len(s) != 1 || s[0].raw[link.HeaderLen+41] != 3 || s[0].dst() != tnGlobal || string(s[0].raw[link.HeaderLen+48:]) != string(foreign) {
		t.Fatalf("sent %s", summary(s))
	}
}
