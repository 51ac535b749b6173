package slaac

import (
	"net/netip"
	"testing"
	"time"
)

// TestValidLifetime follows RFC 4862 §5.5.3 (e) and its examples.
func TestValidLifetime(t *testing.T) {
	const h = time.Hour
	cases := []struct {
		name                string
		remaining, received time.Duration
		want                time.Duration
	}{
		{"1. longer than two hours", 30 * time.Minute, 3 * h, 3 * h},
		{"1. longer than what remains", 30 * time.Minute, h, h},
		{"2. remaining at most two hours: ignored", 90 * time.Minute, time.Minute, 90 * time.Minute},
		{"2. remaining exactly two hours", 2 * h, 0, 2 * h},
		{"3. cut to two hours", 10 * h, time.Minute, 2 * h},
		{"3. zero cut to two hours", 10 * h, 0, 2 * h},
	}
	for _, c := range cases {
		if got := ValidLifetime(c.remaining, c.received); got != c.want {
			t.Errorf("%s: %v", c.name, got)
		}
	}
}

func TestAddress(t *testing.T) {
	iid := [8]byte{2, 0, 0, 0xff, 0xfe, 0, 1, 0}
	if got := Address(netip.MustParsePrefix("2001:db8:5::/64"), iid); got.String() != "2001:db8:5:0:200:ff:fe00:100" {
		t.Error(got)
	}
}

// TestStableIID: stable for the same inputs, different across prefixes and
// DAD attempts (RFC 7217 §5), never a reserved identifier (RFC 5453).
func TestStableIID(t *testing.T) {
	p1, p2 := netip.MustParsePrefix("2001:db8:1::/64"), netip.MustParsePrefix("2001:db8:2::/64")
	secret := []byte("v6ct secret")
	a := StableIID(p1, "v6l0", 0, secret)
	if a != StableIID(p1, "v6l0", 0, secret) {
		t.Error("not stable")
	}
	for _, b := range [][8]byte{StableIID(p2, "v6l0", 0, secret), StableIID(p1, "v6l0", 1, secret),
		StableIID(p1, "v6l1", 0, secret), StableIID(p1, "v6l0", 0, []byte("other"))} {
		if a == b {
			t.Error("the identifier does not depend on every input")
		}
	}
	if reserved(a) || !reserved([8]byte{}) || !reserved([8]byte{0x02, 0, 0x5e, 0xff, 0xfe, 0, 0x52, 0x13}) ||
		!reserved([8]byte{0xfd, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x80}) {
		t.Error("reserved identifiers")
	}
}
