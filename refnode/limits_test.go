package refnode

import (
	"fmt"
	"net/netip"
	"testing"
	"time"

	"github.com/gopacket/gopacket/layers"

	"github.com/v6ct/v6ct/refnode/counter"
	"github.com/v6ct/v6ct/refnode/icmp6"
	"github.com/v6ct/v6ct/refnode/ipv4"
	"github.com/v6ct/v6ct/refnode/ipv6"
	"github.com/v6ct/v6ct/refnode/link"
	"github.com/v6ct/v6ct/refnode/nd"
)

// addrN is the n-th address of prefix p (n below 65536).
func addrN(p string, n int) netip.Addr {
	a := netip.MustParsePrefix(p).Addr().As16()
	a[14], a[15] = byte(n>>8), byte(n)
	return netip.AddrFrom16(a)
}

// macN is a tester MAC numbered n.
func macN(n int) link.MAC { return link.MAC{0, 0, 0x5e, 0, byte(n >> 8), byte(n)} }

// raFrom is a valid advertisement from the link-local router src.
func raFrom(src netip.Addr, opts ...[]byte) []byte {
	return icmpPkt(src, allNodes, 255, 134, 0, raMsg(64, 0, 1800, 0, 0, opts...))
}

// makeReachable gives the node a REACHABLE entry for a: an NS from it with
// its MAC, then a solicited NA.
func makeReachable(h *harness, a netip.Addr, mac link.MAC) {
	h.send(icmpPkt(a, nutGlobal, 255, 135, 0, nsBody(nutGlobal, &mac)))
	h.send(icmpPkt(a, nutGlobal, 255, 136, 0, naBody(nd.FlagSolicited|nd.FlagOverride, a, &mac)))
	h.pipe.Sent()
}

func stateOfNeighbor(h *harness, a netip.Addr) string {
	for _, e := range h.node.Neighbors() {
		if e.Addr.WithZone("") == a {
			return e.State
		}
	}
	return "none"
}

func countNeighbors(h *harness, state string) int {
	n := 0
	for _, e := range h.node.Neighbors() {
		if state == "" || e.State == state {
			n++
		}
	}
	return n
}

// TestLimits: past each bound the node drops what would have grown, counts
// it by reason, and keeps what it had (RFC 6583 for the neighbor cache).
func TestLimits(t *testing.T) {
	cases := []struct {
		name    string
		config  func(*Config)
		flood   func(h *harness)
		counter counter.Counter
		want    uint64
		check   func(h *harness) error
	}{
		{
			name:   "neighbor cache: unconfirmed entries give way, REACHABLE ones stay",
			config: func(c *Config) { c.Limits.Neighbors = 8 },
			flood: func(h *harness) {
				h.learnTN() // two REACHABLE entries
				for i := range 20 {
					mac := macN(i)
					h.send(icmpPkt(addrN("fe80::/64", 0x100+i), nutSolicited, 255, 135, 0, nsBody(nutLL, &mac)))
				}
			},
			counter: counter.NDCacheEvicted, want: 14, // 20 newcomers, 6 free places
			check: func(h *harness) error {
				if n := countNeighbors(h, ""); n != 8 {
					return fmt.Errorf("%d entries", n)
				}
				if s := stateOfNeighbor(h, tnLL); s != "REACHABLE" {
					return fmt.Errorf("TN1 is %s", s)
				}
				return nil
			},
		},
		{
			name: "neighbor cache full of REACHABLE entries: newcomers refused",
			config: func(c *Config) {
				c.Limits.Neighbors = 4
			},
			flood: func(h *harness) {
				h.learnTN()
				for i := range 2 {
					makeReachable(h, addrN("2001:db8:1::/64", 0x200+i), macN(i))
				}
				for i := range 5 {
					mac := macN(0x10 + i)
					h.send(icmpPkt(addrN("fe80::/64", 0x300+i), nutSolicited, 255, 135, 0, nsBody(nutLL, &mac)))
				}
			},
			// Each newcomer is refused twice: its link-layer address, then
			// the resolution the answer to its solicitation needs.
			counter: counter.NDCacheFull, want: 10,
			check: func(h *harness) error {
				if n := countNeighbors(h, "REACHABLE"); n != 4 || countNeighbors(h, "") != 4 {
					return fmt.Errorf("%d REACHABLE of %d", n, countNeighbors(h, ""))
				}
				return nil
			},
		},
		{
			name:   "neighbor cache: a neighbor the node talks with outlives a flood",
			config: func(c *Config) { c.Limits.Neighbors = 8 },
			flood: func(h *harness) {
				h.send(icmpPkt(tnGlobal, nutGlobal, 255, 135, 0, nsBody(nutGlobal, &tnMAC))) // STALE, never confirmed
				h.send(echo(tnGlobal, nutGlobal, 1))                                         // but answered
				for i := range 20 {
					mac := macN(i)
					h.send(icmpPkt(addrN("fe80::/64", 0x100+i), nutSolicited, 255, 135, 0, nsBody(nutLL, &mac)))
				}
			},
			counter: counter.NDCacheEvicted, want: 13,
			check: func(h *harness) error {
				if s := stateOfNeighbor(h, tnGlobal); s == "none" {
					return fmt.Errorf("TN1 evicted")
				}
				return nil
			},
		},
		{
			name:   "neighbor cache: advertisements from many routers do not lock it",
			config: func(c *Config) { c.Limits.Neighbors = 8 },
			flood: func(h *harness) {
				for i := range 20 {
					h.send(raFrom(addrN("fe80::/64", 0x150+i), sllaOpt(macN(0x150+i))))
				}
				h.send(icmpPkt(tnLL, nutSolicited, 255, 135, 0, nsBody(nutLL, &tnMAC)))
			},
			counter: counter.NDCacheEvicted, want: 13,
			check: func(h *harness) error {
				if s := stateOfNeighbor(h, tnLL); s == "none" {
					return fmt.Errorf("TN1 not learned: %v", h.node.Neighbors())
				}
				return nil
			},
		},
		{
			name:   "INCOMPLETE entries: new resolutions refused",
			config: func(c *Config) { c.Limits.IncompleteNeighbors = 4 },
			flood: func(h *harness) {
				h.learnTN()
				for i := range 10 { // each reply needs a resolution
					h.send(icmpPkt(addrN("2001:db8:1::/64", 0x400+i), nutGlobal, 64, 128, 0, echoBody(1, uint16(i), "x")))
				}
			},
			counter: counter.NDCacheIncompleteLimit, want: 6,
			check: func(h *harness) error {
				if n := countNeighbors(h, "INCOMPLETE"); n != 4 {
					return fmt.Errorf("%d INCOMPLETE", n)
				}
				h.send(echo(tnGlobal, nutGlobal, 9)) // a known neighbor is still answered
				if s := ofType(h.sent(), 129); len(s) != 1 {
					return fmt.Errorf("TN1 not answered: %s", summary(s))
				}
				return nil
			},
		},
		{
			name:   "INCOMPLETE entries: the node's own traffic takes the place of an answer to a solicitation",
			config: func(c *Config) { c.Limits.IncompleteNeighbors = 4 },
			flood: func(h *harness) {
				for i := range 6 { // solicitations without a link-layer address: each answer needs a resolution
					h.send(icmpPkt(addrN("2001:db8:1::/64", 0x480+i), nutGlobal, 255, 135, 0, nsBody(nutGlobal, nil)))
				}
				h.pipe.Sent()
				h.send(icmpPkt(tnGlobal, nutGlobal, 64, 128, 0, echoBody(1, 1, "x"))) // TN1 unknown: the reply waits
			},
			counter: counter.NDCacheIncompleteReplaced, want: 1,
			check: func(h *harness) error {
				if n := countNeighbors(h, "INCOMPLETE"); n != 4 || stateOfNeighbor(h, tnGlobal) != "INCOMPLETE" {
					return fmt.Errorf("%d INCOMPLETE, TN1 %s", n, stateOfNeighbor(h, tnGlobal))
				}
				if h.counter(counter.NDCacheIncompleteLimit) != 2 {
					return fmt.Errorf("nd.cache.incomplete_limit = %d, want 2", h.counter(counter.NDCacheIncompleteLimit))
				}
				return nil
			},
		},
		{
			name:   "packets waiting for resolution: total octets",
			config: func(c *Config) { c.Limits.QueuedOctets = 400 },
			flood: func(h *harness) {
				for i := range 6 { // replies of 40+8+100 octets to two unresolved neighbors
					h.send(icmpPkt(addrN("2001:db8:1::/64", 0x500+i%2), nutGlobal, 64, 128, 0, echoBody(1, uint16(i), string(make([]byte, 100)))))
				}
			},
			counter: counter.NDQueueTotalLimit, want: 4,
			check: func(h *harness) error {
				q := 0
				for _, e := range h.node.Neighbors() {
					q += e.Queued
				}
				if q != 2 {
					return fmt.Errorf("%d queued", q)
				}
				return nil
			},
		},
		{
			name: "packets waiting for one neighbor (nd.Constants.MaxQueue)",
			config: func(c *Config) {
				k := noRS
				k.MaxQueue = 2
				c.ND = &k
			},
			flood: func(h *harness) {
				for i := range 5 {
					h.send(icmpPkt(addrN("2001:db8:1::/64", 0x600), nutGlobal, 64, 128, 0, echoBody(1, uint16(i), "x")))
				}
			},
			counter: counter.NDQueueOverflow, want: 3,
		},
		{
			name:   "Destination Cache: Redirects beyond the bound evict older ones",
			config: func(c *Config) { c.Limits.Destinations = 4 },
			flood: func(h *harness) {
				h.learnTN()
				h.send(ra(sllaOpt(tnMAC)))
				for i := range 10 {
					dst := addrN("2001:db8:77::/64", i)
					h.send(redirectPkt(tnLL, 255, 0, dst, dst, tllaOpt(macN(0x700+i))))
				}
			},
			counter: counter.NDDestEvicted, want: 6,
			check: func(h *harness) error {
				dst := addrN("2001:db8:77::/64", 9)
				if _, next, ok := h.node.NextHop(dst); !ok || next != dst {
					return fmt.Errorf("the last Redirect is not in effect: %v", next)
				}
				return nil
			},
		},
		{
			name:   "Default Router List",
			config: func(c *Config) { c.Limits.DefaultRouters = 2 },
			flood: func(h *harness) {
				for i := range 5 {
					h.send(raFrom(addrN("fe80::/64", 0x800+i)))
				}
			},
			counter: counter.NDRouterLimit, want: 3,
			check: func(h *harness) error {
				if n := len(h.node.DefaultRouters()); n != 2 {
					return fmt.Errorf("%d routers", n)
				}
				return nil
			},
		},
		{
			name:   "Prefix List",
			config: func(c *Config) { c.Limits.Prefixes = 3 },
			flood: func(h *harness) {
				var opts [][]byte
				for i := range 6 {
					opts = append(opts, pioOpt(netip.PrefixFrom(addrN("2001:db8:100::/48", 0), 64).Masked(), true, false, time.Hour, time.Hour))
					opts[i][16+5] = byte(i) // 2001:db8:100:i::/64
				}
				h.send(ra(opts...))
			},
			counter: counter.NDPrefixLimit, want: 3,
			check: func(h *harness) error {
				if n := len(h.node.OnLinkPrefixes()); n != 3 {
					return fmt.Errorf("%d prefixes", n)
				}
				return nil
			},
		},
		{
			name:   "Route Information routes",
			config: func(c *Config) { c.Limits.Routes = 2 },
			flood: func(h *harness) {
				var opts [][]byte
				for i := range 5 {
					opts = append(opts, rioOpt(netip.MustParsePrefix(fmt.Sprintf("2001:db8:200:%x00::/56", i)), nd.PrefMedium, time.Hour))
				}
				h.send(ra(opts...))
			},
			counter: counter.NDRouteLimit, want: 3,
			check: func(h *harness) error {
				if n := len(h.node.LearnedRoutes()); n != 2 {
					return fmt.Errorf("%d routes", n)
				}
				return nil
			},
		},
		{
			name:   "DNS servers",
			config: func(c *Config) { c.Limits.DNS = 2 },
			flood: func(h *harness) {
				b := make([]byte, 100)
				n := nd.PutRDNSSOption(b, time.Hour, []netip.Addr{addrN("2001:db8::/64", 1), addrN("2001:db8::/64", 2), addrN("2001:db8::/64", 3), addrN("2001:db8::/64", 4)})
				h.send(ra(b[:n]))
			},
			counter: counter.NDDNSLimit, want: 2,
			check: func(h *harness) error {
				if n := len(h.node.DNS()); n != 2 {
					return fmt.Errorf("%d servers", n)
				}
				return nil
			},
		},
		{
			name:   "autoconfigured addresses",
			config: func(c *Config) { c.Limits.AutoconfAddresses = 2 },
			flood: func(h *harness) {
				var opts [][]byte
				for i := range 5 {
					opts = append(opts, pioOpt(netip.PrefixFrom(addrN("2001:db8:300::/48", 0), 64).Masked(), false, true, time.Hour, time.Hour))
					opts[i][16+5] = byte(i)
				}
				h.send(ra(opts...))
			},
			counter: counter.SLAACLimit, want: 3,
			check: func(h *harness) error {
				if n := autoAddrs(h); n != "2" {
					return fmt.Errorf("%s addresses", n)
				}
				return nil
			},
		},
		{
			name:   "datagrams in reassembly: the oldest gives way",
			config: func(c *Config) { c.Limits.ReassemblyDatagrams = 4 },
			flood: func(h *harness) {
				h.learnTN()
				for i := range 10 { // first fragments only, never completed
					h.send(fragmentsOf(bigEcho(tnGlobal, nutGlobal, uint16(i), 1400), uint32(100+i), 512)[0])
				}
			},
			counter: counter.FragDatagramLimit, want: 6,
			check: func(h *harness) error {
				if n := h.node.reasm.Pending(); n != 4 {
					return fmt.Errorf("%d datagrams", n)
				}
				for _, f := range fragmentsOf(bigEcho(tnGlobal, nutGlobal, 77, 1400), 999, 512) {
					h.send(f)
				}
				if s := ofType(h.sent(), 129); len(s) != 1 {
					return fmt.Errorf("a complete datagram is not answered: %s", summary(s))
				}
				return nil
			},
		},
		{
			name:   "octets in reassembly (Config.ReassemblyMemory)",
			config: func(c *Config) { c.ReassemblyMemory = 4096 },
			flood: func(h *harness) {
				for i := range 10 {
					h.send(fragmentsOf(bigEcho(tnGlobal, nutGlobal, uint16(i), 1400), uint32(200+i), 1024)[0])
				}
			},
			counter: counter.FragMemoryEvicted, want: 7,
			check: func(h *harness) error {
				if m := h.node.reasm.Memory(); m > 4096 {
					return fmt.Errorf("%d octets", m)
				}
				return nil
			},
		},
		{
			name:   "ICMPv6 errors per second (Config.ICMPErrorLimit)",
			config: func(c *Config) { c.ICMPErrorLimit = &icmp6.RateLimit{Rate: 1, Burst: 2} },
			flood: func(h *harness) {
				h.learnTN()
				for range 5 {
					h.send(ipPkt(tnGlobal, nutGlobal, 64, 253, []byte("12345678")))
				}
			},
			counter: counter.ICMP6ErrorRateLimited, want: 3,
			check: func(h *harness) error {
				if n := len(ofType(h.sent(), 4)); n != 2 {
					return fmt.Errorf("%d errors sent", n)
				}
				h.clk.Advance(time.Second)
				h.send(ipPkt(tnGlobal, nutGlobal, 64, 253, []byte("12345678")))
				if n := len(ofType(h.sent(), 4)); n != 1 {
					return fmt.Errorf("%d errors a second later", n)
				}
				return nil
			},
		},
		{
			name: "unresolved ARP entries",
			config: func(c *Config) {
				c.Interfaces[0].IPv4 = []netip.Prefix{netip.MustParsePrefix("192.0.2.16/24")}
				c.Limits.ARPIncomplete = 4
			},
			flood: func(h *harness) { // Echo Requests from 10 silent neighbors: each answer waits for ARP
				for i := range 10 {
					h.inject(frame4(pkt4(netip.AddrFrom4([4]byte{192, 0, 2, byte(100 + i)}), netip.MustParseAddr("192.0.2.16"), ipv4.ProtoICMP, 64, false, 16)))
				}
			},
			counter: counter.ARPEvicted, want: 6,
			check: func(h *harness) error {
				if h.node.v4.arp.Len() != 4 || h.node.v4.arp.Unresolved() != 4 {
					return fmt.Errorf("%d entries, %d unresolved", h.node.v4.arp.Len(), h.node.v4.arp.Unresolved())
				}
				return nil
			},
		},
		{
			name: "ARP table: resolved entries are never pushed out",
			config: func(c *Config) {
				c.Interfaces[0].IPv4 = []netip.Prefix{netip.MustParsePrefix("192.0.2.16/24")}
				c.Limits.ARPEntries = 3
			},
			flood: func(h *harness) { // 5 neighbors ask for the node's address, then one it must resolve
				for i := range 5 {
					mac := macN(0xa00 + i)
					arp := make([]byte, ipv4.ARPLen)
					ipv4.PutARP(arp, ipv4.ARPRequest, mac, netip.AddrFrom4([4]byte{192, 0, 2, byte(100 + i)}), [6]byte{}, netip.MustParseAddr("192.0.2.16"))
					h.inject(ether(link.Broadcast, mac, ipv4.EtherTypeARP, arp))
				}
				h.inject(frame4(pkt4(netip.MustParseAddr("192.0.2.200"), netip.MustParseAddr("192.0.2.16"), ipv4.ProtoICMP, 64, false, 16)))
			},
			counter: counter.ARPLimit, want: 3,
			check: func(h *harness) error {
				if h.node.v4.arp.Len() != 3 || h.node.v4.arp.Unresolved() != 0 {
					return fmt.Errorf("%d entries, %d unresolved", h.node.v4.arp.Len(), h.node.v4.arp.Unresolved())
				}
				return nil
			},
		},
		{
			name: "a router's delayed anycast answers",
			config: func(c *Config) {
				c.Router = true
				c.Limits.AnycastPending = 2
			},
			flood: func(h *harness) {
				anycast := netip.MustParseAddr("2001:db8:1::")
				for i := range 5 {
					mac := macN(0x900 + i)
					h.send(icmpPkt(addrN("fe80::/64", 0x900+i), ipv6.SolicitedNode(anycast), 255, 135, 0, nsBody(anycast, &mac)))
				}
			},
			counter: counter.NDNSAnycastLimit, want: 3,
		},
		{
			name:   "advertisements from routers not listed: past the budget dropped, a listed router still heard, the budget refilled",
			config: func(c *Config) { c.Limits.NewRouterRAs = 5 },
			flood: func(h *harness) {
				h.send(raFrom(tnLL, sllaOpt(tnMAC))) // listed; spends one of the five
				for i := range 20 {
					h.send(raFrom(addrN("fe80::/64", 0x150+i), sllaOpt(macN(0x150+i))))
				}
				h.send(raFrom(tnLL, pioOpt(netip.MustParsePrefix("2001:db8:77::/64"), true, false, time.Hour, time.Hour)))
			},
			counter: counter.NDRANewRouterLimit, want: 16,
			check: func(h *harness) error {
				if p := h.node.OnLinkPrefixes(); len(p) != 1 || p[0].Prefix != netip.MustParsePrefix("2001:db8:77::/64") {
					return fmt.Errorf("the listed router's prefix not taken: %v", p)
				}
				if n := len(h.node.DefaultRouters()); n != 5 {
					return fmt.Errorf("%d default routers, want 5", n)
				}
				h.clk.Advance(time.Second / 5)
				h.send(raFrom(addrN("fe80::/64", 0x170), sllaOpt(macN(0x170))))
				if n := len(h.node.DefaultRouters()); n != 6 {
					return fmt.Errorf("after a fifth of a second: %d default routers, want 6", n)
				}
				return nil
			},
		},
		{
			name:   "solicitations from sources not in the cache: past the budget unanswered, a cached neighbor still answered",
			config: func(c *Config) { c.Limits.NewNeighborNS = 5 },
			flood: func(h *harness) {
				h.learnTN() // two solicitations: two of the five
				for i := range 20 {
					mac := macN(i)
					h.send(icmpPkt(addrN("fe80::/64", 0x100+i), nutSolicited, 255, 135, 0, nsBody(nutLL, &mac)))
				}
				h.send(icmpPkt(ipv6.Unspecified, nutSolicited, 255, 135, 0, nsBody(nutLL, nil))) // a DAD probe counts too
			},
			counter: counter.NDNSNewNeighborLimit, want: 18,
			check: func(h *harness) error {
				if n := answersTo(h, netip.Addr{}); n != 3 {
					return fmt.Errorf("%d advertisements during the flood, want 3", n)
				}
				h.send(icmpPkt(tnGlobal, nutGlobal, 255, 135, 0, nsBody(nutGlobal, &tnMAC)))
				if n := answersTo(h, tnGlobal); n != 1 {
					return fmt.Errorf("TN1, in the cache, got %d advertisements, want 1", n)
				}
				return nil
			},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t, nil, c.config)
			h.clk.Advance(2 * time.Second)
			h.pipe.Sent()
			c.flood(h)
			if got := h.counter(c.counter); got != c.want {
				t.Errorf("%s = %d, want %d", c.counter, got, c.want)
			}
			if c.check != nil {
				if err := c.check(h); err != nil {
					t.Error(err)
				}
			}
		})
	}
}

// TestLimitDefaults: a zero Limits takes every default, and a node's
// bounds never go below one.
func TestLimitDefaults(t *testing.T) {
	got := Limits{Neighbors: 7}.withDefaults()
	want := DefaultLimits()
	want.Neighbors = 7
	if got != want {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	if def := DefaultLimits(); def.IncompleteNeighbors >= def.Neighbors || def.AutoconfAddresses < 2 || def.ReassemblyDatagrams < 2 || def.ARPIncomplete >= def.ARPEntries {
		t.Errorf("defaults %+v", def)
	}
}

// answersTo counts the Neighbor Advertisements the node sent since the last
// look, to dst (any destination when dst is the zero Addr).
func answersTo(h *harness, dst netip.Addr) int {
	n := 0
	for _, o := range h.sent() {
		ip, _ := o.p.Layer(layers.LayerTypeIPv6).(*layers.IPv6)
		icmp, _ := o.p.Layer(layers.LayerTypeICMPv6).(*layers.ICMPv6)
		if ip != nil && icmp != nil && icmp.TypeCode.Type() == layers.ICMPv6TypeNeighborAdvertisement &&
			(!dst.IsValid() || netip.AddrFrom16([16]byte(ip.DstIP.To16())) == dst) {
			n++
		}
	}
	return n
}
