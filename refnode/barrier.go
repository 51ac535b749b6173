package refnode

import (
	"encoding/binary"

	"github.com/v6ct/v6ct/refnode/counter"
	"github.com/v6ct/v6ct/refnode/link"
)

// The tester's barrier: a frame the tester sends to itself through the
// node, which the node handles in order with every other frame, so that
// its return proves every earlier frame processed.
//
// Ethernet Configuration Testing Protocol (the Ethernet "loopback" protocol,
// ethertype 0x9000; DEC/Intel/Xerox Ethernet v2 §7). The payload is a skip
// count (2 octets, little-endian) and a list of messages, each starting with
// a function code (2 octets, little-endian).
const (
	ectpOffSkip         = 0
	ectpFunctionReply   = 1
	ectpFunctionForward = 2
	ectpForwardLen      = 8 // function and forward address
)

// ectpInput answers ECTP frames to our MAC. A forward message sends the
// frame back out to the forward address with the skip count moved past it.
// Because it runs in the receive goroutine in order with every other frame,
// its answer proves to the sender that every earlier frame was processed.
func (n *Node) ectpInput(ifc *iface, frame []byte) {
	f := link.Frame(frame)
	if f.Dst() != ifc.mac {
		n.count(counter.ECTPNotToUs)
		return
	}
	p := f.Payload()
	if len(p) < 2 {
		n.count(counter.ECTPTooShort)
		return
	}
	skip := int(binary.LittleEndian.Uint16(p[ectpOffSkip:]))
	off := 2 + skip
	if off+2 > len(p) {
		n.count(counter.ECTPTooShort)
		return
	}
	switch binary.LittleEndian.Uint16(p[off:]) {
	case ectpFunctionReply:
		n.count(counter.ECTPReplyReceived)
	case ectpFunctionForward:
		if off+ectpForwardLen > len(p) {
			n.count(counter.ECTPTooShort)
			return
		}
		fwd := link.MAC(p[off+2 : off+8])
		if fwd.IsGroup() {
			n.count(counter.ECTPForwardToGroup) // forward addresses must be individual
			return
		}
		binary.LittleEndian.PutUint16(p[ectpOffSkip:], uint16(skip+ectpForwardLen))
		link.PutHeader(frame, fwd, ifc.mac, link.EtherTypeLoopback)
		if _, err := ifc.dev.Write(frame); err != nil {
			n.count(counter.LinkWriteError)
			return
		}
		n.count(counter.ECTPForwarded)
	default:
		n.count(counter.ECTPUnknownFunction)
	}
}
