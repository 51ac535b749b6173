package refnode

import (
	"net/netip"

	"github.com/v6ct/v6ct/refnode/counter"
	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/ipv6"
	"github.com/v6ct/v6ct/refnode/link"
	"github.com/v6ct/v6ct/refnode/nd"
	"github.com/v6ct/v6ct/refnode/slaac"
)

// linkLocal forms the interface's link-local address: from the MAC's
// modified EUI-64 identifier (RFC 4291 §2.5.1, appendix A), or, with
// stable link-local addresses, from the RFC 7217 §5 identifier of
// fe80::/64 for the interface's DAD_Counter.
func (n *Node) linkLocal(ifc *iface) netip.Addr {
	if n.stableLL {
		return slaac.Address(ipv6.LinkLocalPrefix, slaac.StableIID(ipv6.LinkLocalPrefix, ifc.name, ifc.llCount, n.secret))
	}
	return ipv6.LinkLocal(n.interfaceID(ifc.mac))
}

// linkLocalDuplicate handles DAD finding a stable link-local address a
// duplicate (RFC 7217 §6): the next DAD_Counter forms another, tried in
// its place, up to IDGEN_RETRIES times. After that the interface keeps no
// usable link-local address, but IPv6 stays on: RFC 4862 §5.4.5 stops it
// only for an address formed from the hardware. Call with the lock held.
func (n *Node) linkLocalDuplicate(ifc *iface) {
	if ifc.llCount >= slaac.IdgenRetries {
		n.count(counter.SLAACLinkLocalRetriesExhausted)
		n.logf("%s: no unique stable link-local address after %d retries", ifc.name, slaac.IdgenRetries)
		return
	}
	ifc.llCount++
	old := ifc.ll
	ifc.ll = &nd.Address{Ifindex: ifc.index, Addr: n.linkLocal(ifc), PrefixLen: 64}
	for i, a := range ifc.addrs {
		if a == old {
			ifc.addrs[i] = ifc.ll // the link-local address stays first
			break
		}
	}
	n.count(counter.SLAACLinkLocalFormed)
	n.logf("%s: %s duplicate, %s formed (DAD_Counter %d), tentative", ifc.name, ifc.zoned(old.Addr), ifc.zoned(ifc.ll.Addr), ifc.llCount)
	// The RFC 7217 §6 random delay before the new probe (IDGEN_DELAY, 1 s)
	// is StartDAD's, below MAX_RTR_SOLICITATION_DELAY, also 1 s.
	n.nd.StartDAD(ifc.ll)
}

// interfaceID forms the interface identifier of the link-local address
// (RFC 4291 §2.5.1, appendix A).
func (n *Node) interfaceID(mac link.MAC) [8]byte {
	id := ipv6.InterfaceID(mac)
	if n.faults.Has(faults.LLNoULFlip) {
		id[0] ^= 0x02 // back to the MAC's own universal/local bit
	}
	return id
}
