package refnode

import (
	"encoding/binary"
	"net/netip"
	"testing"
	"time"

	"github.com/v6ct/v6ct/refnode/ipv6"
	"github.com/v6ct/v6ct/refnode/link"
	"github.com/v6ct/v6ct/refnode/nd"
)

// Fuzz targets that get past the checks a random frame rarely passes
// (the ICMPv6 checksum, hop limit 255, the node's addresses), so that the
// fuzzer spends its time in the parsers and state machines behind them.
// Each checks, besides not panicking, that the node keeps within its
// Limits and sends only well-formed frames.

// fuzzLimits are small, so that the fuzzer reaches every bound; but the
// budgets of new routers' advertisements and new neighbors' solicitations
// are large, since the one node the fuzzer keeps across inputs, on a clock
// that does not move, would otherwise stop reading both for good.
var fuzzLimits = Limits{Neighbors: 16, IncompleteNeighbors: 4, QueuedOctets: 8192, Destinations: 8,
	DefaultRouters: 3, Prefixes: 4, Routes: 4, DNS: 4, AnycastPending: 2, AutoconfAddresses: 3, ReassemblyDatagrams: 4,
	NewRouterRAs: 1 << 30, NewNeighborNS: 1 << 30}

func fuzzHarness(f *testing.F, router bool) *harness {
	h := newHarness(f, nil, func(c *Config) {
		c.UDPEcho = true
		c.Router = router
		c.ReassemblyMemory = 1 << 15
		c.Limits = fuzzLimits
	})
	h.clk.Advance(2 * time.Second)
	h.pipe.Sent()
	return h
}

// checkNode fails t when the node holds more than its limits allow or sent
// a frame that is not a whole IPv6 packet within the link MTU.
func checkNode(t *testing.T, h *harness) {
	t.Helper()
	l := fuzzLimits
	if n := len(h.node.Neighbors()); n > l.Neighbors {
		t.Fatalf("%d neighbors", n)
	}
	incomplete := 0
	for _, e := range h.node.Neighbors() {
		if e.State == "INCOMPLETE" {
			incomplete++
		}
	}
	if incomplete > l.IncompleteNeighbors {
		t.Fatalf("%d INCOMPLETE", incomplete)
	}
	if n := len(h.node.DefaultRouters()); n > l.DefaultRouters {
		t.Fatalf("%d routers", n)
	}
	if n := len(h.node.OnLinkPrefixes()); n > l.Prefixes {
		t.Fatalf("%d prefixes", n)
	}
	if n := len(h.node.LearnedRoutes()); n > l.Routes {
		t.Fatalf("%d routes", n)
	}
	if n := len(h.node.DNS()); n > l.DNS {
		t.Fatalf("%d DNS items", n)
	}
	auto := 0
	for _, a := range h.node.Addresses() {
		if a.Autoconf {
			auto++
		}
	}
	if auto > l.AutoconfAddresses {
		t.Fatalf("%d autoconfigured addresses", auto)
	}
	h.node.mu.Lock()
	pending, mem := h.node.reasm.Pending(), h.node.reasm.Memory()
	h.node.mu.Unlock()
	if pending > l.ReassemblyDatagrams || mem > 1<<15 {
		t.Fatalf("reassembly: %d datagrams, %d octets", pending, mem)
	}
	for _, fr := range h.pipe.Sent() {
		if len(fr) > link.HeaderLen+1500 {
			t.Fatalf("sent %d octets", len(fr))
		}
		if link.Frame(fr).EtherType() != link.EtherTypeIPv6 {
			continue
		}
		p := fr[link.HeaderLen:]
		if len(p) < ipv6.HeaderLen || ipv6.HeaderLen+int(ipv6.Header(p).PayloadLength()) != len(p) {
			t.Fatalf("sent a malformed packet %x", p)
		}
	}
}

// Sources and destinations the ND fuzzer picks from.
var (
	ndSources = []netip.Addr{tnLL, tnGlobal, netip.IPv6Unspecified(), netip.MustParseAddr("fe80::99"), netip.MustParseAddr("2001:db8:9::1")}
	ndDests   = []netip.Addr{nutLL, nutGlobal, nutSolicited, allNodes, netip.MustParseAddr("ff02::2")}
)

// FuzzND: any Neighbor Discovery message (RS, RA, NS, NA, Redirect, with
// any options), with a right checksum, from any of a few sources, to a
// host and to a router.
func FuzzND(f *testing.F) {
	t := func(a netip.Addr) []byte { b := a.As16(); return b[:] }
	f.Add(uint8(135), uint8(0), uint8(255), uint8(0), uint8(2), nsBody(nutLL, &tnMAC)[4:])
	f.Add(uint8(135), uint8(0), uint8(255), uint8(2), uint8(2), nsBody(nutGlobal, nil)[4:])
	f.Add(uint8(136), uint8(0), uint8(255), uint8(0), uint8(0), naBody(nd.FlagSolicited|nd.FlagOverride, tnLL, &tnMAC)[4:])
	f.Add(uint8(133), uint8(0), uint8(255), uint8(0), uint8(4), append([]byte{0, 0, 0, 0}, sllaOpt(tnMAC)...))
	f.Add(uint8(134), uint8(0), uint8(255), uint8(0), uint8(3), raMsg(64, 0, 1800, 30000, 1000, sllaOpt(tnMAC),
		pioOpt(netip.MustParsePrefix("2001:db8:5::/64"), true, true, time.Hour, time.Hour),
		rioOpt(netip.MustParsePrefix("2001:db8:6::/48"), nd.PrefHigh, time.Hour), []byte{5, 1, 0, 0, 0, 0, 5, 0xdc}))
	redirect := make([]byte, 200)
	n := nd.PutRedirect(redirect, tnLL, netip.MustParseAddr("2001:db8:77::1"))
	n += nd.PutLinkAddrOption(redirect[n:], nd.OptTargetLinkAddr, tnMAC)
	n += nd.PutRedirectedHeaderOption(redirect[n:], echo(nutGlobal, netip.MustParseAddr("2001:db8:77::1"), 1), 100)
	f.Add(uint8(137), uint8(0), uint8(255), uint8(0), uint8(0), redirect[4:n])
	f.Add(uint8(136), uint8(0), uint8(255), uint8(3), uint8(3), append(append([]byte{0x20, 0, 0, 0}, t(nutGlobal)...), 2, 0))
	host, router := fuzzHarness(f, false), fuzzHarness(f, true)
	f.Fuzz(func(t *testing.T, typ, code, hop, src, dst uint8, body []byte) {
		if len(body) > 1400 {
			return
		}
		typ = 133 + typ%5
		pkt := icmpPkt(ndSources[int(src)%len(ndSources)], ndDests[int(dst)%len(ndDests)], hop|0xf0, typ, code, body)
		for _, h := range []*harness{host, router} {
			h.t = t
			h.send(pkt)
			h.clk.Advance(time.Duration(src&7) * time.Second)
			checkNode(t, h)
		}
	})
}

// FuzzRASequence: a sequence of Router Advertisements from several routers,
// time passing between them, into one host: the lists learned stay within
// their bounds whatever the options say. The input is a series of
// records: router number, seconds to wait, length, then the RA body.
func FuzzRASequence(f *testing.F) {
	record := func(router, wait uint8, body []byte) []byte {
		return append([]byte{router, wait, byte(len(body) >> 8), byte(len(body))}, body...)
	}
	var pios [][]byte
	for i := range 6 {
		p := pioOpt(netip.MustParsePrefix("2001:db8:10::/64"), true, true, time.Hour, 30*time.Minute)
		p[16+5] = byte(i)
		pios = append(pios, p)
	}
	b := make([]byte, 200)
	rdnss := b[:nd.PutRDNSSOption(b, time.Hour, []netip.Addr{netip.MustParseAddr("2001:db8::53"), netip.MustParseAddr("2001:db8::54")})]
	f.Add(append(record(0, 1, raMsg(64, 0, 1800, 0, 0, pios...)), record(1, 3, raMsg(0, 0x08, 0, 0, 0, rdnss))...))
	f.Add(append(record(2, 0, raMsg(64, 0, 60, 0, 0, pios[0])), record(2, 200, raMsg(64, 0, 0, 0, 0,
		pioOpt(netip.MustParsePrefix("2001:db8:10::/64"), true, true, 0, 0)))...))
	f.Add(record(3, 9, raMsg(64, 0x18, 1800, 0, 0, rioOpt(netip.MustParsePrefix("::/0"), nd.PrefLow, time.Hour),
		rioOpt(netip.MustParsePrefix("2001:db8:20::/48"), nd.PrefHigh, time.Minute))))
	h := fuzzHarness(f, false)
	f.Fuzz(func(t *testing.T, in []byte) {
		h.t = t
		for len(in) >= 4 {
			router, wait, l := in[0], in[1], int(binary.BigEndian.Uint16(in[2:]))
			in = in[4:]
			l = min(l, len(in), 1400)
			src := netip.AddrFrom16([16]byte{0xfe, 0x80, 15: router})
			h.send(icmpPkt(src, allNodes, 255, 134, 0, in[:l]))
			in = in[l:]
			h.clk.Advance(time.Duration(wait) * time.Second)
			checkNode(t, h)
		}
		h.clk.Advance(3 * time.Hour) // everything learned ages out
		checkNode(t, h)
	})
}

// FuzzICMPError: any ICMPv6 error message (types 1 to 4, any code and
// parameter) quoting any packet, with a right checksum, to the node; the
// quote starts with a header that claims the node as its source, so that
// Packet Too Big gets past its validation.
func FuzzICMPError(f *testing.F) {
	quote := bigEcho(nutGlobal, tnGlobal, 1, 1400)
	f.Add(uint8(2), uint8(0), uint32(1280), quote[:1232])
	f.Add(uint8(2), uint8(0), uint32(1000), quote[:100])
	f.Add(uint8(1), uint8(3), uint32(0), quote[:48])
	f.Add(uint8(3), uint8(1), uint32(0), quote[:40])
	f.Add(uint8(4), uint8(1), uint32(40), quote[:10])
	h := fuzzHarness(f, false)
	h.learnTN()
	f.Fuzz(func(t *testing.T, typ, code uint8, param uint32, q []byte) {
		if len(q) > 1400 {
			return
		}
		h.t = t
		body := binary.BigEndian.AppendUint32(nil, param)
		h.send(icmpPkt(tnGlobal, nutGlobal, 64, 1+typ%4, code, append(body, q...)))
		h.send(bigEcho(tnGlobal, nutGlobal, 2, 1400)) // the path MTU the error set, if any, still works
		checkNode(t, h)
	})
}

// FuzzExtOptions: any option area in a Hop-by-Hop or Destination Options
// header (padded to whole units) in front of an Echo Request, to a unicast
// or a multicast destination.
func FuzzExtOptions(f *testing.F) {
	f.Add(uint8(0), false, []byte{5, 2, 0, 0})
	f.Add(uint8(60), false, unknownOpt(0x1e, 4))
	f.Add(uint8(60), true, unknownOpt(0x9e, 4))
	f.Add(uint8(60), false, append([]byte{1, 250}, make([]byte, 250)...))
	f.Add(uint8(0), false, []byte{0xc2, 4, 0, 0, 0xff, 0xff})
	f.Add(uint8(60), false, []byte{0, 0, 0, 1, 0})
	h := fuzzHarness(f, false)
	h.learnTN()
	f.Fuzz(func(t *testing.T, proto uint8, multicast bool, opts []byte) {
		if len(opts) > 2000 {
			return
		}
		h.t = t
		dst := nutLL
		if multicast {
			dst = allNodes
		}
		x := destOpts(opts...)
		if proto == 0 {
			x = hbh(opts...)
		}
		if len(x.b) > 8*256 {
			return // more than a Hdr Ext Len can say
		}
		h.send(echoWith(dst, x))
		checkNode(t, h)
	})
}

// FuzzFragments: an Echo Request cut into fragments at places the input
// chooses, some sent twice, in an order it chooses, with Identifications
// from a small set so that datagrams mix: reassembly never panics, never
// holds more than its bounds, and what it completes is a packet the node
// can walk.
func FuzzFragments(f *testing.F) {
	f.Add(uint16(1400), []byte{64, 64, 0x80})
	f.Add(uint16(3000), []byte{181, 181, 3, 0x81, 0x42})
	f.Add(uint16(64000), []byte{255, 255, 255, 255, 255, 255})
	f.Add(uint16(200), []byte{1, 1, 1, 0xff, 0x01})
	h := fuzzHarness(f, false)
	h.learnTN()
	f.Fuzz(func(t *testing.T, size uint16, plan []byte) {
		if len(plan) > 64 {
			return
		}
		h.t = t
		pkt := bigEcho(tnGlobal, nutGlobal, 1, int(size)%65000+8)
		data := pkt[ipv6.HeaderLen:]
		// Each octet of the plan: its low 6 bits times 8 (plus 8) is the
		// length of the next fragment, bit 6 sends it twice, bit 7 holds
		// it back to the end; the last fragment takes the rest.
		var held [][]byte
		off := 0
		for i, p := range plan {
			l := (int(p&0x3f) + 1) * 8 * 23
			if off+l >= len(data) || i == len(plan)-1 {
				l = len(data) - off
			}
			id := uint32(i % 3)
			fr := withHeaders(tnGlobal, nutGlobal, pkt[6], data[off:off+l], fragHdr(off, off+l < len(data), id))
			if len(fr) > 1500 {
				fr = fr[:1500]
				binary.BigEndian.PutUint16(fr[4:], 1500-40)
			}
			switch {
			case p&0x80 != 0:
				held = append(held, fr)
			case p&0x40 != 0:
				h.send(fr)
				h.send(fr)
			default:
				h.send(fr)
			}
			off += l
			if off >= len(data) {
				break
			}
		}
		for _, fr := range held {
			h.send(fr)
		}
		checkNode(t, h)
		h.clk.Advance(61 * time.Second)
		checkNode(t, h)
	})
}
