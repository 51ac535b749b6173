package icmp6

import (
	"net/netip"
	"testing"

	"github.com/v6ct/v6ct/refnode/counter"
)

// FuzzError: an error built around any invoking packet fits the minimum
// MTU, quotes the packet's start exactly, and checks with its checksum;
// Suppressed answers for any packet.
func FuzzError(f *testing.F) {
	f.Add(uint8(4), uint8(1), uint32(40), make([]byte, 48), false)
	f.Add(uint8(1), uint8(3), uint32(0), make([]byte, 1500), true)
	f.Add(uint8(2), uint8(0), uint32(1280), []byte{0x60}, false)
	src, dst := netip.MustParseAddr("fe80::1"), netip.MustParseAddr("2001:db8::2")
	b := make([]byte, MinMTU)
	f.Fuzz(func(t *testing.T, typ, code uint8, param uint32, invoking []byte, llGroup bool) {
		n := PutError(b, typ, code, param, invoking)
		if n > MinMTU-40 || n < ErrorHeaderLen || string(b[ErrorHeaderLen:n]) != string(invoking[:n-ErrorHeaderLen]) {
			t.Fatalf("%d octets for a quote of %d", n, len(invoking))
		}
		SetChecksum(b[:n], src, dst)
		if !ChecksumOK(b[:n], src, dst) || Error(b[:n]).Param() != param || Message(b[:n]).Type() != typ {
			t.Fatal("error message does not check")
		}
		inv := Invoking{Src: dst, Dst: src, LinkMulticast: llGroup, ICMPType: -1}
		if len(invoking) > 0 {
			inv.ICMPType = int(invoking[0])
		}
		if ok, why := errorAllowed(typ, code, inv); ok == (why != counter.None) {
			t.Fatalf("allowed %v with reason %s", ok, why)
		}
	})
}
