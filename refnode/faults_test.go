package refnode

import (
	"encoding/binary"
	"fmt"
	"net/netip"
	"testing"
	"time"

	"github.com/gopacket/gopacket/layers"

	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/link"
	"github.com/v6ct/v6ct/refnode/nd"
)

var allNodes = netip.MustParseAddr("ff02::1")

// replies counts Echo Replies after sending pkt to a settled node that knows TN1.
func replies(pkt []byte) func(*harness) string {
	return func(h *harness) string {
		h.learnTN()
		h.send(pkt)
		return fmt.Sprint(len(ofType(h.sent(), 129)))
	}
}

// answers counts Neighbor Advertisements after sending pkt.
func answers(pkt []byte) func(*harness) string {
	return func(h *harness) string {
		h.learnTN()
		h.send(pkt)
		return fmt.Sprint(len(ofType(h.sent(), 136)))
	}
}

// firstNA describes the NA answering a plain solicitation.
func firstNA(h *harness) string {
	h.send(icmpPkt(tnLL, nutLL, 255, 135, 0, nsBody(nutLL, &tnMAC)))
	na := ofType(h.sent(), 136)[0].na()
	_, tlla := option(na.Options, layers.ICMPv6OptTargetAddress)
	return fmt.Sprintf("S=%v TLLA=%v", na.Solicited(), tlla)
}

// resolution returns the solicitations the node sends to resolve TN1.
func resolution(h *harness) []out {
	h.send(echo(tnLL, nutLL, 1))
	return ofType(h.sent(), 135)
}

// releasedBy reports whether NA pkt releases the reply queued while resolving.
func releasedBy(pkt []byte) func(*harness) string {
	return func(h *harness) string {
		resolution(h)
		h.send(pkt)
		return fmt.Sprint(len(ofType(h.sent(), 129)))
	}
}

func withVersion(v byte, pkt []byte) []byte { pkt[0] = v<<4 | pkt[0]&0x0f; return pkt }

// shortNS is a solicitation whose Payload Length says 20 octets of ICMPv6
// (checksummed over those 20) while the frame still carries the whole target.
func shortNS() []byte {
	full := icmpPkt(tnLL, nutLL, 255, 135, 0, nsBody(nutLL, nil))
	short := icmpPkt(tnLL, nutLL, 255, 135, 0, nsBody(nutLL, nil)[:16])
	return append(short, full[len(short):]...)
}

// result describes the node's answer to pkt (see outcome).
func result(pkt []byte) func(*harness) string {
	return func(h *harness) string {
		h.learnTN()
		h.send(pkt)
		return outcome(h, pkt)
	}
}

// repliesTo lists the sequence numbers of the replies to the frames.
func repliesTo(pkts ...[]byte) func(*harness) string {
	return func(h *harness) string {
		h.learnTN()
		for _, p := range pkts {
			h.send(p)
		}
		return echoSeqs(h.sent())
	}
}

// errorsFor counts the ICMPv6 errors answering pkts.
func errorsFor(pkts ...[]byte) func(*harness) string {
	return func(h *harness) string {
		h.learnTN()
		for _, p := range pkts {
			h.send(p)
		}
		n := 0
		for _, o := range h.sent() {
			if t := o.icmpType(); t >= 0 && t < 128 {
				n++
			}
		}
		return fmt.Sprint(n)
	}
}

// timeExceeded counts Time Exceeded messages 60 s after the fragments.
func timeExceeded(pkts ...[]byte) func(*harness) string {
	return func(h *harness) string {
		h.learnTN()
		for _, p := range pkts {
			h.send(p)
		}
		h.clk.Advance(frag60)
		return fmt.Sprint(len(ofType(h.sent(), 3)))
	}
}

// pathMTUAfter sends Packet Too Bigs about a reply to TN1's global address
// and returns the path MTU.
func pathMTUAfter(mtus ...uint32) func(*harness) string {
	return func(h *harness) string {
		h.learnTN()
		quote := bigEcho(nutGlobal, tnGlobal, 1, 1400)
		for _, m := range mtus {
			h.send(ptb(tnGlobal, nutGlobal, m, quote))
		}
		return fmt.Sprint(h.node.PathMTU(tnGlobal))
	}
}

func repeat(n int, p []byte) [][]byte {
	r := make([][]byte, n)
	for i := range r {
		r[i] = p
	}
	return r
}

func hopLimit255(p []byte) []byte { p[7] = 255; return p }

func zeroChecksum(p []byte) []byte { p[46], p[47] = 0, 0; return p }

// TestFaults: every fault changes the behaviour it names, and only with it.
func TestFaults(t *testing.T) {
	sol, olink := uint8(nd.FlagSolicited), uint8(nd.FlagOverride)
	unspec := netip.IPv6Unspecified()
	fa := fragmentsOf(bigEcho(tnLL, nutLL, 1, 1400), 100, 512, 512)
	cases := []struct {
		fault          faults.Fault
		settled        bool // run after DAD (else from Start)
		observe        func(*harness) string
		correct, wrong string
	}{
		{faults.NoEchoReply, true, replies(echo(tnLL, nutLL, 1)), "1", "0"},
		{faults.PPPointerOffByOne, true, func(h *harness) string {
			h.learnTN()
			h.send(ipPkt(tnLL, nutLL, 64, 253, nil))
			return fmt.Sprint(binary.BigEndian.Uint32(ofType(h.sent(), 4)[0].raw[link.HeaderLen+44:]))
		}, "6", "7"},
		{faults.PPForNoNextHeader, true, func(h *harness) string {
			h.learnTN()
			h.send(ipPkt(tnLL, nutLL, 64, 59, nil))
			return fmt.Sprint(len(ofType(h.sent(), 4)))
		}, "0", "1"},
		{faults.AnyVersion, true, replies(withVersion(5, echo(tnLL, nutLL, 1))), "0", "1"},
		{faults.IgnorePayloadLength, true, func(h *harness) string {
			h.learnTN()
			h.inject(append(etherFor(echo(tnLL, nutLL, 1)), 0xde, 0xad))
			return fmt.Sprint(len(ofType(h.sent(), 129)))
		}, "1", "0"},
		{faults.DropHopLimitZero, true, replies(icmpPkt(tnLL, nutLL, 0, 128, 0, echoBody(1, 1, ""))), "1", "0"},
		{faults.AcceptMulticastSource, true, replies(echo(netip.MustParseAddr("ff02::9"), nutLL, 1)), "0", "1"},
		{faults.AcceptLoopbackOnWire, true, func(h *harness) string {
			h.learnTN()
			h.inject(ether(nutMAC, tnMAC, link.EtherTypeIPv6, echo(tnLL, netip.IPv6Loopback(), 1)))
			return fmt.Sprint(len(ofType(h.sent(), 129)))
		}, "0", "1"},
		{faults.NoAllNodes, true, replies(echo(tnLL, allNodes, 1)), "1", "0"},
		{faults.AcceptAnyMulticast, true, replies(echo(tnLL, netip.MustParseAddr("ff02::1:ff12:3456"), 1)), "0", "1"},
		{faults.NSAnyHopLimit, true, answers(icmpPkt(tnLL, nutLL, 254, 135, 0, nsBody(nutLL, &tnMAC))), "0", "1"},
		{faults.NSAnyCode, true, answers(icmpPkt(tnLL, nutLL, 255, 135, 1, nsBody(nutLL, &tnMAC))), "0", "1"},
		{faults.ICMPNoChecksum, true, func(h *harness) string {
			p := echo(tnLL, nutLL, 1)
			p[len(p)-1] ^= 0xff
			return replies(p)(h)
		}, "0", "1"},
		{faults.NSShortLength, true, answers(shortNS()), "0", "1"},
		{faults.NDZeroLengthOption, true, answers(icmpPkt(tnLL, nutLL, 255, 135, 0, nsBody(nutLL, &tnMAC, 1, 0, 0, 0, 0, 0, 0, 0))), "0", "1"},
		{faults.NSUnspecifiedWithSLLA, true, answers(icmpPkt(unspec, nutSolicited, 255, 135, 0, nsBody(nutLL, &tnMAC))), "0", "1"},
		{faults.NSMulticastTarget, true, answers(icmpPkt(tnLL, nutLL, 255, 135, 0, nsBody(allNodes, &tnMAC))), "0", "1"},
		{faults.NANoTLLA, true, firstNA, "S=true TLLA=true", "S=true TLLA=false"},
		{faults.NANoSolicitedFlag, true, firstNA, "S=true TLLA=true", "S=false TLLA=true"},
		{faults.NSNoSLLA, true, func(h *harness) string {
			_, ok := option(resolution(h)[0].ns().Options, layers.ICMPv6OptSourceAddress)
			return fmt.Sprint(ok)
		}, "true", "false"},
		{faults.NSWrongGroup, true, func(h *harness) string { return resolution(h)[0].dst().String() }, "ff02::1:ff00:a0a0", "ff02::1"},
		{faults.NSExtraSolicit, true, func(h *harness) string {
			n := len(resolution(h))
			h.clk.Advance(10 * time.Second)
			return fmt.Sprint(n + len(ofType(h.sent(), 135)))
		}, "3", "4"},
		{faults.NoQueueWhileIncomplete, true, releasedBy(icmpPkt(tnLL, nutLL, 255, 136, 0, naBody(sol|olink, tnLL, &tnMAC))), "1", "0"},
		{faults.NAAnyHopLimit, true, releasedBy(icmpPkt(tnLL, nutLL, 254, 136, 0, naBody(sol|olink, tnLL, &tnMAC))), "0", "1"},
		{faults.NoDAD, false, func(h *harness) string {
			s := states(h)
			h.clk.Advance(3 * time.Second)
			return fmt.Sprintf("%s %d", s, len(h.sent()))
		}, "tt 2", "pp 0"},
		{faults.DADNoDefend, true, answers(icmpPkt(unspec, nutSolicited, 255, 135, 0, nsBody(nutLL, nil))), "1", "0"},
		{faults.DADIgnoreConflict, false, func(h *harness) string {
			h.send(icmpPkt(unspec, nutSolicited, 255, 135, 0, nsBody(nutGlobal, nil)))
			h.clk.Advance(3 * time.Second)
			return states(h)
		}, "pd", "pp"},
		{faults.LLNoULFlip, true, func(h *harness) string { return h.node.Addresses()[0].Addr.String() },
			"fe80::200:ff:fe00:100%v6l0", "fe80::ff:fe00:100%v6l0"},

		{faults.HBHAnywhere, true, result(echoWith(nutLL, destOpts(), hbh())), "PP 1/0x28", "reply"},
		{faults.Option10Silent, true, result(echoWith(nutLL, destOpts(unknownOpt(0x9e, 4)...))), "PP 2/0x2a", "none"},
		{faults.Option11MulticastError, true, result(echoWith(allNodes, destOpts(unknownOpt(0xde, 4)...))), "none", "PP 2/0x2a"},
		{faults.Option01Process, true, result(echoWith(nutLL, destOpts(unknownOpt(0x5e, 4)...))), "none", "reply"},
		{faults.OptionOrderLast, true, result(echoWith(nutLL, destOpts(append(unknownOpt(0x9e, 4), unknownOpt(0xde, 6)...)...))), "PP 2/0x2a", "PP 2/0x30"},
		{faults.RoutingSL0Error, true, result(echoWith(nutLL, routingHdr(33, 0))), "reply", "PP 0/0x2a"},
		{faults.RoutingUnknownIgnored, true, result(echoWith(nutLL, routingHdr(33, 1))), "PP 0/0x2a", "reply"},
		{faults.NoReassembly, true, repliesTo(fa[0], fa[1], fa[2]), "1", ""},
		{faults.ReassemblyMixedIDs, true, repliesTo(fa[0], fa[1], fragmentsOf(bigEcho(tnLL, nutLL, 1, 1400), 101, 512, 512)[2]), "", "1"},
		{faults.ReassemblyNoTimeoutError, true, timeExceeded(fa[0]), "1", "0"},
		{faults.ReassemblyTimeoutErrorWithoutFirst, true, timeExceeded(fa[1]), "0", "1"},
		{faults.OverlapAccepted, true, repliesTo(fa[0], fragmentsOf(bigEcho(tnLL, nutLL, 1, 1400), 100, 504, 512)[1], fa[1], fa[2]), "", "1"},
		{faults.AtomicThroughReassembly, true, repliesTo(fragmentsOf(echo(tnLL, nutLL, 3), 100)[0]), "3", ""},
		{faults.FragLengthNotChecked, true, result(withHeaders(tnLL, nutLL, 58, echoData(13), fragHdr(0, true, 1))), "PP 0/0x4", "none"},
		{faults.ReassemblySizeUnchecked, true, result(withHeaders(tnLL, nutLL, 58, make([]byte, 16), fragHdr(65528, true, 1))), "PP 0/0x2a", "none"},
		{faults.IncompleteChainAccepted, true, result(withHeaders(tnLL, nutLL, 58, nil, fragHdr(0, true, 1), destOpts(make([]byte, 14)...))), "PP 3/0x0", "none"},
		{faults.IncompleteChainPointer, true, result(withHeaders(tnLL, nutLL, 58, nil, fragHdr(0, true, 1), destOpts(make([]byte, 14)...))), "PP 3/0x0", "PP 3/0x28"},
		{faults.NDInFragmentAccepted, true, answers(hopLimit255(withHeaders(tnLL, nutLL, 58, icmpPkt(tnLL, nutLL, 255, 135, 0, nsBody(nutLL, &tnMAC))[40:], fragHdr(0, false, 1)))), "0", "1"},
		{faults.PTBIgnored, true, pathMTUAfter(1280), "1280", "1500"},
		{faults.PMTUBelow1280, true, pathMTUAfter(1000), "1500", "1000"}, // RFC 8201 §4: the correct node discards it
		{faults.PMTURaisedByPTB, true, pathMTUAfter(1300, 1400), "1300", "1400"},
		{faults.NoFragmentation, true, func(h *harness) string {
			pathMTUAfter(1280)(h)
			h.send(bigEcho(tnGlobal, nutGlobal, 1, 1400))
			return fmt.Sprint(len(h.sent()))
		}, "2", "1"},
		{faults.NoPortUnreachable, true, errorsFor(udpPkt(tnLL, nutLL, 5000, 9, "x")), "1", "0"},
		{faults.ErrorAboutError, true, result(withHeaders(tnLL, nutLL, 58, icmpPkt(tnLL, nutLL, 64, 1, 4, make([]byte, 52))[40:], destOpts(unknownOpt(0x9e, 4)...))), "none", "PP 2/0x2a"},
		{faults.ErrorToMulticast, true, result(withHeaders(tnLL, allNodes, 253, []byte("x"))), "none", "PP 1/0x6"},
		{faults.NoRateLimit, true, errorsFor(repeat(15, ipPkt(tnLL, nutLL, 64, 253, []byte("x")))...), "10", "15"},
		{faults.PadOptionsDiscard, true, result(echoWith(nutLL, hbh(0, 0, 0, 1, 2, 0, 0))), "reply", "none"},
		{faults.Option00Discard, true, result(echoWith(nutLL, destOpts(unknownOpt(0x1e, 4)...))), "reply", "none"},
		{faults.Option11UnicastSilent, true, result(echoWith(nutLL, destOpts(unknownOpt(0xde, 4)...))), "PP 2/0x2a", "none"},
		{faults.ReassemblyMixedKeys, true, repliesTo(fa[0], fragmentsOf(bigEcho(tnGlobal, nutGlobal, 1, 1400), 101, 512, 512)[1], fa[2]), "", "1"},
		{faults.ReplyUnknownInformational, true, result(icmpPkt(tnLL, nutLL, 64, 200, 0, nil)), "none", "PP 0/0x28"},
		{faults.ErrorExceedsMinMTU, true, func(h *harness) string {
			h.learnTN()
			h.send(ipPkt(tnLL, nutLL, 64, 253, make([]byte, 1400)))
			return fmt.Sprint(len(h.pipe.Sent()[0]) - link.HeaderLen)
		}, "1280", "1488"},
		{faults.DropNonzeroTrafficClass, true, replies(func() []byte { p := echo(tnLL, nutLL, 1); p[0], p[1] = 0x6a, 0x00; return p }()), "1", "0"},
		{faults.DropNonzeroFlowLabel, true, replies(func() []byte { p := echo(tnLL, nutLL, 1); p[3] = 1; return p }()), "1", "0"},
		{faults.UDPZeroChecksumAccepted, true, errorsFor(zeroChecksum(udpPkt(tnLL, nutLL, 5000, 9, "x"))), "0", "1"},
	}
	covered := map[faults.Fault]bool{}
	for _, c := range routerFaultCases() {
		covered[c.fault] = true
		t.Run(string(c.fault), func(t *testing.T) {
			if got := c.observe(newRouter(t, 1280, faultRoutes[c.fault])); got != c.correct {
				t.Errorf("correct router: %q, want %q", got, c.correct)
			}
			if got := c.observe(newRouter(t, 1280, faultRoutes[c.fault], c.fault)); got != c.wrong {
				t.Errorf("with the fault: %q, want %q", got, c.wrong)
			}
		})
	}
	for _, c := range cases {
		covered[c.fault] = true
		t.Run(string(c.fault), func(t *testing.T) {
			run := func(fs ...faults.Fault) string {
				var h *harness
				if c.settled {
					h = started(t, fs...)
				} else {
					h = newHarness(t, fs)
				}
				return c.observe(h)
			}
			if got := run(); got != c.correct {
				t.Errorf("correct node: %q, want %q", got, c.correct)
			}
			if got := run(c.fault); got != c.wrong {
				t.Errorf("with the fault: %q, want %q", got, c.wrong)
			}
		})
	}
	for _, f := range faults.All() {
		if !covered[f] && !testedElsewhere[f] {
			t.Errorf("fault %s has no test", f)
		}
		if faults.Description(f) == "" {
			t.Errorf("fault %s has no description", f)
		}
	}
}

type routerFaultCase struct {
	fault          faults.Fault
	observe        func(*routerHarness) string
	correct, wrong string
}

// faultRoutes are the static routes a router fault case needs.
var faultRoutes = map[faults.Fault][]Route{
	faults.RoutePrefix64Max: {
		{Prefix: netip.MustParsePrefix("2001:db8:3::/64"), Interface: "v6l0", NextHop: tnLL},
		{Prefix: netip.MustParsePrefix("2001:db8:3::8000:0:0:0/65"), Interface: "v6l1", NextHop: tn2LL},
	},
}

// routerFaultCases: the router role's faults, each observed on a router
// between Link0 and Link1 (MTU 1280).
func routerFaultCases() []routerFaultCase {
	// forwarded describes what reaches Link1 and what comes back on Link0.
	forwarded := func(pkt []byte) func(*routerHarness) string {
		return func(r *routerHarness) string {
			r.send(pkt)
			var hops []string
			for _, o := range r.sent1() {
				hops = append(hops, fmt.Sprintf("hop %d len %d", o.ip().HopLimit, len(o.raw)-link.HeaderLen))
			}
			return fmt.Sprintf("link1 %v link0 %d", hops, len(r.sent()))
		}
	}
	big := icmpPkt(tnGlobal, tn2Global, 64, 128, 0, echoBody(1, 1, string(make([]byte, 1300))))
	return []routerFaultCase{
		{faults.ForwardNoDecrement, forwarded(echo(tnGlobal, tn2Global, 1)), "link1 [hop 63 len 52] link0 0", "link1 [hop 64 len 52] link0 0"},
		{faults.ForwardLinkLocalSource, forwarded(echo(tnLL, tn2Global, 1)), "link1 [] link0 1", "link1 [hop 63 len 52] link0 0"},
		{faults.ForwardFragments, forwarded(big), "link1 [] link0 1", "link1 [hop 63 len 1280 hop 63 len 124] link0 0"},
		{faults.ForwardLinkLocal, func(r *routerHarness) string {
			r.send(echo(tnGlobal, tn2LL, 1))
			return fmt.Sprint(len(r.sent1()))
		}, "0", "1"},
		{faults.ForwardHopLimitZero, forwarded(icmpPkt(tnGlobal, tn2Global, 1, 128, 0, echoBody(1, 1, ""))), "link1 [] link0 1", "link1 [hop 0 len 48] link0 0"},
		{faults.ForwardZeroesTCFL, func(r *routerHarness) string {
			req := echo(tnGlobal, tn2Global, 1)
			req[0], req[1], req[2], req[3] = 0x6a, 0xb1, 0x23, 0x45
			r.send(req)
			ip := r.sent1()[0].ip()
			return fmt.Sprintf("%#x %#x", ip.TrafficClass, ip.FlowLabel)
		}, "0xab 0x12345", "0x0 0x0"},
		{faults.NoRouteSilent, forwarded(echo(tnGlobal, netip.MustParseAddr("2001:db8:77::1"), 1)), "link1 [] link0 1", "link1 [] link0 0"},
		{faults.NoAddressUnreachable, func(r *routerHarness) string {
			r.send(echo(tnGlobal, netip.MustParseAddr("2001:db8:2::77"), 1))
			r.clk.Advance(3 * time.Second)
			return fmt.Sprint(len(ofType(r.sent(), 1)))
		}, "1", "0"},
		{faults.RoutePrefix64Max, func(r *routerHarness) string {
			r.send(echo(tnGlobal, netip.MustParseAddr("2001:db8:3::8000:0:0:1"), 1))
			return fmt.Sprint(len(r.sent1()))
		}, "1", "0"},
		{faults.ForwardUnspecifiedSource, forwarded(echo(netip.IPv6Unspecified(), tn2Global, 1)), "link1 [] link0 0", "link1 [hop 63 len 52] link0 0"},
		{faults.ForwardMulticast, forwarded(echo(tnGlobal, netip.MustParseAddr("ff1e::db8:1"), 1)), "link1 [] link0 0", "link1 [hop 63 len 52] link0 0"},
		{faults.ForwardStripsAfterNoNext, forwarded(ipPkt(tnGlobal, tn2Global, 64, 59, []byte("after"))), "link1 [hop 63 len 45] link0 0", "link1 [hop 63 len 40] link0 0"},
		{faults.ForwardRewritesDestOpts, func(r *routerHarness) string {
			r.send(withHeaders(tnGlobal, tn2Global, 58, echoMsg(tnGlobal, tn2Global, 1, ""), destOpts(0x1e, 2, 0xaa, 0xbb)))
			return fmt.Sprintf("% x", r.sent1()[0].raw[14+40+2:14+40+6])
		}, "1e 02 aa bb", "00 00 00 00"},
		{faults.ErrorToNonUniqueSource, forwarded(icmpPkt(netip.IPv6Unspecified(), tn2Global, 64, 128, 0, echoBody(1, 1, string(make([]byte, 1300))))), "link1 [] link0 0", "link1 [] link0 1"},
		{faults.NANoRouterFlag, func(r *routerHarness) string {
			r.send(icmpPkt(tnLL, nutLL, 255, 135, 0, nsBody(nutLL, &tnMAC)))
			return fmt.Sprint(ofType(r.sent(), 136)[0].na().Router())
		}, "true", "false"},
	}
}

// testedElsewhere are faults whose table lives in another test file, next
// to the code they break; such a file marks them with testedIn.
var testedElsewhere = map[faults.Fault]bool{}

func testedIn(fs ...faults.Fault) bool {
	for _, f := range fs {
		testedElsewhere[f] = true
	}
	return true
}
