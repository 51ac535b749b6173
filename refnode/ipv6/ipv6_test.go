package ipv6

import (
	"net"
	"net/netip"
	"testing"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
)

var (
	src = netip.MustParseAddr("fe80::200:ff:fe00:a0a0")
	dst = netip.MustParseAddr("fe80::200:ff:fe00:100")
)

func TestHeaderViews(t *testing.T) {
	ip := &layers.IPv6{Version: 6, TrafficClass: 0xa5, FlowLabel: 0xbcdef, NextHeader: 58, HopLimit: 64,
		SrcIP: net.IP(src.AsSlice()), DstIP: net.IP(dst.AsSlice())}
	buf := gopacket.NewSerializeBuffer()
	if err := gopacket.SerializeLayers(buf, gopacket.SerializeOptions{FixLengths: true}, ip, gopacket.Payload(make([]byte, 12))); err != nil {
		t.Fatal(err)
	}
	h := Header(buf.Bytes())
	if h.Version() != 6 || h.TrafficClass() != 0xa5 || h.FlowLabel() != 0xbcdef || h.PayloadLength() != 12 ||
		h.NextHeader() != 58 || h.HopLimit() != 64 || h.Src() != src || h.Dst() != dst || len(h.Payload()) != 12 {
		t.Fatalf("views disagree with gopacket: %x", []byte(h))
	}
	var b [HeaderLen]byte
	Put(b[:], 0xa5, 0xbcdef, 12, 58, 64, src, dst)
	if string(b[:]) != string(h[:HeaderLen]) {
		t.Fatalf("Put = %x, gopacket = %x", b, h[:HeaderLen])
	}
}

func TestOffsets(t *testing.T) {
	// Changing the octet at each offset must change exactly that field.
	cases := []struct {
		name string
		off  int
		get  func(Header) uint64
	}{
		{"payload length", OffPayloadLength, func(h Header) uint64 { return uint64(h.PayloadLength()) }},
		{"next header", OffNextHeader, func(h Header) uint64 { return uint64(h.NextHeader()) }},
		{"hop limit", OffHopLimit, func(h Header) uint64 { return uint64(h.HopLimit()) }},
		{"source", OffSrc + 15, func(h Header) uint64 { return uint64(h.Src().As16()[15]) }},
		{"destination", OffDst, func(h Header) uint64 { return uint64(h.Dst().As16()[0]) }},
		{"version", OffVersion, func(h Header) uint64 { return uint64(h.Version()) }},
		{"flow label", OffFlowLabel + 2, func(h Header) uint64 { return uint64(h.FlowLabel()) }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var b [HeaderLen]byte
			Put(b[:], 0, 0, 0, 0, 0, src, dst)
			before := c.get(b[:])
			b[c.off] ^= 0xff
			if c.get(b[:]) == before {
				t.Fatalf("octet %d does not hold %s", c.off, c.name)
			}
		})
	}
}

func TestAddressDerivation(t *testing.T) {
	mac := [6]byte{0, 0, 0, 0, 1, 0}
	if got, want := LinkLocal(InterfaceID(mac)), netip.MustParseAddr("fe80::200:ff:fe00:100"); got != want {
		t.Errorf("link-local = %s, want %s", got, want)
	}
	cases := []struct{ addr, group string }{
		{"fe80::200:ff:fe00:100", "ff02::1:ff00:100"},
		{"2001:db8:1::200:ff:fe00:100", "ff02::1:ff00:100"},
		{"2001:db8::1234:5678", "ff02::1:ff34:5678"},
	}
	for _, c := range cases {
		g := SolicitedNode(netip.MustParseAddr(c.addr))
		if g.String() != c.group || !IsSolicitedNode(g) {
			t.Errorf("solicited-node(%s) = %s, want %s", c.addr, g, c.group)
		}
	}
	if IsSolicitedNode(AllNodes) {
		t.Error("ff02::1 taken for a solicited-node group")
	}
	if m := MulticastMAC(netip.MustParseAddr("ff02::1:ff00:100")); m != [6]byte{0x33, 0x33, 0xff, 0, 1, 0} {
		t.Errorf("multicast MAC = %x", m)
	}
	id := InterfaceID([6]byte{0x02, 0x11, 0x22, 0x33, 0x44, 0x55})
	if id != [8]byte{0x00, 0x11, 0x22, 0xff, 0xfe, 0x33, 0x44, 0x55} {
		t.Errorf("locally administered MAC: id = %x", id)
	}
}

func TestScope(t *testing.T) {
	cases := map[string]uint8{
		"ff02::1": ScopeLinkLocal, "ff01::1": ScopeInterfaceLocal, "ff05::2": ScopeSiteLocal, "ff0e::1": ScopeGlobal,
		"fe80::1": ScopeLinkLocal, "::1": ScopeLinkLocal, "2001:db8::1": ScopeGlobal, "fd00::1": ScopeGlobal,
	}
	for a, want := range cases {
		if got := Scope(netip.MustParseAddr(a)); got != want {
			t.Errorf("Scope(%s) = %d, want %d", a, got, want)
		}
	}
	if !IsLoopback(Loopback) || IsLoopback(src) || !IsUnspecified(Unspecified) || !IsMulticast(AllNodes) || IsMulticast(src) {
		t.Error("address predicates")
	}
}

func TestChecksum(t *testing.T) {
	// Echo Request id 0x1234 seq 1, data "abc" (odd length), fe80::200:ff:fe00:a0a0 -> fe80::200:ff:fe00:100.
	msg := []byte{128, 0, 0, 0, 0x12, 0x34, 0x00, 0x01, 'a', 'b', 'c'}
	sum := Checksum(src, dst, ProtoICMPv6, msg)
	const golden = 0x0880
	if sum != golden {
		t.Errorf("checksum = %#04x, want %#04x", sum, golden)
	}
	// gopacket agrees.
	ip := &layers.IPv6{Version: 6, NextHeader: layers.IPProtocolICMPv6, HopLimit: 64, SrcIP: net.IP(src.AsSlice()), DstIP: net.IP(dst.AsSlice())}
	ic := &layers.ICMPv6{TypeCode: layers.CreateICMPv6TypeCode(128, 0)}
	ic.SetNetworkLayerForChecksum(ip)
	buf := gopacket.NewSerializeBuffer()
	err := gopacket.SerializeLayers(buf, gopacket.SerializeOptions{ComputeChecksums: true, FixLengths: true},
		ip, ic, &layers.ICMPv6Echo{Identifier: 0x1234, SeqNumber: 1}, gopacket.Payload("abc"))
	if err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()[HeaderLen:]
	if got := uint16(b[2])<<8 | uint16(b[3]); got != sum {
		t.Errorf("gopacket computes %#04x, we %#04x", got, sum)
	}
	msg[2], msg[3] = byte(sum>>8), byte(sum)
	if Checksum(src, dst, ProtoICMPv6, msg) != 0 {
		t.Error("a filled-in checksum does not verify")
	}
}

func BenchmarkChecksum(b *testing.B) {
	msg := make([]byte, 1232)
	b.ReportAllocs()
	for b.Loop() {
		Checksum(src, dst, ProtoICMPv6, msg)
	}
}
