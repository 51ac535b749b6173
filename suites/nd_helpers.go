package suites

import (
	"net"
	"net/netip"
	"time"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites/packets"
)

// Helpers for the neighbor cache, NUD and address autoconfiguration specs.

// Neighbor unreachability detection times (RFC 4861 §10).
const (
	// DelayFirstProbeTime is DELAY_FIRST_PROBE_TIME: how long an entry
	// stays in DELAY before its first unicast probe.
	DelayFirstProbeTime = 5 * time.Second
	// MaxUnicastSolicit is MAX_UNICAST_SOLICIT.
	MaxUnicastSolicit = 3
)

// OtherMAC is a link-layer address n might move to: n's own MAC with its
// fifth octet changed, unused by any node of the addressing plan.
func (n *Node) OtherMAC() net.HardwareAddr {
	m := append(net.HardwareAddr(nil), n.MAC...)
	m[4] ^= 0x07
	return m
}

// NAWith is a Neighbor Advertisement from n (Ethernet source n's MAC) for
// target, to dst, with the given flags and target link-layer option tlla
// (nil: none).
func (n *Node) NAWith(dst, target netip.Addr, flags uint8, tlla net.HardwareAddr) *packets.Packet {
	var opts []packets.Option
	if tlla != nil {
		opts = append(opts, packets.TLLA(tlla))
	}
	return packets.NA(n.MAC, packets.MACFor(dst, n.link.NUTMAC), n.SourceFor(dst), dst, target, flags, opts...)
}

// NSWith is a Neighbor Solicitation from n's address of target's scope for
// target, to dst, with the source link-layer option slla (nil: none).
func (n *Node) NSWith(dst, target netip.Addr, slla net.HardwareAddr) *packets.Packet {
	var opts []packets.Option
	if slla != nil {
		opts = append(opts, packets.SLLA(slla))
	}
	return packets.NS(n.MAC, packets.MACFor(dst, n.link.NUTMAC), n.SourceFor(target), dst, target, opts...)
}

// ExpectEach expects a frame for each matcher within d, in whatever order
// the node sends them; the next expectations look after the latest of them.
func (l *Link) ExpectEach(d time.Duration, ms ...*packets.Matcher) []*Captured {
	GinkgoHelper()
	l.mu.Lock()
	start := l.cursor
	l.mu.Unlock()
	end := l.env.now().Add(d)
	var got []*Captured
	last := start
	for _, m := range ms {
		l.mu.Lock()
		l.cursor = start
		l.mu.Unlock()
		left := end.Sub(l.env.now())
		if left < 0 {
			left = 0
		}
		c := l.Expect(m).Within(left)
		got = append(got, c)
		last = max(last, c.Index+1)
	}
	l.mu.Lock()
	l.cursor = last
	l.mu.Unlock()
	return got
}

// AdvertiseAsRouter has router node n send Router Advertisements with ra
// and opts (its source link-layer option first) and, when the spec ends,
// one with Router Lifetime 0, Reachable Time 30 s and Retrans Timer 1 s,
// so that a target that keeps its state between specs (the Linux kernel)
// does not keep n as a default router or the spec's timers. Prefixes the
// spec advertised stay: each spec advertises prefixes of its own.
func (l *Link) AdvertiseAsRouter(n *Node, ra packets.RAParams, opts ...packets.Option) *packets.Packet {
	GinkgoHelper()
	p := n.RA(ra, opts...)
	l.Send(p)
	deferCleanup(func() {
		l.put(n.RA(packets.RAParams{ReachableTime: 30 * time.Second, RetransTimer: time.Second}).Bytes())
		l.env.Settle()
	}, false)
	return p
}
