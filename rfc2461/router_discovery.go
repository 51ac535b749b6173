package rfc2461

import (
	"fmt"
	"net/netip"
	"time"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// firstRS bounds the first solicitation after start: up to
// MAX_RTR_SOLICITATION_DELAY (RFC 4861 §6.3.7), after the link-local
// address's own DAD when the node waits to use it as source.
const firstRS = 2*suites.MaxRtrSolicitationDelay + suites.RetransTimer + suites.Slack

// validRA is what TR1 advertises: a default router for 30 minutes.
var validRA = packets.RAParams{CurHopLimit: 64, RouterLifetime: 30 * time.Minute}

// RFC 7559 updates RFC 4861 §6.3.7: a host may keep soliciting with an
// exponential backoff, and each interval carries a random factor of up to
// ±10 % (RFC 7559 §2, after RFC 3315 §14). Classic difference (label
// classic:rfc2461): RFC 2461/4861 sent at most MAX_RTR_SOLICITATIONS
// exactly RTR_SOLICITATION_INTERVAL apart. Both kinds of host pass these.
const minRSInterval = suites.RtrSolicitationInterval * 9 / 10

var _ = Describe("Router Solicitations", Label("rfc:4861", "rfc:7559", "section:6.3.7", "ipv6ready:v6LC.2.2.1", "classic:rfc2461", "role:host", "level:should"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start(suites.AtBoot()).Link0 })

	It("solicits routers when it starts, and waits about RTR_SOLICITATION_INTERVAL before soliciting again",
		Label("fault:no-rs"), func() {
			By("the node comes up and sends a Router Solicitation to ff02::2")
			first := l.Expect(packets.RSFrom(l.NUTLinkLocal, l.NUTMAC)).Within(firstRS)
			By("no answer comes; the next solicitation follows no sooner than 0.9 × RTR_SOLICITATION_INTERVAL")
			l.Expect(packets.RSFrom(l.NUTLinkLocal, l.NUTMAC).After(first.At, minRSInterval-suites.CaptureJitter)).
				Within(suites.RtrSolicitationInterval*11/10 + suites.Slack)
		})

	It("sends no more than MAX_RTR_SOLICITATIONS solicitations in the first four intervals",
		Label("fault:rs-unlimited"), func() {
			By("the node comes up; no router answers for four solicitation intervals")
			got := l.Collect(packets.RSFrom(l.NUTLinkLocal, l.NUTMAC)).Within(firstRS + 4*suites.RtrSolicitationInterval)
			l.Env().Note("the node sent %d Router Solicitations", len(got))
			if len(got) == 0 || len(got) > suites.MaxRtrSolicitations {
				Fail(fmt.Sprintf("Link0: the node sent %d Router Solicitations in %v; want 1 to %d",
					len(got), firstRS+4*suites.RtrSolicitationInterval, suites.MaxRtrSolicitations))
			}
		})
})

// raValidity is whether TR1's advertisement passes the checks of §6.1.2.
type raValidity int

const (
	raValid raValidity = iota
	raInvalid
)

var _ = Describe("Router Solicitations stop at a Router Advertisement", Label("rfc:4861", "section:6.3.7", "ipv6ready:v6LC.2.2.2", "role:host", "level:must"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start(suites.AtBoot()).Link0 })

	DescribeTable("stops soliciting once a valid advertisement came, and goes on after an invalid one",
		func(v raValidity, change func(l *suites.Link, ra *packets.Packet)) {
			By("the node sends its first Router Solicitation")
			l.Expect(packets.RSFrom(l.NUTLinkLocal, l.NUTMAC)).Within(firstRS)
			By("TR1 answers with a Router Advertisement")
			ra := l.TR1.RA(validRA)
			change(l, ra)
			l.Send(ra)
			if v == raValid {
				By("the node sends no more solicitations")
				l.ExpectNo(packets.RSFrom(l.NUTLinkLocal, l.NUTMAC)).Within(suites.RtrSolicitationInterval + suites.Slack)
			} else {
				By("the node ignores it and solicits again")
				l.Expect(packets.RSFrom(l.NUTLinkLocal, l.NUTMAC)).Within(suites.RtrSolicitationInterval*11/10 + suites.Slack)
			}
		},
		Entry("Part A: valid, without a source link-layer option", Label("fault:rs-after-ra"), raValid, func(l *suites.Link, ra *packets.Packet) {
			ra.ICMP.SetOptions()
		}),
		Entry("Part B: valid, with a source link-layer option", Label("fault:rs-after-ra"), raValid, func(*suites.Link, *packets.Packet) {}),
		Entry("Part C: invalid, from a global address", Label("fault:ra-global-source-accepted"), raInvalid, func(l *suites.Link, ra *packets.Packet) {
			ra.Src = l.TR1.Global
		}),
		Entry("Part D: invalid, Hop Limit 254", Label("fault:ra-any-hoplimit"), raInvalid, func(l *suites.Link, ra *packets.Packet) {
			ra.HopLimit = 254
		}),
		Entry("Part E: invalid, a wrong checksum", Label("fault:icmp-no-checksum"), raInvalid, func(l *suites.Link, ra *packets.Packet) {
			ra.ICMP.BadChecksum = true
		}),
		Entry("Part F: invalid, ICMP code 1", Label("fault:ra-any-code"), raInvalid, func(l *suites.Link, ra *packets.Packet) {
			ra.ICMP.Code = 1
		}),
		Entry("Part G: valid, to the node's unicast address", Label("fault:rs-after-ra"), raValid, func(l *suites.Link, ra *packets.Packet) {
			ra.Dst, ra.EthDst = l.NUTLinkLocal, l.NUTMAC
		}),
	)
})

// A host that forms no addresses from advertisements (configured by hand or
// by DHCPv6 alone) is N/A here: it does not declare slaac.
var _ = Describe("Global address autoconfiguration", Label("rfc:4862", "section:5.5.3", "role:host", "level:must"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start(suites.NeedsCapability(suites.CapSLAAC)).Link0 })

	prefix := netip.MustParsePrefix("2001:db8:5::/64")
	pio := func(flags uint8) packets.Option {
		return packets.PrefixInfo(prefix, flags, time.Hour, 30*time.Minute)
	}

	It("forms an address from an advertised prefix and probes it with DAD first",
		Label("ipv6ready:v6LC.3.2.1", "fault:no-slaac"), func() {
			By("TR1 advertises 2001:db8:5::/64 with the autonomous flag")
			l.Send(l.TR1.RA(validRA, pio(packets.PIOOnLink|packets.PIOAutonomous)))
			By("the node probes its new address: prefix plus its interface identifier")
			addr := packets.WithInterfaceID(prefix.Addr(), l.NUTMAC)
			l.Expect(packets.NSFor(addr).From(packets.Unspecified).To(packets.SolicitedNode(addr))).
				Within(suites.MaxRtrSolicitationDelay + suites.Slack)
		})

	DescribeTable("forms no address from a prefix option it must not use",
		func(change func(l *suites.Link) *packets.Packet, target netip.Addr) {
			By("TR1 sends a Router Advertisement whose prefix option must not configure an address")
			l.Send(change(l))
			By("the node probes no address from it")
			l.ExpectNo(packets.NSFor(target).From(packets.Unspecified)).Within(suites.MaxRtrSolicitationDelay + suites.Slack)
		},
		Entry("Part B: the autonomous flag is not set", Label("ipv6ready:v6LC.3.2.4", "fault:slaac-ignores-a-flag"), func(l *suites.Link) *packets.Packet {
			return l.TR1.RA(validRA, pio(packets.PIOOnLink))
		}, packets.WithInterfaceID(netip.MustParseAddr("2001:db8:5::"), suites.NUTMAC(0))),
		Entry("Part D: the preferred lifetime exceeds the valid lifetime", Label("ipv6ready:v6LC.3.2.4", "fault:slaac-preferred-over-valid"), func(l *suites.Link) *packets.Packet {
			return l.TR1.RA(validRA, packets.PrefixInfo(prefix, packets.PIOOnLink|packets.PIOAutonomous, 30*time.Minute, time.Hour))
		}, packets.WithInterfaceID(netip.MustParseAddr("2001:db8:5::"), suites.NUTMAC(0))),
		Entry("Part F: the prefix is shorter than 64 bits", Label("ipv6ready:v6LC.3.2.4", "fault:slaac-any-prefix-length"), func(l *suites.Link) *packets.Packet {
			return l.TR1.RA(validRA, packets.PrefixInfo(netip.MustParsePrefix("2001:db8:5::/56"), packets.PIOOnLink|packets.PIOAutonomous, time.Hour, 30*time.Minute))
		}, packets.WithInterfaceID(netip.MustParseAddr("2001:db8:5::"), suites.NUTMAC(0))),
		Entry("Part H: the valid lifetime is zero", Label("ipv6ready:v6LC.3.2.4", "fault:slaac-zero-valid-lifetime"), func(l *suites.Link) *packets.Packet {
			return l.TR1.RA(validRA, packets.PrefixInfo(prefix, packets.PIOOnLink|packets.PIOAutonomous, 0, 0))
		}, packets.WithInterfaceID(netip.MustParseAddr("2001:db8:5::"), suites.NUTMAC(0))),
		Entry("Part I: the advertisement's Hop Limit is 254", Label("ipv6ready:v6LC.3.2.4", "fault:ra-any-hoplimit"), func(l *suites.Link) *packets.Packet {
			ra := l.TR1.RA(validRA, pio(packets.PIOOnLink|packets.PIOAutonomous))
			ra.HopLimit = 254
			return ra
		}, packets.WithInterfaceID(netip.MustParseAddr("2001:db8:5::"), suites.NUTMAC(0))),
	)
})
