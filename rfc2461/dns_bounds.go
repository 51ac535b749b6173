package rfc2461

import (
	"fmt"
	"net/netip"
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

// RFC 8106 §5.1: an RDNSS option with lifetime 0 takes its own servers out
// of use; a server another option brought stays. Taking both servers up
// is the SHOULD of §5.3.1 (Part A); the lifetime is judged only on a node
// that took both (Part B), N/A otherwise.
var _ = Describe("RDNSS options for two servers", Label("rfc:8106", "section:5.1", "role:host"), func() {
	first, second := netip.MustParseAddr("2001:db8:53::1"), netip.MustParseAddr("2001:db8:53::2")
	var l *suites.Link
	var both bool
	BeforeEach(func() {
		l = suites.Start(raDNS).Link0
		suites.RequireDNSConfig()
		l.ForgetRouters()
		By("TR1 advertises " + first.String() + " and " + second.String() + " in two RDNSS options for 60 s")
		l.Send(l.TR1.RA(defaultRouter, packets.RDNSS(time.Minute, first), packets.RDNSS(time.Minute, second)))
		l.Env().Settle()
		s, _ := l.Env().DNSConfig(0)
		both = slices.Contains(s, first) && slices.Contains(s, second)
	})

	It("Part A: takes up both servers", Label("section:5.3.1", "level:should", "fault:ignore-rdnss"), func() {
		By("the node has both in its DNS configuration")
		if !both {
			s, _ := l.Env().DNSConfig(0)
			Fail(fmt.Sprintf("Link0: the node's DNS servers: %v; want %s and %s", s, first, second))
		}
	})

	It("Part B: keeps the first server when an option with lifetime 0 names only the second", Label("level:must", "fault:dns-zero-lifetime-first-entry"), func() {
		if !both {
			Skip("the node did not take both servers into its DNS configuration, a SHOULD of RFC 8106 §5.3.1 that Part A judges: no lifetime to judge")
		}
		By("TR1 advertises " + second.String() + " again with lifetime 0")
		l.Send(l.TR1.RA(defaultRouter, packets.RDNSS(0, second)))
		l.Env().Settle()
		By("the node keeps " + first.String() + " and no longer has " + second.String())
		s, _ := l.Env().DNSConfig(0)
		if !slices.Contains(s, first) || slices.Contains(s, second) {
			Fail(fmt.Sprintf("Link0: the node's DNS servers: %v; want %s and not %s", s, first, second))
		}
	})
})
