package refnode

import (
	"net/netip"

	"github.com/v6ct/v6ct/refnode/counter"
	"github.com/v6ct/v6ct/refnode/exthdr"
	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/frag"
	"github.com/v6ct/v6ct/refnode/icmp6"
	"github.com/v6ct/v6ct/refnode/ipv6"
	"github.com/v6ct/v6ct/refnode/link"
)

// fragmentInput checks a fragment on its own (RFC 8200 §4.5, RFC 7112 §5)
// and hands it to reassembly; a datagram it completes goes through deliver
// again as a whole packet.
func (n *Node) fragmentInput(ifc *iface, pkt []byte, r exthdr.Result, llGroup bool) {
	f := exthdr.Fragment(pkt[r.Off:])
	data := len(pkt) - r.Off - exthdr.FragmentLen
	if f.More() && data%8 != 0 && !n.faults.Has(faults.FragLengthNotChecked) {
		n.count(counter.FragBadLength)
		if n.faults.Has(faults.FragErrorSilent) {
			return
		}
		n.paramProblem(ifc, pkt, llGroup, icmp6.CodeErroneousHeader, ipv6.OffPayloadLength)
		return
	}
	if r.Off-ipv6.HeaderLen+f.Offset()+data > frag.MaxPayload && !n.faults.Has(faults.ReassemblySizeUnchecked) {
		n.count(counter.FragTooLong)
		if n.faults.Has(faults.FragErrorSilent) {
			return
		}
		n.paramProblem(ifc, pkt, llGroup, icmp6.CodeErroneousHeader, r.Off+exthdr.OffFragmentOffset)
		return
	}
	if n.faults.Has(faults.ChainExactFitIncomplete) && f.Offset() == 0 && chainExactFit(pkt) {
		n.paramProblem(ifc, pkt, llGroup, icmp6.CodeIncompleteChain, 0)
		return
	}
	if f.Offset() == 0 && !exthdr.ChainComplete(pkt, r.Off+exthdr.FragmentLen, f.NextHeader()) &&
		!n.faults.Has(faults.IncompleteChainAccepted) {
		n.count(counter.FragIncompleteChain)
		ptr := 0 // RFC 7112 §5
		if n.faults.Has(faults.IncompleteChainPointer) {
			ptr = r.Off
		}
		n.paramProblem(ifc, pkt, llGroup, icmp6.CodeIncompleteChain, ptr)
		return
	}
	if whole, ok := n.reasm.Add(ifc.index, pkt, r.Off, r.Field, llGroup); ok {
		n.deliver(ifc, whole, llGroup, true)
	}
}

// reassemblyTimedOut answers a datagram whose reassembly ran out of time
// with Time Exceeded code 1, quoting its first fragment (RFC 8200 §4.5).
// frag calls it with the lock held.
func (n *Node) reassemblyTimedOut(ifindex int, first []byte, llGroup bool) {
	n.icmpError(n.ifs[ifindex], first, llGroup, icmp6.TypeTimeExceeded, icmp6.CodeReassemblyTimeout, 0)
}

// fragmentOutput sends pkt in fragments of at most mtu octets, each with the
// same unpredictable Identification (RFC 8200 §4.5; RFC 7739).
func (n *Node) fragmentOutput(out *iface, next netip.Addr, pkt []byte, mtu int) {
	whole := out.held(pkt)
	id := n.fragIDs.Uint32()
	k := frag.Split(whole, mtu, id, out.tx[link.HeaderLen:], func(f []byte) {
		n.count(counter.FragOutFragments)
		n.toLink(out, next, f)
	})
	if k == 0 {
		n.count(counter.FragOutNoRoom)
		return
	}
	n.count(counter.FragOutPackets)
}

// held copies a packet about to be fragmented out of the way: its
// fragments are built in tx, where pkt may be.
func (ifc *iface) held(pkt []byte) []byte {
	if ifc.big == nil {
		ifc.big = make([]byte, txBufferSize)
	}
	whole := ifc.big[:len(pkt)]
	copy(whole, pkt)
	return whole
}

// fragSeed derives the key of the Identification source from the node's
// seed, apart from the main random source so that fragmenting does not move
// the other random draws.
func fragSeed(seed int64) [32]byte {
	var k [32]byte
	for i := range 8 {
		k[i] = byte(uint64(seed) >> (8 * i))
	}
	copy(k[8:], "v6ct fragment identification")
	return k
}
