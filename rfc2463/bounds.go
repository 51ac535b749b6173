package rfc2463

import (
	"encoding/binary"
	"fmt"
	"net/netip"
	"time"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// optDiscardError is an unknown option whose type starts with 10 (RFC 8200
// §4.2: discard, Parameter Problem code 2), from the experimental range
// (RFC 4727 §5).
const optDiscardError = 0x9e

// RFC 4443 §2.4 (e.1): no error about an ICMPv6 error message, and the
// error messages are types 0 to 127 (§2.1). Both sides of that boundary:
// type 127 is an error, type 128 is not.
// answer is what the node must send about the packet.
type answer int

const (
	noError      answer = iota // nothing
	paramProblem               // a Parameter Problem
)

var _ = Describe("No error about the last ICMPv6 error type", Label("rfc:4443", "section:2.4", "role:any", "level:must"), func() {
	DescribeTable("reports an unknown option of type 10 in front of an ICMPv6 message only when the message is informational",
		func(typ uint8, want answer) {
			l := suites.Start().Link0
			By("TN1 sends an ICMPv6 message of the given type behind a Destination Options header carrying an unknown option of type 10")
			p := packets.New(l.TN1.MAC, l.NUTMAC, l.TN1.LinkLocal, l.NUTLinkLocal)
			p.Ext = []packets.ExtHeader{packets.DestOpts(packets.UnknownOption(optDiscardError, 4))}
			p.NextHeader = packets.ProtoICMPv6
			p.ICMP = &packets.ICMPv6{Type: typ, Body: make([]byte, 4)}
			l.Send(p)
			pp := packets.ParamProblem(2, p.PointerTo(packets.Ext(0), packets.OptionType(0))).Quoting(p)
			if want == paramProblem {
				By("the message is informational: the node answers Parameter Problem code 2")
				l.Expect(pp).Within(suites.ReplyWait)
				return
			}
			By("the message is an error: the node discards the packet and sends no error about it")
			l.ExpectNo(packets.ICMPErrorAbout(p)).Within(suites.ReplyWait)
		},
		Entry("Part A: type 127, the last error type, draws no error", Label("fault:error-about-type-127"), uint8(127), noError),
		Entry("Part B: type 128, the first informational type, draws Parameter Problem", Label("fault:option-10-silent"), uint8(128), paramProblem),
	)
})

// RFC 4443 §4.2: an Echo Reply's Code is 0, whatever the node sent before.
var _ = Describe("Echo Reply code", Label("rfc:4443", "section:4.2", "role:any", "level:must"), func() {
	It("answers with Code 0 right after it sent an error whose Code was not 0",
		Label("fault:echo-reply-stale-code"), func() {
			l := suites.Start().Link0
			By("TN1 sends a packet with an unknown option of type 10; the node answers Parameter Problem code 2")
			p := packets.New(l.TN1.MAC, l.NUTMAC, l.TN1.LinkLocal, l.NUTLinkLocal)
			p.Ext = []packets.ExtHeader{packets.DestOpts(packets.UnknownOption(optDiscardError, 4))}
			l.Send(p)
			l.Expect(packets.ParamProblem(2, p.PointerTo(packets.Ext(0), packets.OptionType(0))).Quoting(p)).Within(suites.ReplyWait)
			By("TN1 sends an Echo Request")
			req := l.TN1.EchoRequest(l.NUTLinkLocal)
			l.Send(req)
			By("the node's Echo Reply has Code 0")
			l.Expect(packets.EchoReplyTo(req).Code(0)).Within(suites.ReplyWait)
		})
})

// sum16 is the 32-bit sum of b as 16-bit big-endian words (RFC 1071),
// before any fold.
func sum16(b []byte) uint32 {
	var s uint32
	for ; len(b) >= 2; b = b[2:] {
		s += uint32(binary.BigEndian.Uint16(b))
	}
	if len(b) == 1 {
		s += uint32(b[0]) << 8
	}
	return s
}

// carryTwiceData makes the data of an Echo Request from peer to node whose
// Echo Reply's checksum needs the end-around carry twice: the sum of the
// reply (pseudo-header, then the message with its checksum zero) is
// 0x...ffff, so the first fold's result passes 0xffff and folds again.
func carryTwiceData(node, peer netip.Addr, id, seq uint16) []byte {
	data := append([]byte("v6ct carry"), 0, 0)
	msg := append([]byte{packets.TypeEchoReply, 0, 0, 0, byte(id >> 8), byte(id), byte(seq >> 8), byte(seq)}, data...)
	s, d := node.As16(), peer.As16()
	sum := sum16(s[:]) + sum16(d[:]) + uint32(len(msg)) + packets.ProtoICMPv6 + sum16(msg)
	w := uint16(0xffff - sum&0xffff) // the last word brings the low half to 0xffff, no carry
	binary.BigEndian.PutUint16(data[len(data)-2:], w)
	return data
}

// RFC 4443 §2.3: the checksum is the 16-bit ones' complement of the ones'
// complement sum; every carry goes back in, that of a fold too.
var _ = Describe("ICMPv6 checksum with a carry out of the fold", Label("rfc:4443", "section:2.3", "role:any", "level:must"), func() {
	It("sends an Echo Reply whose checksum is right when its sum folds twice",
		Label("fault:checksum-one-carry"), func() {
			l := suites.Start().Link0
			By("TN1 sends an Echo Request whose data make the reply's sum end in 0xffff")
			req := packets.EchoRequest(l.TN1.MAC, l.NUTMAC, l.TN1.LinkLocal, l.NUTLinkLocal, 0x6c8, 1,
				carryTwiceData(l.NUTLinkLocal, l.TN1.LinkLocal, 0x6c8, 1))
			l.Send(req)
			By("the node answers with a valid ICMPv6 checksum")
			l.Expect(packets.EchoReplyTo(req)).Within(suites.ReplyWait)
		})
})

// errorBurst has TN1 send n packets that each call for Parameter Problem
// code 1 and returns how many the node answered.
func errorBurst(l *suites.Link, n int) int {
	GinkgoHelper()
	By(fmt.Sprintf("TN1 sends %d packets with an unknown Next Header back to back", n))
	var ps []*packets.Packet
	for i := 0; i < n; i++ {
		p := unknownNH(l, l.NUTLinkLocal, l.TN1.LinkLocal)
		p.Raw[0] = byte(i)
		ps = append(ps, p)
	}
	l.SendAll(ps)
	got := l.Collect(packets.ParamProblem(1, ps[0].PointerTo(packets.IPv6Header, packets.NextHeader))).Within(suites.ReplyWait)
	l.Env().Note("the node sent %d Parameter Problems for %d packets", len(got), n)
	return len(got)
}

// RFC 4443 §2.4 (f): errors are rate-limited, and the limit is a rate: it
// neither lets errors pile up over a quiet time nor stops them for good.
var _ = Describe("Rate limiting of error messages over time", Label("rfc:4443", "section:2.4", "role:any", "level:must"), func() {
	var l *suites.Link
	BeforeEach(func() {
		l = suites.Start().Link0
		By("TN1 exchanges an Echo with the node first, so that no error waits for address resolution")
		ping := l.TN1.EchoRequest(l.NUTLinkLocal)
		l.Send(ping)
		l.Expect(packets.EchoReplyTo(ping)).Within(suites.ReplyWait)
	})

	It("still limits a burst of errors after a long quiet time", Label("fault:rate-limit-no-cap", "slow"), func() {
		By("nothing happens for 100 s")
		l.Env().Wait(100 * time.Second)
		if n := errorBurst(l, 50); n >= 50 {
			Fail(fmt.Sprintf("Link0: after 100 s of quiet the node answered all %d packets with an error: the limit let errors pile up", n))
		}
	})

	It("sends errors again a few seconds after a burst used up its allowance", Label("fault:rate-limit-no-refill"), func() {
		errorBurst(l, 50)
		By("3 s later TN1 sends one more packet with an unknown Next Header")
		l.Env().Wait(3 * time.Second)
		p := unknownNH(l, l.NUTLinkLocal, l.TN1.LinkLocal)
		l.Send(p)
		By("the node answers it with Parameter Problem code 1")
		l.Expect(packets.ParamProblem(1, p.PointerTo(packets.IPv6Header, packets.NextHeader)).Quoting(p)).Within(suites.ReplyWait)
	})
})
