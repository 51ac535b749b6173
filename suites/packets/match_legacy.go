package packets

import (
	"bytes"
	"fmt"
	"net"
	"net/netip"
)

// SourceRouted is req after one hop of classic type 0 routing header
// processing (RFC 2460 §4.4, deprecated by RFC 5095): the next listed
// address and the destination swapped, Segments Left one less, the Hop
// Limit one less, every other octet as sent. Ext i of req is the routing
// header.
func SourceRouted(req *Packet, i int, fromMAC, toMAC net.HardwareAddr) *Matcher {
	want := append([]byte(nil), req.IPv6Bytes()...)
	off := req.ExtOffset(i)
	n, sl := int(want[off+1])/2, int(want[off+3])
	at := off + 8 + 16*(n-sl)
	next := netip.AddrFrom16([16]byte(want[at : at+16]))
	var dst [16]byte
	copy(dst[:], want[24:40])
	copy(want[24:40], want[at:at+16])
	copy(want[at:at+16], dst[:])
	want[off+3]--
	want[7]--
	m := &Matcher{Desc: fmt.Sprintf("the packet from %s, source-routed on to %s", req.Src, next)}
	m.Identify("source "+req.Src.String(), func(f *Frame) (bool, string) { return f.IsIPv6() && f.Src == req.Src, f.Src.String() })
	m.Identify("destination "+next.String(), func(f *Frame) (bool, string) { return f.Dst == next, f.Dst.String() })
	m.Require(fmt.Sprintf("Segments Left %d", sl-1), func(f *Frame) (bool, string) {
		if len(f.IPv6) <= off+3 {
			return false, "no routing header"
		}
		return f.IPv6[off+3] == want[off+3], fmt.Sprint(f.IPv6[off+3])
	})
	m.Require(fmt.Sprintf("address %d of the routing header is %s, the destination it came to", n-sl+1, req.Dst), func(f *Frame) (bool, string) {
		if len(f.IPv6) < at+16 {
			return false, "no such address"
		}
		return bytes.Equal(f.IPv6[at:at+16], want[at:at+16]), netip.AddrFrom16([16]byte(f.IPv6[at : at+16])).String()
	})
	m.HopLimit(req.HopLimit - 1)
	m.Require("every other octet as sent", func(f *Frame) (bool, string) {
		return len(f.IPv6) == len(want) && bytes.Equal(f.IPv6[8:], want[8:]), "other octets"
	})
	m.Require("Ethernet source "+fromMAC.String(), func(f *Frame) (bool, string) { return bytes.Equal(f.EthSrc, fromMAC), f.EthSrc.String() })
	m.ToMAC(toMAC)
	return m
}
