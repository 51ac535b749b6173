package rfc2461

import (
	"fmt"
	"net/netip"
	"slices"
	"time"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// DNS configuration in Router Advertisements (RFC 8106): the RDNSS and
// DNSSL options a router sends (§5.1, §5.2) and how a host keeps what they
// carry for their lifetime (§5.3.1, §6). What a host keeps shows on the
// wire only when it resolves a name; the host specs ask the target for the
// node's DNS configuration instead, and are N/A on a target that cannot
// tell it.

var (
	dnsServer = netip.MustParseAddr("2001:db8:53::53")
	dnsDomain = "v6ct.example"
)

// Both tests need the ra-dns capability: the DNS options are an extension
// of Neighbor Discovery a node may lack (a host may learn its resolvers
// from DHCPv6 instead), and one that declares no support is N/A.
var raDNS = suites.NeedsCapability(suites.CapRADNS)

var _ = Describe("Router Advertisement DNS options", Label("rfc:8106", "section:5", "ipv6ready:v6LC.2.2.24", "role:router", "level:must", "fault:ra-dns-options-not-sent"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start(raDNS, suites.RouterAdvertises()).Link0 })

	It("Part A: advertises the configured recursive DNS server in an RDNSS option", Label("section:5.1"), func() {
		adv := l.AdvertiseWith(solicitedInterval, suites.RAExtras{DNS: []netip.Addr{dnsServer}})
		By(fmt.Sprintf("the router's next advertisement carries an RDNSS option with %s, lifetime %v", dnsServer, adv.DNSLifetime))
		l.Expect(packets.RAFrom(l.NUTLinkLocal, l.NUTMAC).WithRDNSS(adv.DNSLifetime, dnsServer)).
			Within(max(adv.MaxInterval, suites.MaxInitialRtrAdvertInterval) + suites.Slack)
	})

	It("Part B: advertises the configured search domain in a DNSSL option", Label("section:5.2"), func() {
		adv := l.AdvertiseWith(solicitedInterval, suites.RAExtras{DNSSL: []string{dnsDomain}})
		By(fmt.Sprintf("the router's next advertisement carries a DNSSL option with %s, lifetime %v", dnsDomain, adv.DNSSLLifetime))
		l.Expect(packets.RAFrom(l.NUTLinkLocal, l.NUTMAC).WithDNSSL(adv.DNSSLLifetime, dnsDomain)).
			Within(max(adv.MaxInterval, suites.MaxInitialRtrAdvertInterval) + suites.Slack)
	})
})

var _ = Describe("Processing Router Advertisement DNS options", Label("rfc:8106", "section:5.3.1", "ipv6ready:v6LC.2.2.25", "role:host"), func() {
	var l *suites.Link
	BeforeEach(func() {
		l = suites.Start(raDNS).Link0
		suites.RequireDNSConfig()
		l.ForgetRouters()
	})

	// hasServer and hasDomain read the node's DNS configuration.
	hasServer := func() bool {
		s, _ := l.Env().DNSConfig(0)
		return slices.Contains(s, dnsServer)
	}
	hasDomain := func() bool {
		_, d := l.Env().DNSConfig(0)
		return slices.Contains(d, dnsDomain)
	}
	// expectHas and expectLost judge that the node has what in its DNS
	// configuration, or no longer has it.
	expectHas := func(what string, has func() bool) {
		GinkgoHelper()
		By(fmt.Sprintf("the node has %s in its DNS configuration", what))
		if !has() {
			Fail(fmt.Sprintf("Link0: the node's DNS configuration: want has %s, it does not", what))
		}
	}
	expectLost := func(what string, has func() bool) {
		GinkgoHelper()
		By(fmt.Sprintf("the node no longer has %s in its DNS configuration", what))
		if has() {
			Fail(fmt.Sprintf("Link0: the node's DNS configuration: want no longer has %s, it does not", what))
		}
	}
	rdnss := func(life time.Duration) packets.Option { return packets.RDNSS(life, dnsServer) }
	dnssl := func(life time.Duration) packets.Option { return packets.DNSSL(life, dnsDomain) }

	DescribeTable("keeps what an option carries for its lifetime, and no longer",
		func(what string, option func(time.Duration) packets.Option, has func() bool, after func()) {
			By("TR1 advertises " + what + " for 60 s")
			l.Send(l.TR1.RA(defaultRouter, option(time.Minute)))
			if after == nil {
				expectHas(what, has)
				return
			}
			// Taking the option up is the SHOULD of §5.3.1 (Parts A and D);
			// the lifetime parts judge the MUSTs of §5.1 and §5.2 on what
			// was taken up, N/A for a node that took nothing.
			if !has() {
				Skip("the node did not take " + what + " into its DNS configuration, a SHOULD of RFC 8106 §5.3.1 that Parts A and D judge: no lifetime to judge")
			}
			expectHas(what, has)
			after()
			expectLost(what, has)
		},
		Entry("Part A: an RDNSS option", Label("level:should", "fault:ignore-rdnss"), "the DNS server "+dnsServer.String(), rdnss, hasServer, nil),
		Entry("Part B: an RDNSS option, then the same with lifetime 0", Label("level:must", "fault:dns-lifetime-zero-kept"), "the DNS server "+dnsServer.String(), rdnss, hasServer, func() {
			By("TR1 advertises the server again with lifetime 0")
			l.Send(l.TR1.RA(defaultRouter, rdnss(0)))
		}),
		Entry("Part C: an RDNSS option whose lifetime runs out", Label("level:must", "fault:dns-no-expiry"), "the DNS server "+dnsServer.String(), rdnss, hasServer, func() {
			By("60 s pass without another advertisement")
			l.Env().Wait(time.Minute + suites.Slack)
		}),
		Entry("Part D: a DNSSL option", Label("level:should", "fault:ignore-dnssl"), "the search domain "+dnsDomain, dnssl, hasDomain, nil),
		Entry("Part E: a DNSSL option, then the same with lifetime 0", Label("level:must", "fault:dns-lifetime-zero-kept"), "the search domain "+dnsDomain, dnssl, hasDomain, func() {
			By("TR1 advertises the domain again with lifetime 0")
			l.Send(l.TR1.RA(defaultRouter, dnssl(0)))
		}),
		Entry("Part F: a DNSSL option whose lifetime runs out", Label("level:must", "fault:dns-no-expiry"), "the search domain "+dnsDomain, dnssl, hasDomain, func() {
			By("60 s pass without another advertisement")
			l.Env().Wait(time.Minute + suites.Slack)
		}),
	)
})
