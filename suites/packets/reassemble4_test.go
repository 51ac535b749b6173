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
	pkt := IPv4Sized(src, dst, 63, false, 9, 1400)
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
		if !IPv4Forwarded(IPv4Echo(src, dst, 64, false, 9, make([]byte, 1372))).FitsMTU(1020).Match(f) {
			t.Errorf("order %v: not the forwarded packet in fragments of at most 1020", order)
		}
		if IPv4Forwarded(pkt).FitsMTU(1000).Match(f) {
			t.Errorf("order %v: fragments of %v fit 1000", order, f.PieceSizes)
		}
	}
	if rs := Reassemble([]*Frame{Decode(frags[1])}); len(rs) != 0 {
		t.Errorf("reassembled %d datagrams from the last fragment alone", len(rs))
	}
	whole := Decode(EtherIPv4(mac, mac, IPv4Sized(src, dst, 63, false, 9, 128)))
	fits := func(mtu int) bool {
		return IPv4Forwarded(IPv4Sized(src, dst, 64, false, 9, 128)).FitsMTU(mtu).Match(whole)
	}
	if !fits(200) || fits(100) {
		t.Errorf("a whole IPv4 packet of 128 octets: fits 200 %v, fits 100 %v", fits(200), fits(100))
	}
}
