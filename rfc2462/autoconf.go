package rfc2462

import (
	"net/netip"
	"time"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// Stateless address autoconfiguration from Prefix Information options
// (RFC 4862 §5.5.3) and the lifetimes of the addresses (§5.5.3 (e),
// §5.5.4). The node's interface identifier is taken to be the modified
// EUI-64 one, as both built-in targets form it. Every spec advertises
// prefixes of its own: a node that keeps its state between specs (the
// Linux kernel) would otherwise already hold the address.

// slaac makes a spec N/A on a host that does not declare that it forms
// addresses from advertised prefixes (a host configured by hand or by
// DHCPv6 alone). Duplicate Address Detection of the link-local address
// needs no such capability.
var slaac = suites.NeedsCapability(suites.CapSLAAC)

// raWith is TR1's advertisement: not a default router (Router Lifetime
// 0), only prefixes.
var raWith = packets.RAParams{CurHopLimit: 64}

func autoPIO(prefix string, valid, preferred time.Duration) packets.Option {
	return packets.PrefixInfo(netip.MustParsePrefix(prefix), packets.PIOOnLink|packets.PIOAutonomous, valid, preferred)
}

// autoAddr is the address the node forms from prefix.
func autoAddr(l *suites.Link, prefix string) netip.Addr {
	return packets.WithInterfaceID(netip.MustParsePrefix(prefix).Addr(), l.NUTMAC)
}

// slaacWait bounds the first DAD probe of a new address.
const slaacWait = suites.MaxRtrSolicitationDelay + suites.Slack

// formed expects the node's DAD probe for a and waits until DAD is over.
func formed(l *suites.Link, a netip.Addr) {
	GinkgoHelper()
	By("the node forms " + a.String() + " and probes it")
	l.Expect(packets.DADProbe(a)).Within(slaacWait)
	l.Env().Wait(dadDone)
}

// holding is whether the node holds an address: it defends it against
// another node's probe (§5.4.3) exactly when it does.
type holding bool

const (
	held    holding = true
	notHeld holding = false
)

// assigned judges whether the node holds a: it defends it against TN1's
// probe exactly when it does.
func assigned(l *suites.Link, a netip.Addr, want holding) {
	GinkgoHelper()
	l.Send(l.TN1.DADNS(a))
	if want == held {
		By("the node still holds " + a.String() + ": it defends it against TN1's probe")
		l.Expect(packets.NAFor(a).To(packets.AllNodes)).Within(suites.ReplyWait)
		return
	}
	By("the node no longer holds " + a.String() + ": it does not defend it against TN1's probe")
	l.ExpectNo(packets.NAFor(a)).Within(suites.ReplyWait)
}

var _ = Describe("Global address autoconfiguration, more prefixes", Label("rfc:4862", "section:5.5.3", "ipv6ready:v6LC.3.2.1", "role:host", "level:must", "fault:no-slaac"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start(slaac).Link0 })

	DescribeTable("forms an address from an advertised prefix and probes it first",
		func(prefix string) {
			By("TR1 advertises " + prefix + " with A=1")
			l.Send(l.TR1.RA(raWith, autoPIO(prefix, time.Hour, time.Hour)))
			formed(l, autoAddr(l, prefix))
		},
		Entry("Part B: a prefix ending in zero-valued fields", "2001:db8::/64"),
		// RFC 3879 deprecated site-local addresses: a node must treat
		// fec0::/10 as global unicast, so it forms an address from it.
		Entry("Part C: a site-local prefix, treated as global unicast (RFC 3879)", Label("rfc:3879"), "fec0:0:0:5c::/64"),
	)
})

var _ = Describe("Address lifetime expiry", Label("rfc:4862", "section:5.5.4", "ipv6ready:v6LC.3.2.2", "role:host", "level:must", "fault:ignore-valid-lifetime"), func() {
	It("gives an autoconfigured address up when its valid lifetime runs out", func() {
		l := suites.Start(slaac).Link0
		const prefix = "2001:db8:52::/64"
		By("TR1 advertises " + prefix + " valid for 6 s")
		l.Send(l.TR1.RA(raWith, autoPIO(prefix, 6*time.Second, 6*time.Second)))
		sent := l.Env().Elapsed()
		a := autoAddr(l, prefix)
		formed(l, a)
		assigned(l, a, held)
		By("the valid lifetime runs out")
		waitPast(l, sent, 6*time.Second)
		assigned(l, a, notHeld)
	})
})

var _ = Describe("Multiple prefixes and network renumbering", Label("rfc:4862", "section:5.5.4", "ipv6ready:v6LC.3.2.3", "role:host", "level:must", "fault:ignore-valid-lifetime"), func() {
	It("holds an address per advertised prefix, and keeps the new one when the old prefix's lifetime runs out", func() {
		l := suites.Start(slaac).Link0
		const old, renumbered = "2001:db8:53::/64", "2001:db8:54::/64"
		By("TR1 advertises " + old + " valid for 6 s and " + renumbered + " valid for an hour")
		l.Send(l.TR1.RA(raWith, autoPIO(old, 6*time.Second, 6*time.Second), autoPIO(renumbered, time.Hour, time.Hour)))
		sent := l.Env().Elapsed()
		a, b := autoAddr(l, old), autoAddr(l, renumbered)
		l.ExpectEach(slaacWait, packets.DADProbe(a), packets.DADProbe(b))
		l.Env().Wait(dadDone)
		By("the old prefix's lifetime runs out")
		waitPast(l, sent, 6*time.Second)
		assigned(l, a, notHeld)
		assigned(l, b, held)
	})
})

var _ = Describe("Prefix Information option processing, more options", Label("rfc:4862", "section:5.5.3", "ipv6ready:v6LC.3.2.4", "role:host", "level:must"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start(slaac).Link0 })

	It("Part A: forms an address from each of several prefix options",
		Label("fault:no-slaac"), func() {
			const p1, p2 = "2001:db8:55::/64", "2001:db8:56::/64"
			By("TR1 advertises " + p1 + " and " + p2 + " in one advertisement")
			l.Send(l.TR1.RA(raWith, autoPIO(p1, time.Hour, time.Hour), autoPIO(p2, time.Hour, time.Hour)))
			By("the node probes an address of each")
			l.ExpectEach(slaacWait, packets.DADProbe(autoAddr(l, p1)), packets.DADProbe(autoAddr(l, p2)))
		})

	DescribeTable("forms no address from a prefix option it must not use",
		func(prefix string, pio packets.Option) {
			By("TR1 advertises " + prefix)
			l.Send(l.TR1.RA(raWith, pio))
			By("the node probes no address from it")
			l.ExpectNo(packets.DADProbe(autoAddr(l, prefix))).Within(slaacWait)
		},
		Entry("Part C: a link-local prefix", Label("fault:slaac-link-local-prefix"), "fe80:0:0:5c::/64", autoPIO("fe80:0:0:5c::/64", time.Hour, time.Hour)),
		Entry("Part G: a prefix of 96 bits", Label("fault:slaac-any-prefix-length"), "2001:db8:57::/96", autoPIO("2001:db8:57::/96", time.Hour, time.Hour)),
	)

	It("Part J: forms an address from a prefix whose valid lifetime is infinite (0xffffffff)",
		Label("fault:no-slaac"), func() {
			const prefix = "2001:db8:58::/64"
			By("TR1 advertises " + prefix + " with infinite lifetimes")
			l.Send(l.TR1.RA(raWith, autoPIO(prefix, packets.Infinity, packets.Infinity)))
			formed(l, autoAddr(l, prefix))
		})
})

var _ = Describe("Prefix Information option processing, lifetimes", Label("rfc:4862", "section:5.5.3", "ipv6ready:v6LC.3.2.5", "role:host", "level:must"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start(slaac).Link0 })

	// §5.5.3 (e): a received valid lifetime above two hours, or above the
	// remaining one, is taken; otherwise a remaining lifetime of two hours
	// or less is kept, and a longer one is cut to two hours.
	DescribeTable("updates the valid lifetime of an autoconfigured address by the two-hour rule",
		func(prefix string, first, second time.Duration) {
			a := autoAddr(l, prefix)
			By("TR1 advertises " + prefix + " valid for " + first.String())
			l.Send(l.TR1.RA(raWith, autoPIO(prefix, first, first)))
			By("the node forms " + a.String() + " and probes it")
			l.Expect(packets.DADProbe(a)).Within(slaacWait)
			By("TR1 advertises it again, valid for " + second.String() + "; 4 s pass")
			l.Send(l.TR1.RA(raWith, autoPIO(prefix, second, second)))
			l.Env().Wait(4*time.Second + suites.Slack)
			assigned(l, a, held)
		},
		Entry("Part A: a lifetime above the remaining one is taken", Label("fault:slaac-lifetime-not-updated"), "2001:db8:5a::/64", 4*time.Second, time.Hour),
		Entry("Part B: a lifetime above two hours is taken", Label("fault:slaac-lifetime-not-updated"), "2001:db8:5b::/64", 4*time.Second, 3*time.Hour),
		Entry("Part C: a shorter lifetime is ignored when the remaining one is two hours or less", Label("fault:no-two-hour-rule"), "2001:db8:5c::/64", time.Hour, 3*time.Second),
		Entry("Part D: a lifetime under two hours cuts a longer remaining one to two hours, not below", Label("fault:no-two-hour-rule"), "2001:db8:5d::/64", 3*time.Hour, 3*time.Second),
	)
})

// lifetimeSlack is how late a real device may let a lifetime of seconds
// run out: kernels check address lifetimes on a timer rounded to whole
// seconds (Linux's addrconf_verify). It is only ever added after a deadline.
const lifetimeSlack = 2 * time.Second

// waitPast waits until lifetime (plus lifetimeSlack) has passed since at,
// a time from Env.Elapsed.
func waitPast(l *suites.Link, at, lifetime time.Duration) {
	if left := at + lifetime + lifetimeSlack - l.Env().Elapsed(); left > 0 {
		l.Env().Wait(left)
	}
}
