package suites

import (
	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites/packets"
)

// SentOrSkip waits ReplyWait for a frame m matches and makes the spec N/A
// when none came. It is the precondition of a spec that judges the fields
// of a message the RFC only asks for with SHOULD or MAY: a node that sends
// no such message breaks only that weaker keyword, which a spec beside it
// judges, and leaves no fields to judge. why says which keyword and where.
func (l *Link) SentOrSkip(m *packets.Matcher, why string) {
	GinkgoHelper()
	if len(l.Collect(m).Within(ReplyWait)) == 0 {
		Skip("the node sent no " + m.Desc + ": " + why)
	}
}
