package packets

import (
	"encoding/binary"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"time"
)

// Router Advertisement options beyond RFC 4861: builders and matchers for
// RFC 4191 (router preference, Route Information) and RFC 8106 (RDNSS,
// DNSSL).

// Preference is a Default Router Preference or a route preference
// (RFC 4191 §2.1), as its two-bit field: 01 high, 00 medium, 11 low,
// 10 reserved.
type Preference uint8

const (
	PrefMedium   Preference = 0
	PrefHigh     Preference = 1
	PrefReserved Preference = 2
	PrefLow      Preference = 3
)

func (p Preference) String() string {
	return [...]string{"medium (00)", "high (01)", "reserved (10)", "low (11)"}[p&3]
}

// RAFlags are the RA flags octet carrying preference p (RFC 4191 §2.2).
func (p Preference) RAFlags() uint8 { return uint8(p&3) << 3 }

// RouteInfo is a Route Information option (RFC 4191 §2.3) of the shortest
// length that holds the prefix: 8 octets for ::/0, 16 up to /64, 24 beyond.
func RouteInfo(prefix netip.Prefix, pref Preference, life time.Duration) Option {
	n := 8
	switch {
	case prefix.Bits() > 64:
		n = 24
	case prefix.Bits() > 0:
		n = 16
	}
	d := make([]byte, n-2)
	d[0] = uint8(prefix.Bits())
	d[1] = uint8(pref&3) << 3
	binary.BigEndian.PutUint32(d[2:], lifetime(life))
	a := prefix.Masked().Addr().As16()
	copy(d[6:], a[:n-8])
	return Option{Type: OptRouteInfo, Data: d}
}

// WithPrefixLength is a Prefix Information or Route Information option
// with its Prefix Length field set to bits, whatever prefix and Length it
// carries: a malformed option for a negative test.
func (o Option) WithPrefixLength(bits uint8) Option {
	if o.Type != OptPrefixInfo && o.Type != OptRouteInfo || len(o.Data) < 1 {
		panic(fmt.Sprintf("packets: an option of type %d has no Prefix Length", o.Type))
	}
	o.Data = append([]byte(nil), o.Data...)
	o.Data[0] = bits
	return o
}

// WithRouteLifetime is a Route Information option with its Route Lifetime
// set to life (0 withdraws the route, RFC 4191 §2.3), the rest unchanged.
func (o Option) WithRouteLifetime(life time.Duration) Option {
	if o.Type != OptRouteInfo || len(o.Data) < 6 {
		panic(fmt.Sprintf("packets: an option of type %d has no Route Lifetime", o.Type))
	}
	o.Data = append([]byte(nil), o.Data...)
	binary.BigEndian.PutUint32(o.Data[2:], lifetime(life))
	return o
}

// DNSSL is a DNS Search List option (RFC 8106 §5.2): the names in DNS wire
// format without compression, padded with zeros.
func DNSSL(life time.Duration, domains ...string) Option {
	d := make([]byte, 6)
	binary.BigEndian.PutUint32(d[2:], lifetime(life))
	for _, name := range domains {
		for _, label := range strings.Split(strings.TrimSuffix(name, "."), ".") {
			d = append(d, uint8(len(label)))
			d = append(d, label...)
		}
		d = append(d, 0)
	}
	return Option{Type: OptDNSSL, Data: d}
}

// RAPreference requires the RA's Default Router Preference (RFC 4191 §2.2).
func (m *Matcher) RAPreference(p Preference) *Matcher {
	return m.Require("Default Router Preference "+p.String(), func(f *Frame) (bool, string) {
		r, ok := f.RAFields()
		if !ok {
			return false, "no Router Advertisement fields"
		}
		got := Preference(r.Flags >> 3 & 3)
		return got == p, got.String()
	})
}

// WithRouteInfo requires a well-formed Route Information option for prefix
// (RFC 4191 §2.3): Length 1 for ::/0 (or more), at least 2 beyond /0 and 3
// beyond /64, the bits after the prefix length zero, with preference pref
// and lifetime life.
func (m *Matcher) WithRouteInfo(prefix netip.Prefix, pref Preference, life time.Duration) *Matcher {
	want := fmt.Sprintf("a Route Information option %s, preference %s, lifetime %v", prefix, pref, life)
	return m.Require(want, func(f *Frame) (bool, string) {
		opts, _ := f.NDOptions()
		var seen []string
		for _, o := range opts {
			if o.Type != OptRouteInfo || len(o.Data) < 6 {
				continue
			}
			bits, l := int(o.Data[0]), int(o.Length)
			var a [16]byte
			copy(a[:], o.Data[6:])
			p := netip.PrefixFrom(netip.AddrFrom16(a), min(bits, 128))
			got := Preference(o.Data[1] >> 3 & 3)
			life2 := time.Duration(binary.BigEndian.Uint32(o.Data[2:])) * time.Second
			desc := fmt.Sprintf("%s (Length %d), preference %s, lifetime %v", p, l, got, life2)
			switch {
			case l < 1 || l > 3 || bits > 128 || bits > 64 && l < 3 || bits > 0 && l < 2:
				desc += ": a Length that cannot hold the prefix"
			case p.Masked() != p:
				desc += ": bits set after the prefix length"
			case p == prefix && got == pref && lifetimeIs(life2, life):
				return true, ""
			}
			seen = append(seen, desc)
		}
		if len(seen) == 0 {
			return false, "none"
		}
		return false, strings.Join(seen, "; ")
	})
}

// WithRDNSS requires a Recursive DNS Server option (RFC 8106 §5.1) listing
// servers with lifetime life (Length 1 + 2 × servers).
func (m *Matcher) WithRDNSS(life time.Duration, servers ...netip.Addr) *Matcher {
	want := fmt.Sprintf("an RDNSS option with %v, lifetime %v", servers, life)
	return m.Require(want, func(f *Frame) (bool, string) {
		opts, _ := f.NDOptions()
		got := "none"
		for _, o := range opts {
			if o.Type != OptRDNSS || len(o.Data) < 6 {
				continue
			}
			var have []netip.Addr
			for off := 6; off+16 <= len(o.Data); off += 16 {
				have = append(have, netip.AddrFrom16([16]byte(o.Data[off:off+16])))
			}
			l := time.Duration(binary.BigEndian.Uint32(o.Data[2:])) * time.Second
			got = fmt.Sprintf("%v, lifetime %v, Length %d", have, l, o.Length)
			if slices.Equal(have, servers) && lifetimeIs(l, life) && int(o.Length) == 1+2*len(servers) {
				return true, ""
			}
		}
		return false, got
	})
}

// WithDNSSL requires a DNS Search List option (RFC 8106 §5.2) with the
// domains, in uncompressed wire format padded with zeros, and lifetime life.
func (m *Matcher) WithDNSSL(life time.Duration, domains ...string) *Matcher {
	want := fmt.Sprintf("a DNSSL option with %v, lifetime %v", domains, life)
	return m.Require(want, func(f *Frame) (bool, string) {
		opts, _ := f.NDOptions()
		got := "none"
		for _, o := range opts {
			if o.Type != OptDNSSL || len(o.Data) < 6 {
				continue
			}
			names, ok := parseDomains(o.Data[6:])
			l := time.Duration(binary.BigEndian.Uint32(o.Data[2:])) * time.Second
			got = fmt.Sprintf("%v, lifetime %v", names, l)
			if !ok {
				got += ", malformed names or padding"
				continue
			}
			if slices.Equal(names, domains) && lifetimeIs(l, life) {
				return true, ""
			}
		}
		return false, got
	})
}

// parseDomains reads uncompressed DNS names followed by zero padding.
func parseDomains(b []byte) ([]string, bool) {
	var out, labels []string
	for len(b) > 0 {
		l := int(b[0])
		switch {
		case l == 0 && len(labels) == 0: // padding: the rest must be zeros
			for _, x := range b {
				if x != 0 {
					return out, false
				}
			}
			return out, true
		case l == 0:
			out, labels = append(out, strings.Join(labels, ".")), nil
			b = b[1:]
		case l > 63 || 1+l > len(b):
			return out, false
		default:
			labels = append(labels, string(b[1:1+l]))
			b = b[1+l:]
		}
	}
	return out, len(labels) == 0
}

func lifetimeIs(got, want time.Duration) bool {
	if want == Infinity {
		return got == time.Duration(0xffffffff)*time.Second
	}
	return got == want
}
