package refnode

import (
	"fmt"
	"net/netip"

	"github.com/v6ct/v6ct/refnode/counter"
	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/icmp6"
	"github.com/v6ct/v6ct/refnode/ipv6"
	"github.com/v6ct/v6ct/refnode/link"
	"github.com/v6ct/v6ct/refnode/nd"
)

// port is the node as Neighbor Discovery sees it (nd.Port). ND calls it with
// the node lock held.
type port struct{ n *Node }

func (p port) Address(ifindex int, a netip.Addr) *nd.Address {
	return p.n.ifs[ifindex].address(a)
}

func (p port) Joined(ifindex int, group netip.Addr) bool {
	return p.n.joined(p.n.ifs[ifindex], group)
}

// SolicitSource: the prompting packet's source if it is ours on that
// interface, else the interface's link-local address (RFC 4861 §7.2.2).
func (p port) SolicitSource(ifindex int, prompt netip.Addr) netip.Addr {
	ifc := p.n.ifs[ifindex]
	if prompt.IsValid() && ifc.usable(prompt) {
		return prompt
	}
	if ifc.ll.State == nd.Preferred {
		return ifc.ll.Addr
	}
	return netip.Addr{}
}

func (p port) LinkAddr(ifindex int) [6]byte { return p.n.ifs[ifindex].mac }

func (p port) SendND(ifindex int, src, dst netip.Addr, msg []byte, dstMAC [6]byte, direct bool) {
	ifc := p.n.ifs[ifindex]
	if len(msg) > 0 && msg[0] == icmp6.TypeRedirect && p.n.faults.Has(faults.RedirectFromGlobal) {
		if g := p.n.sourceFor(ifc, dst); g.IsValid() {
			src = g // RFC 4861 §4.5 asks the link-local address
		}
	}
	l := copy(ifc.txPayload(), msg)
	if !direct {
		p.n.sendIP(ifc, src, dst, 255, ipv6.ProtoICMPv6, l)
		return
	}
	pkt := ifc.tx[link.HeaderLen : link.HeaderLen+ipv6.HeaderLen+l]
	ipv6.Put(pkt, 0, 0, uint16(l), ipv6.ProtoICMPv6, 255, src, dst)
	icmp6.SetChecksum(pkt[ipv6.HeaderLen:], src, dst)
	p.n.transmit(ifc, dstMAC, pkt)
}

func (p port) Transmit(ifindex int, dstMAC [6]byte, pkt []byte) {
	p.n.transmit(p.n.ifs[ifindex], dstMAC, pkt)
}

// Unreachable answers a packet that waited for an address resolution that
// failed with Destination Unreachable code 3 (RFC 4861 §7.2.2), unless the
// node originated it: then there is no one on the wire to tell.
func (p port) Unreachable(ifindex int, pkt []byte) {
	n := p.n
	src := ipv6.Header(pkt).Src()
	for _, ifc := range n.ifs {
		if ifc.address(src) != nil {
			n.count(counter.NDResolutionOwnPacketDropped)
			return
		}
	}
	if n.faults.Has(faults.NoAddressUnreachable) {
		n.count(counter.NDResolutionUnreachableNotSent)
		return
	}
	n.destUnreachable(n.ifs[ifindex], pkt, false, icmp6.CodeAddressUnreach)
}

// Probing joins the solicited-node group of a right before its first DAD
// probe: the MLD report goes first (RFC 4862 §5.4.2).
func (p port) Probing(a *nd.Address) {
	if !p.n.faults.Has(faults.MLDNoReportBeforeDAD) {
		p.n.joinSolicited(a)
	}
}

// DADDone records the end of DAD for a; a duplicate link-local address
// formed from the MAC stops IPv6 on the interface (RFC 4862 §5.4.5), a
// stable one is replaced (RFC 7217 §6).
func (p port) DADDone(a *nd.Address) {
	n := p.n
	ifc := n.ifs[a.Ifindex]
	n.logf("%s: %s %s", ifc.name, ifc.zoned(a.Addr), a.State)
	switch {
	case a.State == nd.Preferred:
		n.joinSolicited(a) // without DAD, or after it for the faulty node
		if a == ifc.ll {
			n.mld.LinkLocalReady(ifc.index) // reports sent from :: are sent again (RFC 3810 §5.2.13)
		}
	case a.State == nd.Duplicate:
		n.leaveSolicited(a)
	}
	if a.State == nd.Duplicate && a == ifc.ll && n.stableLL && !n.faults.Has(faults.StableLLNoRetry) {
		n.linkLocalDuplicate(ifc)
	} else if a.State == nd.Duplicate && a == ifc.ll && !ifc.disabled {
		ifc.disabled = true
		for _, x := range ifc.addrs {
			n.nd.StopDAD(x)
		}
		n.count(counter.IPv6InterfaceDisabledByDAD)
		n.logf("%s: link-local address is a duplicate, IPv6 disabled on the interface", ifc.name)
	}
	if a.State == nd.Duplicate {
		n.autoconfDuplicate(ifc, a)
	}
	n.checkSettled()
}

func (p port) Count(c counter.Counter) { p.n.count(c) }

func (p port) Logf(format string, args ...any) {
	if p.n.log != nil {
		p.n.logf("%s", fmt.Sprintf(format, args...))
	}
}
