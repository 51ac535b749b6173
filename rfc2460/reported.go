package rfc2460

import (
	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// RFC 4443 §3.4 has a node that cannot process a header field discard the
// packet (MUST) and report it with Parameter Problem (SHOULD); RFC 8200
// repeats both for its own cases in lower-case words. The report's code,
// pointer and quote are no choice of the node's once it sends one (§3.4's
// field definitions, §2.4 (c)). So each such case is judged by specs of one
// level each: a level:should spec that the report comes, and a level:must
// spec that judges its fields when one came, N/A otherwise, as the specs of
// RFC 7112 §5 do ("First fragment without the whole header chain").

// reportedOrSkip waits ReplyWait for a Parameter Problem to invoking's
// source and skips the spec (N/A) when none came: a node that does not
// report the packet breaks only the SHOULD, which the spec beside this one
// judges.
func reportedOrSkip(l *suites.Link, invoking *packets.Packet) {
	GinkgoHelper()
	l.SentOrSkip(packets.ParamProblemTo(invoking.Src), "a SHOULD of RFC 4443 §3.4 that another spec judges, and no fields to judge")
}
