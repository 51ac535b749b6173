package rfc2460

import (
	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// An overlap is any shared octet, whichever fragment came first (RFC 5722
// §4, RFC 8200 §4.5): a node that only asks whether a new fragment starts
// inside one it holds misses a new fragment that starts before a held one
// and runs into it, or covers it. The held fragments are sent so that
// every later one starts outside them: only the overlap itself can give
// the datagram away. Each overlapping fragment carries the datagram's own
// data for its range, so a node that took it would answer.
var _ = Describe("Overlapping fragments, whichever comes first", Label("rfc:8200", "rfc:5722", "section:4.5", "ipv6ready:v6LC.1.3.5", "role:any", "level:must", "fault:overlap-start-only"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0 })

	DescribeTable("discards the datagram, silently, when a later fragment starts before a held one",
		func(id uint32, cut []int) {
			req, frags := threeFragments(l, id) // [0,400) [400,800) [800,1208)
			over := req.Fragments(id, cut...)[1]
			By("TN1 sends the last fragment (800 on), then the middle one (400 to 799), then one that starts at 392 and overlaps the middle one, then the first")
			l.SendAll([]*packets.Packet{frags[2], frags[1], over, frags[0]})
			By("the node does not answer: the datagram was discarded")
			l.ExpectNo(packets.EchoReplyTo(req)).Within(suites.ReplyWait)
		},
		Entry("Part B: octets 392 to 791, running into the held fragment at 400", uint32(0x3101), []int{392, 400}),
		Entry("octets 392 to 799, ending where the held one ends", uint32(0x3102), []int{392, 408}),
		Entry("octets 392 to 807, covering the held one whole", uint32(0x3103), []int{392, 416}),
	)
})
