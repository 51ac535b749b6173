package exthdr

import (
	"net/netip"
	"testing"

	"github.com/v6ct/v6ct/refnode/counter"
	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/ipv6"
)

var (
	src = netip.MustParseAddr("fe80::1")
	dst = netip.MustParseAddr("fe80::2")
)

// pkt builds an IPv6 packet with next in its header and the given octets.
func pkt(next uint8, payload ...byte) []byte {
	b := make([]byte, ipv6.HeaderLen, ipv6.HeaderLen+len(payload))
	ipv6.Put(b, 0, 0, uint16(len(payload)), next, 64, src, dst)
	return append(b, payload...)
}

func TestWalk(t *testing.T) {
	cases := []struct {
		name string
		p    []byte
		mc   bool
		fs   []faults.Fault
		want Result
	}{
		{"upper layer at once", pkt(58, 128, 0, 0, 0), false, nil, Result{Verdict: Upper, Next: 58, Off: 40, Field: 6}},
		{"behind HBH and DO", pkt(0, 60, 0, 1, 4, 0, 0, 0, 0, 17, 0, 1, 4, 0, 0, 0, 0), false, nil, Result{Verdict: Upper, Next: 17, Off: 56, Field: 48}},
		{"no next header", pkt(60, 59, 0, 1, 4, 0, 0, 0, 0), false, nil, Result{Verdict: NoNext, Off: 48, Field: 40, Reason: counter.IPv6NoNextHeader}},
		{"fragment", pkt(0, 44, 0, 1, 4, 0, 0, 0, 0, 58, 0, 0, 1, 0, 0, 0, 1), false, nil, Result{Verdict: AtFragment, Next: 44, Off: 48, Field: 40}},
		{"HBH second", pkt(60, 0, 0, 1, 4, 0, 0, 0, 0, 58, 0, 1, 4, 0, 0, 0, 0), false, nil, problem(1, 40, counter.ExtHdrHBHNotFirst)},
		{"HBH second, faulty", pkt(60, 0, 0, 1, 4, 0, 0, 0, 0, 58, 0, 1, 4, 0, 0, 0, 0), false, []faults.Fault{faults.HBHAnywhere}, Result{Verdict: Upper, Next: 58, Off: 56, Field: 48}},
		{"RH SL 0", pkt(43, 58, 0, 33, 0, 0, 0, 0, 0), false, nil, Result{Verdict: Upper, Next: 58, Off: 48, Field: 40}},
		{"RH SL 1", pkt(43, 58, 0, 33, 1, 0, 0, 0, 0), false, nil, problem(0, 42, counter.ExtHdrRoutingTypeUnknown)},
		{"option 11 to multicast", pkt(60, 58, 0, 0xc0, 4, 0, 0, 0, 0), true, nil, Result{Verdict: Discard, Reason: counter.ExtHdrOption11Discarded}},
		{"option order last", pkt(60, 58, 0, 0x80, 0, 0xc0, 0, 0, 0), false, []faults.Fault{faults.OptionOrderLast}, problem(2, 44, counter.ExtHdrOption11Discarded)},
		{"option type in the last octet", pkt(60, 58, 0, 1, 3, 0, 0, 0, 0xc0), false, nil, problem(0, 47, counter.ExtHdrOptionTruncated)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fs := faults.Set{}
			for _, f := range c.fs {
				fs[f] = true
			}
			h := ipv6.Header(c.p)
			if got := Walk(c.p, ipv6.HeaderLen, h.NextHeader(), ipv6.OffNextHeader, c.mc, fs); got != c.want {
				t.Errorf("got %+v, want %+v", got, c.want)
			}
		})
	}
}

func TestChainAndUpperLayer(t *testing.T) {
	first := pkt(44, 60, 0, 0, 1, 0, 0, 0, 7, 58, 1, 1, 4, 0, 0, 0, 0) // DO says 16 octets, has 8
	if ChainComplete(first, 48, 60) {
		t.Error("a DO header cut short is a complete chain")
	}
	whole := pkt(44, 60, 0, 0, 1, 0, 0, 0, 7, 58, 0, 1, 4, 0, 0, 0, 0, 128, 0, 0, 0)
	if !ChainComplete(whole, 48, 60) {
		t.Error("complete chain refused")
	}
	if ChainComplete(whole[:len(whole)-1], 48, 60) {
		t.Error("3 octets of ICMPv6 header accepted")
	}
	if next, off, ok := UpperLayer(whole); !ok || next != 58 || off != 56 {
		t.Errorf("upper layer %d at %d (%v)", next, off, ok)
	}
	later := pkt(44, 58, 0, 0, 9, 0, 0, 0, 7, 1, 0, 0, 0)
	if _, _, ok := UpperLayer(later); ok {
		t.Error("upper layer found in a later fragment")
	}
}

func TestUnfragmentable(t *testing.T) {
	cases := []struct {
		name          string
		p             []byte
		length, field int
	}{
		{"bare", pkt(58, 128, 0, 0, 0), 40, 6},
		{"HBH", pkt(0, 58, 0, 1, 4, 0, 0, 0, 0), 48, 40},
		{"HBH DO", pkt(0, 60, 0, 1, 4, 0, 0, 0, 0, 58, 0, 1, 4, 0, 0, 0, 0), 48, 40},
		{"HBH DO RH DO", pkt(0, 60, 0, 1, 4, 0, 0, 0, 0, 43, 0, 1, 4, 0, 0, 0, 0, 60, 0, 0, 0, 0, 0, 0, 0, 58, 0, 1, 4, 0, 0, 0, 0), 64, 56},
	}
	for _, c := range cases {
		if l, f := Unfragmentable(c.p); l != c.length || f != c.field {
			t.Errorf("%s: %d, %d; want %d, %d", c.name, l, f, c.length, c.field)
		}
	}
}

func TestFragmentView(t *testing.T) {
	var b [8]byte
	PutFragment(b[:], 58, 1448, true, 0xdeadbeef)
	f := Fragment(b[:])
	if f.NextHeader() != 58 || f.Offset() != 1448 || !f.More() || f.Identification() != 0xdeadbeef || f.Atomic() {
		t.Fatalf("fragment %x", b)
	}
	PutFragment(b[:], 58, 0, false, 1)
	if !Fragment(b[:]).Atomic() {
		t.Fatal("atomic")
	}
}

// FuzzWalk: no input makes the walk, the chain checks or the
// Unfragmentable Part read outside the packet, and every offset they return
// lies inside it.
func FuzzWalk(f *testing.F) {
	f.Add(pkt(0, 60, 0, 1, 4, 0, 0, 0, 0, 44, 0, 0x80, 2, 0, 0, 1, 0, 58, 0, 0, 1, 0, 0, 0, 1, 128, 0, 0, 0), false)
	f.Add(pkt(43, 58, 2, 0, 1, 0, 0, 0, 0), true)
	f.Add(pkt(60, 58, 0, 0, 1), false)
	f.Fuzz(func(t *testing.T, p []byte, mc bool) {
		if len(p) < ipv6.HeaderLen {
			return
		}
		for _, fs := range []faults.Set{{}, {faults.OptionOrderLast: true, faults.HBHAnywhere: true}} {
			r := Walk(p, ipv6.HeaderLen, p[6], ipv6.OffNextHeader, mc, fs)
			if r.Verdict == 0 || r.Off > len(p) || r.Field >= len(p) || r.Pointer >= len(p) && r.Verdict == Problem {
				t.Fatalf("result %+v for %d octets", r, len(p))
			}
			if r.Verdict == AtFragment && r.Off+FragmentLen > len(p) {
				t.Fatalf("fragment header past the end: %+v", r)
			}
		}
		ChainComplete(p, ipv6.HeaderLen, p[6])
		if _, off, ok := UpperLayer(p); ok && off > len(p) {
			t.Fatalf("upper layer at %d of %d", off, len(p))
		}
		if l, field := Unfragmentable(p); l > len(p) || field >= len(p) {
			t.Fatalf("unfragmentable %d of %d", l, len(p))
		}
	})
}
