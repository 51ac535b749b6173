package packets

import (
	"bytes"
	"encoding/hex"
	"net"
	"net/netip"
	"testing"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
)

// Computed independently: Hop-by-Hop padded with PadN, Destination Options
// with an unknown option, a routing header with one segment left, an atomic
// Fragment header, and an Echo Request whose checksum covers the routing
// header's final destination (RFC 8200 §8.1), not the first hop.
const goldenChain = "00005e00531000005e00538186dd60000000003a0040fe8000000000000002005efffe005381" +
	"fe8000000000000002005efffe0053103c000100010200002b009e04000000002c02210100000000" +
	"fe8000000000000002005efffe0053993a000000000000078000b531000100026869"

func TestExtensionHeaderChainGoldenBytes(t *testing.T) {
	final := netip.MustParseAddr("fe80::200:5eff:fe00:5399")
	p := EchoRequest(tn1MAC, nutMAC, LinkLocal(tn1MAC), LinkLocal(nutMAC), 1, 2, []byte("hi"))
	p.Ext = []ExtHeader{
		HopByHop(PadN(2)),
		DestOpts(UnknownOption(0x9e, 4)),
		Routing(33, 1, final),
		FragmentHeader(0, false, 7),
	}
	if got := hex.EncodeToString(p.Bytes()); got != goldenChain {
		t.Fatalf("chain bytes\n got %s\nwant %s", got, goldenChain)
	}
	if off := p.OptionOffset(1, 0); off != 40+8+2 {
		t.Errorf("option offset %d, want 50", off)
	}
	if off := p.ExtOffset(2); off != 56 {
		t.Errorf("routing header at %d, want 56", off)
	}
	if off := p.UpperOffset(); off != 40+8+8+24+8 {
		t.Errorf("upper layer at %d", off)
	}
	f := Decode(p.Bytes())
	if f.Proto != ProtoICMPv6 || f.UpperOff != p.UpperOffset() {
		t.Fatalf("decoder walked to proto %d at %d", f.Proto, f.UpperOff)
	}
}

func TestOptionPadding(t *testing.T) {
	cases := []struct {
		name string
		opts []Opt
		want string // body after Next Header and Hdr Ext Len
	}{
		{"nothing: PadN of 6", nil, "010400000000"},
		{"Pad1 then PadN of 5", []Opt{Pad1()}, "000103000000"},
		{"5 octets used: Pad1 ends it", []Opt{UnknownOption(0x1e, 3)}, "1e0300000000"},
		{"exactly 6 octets", []Opt{UnknownOption(0x1e, 4)}, "1e0400000000"},
		{"router alert and PadN of 2", []Opt{RouterAlert()}, "050200000100"},
	}
	for _, c := range cases {
		h := DestOpts(c.opts...)
		if (2+len(h.Body))%8 != 0 {
			t.Errorf("%s: header of %d octets", c.name, 2+len(h.Body))
			continue
		}
		if got := hex.EncodeToString(h.Body); got != c.want {
			t.Errorf("%s: body %s, want %s", c.name, got, c.want)
		}
	}
}

// Without extension headers our checksum is the one gopacket computes.
func TestICMPChecksumAgreesWithGopacket(t *testing.T) {
	p := EchoRequest(tn1MAC, nutMAC, LinkLocal(tn1MAC), LinkLocal(nutMAC), 0x1234, 9, []byte("odd length."))
	ip := &layers.IPv6{Version: 6, NextHeader: layers.IPProtocolICMPv6, HopLimit: 64,
		SrcIP: net.IP(p.Src.AsSlice()), DstIP: net.IP(p.Dst.AsSlice())}
	ic := &layers.ICMPv6{TypeCode: layers.CreateICMPv6TypeCode(TypeEchoRequest, 0)}
	ic.SetNetworkLayerForChecksum(ip)
	buf := gopacket.NewSerializeBuffer()
	if err := gopacket.SerializeLayers(buf, gopacket.SerializeOptions{FixLengths: true, ComputeChecksums: true},
		ip, ic, gopacket.Payload(p.ICMP.Body)); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), p.IPv6Bytes()) {
		t.Fatalf("gopacket %x\n     ours %x", buf.Bytes(), p.IPv6Bytes())
	}
}

func TestFragmentsReassembleToTheWhole(t *testing.T) {
	p := EchoRequest(tn1MAC, nutMAC, LinkLocal(tn1MAC), LinkLocal(nutMAC), 1, 1, bytes.Repeat([]byte{0xab}, 1452))
	p.Ext = []ExtHeader{HopByHop(), DestOpts()}
	whole := p.IPv6Bytes()
	frags := p.Fragments(0xfeed, 512, 512)
	if len(frags) != 3 {
		t.Fatalf("%d fragments", len(frags))
	}
	var rebuilt []byte
	for i, f := range frags {
		b := f.IPv6Bytes()
		if b[40] != ProtoFragment {
			t.Fatalf("fragment %d: Hop-by-Hop should be followed by the Fragment header, got %d", i, b[40])
		}
		fh := b[48:56]
		if fh[0] != ProtoDestOpts {
			t.Fatalf("fragment %d: fragment header names %d", i, fh[0])
		}
		off := int(fh[2])<<8 | int(fh[3])&^7
		more := fh[3]&1 == 1
		if off != len(rebuilt) || more != (i < 2) {
			t.Fatalf("fragment %d: offset %d more %v, have %d octets", i, off, more, len(rebuilt))
		}
		rebuilt = append(rebuilt, b[56:]...)
	}
	if !bytes.Equal(rebuilt, whole[48:]) {
		t.Fatal("the fragments do not add up to the packet")
	}
}

func TestUDPChecksum(t *testing.T) {
	p := UDPDatagram(tn1MAC, nutMAC, LinkLocal(tn1MAC), LinkLocal(nutMAC), 4000, 33434, []byte("x"))
	b := p.IPv6Bytes()
	if UpperChecksum(p.Src, p.Dst, ProtoUDP, b[40:]) != 0 {
		t.Fatal("bad UDP checksum")
	}
	p.UDP.ZeroChecksum = true
	if b := p.IPv6Bytes(); b[46] != 0 || b[47] != 0 {
		t.Fatal("ZeroChecksum did not send 0")
	}
}

func TestTesterReassemblesTheNodesFragments(t *testing.T) {
	p := EchoRequest(nutMAC, tn1MAC, LinkLocal(nutMAC), LinkLocal(tn1MAC), 1, 1, bytes.Repeat([]byte{7}, 1400))
	p.Ext = []ExtHeader{HopByHop()}
	frags := p.Fragments(42, 600, 400)
	var fs []*Frame
	for i := len(frags) - 1; i >= 0; i-- { // in reverse, with noise between
		fs = append(fs, Decode(frags[i].Bytes()), Decode(EchoRequest(tn1MAC, nutMAC, LinkLocal(tn1MAC), AllNodes, 1, 1, nil).Bytes()))
	}
	got := Reassemble(fs)
	if len(got) != 1 || len(got[0].Pieces) != 3 {
		t.Fatalf("reassembled %d datagrams", len(got))
	}
	if !bytes.Equal(got[0].IPv6, p.IPv6Bytes()) {
		t.Fatalf("reassembled %x\n    whole %x", got[0].IPv6[:60], p.IPv6Bytes()[:60])
	}
	if !got[0].ChecksumOK || got[0].ICMPType != TypeEchoRequest {
		t.Fatal("the reassembled datagram does not decode as the Echo Request")
	}
	if len(Reassemble(fs[:4])) != 0 {
		t.Fatal("an incomplete datagram was reassembled")
	}
}
