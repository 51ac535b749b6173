package refnode

import (
	"errors"
	"fmt"
	"net/netip"

	"github.com/v6ct/v6ct/refnode/counter"
	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/icmp6"
	"github.com/v6ct/v6ct/refnode/ipv6"
	"github.com/v6ct/v6ct/refnode/link"
)

// SendEchoRequest sends one ICMPv6 Echo Request to dst (RFC 4443 §4.1), the
// way ping would: the source chosen for dst, fragmented to the path MTU if
// it does not fit. A link-local or multicast dst names its interface as zone
// (fe80::1%nut0); without one the first interface is used. Any other dst
// leaves through the interface its route names, with a source of that
// interface.
func (n *Node) SendEchoRequest(dst netip.Addr, id, seq uint16, data []byte) error {
	if len(data) > 0xffff-icmp6.EchoHeaderLen {
		return fmt.Errorf("refnode: Echo Request data of %d octets is too long", len(data))
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.closed {
		return errors.New("refnode: node closed")
	}
	ifc := n.ifaceFor(dst)
	to := dst.WithZone("")
	from := n.sourceFor(ifc, to)
	if !from.IsValid() {
		return fmt.Errorf("refnode: no usable source address on %s for %s", ifc.name, to)
	}
	l := icmp6.PutEcho(ifc.txPayload(), icmp6.TypeEchoRequest, id, seq, data)
	n.count(counter.ICMP6EchoSent)
	pkt := ifc.tx[link.HeaderLen : link.HeaderLen+ipv6.HeaderLen+l]
	ipv6.Put(pkt, 0, 0, uint16(l), ipv6.ProtoICMPv6, n.hopLimitOn(ifc), from, to)
	icmp6.SetChecksum(pkt[ipv6.HeaderLen:], from, to)
	if n.faults.Has(faults.EchoRequestBadChecksum) {
		pkt[ipv6.HeaderLen+icmp6.OffChecksum] ^= 0xff
	}
	n.output(ifc, pkt)
	return nil
}
