package udp

import (
	"net"
	"net/netip"
	"testing"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
)

var (
	src = netip.MustParseAddr("2001:db8::1")
	dst = netip.MustParseAddr("2001:db8::2")
)

func TestPutAgreesWithGopacket(t *testing.T) {
	b := make([]byte, 64)
	n := Put(b, src, dst, 5000, 7, []byte("hello"))
	d := Datagram(b[:n])
	if d.SrcPort() != 5000 || d.DstPort() != 7 || d.Length() != 13 || string(d.Payload()) != "hello" || !ChecksumOK(d, src, dst) {
		t.Fatalf("datagram %x", b[:n])
	}
	ip := &layers.IPv6{Version: 6, NextHeader: layers.IPProtocolUDP, HopLimit: 64, SrcIP: net.IP(src.AsSlice()), DstIP: net.IP(dst.AsSlice())}
	u := &layers.UDP{SrcPort: 5000, DstPort: 7}
	u.SetNetworkLayerForChecksum(ip)
	buf := gopacket.NewSerializeBuffer()
	if err := gopacket.SerializeLayers(buf, gopacket.SerializeOptions{ComputeChecksums: true, FixLengths: true}, u, gopacket.Payload("hello")); err != nil {
		t.Fatal(err)
	}
	if string(buf.Bytes()) != string(b[:n]) {
		t.Fatalf("gopacket %x, we %x", buf.Bytes(), b[:n])
	}
	b[6], b[7] = 0, 0
	if ChecksumOK(Datagram(b[:n]), src, dst) {
		t.Fatal("zero checksum accepted")
	}
}
