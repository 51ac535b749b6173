package rfc2461

import (
	"fmt"
	"net/netip"
	"time"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// Default Router Preferences and More-Specific Routes (RFC 4191): what a
// router advertises (§2.2, §2.3), and how a host that processes Route
// Information options (a "Type C" host, §3) picks its first hop by them:
// the longest matching route first, then the higher preference (§3.2). A
// ::/0 route stands for the router's default route: its preference and
// lifetime replace those of the advertisement's header (§3.1).

// routeLife is the lifetime of the routes the specs advertise.
const routeLife = 30 * time.Minute

var _ = Describe("Sending Router Advertisements with router preference", Label("rfc:4191", "section:2.2", "ipv6ready:v6LC.2.2.20", "role:router", "level:must", "fault:ra-preference-reserved"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start(suites.RouterAdvertises()).Link0 })

	DescribeTable("advertises the Default Router Preference it is configured with",
		func(pref int8) {
			adv := l.AdvertiseWith(solicitedInterval, suites.RAExtras{Preference: pref})
			want := suites.PacketPreference(pref)
			By(fmt.Sprintf("the router's next advertisement carries Router Lifetime %v and preference %s", adv.RouterLifetime, want))
			l.Expect(packets.RAFrom(l.NUTLinkLocal, l.NUTMAC).RouterLifetime(adv.RouterLifetime).RAPreference(want)).
				Within(max(adv.MaxInterval, suites.MaxInitialRtrAdvertInterval) + suites.Slack)
		},
		Entry("Part A: high", int8(1)),
		Entry("Part B: medium", int8(0)),
		Entry("Part C: low", int8(-1)),
	)
})

var _ = Describe("Transmitting Route Information options", Label("rfc:4191", "section:2.3", "ipv6ready:v6LC.2.2.21", "role:router", "level:must"), func() {
	DescribeTable("advertises each configured route in a well-formed Route Information option",
		func(prefix string, pref int8) {
			l := suites.Start(suites.RouterAdvertises()).Link0
			route := suites.RARoute{Prefix: netip.MustParsePrefix(prefix), Preference: pref, Lifetime: routeLife}
			adv := l.AdvertiseWith(solicitedInterval, suites.RAExtras{Routes: []suites.RARoute{route}})
			By(fmt.Sprintf("the router's next advertisement carries %s, preference %s, lifetime %v", prefix, suites.PacketPreference(pref), routeLife))
			l.Expect(packets.RAFrom(l.NUTLinkLocal, l.NUTMAC).WithRouteInfo(route.Prefix, suites.PacketPreference(pref), routeLife)).
				Within(max(adv.MaxInterval, suites.MaxInitialRtrAdvertInterval) + suites.Slack)
		},
		Entry("Part A: a prefix of 64 bits", Label("fault:rio-not-sent"), "2001:db8:a1::/64", int8(1)),
		Entry("Part B: a prefix shorter than 64 bits", Label("fault:rio-not-sent"), "2001:db8:a200::/40", int8(0)),
		Entry("Part C: a prefix longer than 64 bits", Label("fault:rio-not-sent"), "2001:db8:a3:0:a3::/80", int8(-1)),
		Entry("Part D: the prefix ::/0", Label("fault:rio-not-sent"), "::/0", int8(1)),
	)

	// Route Information travels only in advertisements: an interface that
	// does not advertise sends none, not even in answer to a solicitation.
	It("Part E: sends no advertisement, and so no route, on an interface that does not advertise", Label("fault:ra-answers-when-stopped"), func() {
		env := suites.Start(suites.Links(2), suites.RouterAdvertises())
		l0, l1 := env.Link0, env.Link1
		route := suites.RARoute{Prefix: netip.MustParsePrefix("2001:db8:a1::/64"), Preference: 1, Lifetime: routeLife}
		l0.AdvertiseWith(solicitedInterval, suites.RAExtras{Routes: []suites.RARoute{route}})
		By("Link1 does not advertise")
		l1.StopAdvertising()
		l1.Env().Wait(suites.MinDelayBetweenRAs + suites.Slack)
		By("TN1 on Link1 sends a Router Solicitation; no advertisement comes on Link1")
		l1.Send(packets.RS(l1.TN1.MAC, packets.MulticastMAC(packets.AllRouters), l1.TN1.LinkLocal, packets.AllRouters, packets.SLLA(l1.TN1.MAC)))
		l1.ExpectNo(packets.RAFrom(l1.NUTLinkLocal, l1.NUTMAC)).Within(solicitWait + suites.ReplyWait)
	})
})

// advertiseRoutes has router r advertise with header p and Route
// Information options rios, and withdraws the routes when the spec ends
// (lifetime 0), so that a target that keeps its state (the Linux kernel)
// does not carry them into the next spec.
func advertiseRoutes(l *suites.Link, r *suites.Node, p packets.RAParams, rios ...packets.Option) {
	GinkgoHelper()
	l.Send(r.RA(p, rios...))
	var withdraw []packets.Option
	for _, o := range rios {
		if o.Type != packets.OptRouteInfo {
			continue // another option the advertisement carries
		}
		withdraw = append(withdraw, o.WithRouteLifetime(0))
	}
	DeferCleanup(func() { l.Send(r.RA(packets.RAParams{}, withdraw...)) })
}

// rio is a Route Information option for prefix with preference pref and
// lifetime routeLife.
func rio(prefix string, pref packets.Preference) packets.Option {
	return packets.RouteInfo(netip.MustParsePrefix(prefix), pref, routeLife)
}

// offLinkRoute is a prefix that holds OffLink.
const offLinkRoute = "2001:db8:99::/64"

var notDefault = packets.RAParams{}

var _ = Describe("Processing Router Advertisements with Route Information options", Label("rfc:4191", "section:3.1", "ipv6ready:v6LC.2.2.23", "role:host", "level:must"), func() {
	// begin starts the node. Every part needs a host that processes Route
	// Information options, a type C host of RFC 4191 §3: a type A host
	// ignores them and the Default Router Preference, a type B host uses
	// the preference but ignores the options, ::/0 ones included (parts
	// G, H, J), and the RFC leaves the type to the implementation. On a
	// host that does not declare route-information the parts are N/A.
	begin := func() *suites.Link {
		GinkgoHelper()
		l := suites.Start(suites.NeedsCapability(suites.CapRouteInformation)).Link0
		l.ForgetRouters()
		return l
	}

	It("Part A: prefers a route of high preference to one of medium preference", Label("section:3.2", "fault:ignore-route-preference"), func() {
		l := begin()
		By("TR1 advertises a route to " + offLinkRoute + " of medium preference, TR2 one of high preference (neither is a default router)")
		advertiseRoutes(l, l.TR1, notDefault, rio(offLinkRoute, packets.PrefMedium))
		advertiseRoutes(l, l.TR2, notDefault, rio(offLinkRoute, packets.PrefHigh))
		replyThrough(l, l.TR2)
	})

	It("Part B: prefers a route of medium preference to one of low preference", Label("section:3.2", "fault:ignore-route-preference"), func() {
		l := begin()
		By("TR1 advertises a route to " + offLinkRoute + " of low preference, TR2 one of medium preference")
		advertiseRoutes(l, l.TR1, notDefault, rio(offLinkRoute, packets.PrefLow))
		advertiseRoutes(l, l.TR2, notDefault, rio(offLinkRoute, packets.PrefMedium))
		replyThrough(l, l.TR2)
	})

	It("Part C: ignores a Route Information option of the reserved preference", Label("section:2.3", "fault:rio-reserved-preference-accepted"), func() {
		l := begin()
		By("TR1 advertises a route to " + offLinkRoute + " of medium preference, TR2 one of the reserved preference (10)")
		advertiseRoutes(l, l.TR1, notDefault, rio(offLinkRoute, packets.PrefMedium))
		advertiseRoutes(l, l.TR2, notDefault, rio(offLinkRoute, packets.PrefReserved))
		replyThrough(l, l.TR1)
	})

	It("Part D: uses a route of 96 bits over the default router", Label("fault:ignore-route-information"), func() {
		l := begin()
		By("TR1 advertises itself as default router; TR2 advertises a route to 2001:db8:99::/96")
		advertiseRoutes(l, l.TR1, defaultRouter)
		advertiseRoutes(l, l.TR2, notDefault, rio("2001:db8:99::/96", packets.PrefMedium))
		replyThrough(l, l.TR2)
	})

	It("Part E: uses a route of 32 bits over the default router", Label("fault:ignore-route-information"), func() {
		l := begin()
		By("TR1 advertises itself as default router; TR2 advertises a route to 2001:db8::/32")
		advertiseRoutes(l, l.TR1, defaultRouter)
		advertiseRoutes(l, l.TR2, notDefault, rio("2001:db8::/32", packets.PrefMedium))
		replyThrough(l, l.TR2)
	})

	It("Part F: follows a change of a route's preference", Label("section:3.2", "fault:ignore-route-preference"), func() {
		l := begin()
		By("TR1 advertises a route to " + offLinkRoute + " of high preference, TR2 one of medium preference")
		advertiseRoutes(l, l.TR1, notDefault, rio(offLinkRoute, packets.PrefHigh))
		advertiseRoutes(l, l.TR2, notDefault, rio(offLinkRoute, packets.PrefMedium))
		replyThrough(l, l.TR1)
		By("TR1 advertises its route again, of low preference")
		l.Send(l.TR1.RA(notDefault, rio(offLinkRoute, packets.PrefLow)))
		replyThrough(l, l.TR2)
	})

	It("Part G: takes a ::/0 route of high preference as a default route above a medium default router", Label("fault:ignore-route-information"), func() {
		l := begin()
		By("TR1 advertises itself as default router (medium preference); TR2, not a default router by its header, advertises a route to ::/0 of high preference")
		advertiseRoutes(l, l.TR1, defaultRouter)
		advertiseRoutes(l, l.TR2, notDefault, rio("::/0", packets.PrefHigh))
		replyThrough(l, l.TR2)
	})

	It("Part H: takes a ::/0 route of low preference as the router's default preference", Label("fault:ignore-route-information"), func() {
		l := begin()
		By("TR1 advertises itself as default router with a route to ::/0 of low preference; TR2 advertises itself as default router (medium)")
		advertiseRoutes(l, l.TR1, defaultRouter, rio("::/0", packets.PrefLow))
		advertiseRoutes(l, l.TR2, defaultRouter)
		replyThrough(l, l.TR2)
	})

	It("Part I: stops using a route when its lifetime has run out", Label("fault:rio-no-expiry"), func() {
		l := begin()
		By("TR1 advertises itself as default router; TR2 advertises a route to " + offLinkRoute + " for 5 s")
		advertiseRoutes(l, l.TR1, defaultRouter)
		advertiseRoutes(l, l.TR2, notDefault, packets.RouteInfo(netip.MustParsePrefix(offLinkRoute), packets.PrefMedium, 5*time.Second))
		replyThrough(l, l.TR2)
		By("5 s later the route has expired: the node goes back to its default router")
		l.Env().Wait(5*time.Second + suites.Slack)
		replyThrough(l, l.TR1)
	})

	// RFC 4191 §3.1: a route advertised again takes the new lifetime.
	It("Part I: keeps a route whose lifetime a later advertisement renewed", Label("fault:route-renewal-dropped"), func() {
		l := begin()
		By("TR1 advertises itself as default router; TR2 advertises a route to " + offLinkRoute + " for 5 s, then again for an hour")
		advertiseRoutes(l, l.TR1, defaultRouter)
		advertiseRoutes(l, l.TR2, notDefault, packets.RouteInfo(netip.MustParsePrefix(offLinkRoute), packets.PrefMedium, 5*time.Second))
		l.Send(l.TR2.RA(notDefault, packets.RouteInfo(netip.MustParsePrefix(offLinkRoute), packets.PrefMedium, time.Hour)))
		By("6 s later the node still sends to " + offLinkRoute + " through TR2")
		l.Env().Wait(5*time.Second + suites.Slack)
		replyThrough(l, l.TR2)
	})

	It("Part J: drops a router's default route on a ::/0 route of lifetime 0", Label("fault:ignore-route-information"), func() {
		l := begin()
		By("TR1 advertises itself as default router of high preference, TR2 as one of medium preference")
		advertiseRoutes(l, l.TR1, packets.RAParams{RouterLifetime: routeLife, Flags: prfHigh})
		advertiseRoutes(l, l.TR2, defaultRouter)
		replyThrough(l, l.TR1)
		By("TR1 advertises again with a route to ::/0 of lifetime 0")
		l.Send(l.TR1.RA(packets.RAParams{RouterLifetime: routeLife, Flags: prfHigh}, packets.RouteInfo(netip.MustParsePrefix("::/0"), packets.PrefHigh, 0)))
		replyThrough(l, l.TR2)
	})
})
