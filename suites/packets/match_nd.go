package packets

import (
	"net"
	"net/netip"
)

// Matchers for the neighbor cache and NUD specs (RFC 4861 §7.2, §7.3).

// ResolutionNS is an address-resolution solicitation for target: to its
// solicited-node group, at the group's Ethernet address (RFC 4861 §7.2.2).
func ResolutionNS(target netip.Addr) *Matcher {
	g := SolicitedNode(target)
	return NSFor(target).To(g).ToMAC(MulticastMAC(g))
}

// ProbeNS is a unicast reachability probe for target (RFC 4861 §7.3.3):
// to target itself, at the link-layer address mac the node has cached.
func ProbeNS(target netip.Addr, mac net.HardwareAddr) *Matcher {
	return NSFor(target).To(target).ToMAC(mac)
}

// EchoReplyToMAC is EchoReplyTo(req) sent to the link-layer address mac
// (the address the node has cached for the requester) rather than to the
// request's Ethernet source.
func EchoReplyToMAC(req *Packet, mac net.HardwareAddr) *Matcher {
	c := req.Clone()
	c.EthSrc = mac
	return EchoReplyTo(c)
}

// DADProbe is a Duplicate Address Detection probe for target (RFC 4862
// §5.4.2): from the unspecified address to target's solicited-node group.
// The unspecified source is part of its identity: an address-resolution
// solicitation for the same target is another message.
func DADProbe(target netip.Addr) *Matcher {
	m := NSFor(target)
	m.Identify("source ::", func(f *Frame) (bool, string) { return f.Src.IsUnspecified(), f.Src.String() })
	return m.To(SolicitedNode(target))
}

// DADProbeIn is a Duplicate Address Detection probe (RFC 4862 §5.4.2) for
// any address of prefix, whatever its interface identifier: from ::, to
// the target's solicited-node group, hop limit 255.
func DADProbeIn(prefix netip.Prefix) *Matcher {
	m := newICMP("Duplicate Address Detection probe for an address of "+prefix.String(), TypeNS)
	m.Identify("source ::", func(f *Frame) (bool, string) { return f.Src.IsUnspecified(), f.Src.String() })
	m.Identify("a target in "+prefix.String(), func(f *Frame) (bool, string) {
		t, ok := f.NDTarget()
		return ok && prefix.Contains(t), t.String()
	})
	m.HopLimit(255).Code(0)
	return m.Require("destination the target's solicited-node group", func(f *Frame) (bool, string) {
		t, _ := f.NDTarget()
		return f.Dst == SolicitedNode(t), f.Dst.String()
	})
}
