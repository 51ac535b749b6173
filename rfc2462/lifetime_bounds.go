package rfc2462

import (
	"time"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// The two short cases of the two-hour rule (RFC 4862 §5.5.3 (e)), judged at
// the end of the lifetime rather than a few seconds in: an advertisement
// giving two hours or less (0 included) cuts a longer remaining lifetime to
// exactly two hours (case 3), and leaves a remaining lifetime of two hours
// or less as it was (case 2). "Prefix Information option processing,
// lifetimes" (autoconf.go) checks only that neither case shortens the
// lifetime to what the advertisement gave. On a real-time target these
// wait hours.
var _ = Describe("The two-hour rule at the end of the lifetime", Label("rfc:4862", "section:5.5.3", "ipv6ready:v6LC.3.2.5", "role:host", "level:must", "slow"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0 })

	// holdsUntil checks that the node still holds the address of prefix
	// shortly before lifetime has passed since at, and no longer holds it
	// once it has.
	holdsUntil := func(prefix string, at, lifetime time.Duration) {
		GinkgoHelper()
		addr := autoAddr(l, prefix)
		if left := at + lifetime - time.Minute - l.Env().Elapsed(); left > 0 {
			l.Env().Wait(left)
		}
		assigned(l, addr, held)
		waitPast(l, at, lifetime)
		assigned(l, addr, notHeld)
	}

	DescribeTable("Part D: cuts a remaining valid lifetime of three hours to two hours when an advertisement gives two hours or less",
		Label("fault:two-hour-keeps-remaining"),
		func(prefix string, second time.Duration) {
			By("TR1 advertises " + prefix + " valid for three hours")
			l.Send(l.TR1.RA(raWith, autoPIO(prefix, 3*time.Hour, 3*time.Hour)))
			formed(l, autoAddr(l, prefix))
			By("TR1 advertises it again, valid for " + second.String() + ": the address has two hours left from now")
			l.Send(l.TR1.RA(raWith, autoPIO(prefix, second, second)))
			holdsUntil(prefix, l.Env().Elapsed(), 2*time.Hour)
		},
		Entry("an advertisement of 3 s", "2001:db8:5e::/64", 3*time.Second),
		Entry("an advertisement of exactly two hours", "2001:db8:5d:1::/64", 2*time.Hour),
		Entry("an advertisement of valid lifetime 0", Label("fault:slaac-zero-lifetime-removes"), "2001:db8:5d:2::/64", time.Duration(0)),
	)

	It("Part C: leaves a remaining valid lifetime of one hour as it is when an advertisement gives 3 s",
		Label("fault:two-hour-extends-short"), func() {
			const prefix = "2001:db8:5f::/64"
			By("TR1 advertises " + prefix + " valid for one hour")
			l.Send(l.TR1.RA(raWith, autoPIO(prefix, time.Hour, time.Hour)))
			sent := l.Env().Elapsed()
			formed(l, autoAddr(l, prefix))
			By("TR1 advertises it again, valid for 3 s: the address keeps the hour it had")
			l.Send(l.TR1.RA(raWith, autoPIO(prefix, 3*time.Second, 3*time.Second)))
			holdsUntil(prefix, sent, time.Hour)
		})
})

// RFC 4862 §5.5.3 (d): only a prefix whose length and the 64-bit interface
// identifier make 128 bits forms an address: one bit either side of 64
// does not ("Prefix Information option processing, more options" has 96
// bits, and one shorter than 64 by more).
var _ = Describe("Prefix length one bit either side of 64", Label("rfc:4862", "section:5.5.3", "ipv6ready:v6LC.3.2.4", "role:host", "level:must", "fault:slaac-any-prefix-length"), func() {
	DescribeTable("forms no address from a prefix of 63 or 65 bits",
		func(prefix string) {
			l := suites.Start().Link0
			By("TR1 advertises " + prefix + " with A=1")
			l.Send(l.TR1.RA(raWith, autoPIO(prefix, time.Hour, time.Hour)))
			By("the node probes no address from it")
			l.ExpectNo(packets.DADProbe(autoAddr(l, prefix))).Within(slaacWait)
		},
		Entry("63 bits", "2001:db8:5c6::/63"),
		Entry("65 bits", "2001:db8:5c7::/65"),
	)
})
