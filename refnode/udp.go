package refnode

import (
	"errors"
	"fmt"
	"net/netip"

	"github.com/v6ct/v6ct/refnode/counter"
	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/icmp6"
	"github.com/v6ct/v6ct/refnode/ipv6"
	"github.com/v6ct/v6ct/refnode/udp"
)

// UDPDatagram is one datagram received on a listening port.
type UDPDatagram struct {
	Interface string
	Src, Dst  netip.AddrPort // a link-local address carries its interface as zone
	Payload   []byte         // valid only during the handler call
}

// UDPHandler receives the datagrams of a port. It runs in the node's receive
// goroutine with the node locked: it must not call the Node's methods, and
// answers through reply, which sends payload back to the datagram's source
// from the address and port it was sent to.
type UDPHandler func(d UDPDatagram, reply func(payload []byte))

// udpEchoPort is the echo service's port (RFC 862).
const udpEchoPort = 7

func udpEcho(d UDPDatagram, reply func([]byte)) { reply(d.Payload) }

// ErrPortInUse is returned by ListenUDP for a port that already has a handler.
var ErrPortInUse = errors.New("refnode: UDP port in use")

// ListenUDP delivers the datagrams sent to port, on any of the node's
// addresses, to h. Datagrams to a port without a handler are answered with
// Destination Unreachable code 4.
func (n *Node) ListenUDP(port uint16, h UDPHandler) error {
	if port == 0 || h == nil {
		return fmt.Errorf("refnode: ListenUDP needs a port and a handler")
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.udp[port] != nil {
		return ErrPortInUse
	}
	n.udp[port] = h
	return nil
}

// CloseUDP stops listening on port.
func (n *Node) CloseUDP(port uint16) {
	n.mu.Lock()
	defer n.mu.Unlock()
	delete(n.udp, port)
}

// SendUDP sends one datagram to dst. An invalid src address lets the node
// choose its source (RFC 6724, cut down as for every packet it sends); src
// port 0 picks an ephemeral port. A link-local dst needs its interface as
// zone when the node has more than one.
func (n *Node) SendUDP(src, dst netip.AddrPort, payload []byte) error {
	if len(payload) > 0xffff-udp.HeaderLen {
		return fmt.Errorf("refnode: UDP payload of %d octets is too long", len(payload))
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.closed {
		return errors.New("refnode: node closed")
	}
	ifc := n.ifaceFor(dst.Addr())
	to := dst.Addr().WithZone("")
	from := src.Addr().WithZone("")
	if !from.IsValid() {
		from = n.sourceFor(ifc, to)
		if !from.IsValid() {
			return fmt.Errorf("refnode: no usable source address on %s for %s", ifc.name, to)
		}
	} else if !ifc.usable(from) {
		return fmt.Errorf("refnode: %s is not a usable address of %s", from, ifc.name)
	}
	sport := src.Port()
	if sport == 0 {
		sport = uint16(49152 + n.rand.IntN(16384)) // RFC 6335 §6 dynamic ports
	}
	n.sendUDP(ifc, from, to, sport, dst.Port(), payload)
	return nil
}

// udpInput checks a UDP datagram at off in pkt (RFC 768; RFC 8200 §8.1) and
// hands it to the port's handler, or answers port unreachable (RFC 4443
// §3.1).
func (n *Node) udpInput(ifc *iface, pkt []byte, off int, llGroup bool) {
	h := ipv6.Header(pkt)
	d := udp.Datagram(pkt[off:])
	if len(d) < udp.HeaderLen || d.Length() < udp.HeaderLen || d.Length() > len(d) {
		n.count(counter.UDPBadLength)
		return
	}
	if d.Checksum() == 0 && !n.faults.Has(faults.UDPZeroChecksumAccepted) {
		n.count(counter.UDPZeroChecksum) // RFC 8200 §8.1: mandatory over IPv6
		return
	}
	if d.Checksum() != 0 && !udp.ChecksumOK(d, h.Src(), h.Dst()) {
		n.count(counter.UDPBadChecksum)
		return
	}
	handler := n.udp[d.DstPort()]
	if handler == nil {
		n.count(counter.UDPPortUnreachable)
		if !n.faults.Has(faults.NoPortUnreachable) {
			n.destUnreachable(ifc, pkt, llGroup, icmp6.CodePortUnreach)
		}
		return
	}
	n.count(counter.UDPDelivered)
	src, dst := h.Src(), h.Dst()
	zone := func(a netip.Addr) netip.Addr {
		if ipv6.Scope(a) == ipv6.ScopeLinkLocal && !ipv6.IsMulticast(a) {
			return a.WithZone(ifc.name)
		}
		return a
	}
	sport, dport := d.SrcPort(), d.DstPort()
	handler(UDPDatagram{
		Interface: ifc.name,
		Src:       netip.AddrPortFrom(zone(src), sport),
		Dst:       netip.AddrPortFrom(zone(dst), dport),
		Payload:   d.Payload(),
	}, func(payload []byte) {
		from := dst
		if ipv6.IsMulticast(from) {
			from = n.sourceFor(ifc, src)
			if !from.IsValid() {
				n.count(counter.UDPOutNoSource)
				return
			}
		}
		if ipv6.IsUnspecified(src) || ipv6.IsMulticast(src) {
			n.count(counter.UDPOutBadDestination)
			return
		}
		n.sendUDP(ifc, from, src, dport, sport, payload)
	})
}

// sendUDP builds a datagram at txPayload and sends it.
func (n *Node) sendUDP(ifc *iface, src, dst netip.Addr, srcPort, dstPort uint16, payload []byte) {
	l := udp.Put(ifc.txPayload(), src, dst, srcPort, dstPort, payload)
	n.count(counter.UDPOutDatagrams)
	n.sendIP(ifc, src, dst, n.hopLimitOn(ifc), ipv6.ProtoUDP, l)
}
