package suites

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/refnode"
	"github.com/v6ct/v6ct/refnode/rtadv"
	"github.com/v6ct/v6ct/suites/packets"
)

// Helpers for the specs of RFC 4191 (router preference, Route Information)
// and RFC 8106 (RDNSS, DNSSL): what a router under test is asked to
// advertise, and what DNS configuration a host under test took in.

// RAExtras are the RFC 4191 and RFC 8106 parts of a router's advertisements.
type RAExtras struct {
	Preference    int8 // 1 high, 0 medium, -1 low
	Routes        []RARoute
	DNS           []netip.Addr
	DNSLifetime   time.Duration // 0: 2 × MaxRtrAdvInterval
	DNSSL         []string
	DNSSLLifetime time.Duration // 0: 2 × MaxRtrAdvInterval
}

// Advertised is what a router advertises with extras, for the judgement.
type Advertised struct {
	Advertising
	DNSLifetime, DNSSLLifetime time.Duration
}

// AdvertiseWith is Advertise with the extras configured as well: the
// reference node's advertiser is reconfigured with them on top of its fixed
// configuration; a target with the start-ra action is asked for them with
// the rest of Advertise's configuration; other targets make the spec N/A.
func (l *Link) AdvertiseWith(maxInterval time.Duration, x RAExtras) Advertised {
	GinkgoHelper()
	if t, ok := cfg.Target.(*refnodeTarget); ok {
		adv := l.Advertise(maxInterval)
		c := RefnodeAdvertising(l.Index, adv.MTU)
		maxI := c.MaxRtrAdvInterval
		out := Advertised{Advertising: adv, DNSLifetime: orDefault(x.DNSLifetime, 2*maxI), DNSSLLifetime: orDefault(x.DNSSLLifetime, 2*maxI)}
		c.Preference = rtadv.Preference(x.Preference)
		for _, r := range x.Routes {
			c.Routes = append(c.Routes, rtadv.Route{Prefix: r.Prefix, Preference: rtadv.Preference(r.Preference), Lifetime: r.Lifetime})
		}
		c.RDNSS, c.RDNSSLifetime = x.DNS, out.DNSLifetime
		c.DNSSL, c.DNSSLLifetime = x.DNSSL, out.DNSSLLifetime
		if err := t.adv.Reconfigure(t.advIfs[l.Index], c); err != nil {
			TesterError(err)
		}
		l.env.Note("%s: the router's advertisements now carry preference %d, routes %v, DNS servers %v, search list %v", l.Name, x.Preference, x.Routes, x.DNS, x.DNSSL)
		return out
	}
	c, ok := cfg.Target.(Controller)
	if !ok || !c.Has(ActStartRA) {
		Skip(fmt.Sprintf("needs a router that advertises: %s cannot be made to send Router Advertisements (no %s action)", cfg.Target.Name(), ActStartRA))
	}
	ra := RAConfig{Prefix: l.Prefix, RouterLifetime: 1800 * time.Second, Interval: maxInterval, HopLimit: 64,
		ReachableTime: 30 * time.Second, RetransTimer: time.Second,
		Preference: x.Preference, Routes: x.Routes, DNS: x.DNS, DNSLifetime: x.DNSLifetime, DNSSL: x.DNSSL, DNSSLLifetime: x.DNSSLLifetime}
	if l.Index == 0 {
		ra.MTU = 1500
	}
	a := Advertising{Prefix: l.Prefix, MaxInterval: maxInterval, MinInterval: 3 * time.Second, RouterLifetime: ra.RouterLifetime,
		CurHopLimit: ra.HopLimit, ReachableTime: ra.ReachableTime, RetransTimer: ra.RetransTimer, MTU: ra.MTU}
	if _, ok := cfg.Target.(*linuxTarget); ok {
		maxS := max(int(maxInterval/time.Second), 4)
		a.MaxInterval, a.MinInterval = time.Duration(maxS)*time.Second, time.Duration(max(3, maxS*3/4))*time.Second
		a.Exact = true
	}
	if ra.DNSLifetime == 0 && len(ra.DNS) > 0 {
		ra.DNSLifetime = 2 * a.MaxInterval
	}
	if ra.DNSSLLifetime == 0 && len(ra.DNSSL) > 0 {
		ra.DNSSLLifetime = 2 * a.MaxInterval
	}
	l.env.StartRouterAdvertisements(l.Index, ra)
	if c.Has(ActStopRA) {
		deferCleanup(func() { l.env.Do(Action{Name: ActStopRA, Link: l.Index}) }, true)
	}
	return Advertised{Advertising: a, DNSLifetime: ra.DNSLifetime, DNSSLLifetime: ra.DNSSLLifetime}
}

func orDefault(d, def time.Duration) time.Duration {
	if d == 0 {
		return def
	}
	return d
}

// PacketPreference is the wire form of a preference given as 1, 0 or -1.
func PacketPreference(p int8) packets.Preference {
	switch {
	case p > 0:
		return packets.PrefHigh
	case p < 0:
		return packets.PrefLow
	}
	return packets.PrefMedium
}

// radvdMore writes the radvd.conf lines for the RFC 4191 and RFC 8106
// parts of ra (inside its interface block).
func radvdMore(ra RAConfig) string {
	name := func(p int8) string {
		switch {
		case p > 0:
			return "high"
		case p < 0:
			return "low"
		}
		return "medium"
	}
	var b strings.Builder
	if ra.Preference != 0 {
		fmt.Fprintf(&b, "\tAdvDefaultPreference %s;\n", name(ra.Preference))
	}
	for _, r := range ra.Routes {
		fmt.Fprintf(&b, "\troute %s {\n\t\tAdvRoutePreference %s;\n\t\tAdvRouteLifetime %d;\n\t};\n", r.Prefix, name(r.Preference), int(r.Lifetime/time.Second))
	}
	if len(ra.DNSSL) > 0 {
		fmt.Fprintf(&b, "\tDNSSL %s {\n\t\tAdvDNSSLLifetime %d;\n\t};\n", strings.Join(ra.DNSSL, " "), int(ra.DNSSLLifetime/time.Second))
	}
	return b.String()
}

// DNSConfigReader is the optional interface of a target that can tell which
// recursive DNS servers and search domains the node under test has taken
// in on a link (RFC 8106 §5.3), as its resolver would use them. Nothing on
// the wire shows them until the node resolves a name.
type DNSConfigReader interface {
	DNSConfig(link int) (servers []netip.Addr, domains []string, err error)
}

// RequireDNSConfig makes the spec N/A on a target that cannot tell its DNS
// configuration. Call it before Start.
func RequireDNSConfig() {
	GinkgoHelper()
	if _, ok := cfg.Target.(DNSConfigReader); !ok {
		why := fmt.Sprintf("needs the node's DNS configuration (RFC 8106), which %s cannot report", targetName())
		if strings.HasPrefix(targetName(), "linux-") {
			why += ": the Linux kernel hands RDNSS and DNSSL options to user space and configures no resolver itself"
		}
		Skip(why)
	}
}

func targetName() string {
	if cfg.Target == nil {
		return "the target"
	}
	return cfg.Target.Name()
}

// DNSConfig asks the target for the node's DNS servers and search domains on
// link, and notes them in the spec's steps.
func (e *Env) DNSConfig(link int) ([]netip.Addr, []string) {
	GinkgoHelper()
	r, ok := cfg.Target.(DNSConfigReader)
	if !ok {
		Skip(fmt.Sprintf("needs the node's DNS configuration, which %s cannot report", targetName()))
	}
	e.settleBeforeNext() // settle.go
	e.Settle()
	servers, domains, err := r.DNSConfig(link)
	if err != nil {
		TesterError(err)
	}
	e.Note("Link%d: the node's DNS servers %v, search domains %v (as the target reports them)", link, servers, domains)
	return servers, domains
}

// DNSConfig reads the reference node's RDNSS and DNSSL lists for the link.
func (t *refnodeTarget) DNSConfig(link int) ([]netip.Addr, []string, error) {
	if t.node == nil || link >= len(t.ifnames) {
		return nil, nil, fmt.Errorf("no node on Link%d", link)
	}
	var servers []netip.Addr
	var domains []string
	for _, x := range t.node.DNS() {
		if x.Interface != t.ifnames[link] {
			continue
		}
		if x.Server.IsValid() {
			servers = append(servers, x.Server.WithZone(""))
		} else {
			domains = append(domains, x.Domain)
		}
	}
	return servers, domains, nil
}

// CapStableAddresses is the capability of a node that forms its
// autoconfigured addresses from RFC 7217 identifiers. The reference node
// does so for the specs that need the capability, and keeps the modified
// EUI-64 identifiers that the other specs predict.
const CapStableAddresses = "stable-addresses"

// CapStableLinkLocal is the capability of a node that forms its
// link-local address from an RFC 7217 identifier too (prefix fe80::/64),
// and so resolves its duplicate by RFC 7217 §6 rather than RFC 4862
// §5.4.5. The reference node does so for the specs that need it only: the
// others predict the MAC's link-local address.
const CapStableLinkLocal = "stable-link-local"

// stableSecret is the reference node's RFC 7217 secret key for a spec
// that needs stable addresses, nil (modified EUI-64) otherwise.
func stableSecret(setup SpecSetup) []byte {
	if !slices.Contains(setup.Capabilities, CapStableAddresses) && !slices.Contains(setup.Capabilities, CapStableLinkLocal) {
		return nil
	}
	return []byte("v6ct stable secret: " + setup.Name)
}

// stableLinkLocal says whether the reference node forms its link-local
// addresses from stableSecret too, for a spec that needs it.
func stableLinkLocal(setup SpecSetup) bool {
	return slices.Contains(setup.Capabilities, CapStableLinkLocal)
}

// linkLocalsOf is the first link-local address of each named interface
// of the reference node, as it formed them: the tester cannot predict a
// stable one. A spec that makes the node replace its address learns the
// new one from the wire.
func linkLocalsOf(n *refnode.Node, ifnames []string) []netip.Addr {
	out := make([]netip.Addr, len(ifnames))
	for _, a := range n.Addresses() {
		if i := slices.Index(ifnames, a.Interface); i >= 0 && !out[i].IsValid() && a.Addr.IsLinkLocalUnicast() {
			out[i] = a.Addr.WithZone("")
		}
	}
	return out
}

// CapRouteInformation is the capability of a host that processes Route
// Information options (more-specific routes and ::/0 alike): a type C host
// of RFC 4191 §3, which leaves the type to the implementation.
const CapRouteInformation = "route-information"

// typeCHost makes the Linux host take Route Information options of any
// prefix length: by default (accept_ra_rt_info_max_plen 0) it takes only
// ::/0 ones.
func (t *linuxTarget) typeCHost() error {
	if t.router {
		return nil
	}
	for i := 0; i < linuxLinks; i++ {
		if err := t.dut.Sysctl(fmt.Sprintf("conf/nut%d/accept_ra_rt_info_max_plen", i), "128"); err != nil {
			return err
		}
	}
	return nil
}
