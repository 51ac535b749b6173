package packets

import (
	"encoding/hex"
	"net"
	"net/netip"
	"strings"
	"testing"
)

var (
	tn1MAC = net.HardwareAddr{0x00, 0x00, 0x5e, 0x00, 0x53, 0x81}
	nutMAC = net.HardwareAddr{0x00, 0x00, 0x5e, 0x00, 0x53, 0x10}
)

// The golden frame was computed independently of gopacket: an NS with two
// options in the order given, the second padded from 12 to 16 octets.
const goldenNS = "3333ff00531000005e00538186dd6000000000303afffe8000000000000002005efffe005381" +
	"ff0200000000000000000001ff0053108700ec4800000000fe8000000000000002005efffe005310" +
	"010100005e0053810e020102030405060708090a00000000"

func TestNSGoldenBytesOptionsInOrderAndPadded(t *testing.T) {
	target := LinkLocal(nutMAC)
	p := NS(tn1MAC, MulticastMAC(SolicitedNode(target)), LinkLocal(tn1MAC), SolicitedNode(target), target,
		SLLA(tn1MAC), Option{Type: 14, Data: []byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}})
	got := hex.EncodeToString(p.Bytes())
	if got != goldenNS {
		t.Fatalf("NS bytes\n got %s\nwant %s", got, goldenNS)
	}
	f := Decode(p.Bytes())
	if !f.ChecksumOK {
		t.Fatal("our own NS does not pass our checksum check")
	}
	opts, ok := f.NDOptions()
	if !ok || len(opts) != 2 || opts[0].Type != OptSourceLLA || opts[1].Type != 14 || opts[1].Length != 2 {
		t.Fatalf("options decoded as %+v ok=%v", opts, ok)
	}
}

func TestAddressDerivations(t *testing.T) {
	cases := []struct{ name, got, want string }{
		{"link-local", LinkLocal(net.HardwareAddr{0, 0, 0, 0, 1, 0}).String(), "fe80::200:ff:fe00:100"},
		{"local MAC flips to 0", LinkLocal(net.HardwareAddr{2, 0, 0, 0, 1, 0}).String(), "fe80::ff:fe00:100"},
		{"solicited-node", SolicitedNode(netip.MustParseAddr("2001:db8::1:2345:6789")).String(), "ff02::1:ff45:6789"},
		{"multicast MAC", MulticastMAC(netip.MustParseAddr("ff02::1:ff45:6789")).String(), "33:33:ff:45:67:89"},
		{"global", WithInterfaceID(netip.MustParseAddr("2001:db8:1::"), nutMAC).String(), "2001:db8:1:0:200:5eff:fe00:5310"},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("%s: got %s, want %s", c.name, c.got, c.want)
		}
	}
}

func TestOverridesSurviveEncoding(t *testing.T) {
	p := EchoRequest(tn1MAC, nutMAC, LinkLocal(tn1MAC), LinkLocal(nutMAC), 7, 9, []byte("abc"))
	n := uint16(99)
	p.Version, p.PayloadLength, p.Trailer = 5, &n, []byte{0xee, 0xee}
	p.ICMP.BadChecksum = true
	b := p.Bytes()
	if b[14]>>4 != 5 {
		t.Errorf("version %d, want 5", b[14]>>4)
	}
	if b[18] != 0 || b[19] != 99 {
		t.Errorf("payload length %x%x, want 0063", b[18], b[19])
	}
	if b[len(b)-1] != 0xee || len(b) != 14+40+8+3+2 {
		t.Errorf("trailer missing: %d octets", len(b))
	}
	p.PayloadLength, p.Version = nil, 6
	if f := Decode(p.Bytes()); f.ChecksumOK {
		t.Error("BadChecksum produced a valid checksum")
	}
	p.ICMP.BadChecksum = false
	if f := Decode(p.Bytes()); !f.ChecksumOK {
		t.Error("a plain Echo Request has a bad checksum")
	}
}

func TestMatcherNamesTheWrongField(t *testing.T) {
	req := EchoRequest(tn1MAC, nutMAC, LinkLocal(tn1MAC), LinkLocal(nutMAC), 7, 9, []byte("abc"))
	pp := New(nutMAC, tn1MAC, LinkLocal(nutMAC), LinkLocal(tn1MAC))
	body := []byte{0, 0, 0, 7}
	body = append(body, req.IPv6Bytes()...)
	pp.NextHeader = ProtoICMPv6
	pp.ICMP = &ICMPv6{Type: TypeParamProblem, Code: 1, Body: body}
	f := Decode(pp.Bytes())
	m := ParamProblem(1, 6).Quoting(req)
	if !m.IsCandidate(f) {
		t.Fatal("a Parameter Problem about the request is not a candidate")
	}
	misses := m.Misses(f)
	if len(misses) != 1 || !strings.Contains(misses[0], "pointer 6, got 7") {
		t.Fatalf("misses %q, want the pointer named", misses)
	}
	if !ParamProblem(1, 7).Quoting(req).Match(f) {
		t.Fatal("the right matcher does not match")
	}
	if EchoReplyTo(req).IsCandidate(f) {
		t.Fatal("a Parameter Problem is taken for an Echo Reply")
	}
}

func TestSummaries(t *testing.T) {
	target := LinkLocal(nutMAC)
	cases := []struct {
		p    *Packet
		want string
	}{
		{NS(tn1MAC, nutMAC, LinkLocal(tn1MAC), target, target, SLLA(tn1MAC)),
			"fe80::200:5eff:fe00:5381 > fe80::200:5eff:fe00:5310 hlim 255 ICMPv6 neighbor solicitation target fe80::200:5eff:fe00:5310, slla 00:00:5e:00:53:81"},
		{NA(nutMAC, tn1MAC, target, LinkLocal(tn1MAC), target, FlagSolicited|FlagOverride, TLLA(nutMAC)),
			"fe80::200:5eff:fe00:5310 > fe80::200:5eff:fe00:5381 hlim 255 ICMPv6 neighbor advertisement target fe80::200:5eff:fe00:5310 flags SO, tlla 00:00:5e:00:53:10"},
		{EchoRequest(tn1MAC, nutMAC, LinkLocal(tn1MAC), AllNodes, 1, 2, []byte("xy")),
			"fe80::200:5eff:fe00:5381 > ff02::1 hlim 64 ICMPv6 echo request id 1 seq 2, 2 data octets"},
	}
	for _, c := range cases {
		if got := Decode(c.p.Bytes()).Summary(); got != c.want {
			t.Errorf("got  %s\nwant %s", got, c.want)
		}
	}
	if got := Decode([]byte{1, 2, 3}).Summary(); !strings.Contains(got, "undecodable") {
		t.Errorf("garbage summarised as %q", got)
	}
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte(goldenNS))
	b, _ := hex.DecodeString(goldenNS)
	f.Add(b)
	f.Fuzz(func(t *testing.T, raw []byte) {
		fr := Decode(raw)
		_ = fr.Summary()
		fr.NDOptions()
	})
}
