package scope

import (
	"net/netip"
	"testing"
)

func TestSelect(t *testing.T) {
	a := netip.MustParseAddr
	ll := Candidate{Addr: a("fe80::1")}
	global := Candidate{Addr: a("2001:db8:1::1")}
	cases := []struct {
		name  string
		dst   string
		cands []Candidate
		skip  Rules
		want  string
	}{
		{"rule 1: the destination itself", "2001:db8:1::1", []Candidate{{Addr: a("2001:db8:1::2")}, global}, 0, "2001:db8:1::1"},
		{"rule 2: link-local for a link-local destination", "fe80::9", []Candidate{global, ll}, 0, "fe80::1"},
		{"rule 2: global for a global destination", "2001:db8:5::9", []Candidate{ll, global}, 0, "2001:db8:1::1"},
		{"rule 2: global for a global multicast group", "ff0e::101", []Candidate{ll, global}, 0, "2001:db8:1::1"},
		{"rule 2: link-local for a link-local group", "ff02::1", []Candidate{global, ll}, 0, "fe80::1"},
		{"rule 2 left out", "fe80::9", []Candidate{global, ll}, SkipScope | SkipLongestPrefix, "2001:db8:1::1"},
		{"rule 3: avoid deprecated", "3fff:4::99", []Candidate{global, {Addr: a("3fff:4::1"), Deprecated: true}}, 0, "2001:db8:1::1"},
		{"rule 3 left out", "3fff:4::99", []Candidate{global, {Addr: a("3fff:4::1"), Deprecated: true}}, SkipDeprecated, "3fff:4::1"},
		{"rule 6: matching label over a longer prefix", "2001:2::99", []Candidate{{Addr: a("2001:0:3::1")}, global}, 0, "2001:db8:1::1"},
		{"rule 6 left out", "2001:2::99", []Candidate{global, {Addr: a("2001:0:3::1")}}, SkipLabel, "2001:0:3::1"},
		{"rule 6: ULA for a ULA destination", "fd00:9::1", []Candidate{global, {Addr: a("fd00:3::1")}}, 0, "fd00:3::1"},
		{"rule 8: longest matching prefix", "3fff:3::99", []Candidate{global, {Addr: a("3fff:3::1")}}, 0, "3fff:3::1"},
		{"rule 8 left out: the first", "3fff:3::99", []Candidate{global, {Addr: a("3fff:3::1")}}, SkipLongestPrefix, "2001:db8:1::1"},
	}
	for _, c := range cases {
		i := Select(a(c.dst), c.cands, c.skip)
		if i < 0 || c.cands[i].Addr.String() != c.want {
			t.Errorf("%s: got index %d, want %s", c.name, i, c.want)
		}
	}
	if Select(a("::1"), nil, 0) != -1 {
		t.Error("no candidates: want -1")
	}
}

func TestCommonPrefixLen(t *testing.T) {
	a := netip.MustParseAddr
	for _, c := range []struct {
		x, y string
		want int
	}{
		{"2001:db8::1", "2001:db8::2", 64},
		{"2001:2::99", "2001:0:3::1", 30},
		{"2001:2::99", "2001:db8:1::1", 20},
		{"fe80::1", "2001::1", 0},
	} {
		if got := CommonPrefixLen(a(c.x), a(c.y)); got != c.want {
			t.Errorf("%s %s: %d, want %d", c.x, c.y, got, c.want)
		}
	}
}
