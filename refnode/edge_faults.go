package refnode

import (
	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/icmp6"
	"github.com/v6ct/v6ct/refnode/ipv6"
	"github.com/v6ct/v6ct/refnode/nd"
)

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
func (n *Node) relayAsUnreachable(tun *iface, inner []byte) {
	if len(inner) >= ipv6.HeaderLen && inner[0]>>4 == ipv6.Version {
		n.destUnreachable(tun, inner, false, icmp6.CodeAddressUnreach)
	}
}

// encapLimitMissed is the search for the Tunnel Encapsulation Limit option
// as the encap-limit-last-option-missed and
// encap-limit-after-hop-by-hop-missed faults get it wrong: it says the
// faulty node misses the limit found at off in pkt.
func (n *Node) encapLimitMissed(pkt []byte, off int) bool {
	first := ipv6.HeaderLen
	if n.faults.Has(faults.EncapLimitAfterHopByHopMissed) && (pkt[6] != 60 || off >= first+(int(pkt[first+1])+1)*8) {
		return true // the faulty node looks only at a Destination Options header right behind the IPv6 header
	}
	if n.faults.Has(faults.EncapLimitLastOptionMissed) {
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
