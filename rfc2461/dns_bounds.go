package rfc2461

import (
	"fmt"
	"slices"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// RFC 8106 §5.2 carries search domains as DNS names (RFC 1035 §3.1), whose
// labels are at most 63 octets long (RFC 1035 §2.3.4): a label of exactly
// 63 octets is the longest a node must take.
var _ = Describe("DNS Search List with a label of 63 octets", Label("rfc:8106", "section:5.3.1", "ipv6ready:v6LC.2.2.25", "role:host", "level:must", "fault:dnssl-label-62-max"), func() {
	It("keeps a search domain whose first label is 63 octets long", func() {
		l := suites.Start().Link0
		suites.RequireDNSConfig()
		l.ForgetRouters()
		domain := strings.Repeat("a", 63) + ".v6ct.example"
		By("TR1 advertises the search domain " + domain + " for 60 s")
		l.Send(l.TR1.RA(defaultRouter, packets.DNSSL(time.Minute, domain)))
		l.Env().Settle()
		By("the node has it in its DNS configuration")
		if _, d := l.Env().DNSConfig(0); !slices.Contains(d, domain) {
			Fail(fmt.Sprintf("Link0: the node's DNS configuration: want the search domain %s, it has %v", domain, d))
		}
	})
})
