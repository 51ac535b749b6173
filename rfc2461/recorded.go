package rfc2461

import (
	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// RFC 4861 §6.2.6 and §6.3.4 word the recording of a Router Solicitation's
// or Router Advertisement's source link-layer address in the sender's
// Neighbor Cache entry as a SHOULD, and the state a recorded address puts
// the entry in (STALE, new or changed) as a MUST. The specs of the state
// judge only a node that recorded the address; one that did not gets N/A
// there, and a WARN from the SHOULD spec beside them.

// expectRecordedStale judges TN1's entry after a message gave it a new
// link-layer address, TN1's other one: STALE there. A node that keeps
// answering at TN1's old address did not record it: N/A.
func expectRecordedStale(l *suites.Link, what string) {
	GinkgoHelper()
	mac := l.TN1.OtherMAC()
	By("the entry is STALE at " + macName(l, mac) + ": TN1's next Echo Request is answered there, and DELAY_FIRST_PROBE_TIME later a unicast probe goes there")
	req := ping(l)
	if len(l.Collect(packets.EchoReplyToMAC(req, l.TN1.MAC)).Within(suites.Slack)) > 0 {
		Skip("the node answered TN1 at its old link-layer address: it did not record the new one from the " + what + ", a SHOULD that another spec judges; no state to judge")
	}
	r := l.Expect(packets.EchoReplyToMAC(req, mac)).Within(suites.ReplyWait)
	expectDelayThenProbe(l, r, mac)
}

// expectRecordedAddress judges, at SHOULD level, that TN1's entry took the
// new link-layer address a message gave it: the next reply goes there.
func expectRecordedAddress(l *suites.Link) {
	GinkgoHelper()
	By("the node answers TN1's next Echo Request at " + macName(l, l.TN1.OtherMAC()))
	req := ping(l)
	l.Expect(packets.EchoReplyToMAC(req, l.TN1.OtherMAC())).Within(suites.ReplyWait)
}
