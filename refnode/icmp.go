package refnode

import (
	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/icmp6"
	"github.com/v6ct/v6ct/refnode/ipv6"
)

// echoInput answers an Echo Request (RFC 4443 §4.2): same identifier,
// sequence and data, from the address it was sent to, or for a multicast
// request from our address of the requester's scope.
func (n *Node) echoInput(ifc *iface, h ipv6.Header, msg []byte) {
	if len(msg) < icmp6.EchoHeaderLen {
		n.count("icmp6.echo.too_short")
		return
	}
	if n.faults.Has(faults.NoEchoReply) {
		n.count("icmp6.echo.not_answered")
		return
	}
	peer, src := h.Src(), h.Dst()
	if ipv6.IsUnspecified(peer) {
		n.count("icmp6.echo.unspecified_source")
		return
	}
	if ipv6.IsMulticast(src) {
		src = n.sourceFor(ifc, peer)
		if !src.IsValid() {
			n.count("icmp6.echo.no_source")
			return
		}
	}
	e := icmp6.Echo(msg)
	l := icmp6.PutEcho(ifc.txPayload(), icmp6.TypeEchoReply, e.Identifier(), e.Sequence(), e.Data())
	n.count("icmp6.echo.replied")
	n.sendIP(ifc, src, peer, n.hopLimit, ipv6.ProtoICMPv6, l)
}

// paramProblem reports an erroneous field at pointer (RFC 4443 §3.4).
func (n *Node) paramProblem(ifc *iface, pkt []byte, llGroup bool, code uint8, pointer int) {
	if n.faults.Has(faults.PPPointerOffByOne) {
		pointer++
	}
	n.icmpError(ifc, pkt, llGroup, icmp6.TypeParameterProblem, code, uint32(pointer), -1)
}

// icmpError sends an error about the invoking packet pkt if RFC 4443 §2.4
// allows it and the rate limit has a token. icmpType is the ICMPv6 type the
// invoking packet carries, -1 if none.
func (n *Node) icmpError(ifc *iface, pkt []byte, llGroup bool, typ, code uint8, param uint32, icmpType int) {
	h := ipv6.Header(pkt)
	inv := icmp6.Invoking{Src: h.Src(), Dst: h.Dst(), LinkMulticast: llGroup, ICMPType: icmpType}
	if ok, why := icmp6.ErrorAllowed(typ, code, inv); !ok {
		n.count(why)
		return
	}
	if !n.limiter.Allow() {
		n.count("icmp6.error.rate_limited")
		return
	}
	src := inv.Dst
	if ipv6.IsMulticast(src) || !ifc.usable(src) {
		src = n.sourceFor(ifc, inv.Src)
		if !src.IsValid() {
			n.count("icmp6.error.no_source")
			return
		}
	}
	l := icmp6.PutError(ifc.txPayload(), typ, code, param, pkt)
	n.count("icmp6.error.sent")
	n.sendIP(ifc, src, inv.Src, n.hopLimit, ipv6.ProtoICMPv6, l)
}
