package rfc2463

import (
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
var _ = Describe("No error about the last ICMPv6 error type", Label("rfc:4443", "section:2.4", "role:any", "level:must"), func() {
	DescribeTable("reports an unknown option of type 10 in front of an ICMPv6 message only when the message is informational",
		func(typ uint8, reported bool) {
			l := suites.Start().Link0
			By("TN1 sends an ICMPv6 message of the given type behind a Destination Options header carrying an unknown option of type 10")
			p := packets.New(l.TN1.MAC, l.NUTMAC, l.TN1.LinkLocal, l.NUTLinkLocal)
			p.Ext = []packets.ExtHeader{packets.DestOpts(packets.UnknownOption(optDiscardError, 4))}
			p.NextHeader = packets.ProtoICMPv6
			p.ICMP = &packets.ICMPv6{Type: typ, Body: make([]byte, 4)}
			l.Send(p)
			pp := packets.ParamProblem(2, uint32(p.OptionOffset(0, 0))).Quoting(p)
			if reported {
				By("the message is informational: the node answers Parameter Problem code 2")
				l.Expect(pp).Within(suites.ReplyWait)
				return
			}
			By("the message is an error: the node discards the packet and sends no error about it")
			l.ExpectNo(packets.ICMPErrorAbout(p)).Within(suites.ReplyWait)
		},
		Entry("Part A: type 127, the last error type, draws no error", Label("fault:error-about-type-127"), uint8(127), false),
		Entry("Part B: type 128, the first informational type, draws Parameter Problem", Label("fault:option-10-silent"), uint8(128), true),
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
			l.Expect(packets.ParamProblem(2, uint32(p.OptionOffset(0, 0))).Quoting(p)).Within(suites.ReplyWait)
			By("TN1 sends an Echo Request")
			req := l.TN1.EchoRequest(l.NUTLinkLocal)
			l.Send(req)
			By("the node's Echo Reply has Code 0")
			l.Expect(packets.EchoReplyTo(req).Code(0)).Within(suites.ReplyWait)
		})
})
