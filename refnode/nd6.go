package refnode

import (
	"errors"
	"fmt"
	"net/netip"
	"time"

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

func (p port) Anycast(ifindex int, a netip.Addr) *nd.Address {
	for _, x := range p.n.ifs[ifindex].anycast {
		if x.Addr == a {
			return x
		}
	}
	return nil
}

func (p port) Autoconf(ifindex int, prefix netip.Prefix, valid, preferred time.Duration) {
	p.n.autoconf(p.n.ifs[ifindex], prefix, valid, preferred)
}

func (p port) FirstHop(ifindex int, dst netip.Addr) (netip.Addr, bool) {
	out, next, ok := p.n.nextHop(p.n.ifs[ifindex], dst)
	if !ok || out.index != ifindex {
		return netip.Addr{}, false
	}
	return next, true
}

func (p port) DeviceMTU(ifindex int) int { return p.n.ifs[ifindex].mtu }

func (p port) RouterSolicited(ifindex int, src netip.Addr) {
	name := p.n.ifs[ifindex].name
	for _, f := range p.n.onRS {
		f(name, p.n.zoned(ifindex, src))
	}
}

// Addresses lists the interface's unicast addresses, for ND's faults that
// look beyond one address (dad-any-target-conflict).
func (p port) Addresses(ifindex int) []*nd.Address { return p.n.ifs[ifindex].addrs }

// The small API
// the Router Advertisement sender (package rtadv) drives the node through:
//
//	n.OnRS(func(ifname string, src netip.Addr))   // told of each valid RS
//	n.SendND(ifname string, dst netip.Addr, msg []byte) error
//	n.Interface(ifname string) (InterfaceInfo, bool)
//	n.Clock(), n.Faults()
//
// rtadv builds the RA itself (nd.PutRA and the Put*Option builders); the
// node only checks it is an ND message, gives it the link-local source, hop
// limit 255 and the checksum.

// ErrNoLinkLocal says an interface has no usable link-local address (still
// tentative, or a duplicate): ND messages cannot be sent from it yet.
var ErrNoLinkLocal = errors.New("refnode: no usable link-local address on the interface")

// OnRS registers f to be called for each valid Router Solicitation a router
// receives (RFC 4861 §6.2.6), with the interface and the solicitor's
// address (:: if it had none). f runs with the node's lock held, inside
// frame processing: it must not call back into the node; it schedules.
func (n *Node) OnRS(f func(ifname string, src netip.Addr)) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.onRS = append(n.onRS, f)
}

// SendND sends the Neighbor Discovery message msg (ICMPv6 types 133 to 137,
// checksum left to the node) on the named interface to dst, from the
// interface's link-local address with hop limit 255 (RFC 4861 §4.2, §6.2.3).
// It fails while that address is not usable.
func (n *Node) SendND(ifname string, dst netip.Addr, msg []byte) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	ifc := n.iface(ifname)
	switch {
	case ifc == nil:
		return fmt.Errorf("refnode: no interface %q", ifname)
	case len(msg) < icmp6.HeaderLen || msg[0] < icmp6.TypeRouterSolicitation || msg[0] > icmp6.TypeRedirect:
		return errors.New("refnode: not a Neighbor Discovery message")
	case n.closed:
		return errors.New("refnode: node closed")
	case ifc.disabled || ifc.ll.State != nd.Preferred:
		return ErrNoLinkLocal
	case len(msg) > txBufferSize-ipv6.HeaderLen:
		return errors.New("refnode: message too long")
	}
	n.count(counter.NDAPISent)
	port{n}.SendND(ifc.index, ifc.ll.Addr, dst.WithZone(""), msg, [6]byte{}, false)
	return nil
}
