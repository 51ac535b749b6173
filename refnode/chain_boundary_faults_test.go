package refnode

import (
	"encoding/binary"
	"fmt"
	"net/netip"
	"testing"
	"time"

	"github.com/v6ct/v6ct/refnode/ipv6"
	"github.com/v6ct/v6ct/refnode/link"

	"github.com/v6ct/v6ct/refnode/faults"
)

var _ = testedIn(faults.ExtHeaderExactFitTruncated, faults.ExtHeaderOverrunAccepted, faults.ExtHeaderLengthFromPadding,
	faults.OptionLengthPastHeader, faults.FragmentHeaderExactFitCut, faults.AtomicFragmentReassembled,
	faults.ForwardPTBAtMTU, faults.ForwardResolvedDropped, faults.ErrorAboutType127, faults.EchoReplyStaleCode,
	faults.ChecksumOneCarry, faults.ChainExactFitIncomplete, faults.ReassemblyKeepsCompleted,
	faults.PMTUNewEvictsOld, faults.RateLimitNoCap, faults.RateLimitNoRefill, faults.ForwardLinkLocalSourceSameLink,
	faults.OptionOverrunPointerType)

// firstPP is "code/pointer" of the first Parameter Problem the node sent,
// or "none".
func firstPP(h *harness) string {
	for _, o := range ofType(h.sent(), 4) {
		body := o.raw[14+40:]
		return fmt.Sprintf("%d/%d", body[1], binary.BigEndian.Uint32(body[4:]))
	}
	return "none"
}

// TestBoundsFaults: each fault of this table moves one boundary of
// the header chain, and only with the fault does the node behave that way.
func TestBoundsFaults(t *testing.T) {
	exact := withHeaders(tnLL, nutLL, 59, nil, xh{60, append([]byte{0, 0}, unknownOpt(0x9e, 4)...)})
	short := append([]byte(nil), exact...)
	binary.BigEndian.PutUint16(short[4:], uint16(len(short)-40-1)) // the header's last octet is padding
	oneOctet := append(ipPkt(tnLL, nutLL, 64, 60, []byte{59}), 0, 0, 0, 0, 0)
	binary.BigEndian.PutUint16(oneOctet[4:], 1)
	lastType := echoWith(nutLL, xh{60, []byte{0, 0, 1, 3, 0, 0, 0, 0x9e}})
	atomicEmpty := withHeaders(tnLL, nutLL, 59, nil, fragHdr(0, false, 7))
	cases := []struct {
		fault          faults.Fault
		observe        func(*harness) string
		correct, wrong string
	}{
		{faults.ExtHeaderExactFitTruncated, sendPP(exact), "2/42", "0/41"},
		{faults.ExtHeaderOverrunAccepted, sendPP(short), "0/41", "2/42"},
		{faults.ExtHeaderLengthFromPadding, sendPP(oneOctet), "0/4", "0/41"},
		{faults.OptionLengthPastHeader, sendPP(lastType), "0/47", "0/48"},
		{faults.FragmentHeaderExactFitCut, sendPP(atomicEmpty), "none", "0/4"},
		{faults.OptionOverrunPointerType, sendPP(echoWith(nutLL, xh{60, []byte{0, 0, 0x9e, 5, 0, 0, 0, 0}})), "0/43", "0/42"},
		{faults.ErrorAboutType127, sendPP(withHeaders(tnLL, nutLL, 58, icmpPkt(tnLL, nutLL, 64, 127, 0, make([]byte, 4))[40:],
			xh{60, append([]byte{0, 0}, unknownOpt(0x9e, 4)...)})), "none", "2/42"},
		{faults.EchoReplyStaleCode, func(h *harness) string {
			h.learnTN()
			h.send(exact) // Parameter Problem code 2 built in the transmit buffer
			h.send(echo(tnLL, nutLL, 1))
			r := ofType(h.sent(), 129)
			if len(r) != 1 {
				return fmt.Sprintf("%d replies", len(r))
			}
			return fmt.Sprint(r[0].raw[14+40+1])
		}, "0", "2"},
		{faults.ChecksumOneCarry, func(h *harness) string {
			h.learnTN()
			// data whose Echo Reply sums to 0x...ffff: the fold carries once more
			data := []byte("carry!\x00\x00") // even: whole words
			reply := icmpPkt(nutLL, tnLL, 64, 129, 0, echoBody(0x1234, 1, string(data)))
			reply[40+2], reply[40+3] = 0, 0
			s, d := nutLL.As16(), tnLL.As16()
			var sum uint32
			for _, b := range [][]byte{s[:], d[:], reply[40:]} {
				for i := 0; i+1 < len(b); i += 2 {
					sum += uint32(b[i])<<8 | uint32(b[i+1])
				}
			}
			sum += uint32(len(reply)-40) + 58
			binary.BigEndian.PutUint16(data[len(data)-2:], uint16(0xffff-sum&0xffff))
			h.send(icmpPkt(tnLL, nutLL, 64, 128, 0, echoBody(0x1234, 1, string(data))))
			r := ofType(h.sent(), 129)
			if len(r) != 1 {
				return fmt.Sprintf("%d replies", len(r))
			}
			return fmt.Sprint(r[0].checksumOK())
		}, "true", "false"},
		{faults.ChainExactFitIncomplete, func(h *harness) string {
			h.learnTN()
			udp := []byte{0x9c, 0x41, 0x82, 0x9a, 0, 16, 0, 0, 'c', 'l', 'o', 's', 'e', 'd', '!', '!'}
			c := ipv6.Checksum(tnGlobal, nutGlobal, 17, udp)
			udp[6], udp[7] = byte(c>>8), byte(c)
			for _, f := range fragmentsOf(ipPkt(tnGlobal, nutGlobal, 64, 17, udp), 11, 8) {
				h.send(f)
			}
			s := h.sent()
			if len(s) != 1 {
				return fmt.Sprintf("%d sent", len(s))
			}
			return fmt.Sprintf("type %d code %d", s[0].icmpType(), s[0].raw[14+40+1])
		}, "type 1 code 4", "type 4 code 3"},
		{faults.ReassemblyKeepsCompleted, func(h *harness) string {
			h.learnTN()
			for _, f := range fragmentsOf(bigEcho(tnLL, nutLL, 1, 1400), 12, 512, 512) {
				h.send(f)
			}
			first := echoSeqs(h.sent())
			h.clk.Advance(61 * time.Second)
			h.learnTN()
			for _, f := range fragmentsOf(bigEcho(tnLL, nutLL, 2, 1300), 12, 512, 512) {
				h.send(f)
			}
			return first + "," + echoSeqs(h.sent())
		}, "1,2", "1,"},
		{faults.PMTUNewEvictsOld, func(h *harness) string {
			h.learnTN()
			other := netip.MustParseAddr("2001:db8:1::99")
			h.send(ptb(tnGlobal, nutGlobal, 1280, bigEcho(nutGlobal, tnGlobal, 1, 1400)))
			h.send(ptb(tnGlobal, nutGlobal, 1400, bigEcho(nutGlobal, other, 1, 1440)))
			return fmt.Sprint(h.node.PathMTU(tnGlobal), " ", h.node.PathMTU(other))
		}, "1280 1400", "1500 1400"},
		{faults.RateLimitNoCap, func(h *harness) string {
			h.learnTN()
			h.clk.Advance(1000 * time.Second)
			h.learnTN()
			return fmt.Sprint(ppBurst(h, 50))
		}, "10", "50"},
		{faults.RateLimitNoRefill, func(h *harness) string {
			h.learnTN()
			first := ppBurst(h, 50)
			h.clk.Advance(3 * time.Second)
			return fmt.Sprint(first, " ", ppBurst(h, 1))
		}, "10 1", "10 0"},
		{faults.AtomicFragmentReassembled, func(h *harness) string {
			h.learnTN()
			last := fragmentsOf(bigEcho(tnGlobal, nutGlobal, 1, 1200), 9, 400)[1]
			h.send(last)
			h.send(withHeaders(tnGlobal, nutGlobal, 58, echoMsg(tnGlobal, nutGlobal, 2, "v6ct"), fragHdr(0, false, 9)))
			return echoSeqs(h.sent())
		}, "2", ""},
	}
	for _, c := range cases {
		t.Run(string(c.fault), func(t *testing.T) {
			if got := c.observe(started(t)); got != c.correct {
				t.Errorf("correct node: %q, want %q", got, c.correct)
			}
			if got := c.observe(started(t, c.fault)); got != c.wrong {
				t.Errorf("with the fault: %q, want %q", got, c.wrong)
			}
		})
	}
}

func sendPP(pkt []byte) func(*harness) string {
	return func(h *harness) string {
		h.learnTN()
		h.inject(etherFor(pkt))
		return firstPP(h)
	}
}

// TestBoundsRouterFaults: the forwarding faults of this file, on a
// router between Link0 and Link1 (MTU 1280) that knows TN1 and TN2.
func TestBoundsRouterFaults(t *testing.T) {
	// fwd describes what reaches Link1 and what comes back on Link0.
	fwd := func(pkts ...[]byte) func(*routerHarness) string {
		return func(r *routerHarness) string {
			for _, p := range pkts {
				r.send(p)
			}
			var lens []int
			for _, o := range r.sent1() {
				lens = append(lens, len(o.raw)-link.HeaderLen)
			}
			return fmt.Sprintf("link1 %v link0 %d", lens, len(r.sent()))
		}
	}
	sized := func(n int) []byte {
		return icmpPkt(tnGlobal, tn2Global, 64, 128, 0, echoBody(1, 1, string(make([]byte, n-48))))
	}
	cases := []struct {
		fault          faults.Fault
		observe        func(*routerHarness) string
		correct, wrong string
	}{
		{faults.ForwardPTBAtMTU, fwd(sized(1280)), "link1 [1280] link0 0", "link1 [] link0 1"},
		{faults.ForwardLinkLocalSourceSameLink, func(r *routerHarness) string {
			r.send(echo(tnLL, netip.MustParseAddr("2001:db8:1::77"), 1)) // back out on Link0
			n := 0
			for _, o := range ofType(r.sent(), 1) {
				if o.raw[14+40+1] == 2 {
					n++
				}
			}
			return fmt.Sprint(n, " beyond scope")
		}, "0 beyond scope", "1 beyond scope"},
		{faults.ForwardResolvedDropped, fwd(echo(tnGlobal, tn2Global, 1), echo(tnGlobal, tn2Global, 2)), "link1 [52 52] link0 0", "link1 [] link0 0"},
	}
	for _, c := range cases {
		t.Run(string(c.fault), func(t *testing.T) {
			if got := c.observe(newRouter(t, 1280, nil)); got != c.correct {
				t.Errorf("correct router: %q, want %q", got, c.correct)
			}
			if got := c.observe(newRouter(t, 1280, nil, c.fault)); got != c.wrong {
				t.Errorf("with the fault: %q, want %q", got, c.wrong)
			}
		})
	}
}

// ppBurst sends n packets with an unknown Next Header and counts the
// Parameter Problems that come back.
func ppBurst(h *harness, n int) int {
	for i := 0; i < n; i++ {
		h.send(ipPkt(tnLL, nutLL, 64, 200, []byte{byte(i), 0, 0, 0, 0, 0, 0, 0}))
	}
	return len(ofType(h.sent(), 4))
}
