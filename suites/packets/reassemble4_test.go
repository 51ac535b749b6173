package packets

import (
	"bytes"
	"fmt"
	"net"
	"net/netip"
	"testing"
)

// The tester puts IPv4 fragments the node sent back together, whatever
// their order, and FitsMTU judges the fragment sizes; a datagram missing
// a piece is not reassembled.
func TestReassembleIPv4(t *testing.T) {
	mac := net.HardwareAddr{2, 0, 0, 0, 0, 1}
	src, dst := netip.MustParseAddr("192.0.2.1"), netip.MustParseAddr("192.0.2.2")
	pkt := IPv4Sized(src, dst, 63, DFClear, 9, 1400)
	frags := IPv4Fragments(EtherIPv4(mac, mac, pkt), 1000)
	for _, order := range [][]int{{0, 1}, {1, 0}} {
		var fs []*Frame
		for _, i := range order {
			fs = append(fs, Decode(frags[i]))
		}
		rs := Reassemble(fs)
		if len(rs) != 1 {
			t.Fatalf("order %v: %d datagrams", order, len(rs))
		}
		f := rs[0].Frame
		if !bytes.Equal(f.IPv4(), pkt) || fmt.Sprint(f.PieceSizes) != "[1020 400]" {
			t.Fatalf("order %v: %x from %v", order, f.IPv4(), f.PieceSizes)
		}
		if !IPv4Forwarded(IPv4Echo(src, dst, 64, DFClear, 9, make([]byte, 1372))).FitsMTU(1020).Match(f) {
			t.Errorf("order %v: not the forwarded packet in fragments of at most 1020", order)
		}
		if IPv4Forwarded(pkt).FitsMTU(1000).Match(f) {
			t.Errorf("order %v: fragments of %v fit 1000", order, f.PieceSizes)
		}
	}
	if rs := Reassemble([]*Frame{Decode(frags[1])}); len(rs) != 0 {
		t.Errorf("reassembled %d datagrams from the last fragment alone", len(rs))
	}
	whole := Decode(EtherIPv4(mac, mac, IPv4Sized(src, dst, 63, DFClear, 9, 128)))
	fits := func(mtu int) bool {
		return IPv4Forwarded(IPv4Sized(src, dst, 64, DFClear, 9, 128)).FitsMTU(mtu).Match(whole)
	}
	if !fits(200) || fits(100) {
		t.Errorf("a whole IPv4 packet of 128 octets: fits 200 %v, fits 100 %v", fits(200), fits(100))
	}
}

// An IPv4 datagram an entry point cut into fragments before it
// encapsulated them, one per tunnel packet (4in4 and 4in6), is judged
// whole inside the first tunnel packet; InnerWhole tells it from one
// tunnel packet carrying the whole datagram.
func TestReassembleInnerIPv4(t *testing.T) {
	mac := net.HardwareAddr{2, 0, 0, 0, 0, 1}
	src, dst := netip.MustParseAddr("192.0.2.1"), netip.MustParseAddr("203.0.113.129")
	o4src, o4dst := netip.MustParseAddr("192.0.2.16"), netip.MustParseAddr("192.0.2.161")
	o6src, o6dst := netip.MustParseAddr("2001:db8:1::10"), netip.MustParseAddr("2001:db8:1::a1")
	req := IPv4Sized(src, dst, 64, DFClear, 9, 1500)
	fwd := IPv4Sized(src, dst, 63, DFClear, 9, 1500)
	frags := IPv4Fragments(EtherIPv4(mac, mac, fwd), 1456)
	for _, tc := range []struct {
		name  string
		wrap  func(inner []byte) []byte
		outer func(*Matcher) *Matcher
		sizes string
		mtu   int
	}{
		{"4in4", func(inner []byte) []byte { return Encap4Raw(mac, mac, o4src, o4dst, ProtoIPv4, inner) },
			func(m *Matcher) *Matcher { return IPv4InIPv4(o4src, o4dst, m) }, "[1496 64]", 1500},
		{"4in6", func(inner []byte) []byte { return Encap6Raw(mac, mac, o6src, o6dst, -1, ProtoIPv4, inner).Bytes() },
			func(m *Matcher) *Matcher { return IPv4InIPv6(o6src, o6dst, m) }, "[1516 84]", 1516},
	} {
		var fs []*Frame
		for _, fr := range []int{1, 0} {
			fs = append(fs, Decode(tc.wrap(frags[fr][14:])))
		}
		rs := Reassemble(fs)
		if len(rs) != 1 {
			t.Fatalf("%s: %d datagrams", tc.name, len(rs))
		}
		f := rs[0].Frame
		if f.InnerPieces != 2 || fmt.Sprint(f.PieceSizes) != tc.sizes {
			t.Fatalf("%s: %d inner pieces, sizes %v", tc.name, f.InnerPieces, f.PieceSizes)
		}
		if m := tc.outer(IPv4Forwarded(req)).FitsMTU(tc.mtu); !m.Match(f) {
			t.Errorf("%s: not the forwarded datagram in tunnel packets of at most %d: candidate %v, %v", tc.name, tc.mtu, m.IsCandidate(f), m.Misses(f))
		}
		if tc.outer(IPv4Forwarded(req)).InnerWhole().Match(f) {
			t.Errorf("%s: InnerWhole took inner fragments", tc.name)
		}
		whole := Decode(tc.wrap(fwd))
		if !tc.outer(IPv4Forwarded(req)).InnerWhole().Match(whole) {
			t.Errorf("%s: InnerWhole refused a whole inner packet", tc.name)
		}
	}
}
