package packets

import (
	"net"
	"net/netip"
	"testing"
	"time"
)

var (
	raMAC  = net.HardwareAddr{0, 0, 0x5e, 0, 0x53, 0x10}
	raLL   = LinkLocal(raMAC)
	tnMAC2 = net.HardwareAddr{0, 0, 0x5e, 0, 0x53, 0x81}
	pfx    = netip.MustParsePrefix("2001:db8:1::/64")
)

func sentRA(change func(*Packet), opts ...Option) *Frame {
	p := RA(raMAC, MulticastMAC(AllNodes), raLL, AllNodes, RAParams{CurHopLimit: 64, RouterLifetime: 1800 * time.Second,
		ReachableTime: 30 * time.Second, RetransTimer: time.Second, Options: opts})
	if change != nil {
		change(p)
	}
	return Decode(p.Bytes())
}

func TestRAFrom(t *testing.T) {
	m := RAFrom(raLL, raMAC).RouterLifetime(1800*time.Second).CurHopLimit(64).ReachableRetrans(30*time.Second, time.Second).
		WithPrefixInfo(pfx, PIOOnLink|PIOAutonomous).WithMTU(1500)
	good := []Option{SLLA(raMAC), MTUOption(1500), PrefixInfo(pfx, PIOOnLink|PIOAutonomous, time.Hour, time.Hour)}
	if f := sentRA(nil, good...); !m.Match(f) {
		t.Errorf("a right RA: %v", m.Misses(f))
	}
	for name, f := range map[string]*Frame{
		"hop limit 64":   sentRA(func(p *Packet) { p.HopLimit = 64 }, good...),
		"global source":  sentRA(func(p *Packet) { p.Src = netip.MustParseAddr("2001:db8:1::1") }, good...),
		"code 1":         sentRA(func(p *Packet) { p.ICMP.Code = 1 }, good...),
		"bad checksum":   sentRA(func(p *Packet) { p.ICMP.BadChecksum = true }, good...),
		"no MTU":         sentRA(nil, good[0], good[2]),
		"no prefix":      sentRA(nil, good[:2]...),
		"A=0":            sentRA(nil, good[0], good[1], PrefixInfo(pfx, PIOOnLink, time.Hour, time.Hour)),
		"lifetime 0":     sentRA(func(p *Packet) { p.ICMP.Body[2], p.ICMP.Body[3] = 0, 0 }, good...),
		"hop limit zero": sentRA(func(p *Packet) { p.ICMP.Body[0] = 0 }, good...),
	} {
		if !m.IsCandidate(f) {
			t.Errorf("%s: not a candidate", name)
		}
		if m.Match(f) {
			t.Errorf("%s: matched", name)
		}
	}
	other := sentRA(func(p *Packet) { p.EthSrc = tnMAC2 })
	if m.IsCandidate(other) {
		t.Error("another node's RA is a candidate")
	}
}

func TestEchoReplyVia(t *testing.T) {
	nut := netip.MustParseAddr("2001:db8:1::10")
	off := netip.MustParseAddr("2001:db8:99::1")
	req := EchoRequest(tnMAC2, raMAC, off, nut, 7, 9, []byte("x"))
	r1, r2 := net.HardwareAddr{0, 0, 0x5e, 0, 0x53, 0xa1}, net.HardwareAddr{0, 0, 0x5e, 0, 0x53, 0xa2}
	reply := func(mac net.HardwareAddr, seq uint16) *Frame {
		p := EchoRequest(raMAC, mac, nut, off, 7, seq, []byte("x"))
		p.ICMP.Type = TypeEchoReply
		return Decode(p.Bytes())
	}
	if m := EchoReplyVia(req, r1, "TR1"); !m.Match(reply(r1, 9)) || m.Match(reply(r2, 9)) || !m.IsCandidate(reply(r2, 9)) || m.IsCandidate(reply(r1, 8)) {
		t.Error("EchoReplyVia")
	}
	if m := EchoReplyThrough(req, r1, "TR1"); !m.IsCandidate(reply(r1, 9)) || m.IsCandidate(reply(r2, 9)) {
		t.Error("EchoReplyThrough")
	}
}

func TestRedirectFor(t *testing.T) {
	nut := netip.MustParseAddr("2001:db8:1::10")
	off := netip.MustParseAddr("2001:db8:99::1")
	tr2 := netip.MustParseAddr("fe80::200:5eff:fe00:53a2")
	tn := netip.MustParseAddr("2001:db8:1::81")
	pkt := EchoRequest(tnMAC2, raMAC, tn, off, 1, 1, make([]byte, 100))
	mk := func(target netip.Addr, hop uint8, quote []byte) *Frame {
		p := Redirect(raMAC, tnMAC2, raLL, tn, target, off, TLLA(tnMAC2), RedirectedHeader(quote, 1000))
		p.HopLimit = hop
		return Decode(p.Bytes())
	}
	m := RedirectFor(off, tn, raLL, tr2).WithRedirectedHeader(pkt)
	if f := mk(tr2, 255, pkt.IPv6Bytes()); !m.Match(f) {
		t.Errorf("a right Redirect: %v", m.Misses(f))
	}
	if f := mk(nut, 255, pkt.IPv6Bytes()); m.Match(f) || !m.IsCandidate(f) {
		t.Error("wrong target matched")
	}
	if f := mk(tr2, 64, pkt.IPv6Bytes()); m.Match(f) {
		t.Error("hop limit 64 matched")
	}
	other := EchoRequest(tnMAC2, raMAC, tn, off, 1, 2, make([]byte, 100))
	if f := mk(tr2, 255, other.IPv6Bytes()); m.Match(f) {
		t.Error("another packet's quote matched")
	}
}
