package refnode

import (
	"net/netip"
	"testing"

	"github.com/v6ct/v6ct/refnode/ipv6"
)

// TestMLDForRouter: of the packets for a group the node has not joined,
// the multicast router's daemon hears the MLD messages with a Router
// Alert, and nothing else (RFC 3810 §7, RFC 2711 §2.1).
func TestMLDForRouter(t *testing.T) {
	pkt := func(ra bool, icmpType uint8) []byte {
		b := make([]byte, ipv6.HeaderLen+8+24)
		next := uint8(ipv6.ProtoICMPv6)
		off := ipv6.HeaderLen
		if ra {
			next = ipv6.ProtoHopByHop
			copy(b[off:], []byte{ipv6.ProtoICMPv6, 0, 5, 2, 0, 0, 1, 0})
			off += 8
		}
		b[off] = icmpType
		ipv6.Put(b, 0, 0, uint16(len(b[:off+24])-ipv6.HeaderLen), next, 1, tnLL, netip.MustParseAddr("ff1e::1:3"))
		return b[:off+24]
	}
	grp := netip.MustParseAddr("ff1e::1:3")
	udp := pkt(true, 130)
	udp[ipv6.HeaderLen] = ipv6.ProtoUDP
	empty := pkt(true, 130)[:ipv6.HeaderLen+8]
	empty[4], empty[5] = 0, 8
	badOpt := pkt(true, 130)
	copy(badOpt[ipv6.HeaderLen+6:], []byte{0x80, 0}) // option type 0x80: discard, Parameter Problem even to multicast
	for _, c := range []struct {
		name         string
		router, mldr bool
		pkt          []byte
		dst          netip.Addr
		want         bool
	}{
		{"query with a Router Alert", true, true, pkt(true, 130), grp, true},
		{"MLDv2 Report", true, true, pkt(true, 143), grp, true},
		{"MLDv1 Report", true, true, pkt(true, 131), grp, true},
		{"MLDv1 Done", true, true, pkt(true, 132), grp, true},
		{"Echo Request with a Router Alert", true, true, pkt(true, 128), grp, false},
		{"query without a Router Alert", true, true, pkt(false, 130), grp, false},
		{"a router without a daemon", true, false, pkt(true, 130), grp, false},
		{"UDP with a Router Alert", true, true, udp, grp, false},
		{"an ICMPv6 header cut to nothing", true, true, empty, grp, false},
		{"a Router Alert, then an unknown option to act on", true, true, badOpt, grp, false},
	} {
		r := newRouter(t, 1280, nil)
		if c.mldr {
			r.node.OnMLD(func(MLDInput) []MLDMessage { return nil })
		}
		if got := r.node.mldForRouter(c.pkt, c.dst); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}
