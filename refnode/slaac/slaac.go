// Package slaac holds the pure rules of stateless address autoconfiguration
// (RFC 4862 §5.5.3) that the node applies to the prefixes Neighbor
// Discovery hands it: forming an address from a prefix and an interface
// identifier, modified EUI-64 (RFC 4291 appendix A) or stable and
// semantically opaque (RFC 7217), and the lifetime update with the two-hour
// rule of §5.5.3 (e). The node keeps the addresses, their timers and DAD.
//
// Left out: temporary addresses (RFC 8981), SEND-authenticated RAs (the
// two-hour rule always applies), and the Network_ID input of RFC 7217.
package slaac

import (
	"crypto/sha256"
	"encoding/binary"
	"net/netip"
	"time"

	"github.com/v6ct/v6ct/refnode/nd"
)

// IIDLen is the length of an interface identifier on Ethernet, in bits
// (RFC 4291 §2.5.1; RFC 2464 §4): only prefixes of 128 - IIDLen bits form
// addresses (RFC 4862 §5.5.3 (d)).
const IIDLen = 64

// IdgenRetries is how many times RFC 7217 §6 forms a new stable address
// after DAD found the previous one duplicate (IDGEN_RETRIES).
const IdgenRetries = 3

// Address puts the interface identifier iid behind the first 64 bits of
// prefix. A prefix of another length keeps its first 64 bits all the same:
// the identifier overwrites the rest (the slaac-any-prefix-length fault).
func Address(prefix netip.Prefix, iid [8]byte) netip.Addr {
	a := prefix.Masked().Addr().As16()
	copy(a[8:], iid[:])
	return netip.AddrFrom16(a)
}

// StableIID is the RFC 7217 §5 interface identifier: the first 64 bits of
// SHA-256 over the prefix, the interface name, the DAD counter and the
// secret key. Identifiers RFC 5453 reserves are avoided by counting on.
func StableIID(prefix netip.Prefix, iface string, dadCounter int, secret []byte) [8]byte {
	for {
		h := sha256.New()
		p := prefix.Masked().Addr().As16()
		h.Write(p[:8])
		h.Write([]byte(iface))
		var c [4]byte
		binary.BigEndian.PutUint32(c[:], uint32(dadCounter))
		h.Write(c[:])
		h.Write(secret)
		var iid [8]byte
		copy(iid[:], h.Sum(nil))
		if !reserved(iid) {
			return iid
		}
		dadCounter++
	}
}

// reserved reports the identifiers RFC 5453 §3 reserves: all zeros
// (subnet-router anycast), 0200:5eff:fe00:0 to 0200:5eff:feff:ffff, and the
// subnet anycast block fdff:ffff:ffff:ff80 to fdff:ffff:ffff:ffff.
func reserved(iid [8]byte) bool {
	v := binary.BigEndian.Uint64(iid[:])
	return v == 0 ||
		v >= 0x02005efffe000000 && v <= 0x02005efffeffffff ||
		v >= 0xfdffffffffffff80 && v <= 0xfdffffffffffffff
}

// ValidLifetime applies RFC 4862 §5.5.3 (e) to an address of the prefix
// whose valid lifetime has remaining left, when an (unauthenticated) RA
// advertises received: it returns the address's new remaining valid
// lifetime.
func ValidLifetime(remaining, received time.Duration) time.Duration {
	switch {
	case received > nd.TwoHours || received > remaining:
		return received // 1.
	case remaining <= nd.TwoHours:
		return remaining // 2. ignored
	}
	return nd.TwoHours // 3.
}
