package scope

import (
	"net/netip"
	"testing"
)

// TestScopeOffByOne: rule 2 at the boundary where the smaller scope equals
// the destination's, in both candidate orders, with and without the
// deliberate miscomparison.
func TestScopeOffByOne(t *testing.T) {
	ll := Candidate{Addr: netip.MustParseAddr("fe80::1")}
	gl := Candidate{Addr: netip.MustParseAddr("2001:db8::1")}
	cases := []struct {
		dst   string
		cands []Candidate
		skip  Rules
		want  netip.Addr
	}{
		{"fe80::2", []Candidate{ll, gl}, 0, ll.Addr},
		{"fe80::2", []Candidate{gl, ll}, 0, ll.Addr},
		{"ff02::1", []Candidate{ll, gl}, 0, ll.Addr},
		{"ff05::1", []Candidate{ll, gl}, 0, gl.Addr},
		{"fe80::2", []Candidate{ll, gl}, ScopeOffByOne, gl.Addr},
		{"fe80::2", []Candidate{gl, ll}, ScopeOffByOne, gl.Addr},
		{"ff05::1", []Candidate{ll, gl}, ScopeOffByOne, gl.Addr},
	}
	for _, c := range cases {
		got := c.cands[Select(netip.MustParseAddr(c.dst), c.cands, c.skip)].Addr
		if got != c.want {
			t.Errorf("to %s among %v (skip %b): %s, want %s", c.dst, c.cands, c.skip, got, c.want)
		}
	}
}
