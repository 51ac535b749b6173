package ipv4

import (
	"bytes"
	"encoding/hex"
	"net/netip"
	"testing"

	"github.com/v6ct/v6ct/refnode/counter"
)

var (
	src = netip.MustParseAddr("192.0.2.16")
	dst = netip.MustParseAddr("192.0.2.161")
)

func TestPutGolden(t *testing.T) {
	b := make([]byte, HeaderLen)
	Put(b, 0, 0x1234, true, 64, ProtoIPv6, src, dst, 100)
	// 45 00 0078 1234 4000 40 29 cksum c0000210 c00002a1
	want, _ := hex.DecodeString("45000078123440004029" + "0000" + "c0000210c00002a1")
	if !bytes.Equal(b[:10], want[:10]) || !bytes.Equal(b[12:], want[12:]) {
		t.Fatalf("header %x, want %x (checksum aside)", b, want)
	}
	if Checksum(b) != 0 {
		t.Fatalf("checksum %x does not verify", b[10:12])
	}
	h := Header(b)
	if h.Version() != 4 || h.HeaderLen() != 20 || h.TotalLength() != 120 || h.ID() != 0x1234 || !h.DontFragment() ||
		h.IsFragment() || h.TTL() != 64 || h.Protocol() != ProtoIPv6 || h.Src() != src || h.Dst() != dst {
		t.Fatalf("fields read back wrong from %x", b)
	}
}

func TestChecksumRFC1071(t *testing.T) {
	// RFC 1071 §3's example: the sum of 0001 f203 f4f5 f6f7 is ddf2, so the checksum is 220d.
	if got := Checksum([]byte{0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7}); got != 0x220d {
		t.Fatalf("checksum %#x, want 0x220d", got)
	}
	if got := Checksum([]byte{0xff}); got != 0x00ff {
		t.Fatalf("odd length: %#x, want 0x00ff", got)
	}
}

func TestCheck(t *testing.T) {
	good := func() []byte {
		b := make([]byte, HeaderLen+8, HeaderLen+12)
		Put(b, 0, 1, false, 64, ProtoICMP, src, dst, 8)
		return append(b, 0, 0, 0, 0) // link padding
	}
	cases := []struct {
		name   string
		change func([]byte) []byte
		why    counter.Counter
	}{
		{"valid, padding cut", func(b []byte) []byte { return b }, counter.None},
		{"short", func(b []byte) []byte { return b[:19] }, counter.IPv4TooShort},
		{"version 6", func(b []byte) []byte { b[0] = 0x65; return b }, counter.IPv4BadVersion},
		{"header length 16", func(b []byte) []byte { b[0] = 0x44; return b }, counter.IPv4BadHeaderLength},
		{"total length past the frame", func(b []byte) []byte { b[3] = 200; return b }, counter.IPv4BadTotalLength},
		{"bad checksum", func(b []byte) []byte { b[10] ^= 1; return b }, counter.IPv4BadChecksum},
	}
	for _, c := range cases {
		h, why := Check(c.change(good()))
		if why != c.why {
			t.Errorf("%s: %s, want %s", c.name, why, c.why)
		}
		if why == counter.None && len(h) != HeaderLen+8 {
			t.Errorf("%s: %d octets kept, want %d", c.name, len(h), HeaderLen+8)
		}
	}
}

func TestARPGolden(t *testing.T) {
	b := make([]byte, ARPLen)
	PutARP(b, ARPRequest, [6]byte{0, 0, 0x5e, 0, 0x53, 0x10}, src, [6]byte{}, dst)
	want, _ := hex.DecodeString("0001080006040001" + "00005e005310" + "c0000210" + "000000000000" + "c00002a1")
	if !bytes.Equal(b, want) {
		t.Fatalf("ARP %x, want %x", b, want)
	}
	a, ok := ParseARP(b)
	if !ok || a.Op() != ARPRequest || a.SenderIP() != src || a.TargetIP() != dst || a.SenderMAC() != [6]byte{0, 0, 0x5e, 0, 0x53, 0x10} {
		t.Fatal("ARP read back wrong")
	}
	b[4] = 8 // hardware length
	if _, ok := ParseARP(b); ok {
		t.Fatal("accepted a hardware address length of 8")
	}
}

func TestICMP(t *testing.T) {
	b := make([]byte, 600)
	n := PutEcho(b, ICMPEchoReply, []byte{0, 1, 0, 2, 'h', 'i'})
	if m := ICMP(b[:n]); n != 10 || m.Type() != ICMPEchoReply || !m.ChecksumOK() {
		t.Fatalf("echo reply %x", b[:n])
	}
	invoking := make([]byte, 1000)
	n = PutError(b, ICMPDestUnreachable, CodeFragNeeded, 1400, invoking)
	m := ICMP(b[:n])
	if n != ICMPHeaderLen+MaxQuote || !m.IsError() || m.NextHopMTU() != 1400 || !m.ChecksumOK() || len(m.Quote()) != MaxQuote {
		t.Fatalf("error: %d octets, MTU %d", n, m.NextHopMTU())
	}
}

func TestIsUnicast(t *testing.T) {
	for a, want := range map[string]bool{"192.0.2.1": true, "0.0.0.0": false, "127.0.0.1": false, "224.0.0.1": false,
		"255.255.255.255": false, "240.0.0.1": false, "2001:db8::1": false} {
		if got := IsUnicast(netip.MustParseAddr(a)); got != want {
			t.Errorf("%s: %v, want %v", a, got, want)
		}
	}
}
