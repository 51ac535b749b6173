package nd

import (
	"net/netip"
	"testing"
	"time"
)

// FuzzOptionViews: every option of an area that passed CheckOptions can be
// read through its view, as RA and Redirect processing read them, without
// reading outside it; a well-formed RIO, RDNSS or DNSSL gives values that
// fit in it.
func FuzzOptionViews(f *testing.F) {
	b := make([]byte, 256)
	n := PutLinkAddrOption(b, OptSourceLinkAddr, [6]byte{0, 0, 0, 0, 0xa0, 0xa0})
	n += PutPrefixInfoOption(b[n:], netip.MustParsePrefix("2001:db8:1::/64"), true, true, time.Hour, time.Minute)
	n += PutMTUOption(b[n:], 1400)
	n += PutRouteInfoOption(b[n:], netip.MustParsePrefix("2001:db8:99::/48"), PrefHigh, time.Hour)
	n += PutRDNSSOption(b[n:], time.Hour, []netip.Addr{netip.MustParseAddr("2001:db8::53")})
	n += PutDNSSLOption(b[n:], time.Hour, []string{"example.com", "a.test"})
	f.Add(b[:n])
	f.Add([]byte{24, 1, 129, 0, 0, 0, 0, 1})      // RIO /129 in one unit
	f.Add([]byte{31, 2, 0, 0, 0, 0, 0, 1, 63, 0}) // DNSSL with a label past the end
	f.Add([]byte{25, 2, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, area []byte) {
		opts, _ := CheckOptions(area, false)
		for o := opts; len(o) >= 2 && o[1] != 0; o = o[int(o[1])*OptionUnit:] {
			opt := Option(o[:int(o[1])*OptionUnit])
			opt.LinkAddr()
			opt.MTU()
			switch opt.Type() {
			case OptPrefixInfo:
				if len(opt) >= 32 {
					pi := PrefixInfo(opt)
					pi.Prefix()
					pi.ValidLifetime()
					pi.PreferredLifetime()
				}
			case OptRouteInfo:
				if p, ok := RouteInfo(opt).Prefix(); ok && (p.Bits() > 128 || p.Bits() > 64 && len(opt) < 24) {
					t.Fatalf("RIO %x read as %s", opt, p)
				}
				RouteInfo(opt).Lifetime()
			case OptRDNSS:
				if s, ok := RDNSS(opt).Servers(); ok && 8+16*len(s) > len(opt) {
					t.Fatalf("RDNSS %x gave %d servers", opt, len(s))
				}
			case OptDNSSL:
				if ds, ok := DNSSL(opt).Domains(); ok {
					total := 0
					for _, d := range ds {
						total += len(d)
					}
					if total > len(opt) {
						t.Fatalf("DNSSL %x gave %v", opt, ds)
					}
				}
			}
		}
	})
}
