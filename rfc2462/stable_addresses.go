package rfc2462

import (
	"fmt"
	"net/netip"
	"time"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// Stable, semantically opaque interface identifiers (RFC 7217), which RFC
// 8064 §3 recommends as the default for the addresses a host forms by
// SLAAC. The specs apply to a node that forms them (the stable-addresses
// capability; the reference node does for these specs); whether a node
// uses them by default is not judged here. The address a node forms shows
// as the target of its DAD probe.

var stablePrefix = netip.MustParsePrefix("2001:db8:7217::/64")

// linkLocalPrefix is where a stable link-local address is formed (RFC
// 4291 §2.5.6).
var linkLocalPrefix = netip.MustParsePrefix("fe80::/64")

// advertiseStable has TR1 advertise stablePrefix (A=1) with the given
// valid lifetime, the preferred one the same.
func advertiseStable(l *suites.Link, valid time.Duration) {
	GinkgoHelper()
	By(fmt.Sprintf("TR1 advertises %s with the autonomous flag, valid for %v", stablePrefix, valid))
	l.Send(l.TR1.RA(raWith, packets.PrefixInfo(stablePrefix, packets.PIOOnLink|packets.PIOAutonomous, valid, valid)))
}

// probed expects the node's DAD probe for an address of stablePrefix and
// returns the address.
func probed(l *suites.Link, m *packets.Matcher) netip.Addr {
	GinkgoHelper()
	c := l.Expect(m).Within(slaacWait + suites.RetransTimer)
	t, _ := c.NDTarget()
	l.Env().Note("the node probes %s", t)
	return t
}

// anotherProbeIn is a DAD probe for an address of prefix other than first:
// the retry after a conflict (RFC 7217 §6).
func anotherProbeIn(prefix netip.Prefix, first netip.Addr) *packets.Matcher {
	return packets.DADProbeIn(prefix).Require("a target other than "+first.String(), func(f *packets.Frame) (bool, string) {
		t, _ := f.NDTarget()
		return t != first, t.String()
	})
}

func iidOf(a netip.Addr) [8]byte { b := a.As16(); return [8]byte(b[8:]) }

var _ = Describe("Stable addresses", Label("rfc:7217", "rfc:8064", "section:5", "ipv6ready:v6LC.3.2.6", "role:host", "level:must"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start(slaac, suites.NeedsCapability(suites.CapStableAddresses)).Link0 })

	// RFC 7217 §5: the identifier is a function of the prefix among other
	// inputs, so the global address does not share the link-local
	// address's identifier, nor is it the one RFC 4291 derives from the MAC.
	It("Part A: forms a global address whose identifier is neither its link-local one nor the MAC's", Label("fault:stable-iid-ignored"), func() {
		advertiseStable(l, time.Hour)
		a := probed(l, packets.DADProbeIn(stablePrefix))
		By("the identifier of " + a.String() + " differs from that of " + l.NUTLinkLocal.String() + " and from the MAC's")
		if iidOf(a) == iidOf(l.NUTLinkLocal) || a == packets.WithInterfaceID(stablePrefix.Addr(), l.NUTMAC) {
			Fail(fmt.Sprintf("Link0: the node formed %s from %s: the interface identifier of its link-local address %s, derived from its MAC", a, stablePrefix, l.NUTLinkLocal))
		}
	})

	// The catalogue reboots the node and expects the same address. The
	// same property, that the identifier for a prefix does not change
	// (RFC 7217 §5: the same inputs give the same identifier), is seen
	// without a reboot when the node forms the address a second time: the
	// prefix's first address runs out of valid lifetime, and TR1 then
	// advertises the prefix again.
	It("Part B: forms the same address each time it forms one from the same prefix", Label("fault:stable-iid-not-stable"), func() {
		advertiseStable(l, 5*time.Second)
		first := probed(l, packets.DADProbeIn(stablePrefix))
		By("the address's valid lifetime of 5 s runs out")
		l.Env().Wait(5*time.Second + suites.Slack)
		advertiseStable(l, time.Hour)
		By("the node forms the same address again: " + first.String())
		probed(l, packets.DADProbe(first))
	})
})

// RFC 7217 §6: when DAD finds a stable address a duplicate, the node
// increments its DAD_Counter and forms another, at most IDGEN_RETRIES (3)
// times. This holds for a stable link-local address too (Part A), where
// RFC 4862 §5.4.5 would stop IPv6 on an interface whose duplicate
// link-local address came from the MAC (the DAD specs); Part A applies to
// a node that forms its link-local address from a stable identifier (the
// stable-link-local capability). The Linux targets do not declare it: with
// addr_gen_mode 2 or 3 Linux would retry, but the tester expects their
// link-local address from the MAC (readiness, the other specs), so Part A
// is N/A there.
var _ = Describe("Resolving DAD conflicts", Label("rfc:7217", "section:6", "ipv6ready:v6LC.3.2.7", "role:host", "level:should"), func() {
	It("Part A: forms another link-local address when DAD finds the first one a duplicate", Label("fault:stable-ll-no-retry"), func() {
		l := suites.Start(suites.AtBoot(), suites.NeedsCapability(suites.CapStableLinkLocal)).Link0
		By("the node comes up and probes a tentative link-local address")
		c := l.Expect(packets.DADProbeIn(linkLocalPrefix)).Within(dadWindow)
		first, _ := c.NDTarget()
		l.Env().Note("the node probes %s", first)
		By("TN1 holds " + first.String() + " already: it answers the probe with an advertisement to all-nodes")
		l.Send(l.TN1.NA(packets.AllNodes, first, packets.FlagOverride))

		// The new probe waits a random delay below IDGEN_DELAY (1 s,
		// RFC 7217 §7), as long as MAX_RTR_SOLICITATION_DELAY.
		By("the node increments its DAD counter and probes another link-local address")
		c = l.Expect(anotherProbeIn(linkLocalPrefix, first)).Within(dadWindow)
		second, _ := c.NDTarget()
		l.Env().Note("the node probes %s", second)

		By("DAD of " + second.String() + " completes; TN1 then sends it an Echo Request")
		l.Env().Wait(suites.RetransTimer + suites.Slack)
		req := l.TN1.EchoRequest(second)
		l.Send(req)
		By("the node answers from " + second.String() + ": it took the address")
		l.Expect(packets.EchoReplyTo(req)).Within(suites.ReplyWait)
	})

	It("Part B: forms another global address when DAD finds the first one a duplicate", Label("fault:stable-no-retry"), func() {
		l := suites.Start(slaac, suites.NeedsCapability(suites.CapStableAddresses)).Link0
		advertiseStable(l, time.Hour)
		first := probed(l, packets.DADProbeIn(stablePrefix))
		By("TN1 holds " + first.String() + " already: it answers the probe with an advertisement to all-nodes")
		l.Send(l.TN1.NA(packets.AllNodes, first, packets.FlagOverride))
		By("the node increments its DAD counter and probes another address of the prefix (RFC 7217 §6)")
		probed(l, anotherProbeIn(stablePrefix, first))
	})
})
