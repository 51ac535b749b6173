package suites

import (
	"fmt"
	"net/netip"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"

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

// AdvertiseWith is Advertise with the extras configured as well, through
// the same start-ra action. A DNS lifetime left 0 is asked for as twice
// MaxRtrAdvInterval.
func (l *Link) AdvertiseWith(maxInterval time.Duration, x RAExtras) Advertised {
	GinkgoHelper()
	ra := l.advertisingAsked(maxInterval)
	ra.Preference, ra.Routes = x.Preference, x.Routes
	ra.DNS, ra.DNSLifetime, ra.DNSSL, ra.DNSSLLifetime = x.DNS, x.DNSLifetime, x.DNSSL, x.DNSSLLifetime
	maxI := maxInterval
	if r, ok := cfg.Target.(AdvertisingReporter); ok {
		maxI = r.Advertising(l.Index, ra).MaxInterval
	}
	if ra.DNSLifetime == 0 && len(ra.DNS) > 0 {
		ra.DNSLifetime = 2 * maxI
	}
	if ra.DNSSLLifetime == 0 && len(ra.DNSSL) > 0 {
		ra.DNSSLLifetime = 2 * maxI
	}
	a := l.startAdvertising(ra)
	l.env.Note("%s: the router's advertisements carry preference %d, routes %v, DNS servers %v, search list %v", l.Name, x.Preference, x.Routes, x.DNS, x.DNSSL)
	return Advertised{Advertising: a, DNSLifetime: orDefault(ra.DNSLifetime, 2*maxI), DNSSLLifetime: orDefault(ra.DNSSLLifetime, 2*maxI)}
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
