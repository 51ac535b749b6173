package rfc2473

import (
	"net/netip"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// farEcho is an Echo Request from FarHost, behind the tunnel's remote
// end, to dst, in a frame from TR1 to the node on l, with size data octets.
func farEcho(l *suites.Link, dst netip.Addr, size int) *packets.Packet {
	data := make([]byte, size)
	copy(data, "v6ct tunnel echo")
	return packets.EchoRequest(l.TR1.MAC, l.NUTMAC, suites.FarHost, dst, 0x7475, 1, data)
}

// sized is n's Echo Request to dst, padded to an IPv6 packet of size octets.
func sized(n *suites.Node, dst netip.Addr, size int) *packets.Packet {
	req := n.EchoRequest(dst)
	req.ICMP.SetEchoData(make([]byte, size-40-8))
	return req
}

// icmpv6From is the ICMPv6 error m from tester node n on l (its global
// address) to dst; m quotes a packet as the node sent it (quoted).
func icmpv6From(l *suites.Link, n *suites.Node, dst netip.Addr, m packets.Message) *packets.Packet {
	return packets.ICMPPacket(n.MAC, l.NUTMAC, n.Global, dst, m)
}

// quoted is as much of an invoking packet as an ICMPv6 error of at most
// 1280 octets can carry (RFC 4443 §2.4 (c)).
func quoted(invoking []byte) []byte { return invoking[:min(len(invoking), packets.MinMTU-48)] }

// farEcho4 is an IPv4 packet carrying an ICMPv4 Echo Request from
// FarHost4, behind the tunnel's remote end, to dst.
func farEcho4(dst netip.Addr, seq uint16) []byte {
	return packets.IPv4Echo(suites.FarHost4, dst, 64, packets.DFClear, seq, []byte("v6ct IPv4 through a tunnel"))
}
