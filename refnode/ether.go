package refnode

import (
	"github.com/v6ct/v6ct/refnode/counter"
	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/ipv4"
	"github.com/v6ct/v6ct/refnode/link"
)

// input handles one received frame, in place in the receive buffer.
func (n *Node) input(ifc *iface, frame []byte) {
	if len(frame) < link.HeaderLen {
		n.count(counter.LinkShortFrame)
		return
	}
	f := link.Frame(frame)
	dst := f.Dst()
	if n.router && dst.IsIPv6Multicast() && f.EtherType() == link.EtherTypeIPv6 && n.faults.Has(faults.ForwardMulticast) {
		n.floodMulticast(ifc, f.Payload()) // before the receive filter: a multicast router hears every group
	}
	if n.router && n.mrouter != nil && dst.IsIPv6Multicast() && f.EtherType() == link.EtherTypeIPv6 {
		n.routeMulticast(ifc, f.Payload()) // mrouter.go; before the receive filter, like floodMulticast
	}
	if !n.acceptMAC(ifc, dst) && !(n.onMLD != nil && n.router && dst.IsIPv6Multicast()) {
		n.count(counter.LinkNotForUs)
		return
	}
	switch f.EtherType() {
	case link.EtherTypeIPv6:
		n.ipv6Input(ifc, f.Payload(), dst.IsGroup())
	case link.EtherTypeLoopback:
		n.ectpInput(ifc, frame)
	case ipv4.EtherTypeIPv4:
		n.v4.input(ifc, f.Payload(), dst.IsGroup()) // the outside of IPv4 tunnels (ip_input.go)
	case ipv4.EtherTypeARP:
		n.v4.arpInput(ifc, frame)
	default:
		n.count(counter.LinkUnknownEthertype)
	}
}

// acceptMAC is the interface's receive filter.
func (n *Node) acceptMAC(ifc *iface, dst link.MAC) bool {
	switch {
	case dst == ifc.mac, dst == link.Broadcast:
		return true
	case dst.IsIPv6Multicast():
		return n.faults.Has(faults.AcceptAnyMulticast) || n.joinedMAC(ifc, dst)
	}
	return false
}

// transmit frames pkt for dst and writes it to the device.
func (n *Node) transmit(ifc *iface, dst link.MAC, pkt []byte) {
	if ifc.disabled {
		n.count(counter.IPv6OutInterfaceDisabled)
		return
	}
	frame := ifc.tx[:link.HeaderLen+len(pkt)]
	if len(pkt) > 0 && &pkt[0] != &ifc.tx[link.HeaderLen] {
		copy(frame[link.HeaderLen:], pkt)
	}
	link.PutHeader(frame, dst, ifc.mac, link.EtherTypeIPv6)
	if _, err := ifc.dev.Write(frame); err != nil {
		n.count(counter.LinkWriteError)
	}
}

// Transmit frames pkt for dst with the given EtherType and writes it
// (ipv4.Link, for ARP and IPv4).
func (ifc *iface) Transmit(dst [6]byte, etherType uint16, pkt []byte) error {
	frame := ifc.tx[:link.HeaderLen+len(pkt)]
	if len(pkt) > 0 && &pkt[0] != &ifc.tx[link.HeaderLen] {
		copy(frame[link.HeaderLen:], pkt)
	}
	link.PutHeader(frame, dst, ifc.mac, etherType)
	_, err := ifc.dev.Write(frame)
	return err
}

// receive reads frames from one interface until the device is closed and
// processes each under the node lock, replies included.
func (n *Node) receive(ifc *iface) {
	defer n.wg.Done()
	for {
		l, err := ifc.dev.Read(ifc.rx)
		n.mu.Lock()
		if n.closed {
			n.mu.Unlock()
			return
		}
		if err != nil {
			n.count(counter.LinkReadError)
			n.logf("%s: read: %v; interface stopped", ifc.name, err)
			n.mu.Unlock()
			return
		}
		if n.async != nil {
			n.async.input(ifc, ifc.rx[:l])
		} else {
			n.input(ifc, ifc.rx[:l])
		}
		n.mu.Unlock()
	}
}
