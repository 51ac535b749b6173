package rfc2462

import (
	"net/netip"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// What a node does with the DAD messages it sees while its own link-local
// address is tentative (RFC 4862 §5.4.3, §5.4.4; validity per RFC 4861
// §7.1.1, §7.1.2). Each spec watches the node come up, sends its message
// right after the node's probe, and then judges whether the address was
// assigned: TN1 probes it after the detection time, and only an address
// the node owns is defended (§5.4.3).

// duringDAD runs send right after the node's probe of its link-local
// address and reports, after the detection time, whether the node
// defends the address.
func duringDAD(l *suites.Link, send func(probe *suites.Captured), after holding) {
	GinkgoHelper()
	By("the node probes its tentative link-local address")
	probe := l.Expect(packets.DADProbe(l.NUTLinkLocal)).Within(dadWindow)
	send(probe)
	l.Env().Wait(dadDone)
	By("after the detection time TN1 probes the same address")
	l.Send(l.TN1.DADNS(l.NUTLinkLocal))
	if after == held {
		By("the node defends it: the address was assigned")
		l.Expect(packets.NAFor(l.NUTLinkLocal).To(packets.AllNodes)).Within(suites.ReplyWait)
		return
	}
	By("the node does not defend it: the address was not assigned")
	l.ExpectNo(packets.NAFor(l.NUTLinkLocal)).Within(suites.ReplyWait)
}

// nsDestination is where TN1 sends its address-resolution solicitation for
// the tentative address.
type nsDestination int

const (
	toGroup     nsDestination = iota // the solicited-node group
	toTentative                      // the tentative address itself
)

// sameGroup is another node's link-local address in the node's
// solicited-node group: the same last 24 bits.
func sameGroup(a netip.Addr) netip.Addr {
	b := a.As16()
	b[8] ^= 0x02
	b[9] ^= 0x5a
	return netip.AddrFrom16(b)
}

var _ = Describe("Receiving DAD messages for another address", Label("rfc:4862", "section:5.4.3", "ipv6ready:v6LC.3.1.2", "role:any", "level:must", "fault:dad-any-target-conflict"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start(suites.AtBoot()).Link0 })

	It("Part A: keeps its tentative address when another node probes another address of the same solicited-node group", func() {
		duringDAD(l, func(*suites.Captured) {
			other := sameGroup(l.NUTLinkLocal)
			By("TN1 probes " + other.String())
			l.Send(l.TN1.DADNS(other))
		}, held)
	})

	It("Part C: keeps its tentative address when another node advertises another address of the same solicited-node group", func() {
		duringDAD(l, func(*suites.Captured) {
			other := sameGroup(l.NUTLinkLocal)
			By("TN1 advertises " + other.String() + " to all-nodes")
			l.Send(l.TN1.NA(packets.AllNodes, other, packets.FlagOverride))
		}, held)
	})
})

var _ = Describe("Validation of DAD Neighbor Solicitations", Label("rfc:4862", "rfc:4861", "section:5.4.3", "ipv6ready:v6LC.3.1.3", "role:any", "level:must"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start(suites.AtBoot()).Link0 })

	DescribeTable("ignores an invalid probe for its tentative address, and takes a valid one as a conflict",
		func(after holding, change func(l *suites.Link, ns *packets.Packet)) {
			duringDAD(l, func(*suites.Captured) {
				ns := l.TN1.DADNS(l.NUTLinkLocal)
				change(l, ns)
				By("TN1 probes the node's tentative address")
				l.Send(ns)
				By("the node sends no advertisement for the probe's target")
				l.ExpectNo(packets.NAFor(ns.NDTarget())).Within(suites.ReplyWait / 2)
			}, after)
		},
		Entry("Part A: invalid, an ICMP length of 20 octets", Label("fault:ns-short-length"), held, func(l *suites.Link, ns *packets.Packet) { ns.TruncateLeavingPadding(20) }),
		Entry("Part B: invalid, Hop Limit 254", Label("fault:ns-any-hoplimit"), held, func(l *suites.Link, ns *packets.Packet) { ns.HopLimit = 254 }),
		Entry("Part C: invalid, sent to the tentative address itself", Label("fault:ns-dad-any-destination"), held, func(l *suites.Link, ns *packets.Packet) {
			ns.Dst, ns.EthDst = l.NUTLinkLocal, l.NUTMAC
		}),
		Entry("Part D: invalid, sent to all-nodes", Label("fault:ns-dad-any-destination"), held, func(l *suites.Link, ns *packets.Packet) {
			ns.Dst, ns.EthDst = packets.AllNodes, packets.MulticastMAC(packets.AllNodes)
		}),
		Entry("Part E: invalid, ICMP code 1", Label("fault:ns-any-code"), held, func(l *suites.Link, ns *packets.Packet) { ns.ICMP.Code = 1 }),
		Entry("Part F: invalid, a wrong checksum", Label("fault:icmp-no-checksum"), held, func(l *suites.Link, ns *packets.Packet) { ns.ICMP.BadChecksum = true }),
		Entry("Part G: invalid, the target is the solicited-node group", Label("fault:ns-multicast-target"), held, func(l *suites.Link, ns *packets.Packet) {
			g := packets.SolicitedNode(l.NUTLinkLocal)
			ns.ICMP.SetTarget(g)
		}),
		Entry("Part H: invalid, a source link-layer option", Label("fault:ns-unspecified-with-slla"), held, func(l *suites.Link, ns *packets.Packet) {
			ns.ICMP.AppendOptions(packets.SLLA(l.TN1.MAC))
		}),
		Entry("Part I: valid, the Reserved field not zero", Label("fault:dad-ignore-conflict"), notHeld, func(l *suites.Link, ns *packets.Packet) {
			ns.ICMP.SetReserved(0xff000000)
		}),
		Entry("Part J: valid, a target link-layer option", Label("fault:dad-ignore-conflict"), notHeld, func(l *suites.Link, ns *packets.Packet) {
			ns.ICMP.AppendOptions(packets.TLLA(l.TN1.MAC))
		}),
	)
})

var _ = Describe("Validation of DAD Neighbor Advertisements", Label("rfc:4862", "rfc:4861", "section:5.4.4", "ipv6ready:v6LC.3.1.4", "role:any", "level:must"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start(suites.AtBoot()).Link0 })

	DescribeTable("ignores an invalid advertisement of its tentative address, and takes a valid one as a conflict",
		func(after holding, change func(l *suites.Link, na *packets.Packet)) {
			duringDAD(l, func(*suites.Captured) {
				na := l.TN1.NA(packets.AllNodes, l.NUTLinkLocal, packets.FlagOverride)
				change(l, na)
				By("TN1 advertises the node's tentative address to all-nodes")
				l.Send(na)
			}, after)
		},
		Entry("Part A: invalid, an ICMP length of 20 octets", Label("fault:na-short-length"), held, func(l *suites.Link, na *packets.Packet) { na.TruncateLeavingPadding(20) }),
		Entry("Part B: invalid, Hop Limit 254", Label("fault:na-any-hoplimit"), held, func(l *suites.Link, na *packets.Packet) { na.HopLimit = 254 }),
		Entry("Part C: invalid, ICMP code 1", Label("fault:na-any-code"), held, func(l *suites.Link, na *packets.Packet) { na.ICMP.Code = 1 }),
		Entry("Part D: invalid, a wrong checksum", Label("fault:icmp-no-checksum"), held, func(l *suites.Link, na *packets.Packet) { na.ICMP.BadChecksum = true }),
		Entry("Part E: invalid, S=1 to all-nodes", Label("fault:na-solicited-multicast-accepted"), held, func(l *suites.Link, na *packets.Packet) {
			f := na.ICMP.NAFlags()
			f.Solicited = true
			na.ICMP.SetNAFlags(f)
		}),
		Entry("Part G: invalid, an option of length 0", Label("fault:nd-zero-length-option"), held, func(l *suites.Link, na *packets.Packet) {
			na.ICMP.SetOptions(packets.TLLA(l.TN1.MAC).WithLength(0))
		}),
		Entry("Part H: valid, the Reserved field not zero", Label("fault:dad-ignore-conflict"), notHeld, func(l *suites.Link, na *packets.Packet) {
			na.ICMP.SetReserved(0x00ff0000)
		}),
		Entry("Part I: valid, a source link-layer option", Label("fault:dad-ignore-conflict"), notHeld, func(l *suites.Link, na *packets.Packet) {
			na.ICMP.AppendOptions(packets.SLLA(l.TN1.MAC))
		}),
	)
})

// §5.4.3: a solicitation for a tentative address from a unicast source is
// address resolution. The node never answers it (MUST NOT: the address is
// not yet its own); that it ignores it, taking it for no conflict, is the
// RFC's lower-case should. One spec each.
var _ = Describe("Receiving Neighbor Solicitations for address resolution during DAD", Label("rfc:4862", "section:5.4.3", "ipv6ready:v6LC.3.1.5", "role:any"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start(suites.AtBoot()).Link0 })

	solicit := func(to nsDestination) {
		dst := packets.SolicitedNode(l.NUTLinkLocal)
		if to == toTentative {
			dst = l.NUTLinkLocal
		}
		By("TN1 solicits the node's tentative address from its link-local address, to " + dst.String())
		l.Send(l.TN1.NS(dst, l.NUTLinkLocal))
	}

	DescribeTable("does not answer an address-resolution solicitation for its tentative address",
		Label("level:must", "fault:ns-tentative-answered"),
		func(to nsDestination) {
			By("the node probes its tentative link-local address")
			l.Expect(packets.DADProbe(l.NUTLinkLocal)).Within(dadWindow)
			solicit(to)
			By("the node does not answer it")
			l.ExpectNo(packets.NAFor(l.NUTLinkLocal)).Within(suites.ReplyWait / 2)
		},
		Entry("Part A: to the solicited-node group", toGroup),
		Entry("Part B: to the tentative address", toTentative),
	)

	DescribeTable("takes an address-resolution solicitation for its tentative address for no conflict, and keeps the address",
		Label("level:should", "fault:dad-resolution-ns-conflict"),
		func(to nsDestination) {
			duringDAD(l, func(*suites.Captured) { solicit(to) }, held)
		},
		Entry("Part A: to the solicited-node group", toGroup),
		Entry("Part B: to the tentative address", toTentative),
	)
})
