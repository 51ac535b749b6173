package refnode

import (
	"encoding/binary"
	"net/netip"

	"github.com/v6ct/v6ct/refnode/exthdr"
	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/icmp6"
	"github.com/v6ct/v6ct/refnode/ipv6"
	"github.com/v6ct/v6ct/refnode/nd"
)

// Code that only a fault runs: the faulty behaviours that are more than a
// changed condition at the place they break (refnode/faults names them).
// A correct node never calls these functions; they are kept apart so that
// mutation testing, which skips files named *faults.go (tools/mutate),
// does not count them as code the specs must cover.

// oneCarryChecksum is the checksum-one-carry fault's ICMPv6 checksum of msg
// (its checksum field zero): the 32-bit sum folded once, so that the carry
// of that fold is lost.
func oneCarryChecksum(src, dst netip.Addr, msg []byte) uint16 {
	s, d := src.As16(), dst.As16()
	var sum uint32
	words := func(b []byte) {
		for ; len(b) >= 2; b = b[2:] {
			sum += uint32(binary.BigEndian.Uint16(b))
		}
		if len(b) == 1 {
			sum += uint32(b[0]) << 8
		}
	}
	words(s[:])
	words(d[:])
	sum += uint32(len(msg)) + ipv6.ProtoICMPv6
	words(msg)
	return ^uint16(sum&0xffff + sum>>16)
}

// chainExactFit reports a first fragment that ends exactly after its
// upper-layer header (the chain-exact-fit-incomplete fault's case).
func chainExactFit(pkt []byte) bool {
	next, off, ok := exthdr.UpperLayer(pkt)
	min := map[uint8]int{ipv6.ProtoUDP: 8, ipv6.ProtoICMPv6: 4, ipv6.ProtoTCP: 20}[next]
	return ok && min > 0 && len(pkt)-off == min
}

// untimePreferred is the preferred-lifetime-untimed fault: the faulty
// node drops the timer that would deprecate x when its finite preferred
// lifetime runs out (a preferred lifetime of 0 still deprecates at once).
func (n *Node) untimePreferred(x *autoAddr) {
	if x.prefTimer != nil {
		x.prefTimer.Stop()
		x.prefTimer = nil
	}
}

// probeAgain is the duplicate-probed-again fault: after DAD found a, the
// address x formed from an advertised prefix, a duplicate, the faulty node
// forms the same address again and probes it anew.
func (n *Node) probeAgain(ifc *iface, x *autoAddr, a *nd.Address) {
	for i, y := range ifc.addrs {
		if y == a {
			ifc.addrs = append(ifc.addrs[:i], ifc.addrs[i+1:]...)
			break
		}
	}
	n.formAddress(ifc, x)
}

// relayAsUnreachable is the tunnel4-frag-needed-relayed fault: the faulty
// node reports a Fragmentation Needed from inside a 6in4 tunnel to the
// source of the inner packet as Destination Unreachable code 3.
func (ts *tunnels) relayAsUnreachable(tun *iface, inner []byte) {
	if len(inner) >= ipv6.HeaderLen && inner[0]>>4 == ipv6.Version {
		ts.n.destUnreachable(tun, inner, false, icmp6.CodeAddressUnreach)
	}
}

// encapLimitMissed is the search for the Tunnel Encapsulation Limit option
// as the encap-limit-last-option-missed and
// encap-limit-after-hop-by-hop-missed faults get it wrong: it says the
// faulty node misses the limit found at off in pkt.
func (ts *tunnels) encapLimitMissed(pkt []byte, off int) bool {
	first := ipv6.HeaderLen
	if ts.n.faults.Has(faults.EncapLimitAfterHopByHopMissed) && (pkt[6] != 60 || off >= first+(int(pkt[first+1])+1)*8) {
		return true // the faulty node looks only at a Destination Options header right behind the IPv6 header
	}
	if ts.n.faults.Has(faults.EncapLimitLastOptionMissed) {
		// The faulty node stops at an option that ends exactly at its
		// header's end: find the header that holds off.
		next, at := pkt[6], first
		for at+2 <= len(pkt) && (next == 0 || next == 43 || next == 60) {
			end := at + (int(pkt[at+1])+1)*8
			if off < end {
				return next == 60 && off+1 == end
			}
			next, at = pkt[at], end
		}
	}
	return false
}

// redirectedNextHop is the router-accepts-redirect fault: the faulty router
// forwards to the target of a Redirect it took in, as a host would send.
// The correct router keeps next, the next hop of its routing table (§8.1: a
// router does not update its routes from Redirects).
func (n *Node) redirectedNextHop(out *iface, dst, next netip.Addr) netip.Addr {
	if !n.faults.Has(faults.RouterAcceptsRedirect) {
		return next
	}
	if to, ok := n.nd.Redirected(out.index, dst); ok {
		return to
	}
	return next
}

// redirectMulticast is the redirect-multicast-destination fault: the faulty
// router answers a packet to a multicast group that came in a frame to its
// own MAC with a Redirect naming the group as on the link (§8.2 allows no
// Redirect for a multicast destination).
func (n *Node) redirectMulticast(in *iface, pkt []byte) {
	h := ipv6.Header(pkt)
	if ipv6.IsUnspecified(h.Src()) || ipv6.IsMulticast(h.Src()) {
		return
	}
	n.nd.SendRedirect(in.index, h.Dst(), pkt)
}

// rewriteDestOpts turns the options of the first Destination Options
// header of pkt, after a Hop-by-Hop one if any, into Pad1 options: a
// router touching what is the destination's alone (RFC 8200 §4).
func rewriteDestOpts(pkt []byte) {
	next, off := pkt[6], ipv6.HeaderLen
	if next == ipv6.ProtoHopByHop && off+2 <= len(pkt) {
		next, off = pkt[off], off+(int(pkt[off+1])+1)*8
	}
	if next != ipv6.ProtoDestOpts || off+2 > len(pkt) {
		return
	}
	end := min(off+(int(pkt[off+1])+1)*8, len(pkt))
	clear(pkt[off+2 : end])
}
