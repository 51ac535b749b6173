package refnode

import (
	"encoding/binary"
	"testing"
	"time"

	"github.com/v6ct/v6ct/refnode/counter"
	"github.com/v6ct/v6ct/refnode/ipv4"
	"github.com/v6ct/v6ct/refnode/link"
	"github.com/v6ct/v6ct/refnode/tunnel"
)

// FuzzIPv4Input feeds the tunnel router (newTunnelRouter: 6in4, 6in6,
// 4in6 and 4in4 tunnels, IPv4 on its link) IPv4 packets: on the link, or
// inside a 4in6, 4in4 or 6in4 tunnel packet from the tunnel's remote end.
// The input is a control octet and a list of packets, each preceded by
// its length in two octets. The control octet picks the path (bits 0-1),
// whether the tester rewrites each packet's addresses to TN1 and the
// node (bit 2) and fixes its header checksum (bit 3), so that the fuzzer
// reaches reassembly, forwarding and delivery; bits 4-7 advance the clock
// that many times 8 seconds between packets. Besides not panicking, the
// node must keep its reassembly within bounds and send only well-formed
// IPv4 and IPv6 packets within the link MTU.
func FuzzIPv4Input(f *testing.F) {
	for _, s := range fuzzTunnelSeeds() {
		f.Add(s)
	}
	h := newTunnelRouter(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) < 1 {
			return
		}
		ctl := b[0]
		rest := b[1:]
		for k := 0; k < 4 && len(rest) >= 2; k++ {
			l := min(int(binary.BigEndian.Uint16(rest)), len(rest)-2)
			pkt := append([]byte(nil), rest[2:2+l]...)
			rest = rest[2+l:]
			h.clk.Advance(time.Duration(ctl>>4) * 8 * time.Second)
			h.pipe.Inject(fuzzFrame(ctl, pkt))
			checkTunnelNode(t, h)
		}
	})
}

// fuzzFrame wraps pkt as the control octet says.
func fuzzFrame(ctl uint8, pkt []byte) []byte {
	inner4 := ctl&3 != 3
	if len(pkt) >= ipv4.HeaderLen && pkt[0]>>4 == ipv4.Version && inner4 {
		h := ipv4.Header(pkt)
		if ctl&4 != 0 {
			src, dst := tn4.As4(), nut4.As4()
			switch ctl & 3 {
			case 1:
				src, dst = far46.As4(), tun46Addr.As4()
			case 2:
				src, dst = far44.As4(), tun44Addr.As4()
			}
			copy(h[ipv4.OffSrc:], src[:])
			copy(h[ipv4.OffDst:], dst[:])
		}
		if ctl&8 != 0 && h.HeaderLen() >= ipv4.HeaderLen && h.HeaderLen() <= len(pkt) {
			h[ipv4.OffChecksum], h[ipv4.OffChecksum+1] = 0, 0
			binary.BigEndian.PutUint16(h[ipv4.OffChecksum:], ipv4.Checksum(h[:h.HeaderLen()]))
		}
	}
	switch ctl & 3 {
	case 1: // inside a 4in6 tunnel packet
		outer := in6(tnGlobal, nutGlobal, tunnel.DefaultEncapLimit, pkt)
		outer[tunnel.IPv6HeaderLen] = tunnel.ProtoIPv4
		return etherFor(outer)
	case 2, 3: // inside a 4in4 or 6in4 tunnel packet
		proto := uint8(ipv4.ProtoIPv4)
		if ctl&3 == 3 {
			proto = ipv4.ProtoIPv6
		}
		b := make([]byte, ipv4.HeaderLen+len(pkt))
		copy(b[ipv4.HeaderLen:], pkt)
		ipv4.Put(b, 0, 7, false, 64, proto, tn4, nut4, len(pkt))
		return frame4(b)
	}
	return frame4(pkt)
}

// checkTunnelNode fails t when the node holds more in reassembly than its
// bounds or sent a malformed or oversized packet.
func checkTunnelNode(t *testing.T, h *harness) {
	t.Helper()
	if d, o := h.node.v4.reasm.Pending(); d > ipv4.DefaultReassemblyDatagrams || o > ipv4.DefaultReassemblyOctets {
		t.Fatalf("reassembly holds %d datagrams, %d octets", d, o)
	}
	for _, fr := range h.pipe.Sent() {
		f := link.Frame(fr)
		p := f.Payload()
		if len(p) > link.DefaultMTU {
			t.Fatalf("sent %d octets on a %d-octet link", len(p), link.DefaultMTU)
		}
		switch f.EtherType() {
		case ipv4.EtherTypeIPv4:
			if _, why := ipv4.Check(p); why != counter.None {
				t.Fatalf("sent a bad IPv4 packet (%s): %x", why, p)
			}
		case link.EtherTypeIPv6:
			if len(p) < 40 || p[0]>>4 != 6 || 40+int(binary.BigEndian.Uint16(p[4:])) != len(p) {
				t.Fatalf("sent a bad IPv6 packet: %x", p)
			}
		}
	}
}

// fuzzTunnelSeeds are the committed corpus's packets too: an Echo Request
// to each tunnel address, a 6in4 tunnel packet in two fragments, IPv4 for
// the router to forward into each tunnel (into the 4in4 one in
// fragments), an ICMPv4 error about a 4in4 tunnel packet, and the first
// fragment of a datagram left to time out.
func fuzzTunnelSeeds() [][]byte {
	seed := func(ctl uint8, pkts ...[]byte) []byte {
		b := []byte{ctl}
		for _, p := range pkts {
			b = binary.BigEndian.AppendUint16(b, uint16(len(p)))
			b = append(b, p...)
		}
		return b
	}
	whole := make([]byte, ipv4.HeaderLen)
	whole = append(whole, echo(far4, tun4Addr, 1)...)
	ipv4.Put(whole, 0, 9, false, 64, ipv4.ProtoIPv6, tn4, nut4, len(whole)-ipv4.HeaderLen)
	fs := fragments4(whole, 48)
	quoted44 := make([]byte, ipv4.HeaderLen)
	quoted44 = append(quoted44, pkt4(tn4, far44, ipv4.ProtoICMP, 63, false, 64)...)
	ipv4.Put(quoted44, 0, 3, false, 64, ipv4.ProtoIPv4, nut4, tn4, len(quoted44)-ipv4.HeaderLen)
	return [][]byte{
		seed(1, pkt4(far46, tun46Addr, ipv4.ProtoICMP, 64, false, 16)),
		seed(2, pkt4(far44, tun44Addr, ipv4.ProtoICMP, 64, false, 16)),
		seed(3, echo(far4, tun4Addr, 1)),
		seed(0, fs[0], fs[1]),
		seed(0, pkt4(tn4, far46, ipv4.ProtoICMP, 30, true, 1460), pkt4(tn4, far44, ipv4.ProtoICMP, 1, false, 16)),
		seed(1, pkt4(far46, tn4, ipv4.ProtoICMP, 30, false, 16)),
		seed(0, pkt4(tn4, far44, ipv4.ProtoICMP, 64, false, 1600)),
		seed(0, icmp4From(other4, ipv4.ICMPTimeExceeded, 0, 0, quoted44)),
		seed(0x80, fs[0], pkt4(tn4, nut4, ipv4.ProtoICMP, 64, false, 16)),
	}
}
