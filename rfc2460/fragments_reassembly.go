package rfc2460

import (
	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// Reassembly (RFC 8200 §4.5) beyond what fragments.go covers: the largest
// datagram, interleaved datagrams, a duplicate fragment, an Identification
// used again.

var _ = Describe("Reassembly beyond the catalogue", Label("rfc:8200", "section:4.5", "role:any"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0 })

	It("reassembles the largest datagram there is, 65535 octets, and answers it in fragments",
		Label("level:may", "fault:no-reassembly"), func() {
			By("TN1 sends an Echo Request of 65535 octets in fragments of 1232 octets")
			req := bigEcho(l, 65535-40-8)
			l.SendAll(req.Fragments(0x5001, repeat(1232, 60)...))
			By("the node answers with all 65487 data octets, fragmented to fit the link")
			l.Expect(packets.EchoReplyTo(req).FitsMTU(1500)).Within(suites.ReplyWait)
		})

	It("keeps apart the fragments of two datagrams that arrive interleaved",
		Label("level:must", "fault:reassembly-mixed-ids"), func() {
			By("TN1 sends two Echo Requests of 1208 octets in three fragments each, alternating between them")
			a, fa := threeFragments(l, 0x5002)
			b := bigEcho(l, 1200)
			b.ICMP.EchoData()[0] = 0x42 // different data under a different identification
			fb := b.Fragments(0x5003, 400, 400)
			var all []*packets.Packet
			for i := range fa {
				all = append(all, fa[i], fb[i])
			}
			l.SendAll(all)
			By("the node answers both, each with its own data")
			l.Expect(packets.EchoReplyTo(a)).Within(suites.ReplyWait)
			l.Expect(packets.EchoReplyTo(b)).Within(suites.ReplyWait)
		})

	It("reassembles a datagram one of whose fragments arrives twice",
		Label("level:may", "ipv6ready:v6LC.1.3.5", "fault:duplicates-drop-datagram"), func() {
			By("TN1 sends three fragments, the second one twice (Part C: an exact duplicate is no overlap)")
			req, frags := threeFragments(l, 0x5004)
			l.SendAll([]*packets.Packet{frags[0], frags[1], frags[1], frags[2]})
			By("the node answers the whole request")
			l.Expect(packets.EchoReplyTo(req)).Within(suites.ReplyWait)
		})
})

func repeat(n, times int) []int {
	out := make([]int, times)
	for i := range out {
		out[i] = n
	}
	return out
}

// RFC 8200 §4.5: a datagram's reassembly ends when it is complete; an
// Identification may come back once the reassembly time of the datagram
// that had it is over.
var _ = Describe("An Identification used again", Label("rfc:8200", "section:4.5", "role:any", "level:must"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0 })

	It("reassembles a second datagram with the Identification of one it reassembled more than 60 s before",
		Label("fault:reassembly-keeps-completed"), func() {
			By("TN1 sends an Echo Request in three fragments with Identification 0x6004; the node answers it")
			first, fa := threeFragments(l, 0x6004)
			l.SendAll(fa)
			l.Expect(packets.EchoReplyTo(first)).Within(suites.ReplyWait)
			By("61 s later TN1 sends another Echo Request, other data, in three fragments with the same Identification")
			l.Env().Wait(suites.ReassemblyTimeout + suites.Slack)
			second := bigEcho(l, 1200)
			second.ICMP.SetEchoSequence(second.ICMP.EchoSequence() + 1)
			second.ICMP.EchoData()[0] = 0x43
			l.SendAll(second.Fragments(0x6004, 400, 400))
			By("the node reassembles and answers the second one too")
			l.Expect(packets.EchoReplyTo(second)).Within(suites.ReplyWait)
		})
})
