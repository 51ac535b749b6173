package packets

import (
	"net"
	"testing"
)

func TestNeighborCacheMatchers(t *testing.T) {
	nutLL, tnLL := LinkLocal(nutMAC), LinkLocal(tn1MAC)
	other := net.HardwareAddr{0, 0, 0x5e, 0, 0x54, 0x81}
	g := SolicitedNode(tnLL)
	multicastNS := Decode(NS(nutMAC, MulticastMAC(g), nutLL, g, tnLL, SLLA(nutMAC)).Bytes())
	probe := Decode(NS(nutMAC, tn1MAC, nutLL, tnLL, tnLL, SLLA(nutMAC)).Bytes())
	probeElsewhere := Decode(NS(nutMAC, other, nutLL, tnLL, tnLL).Bytes())
	dad := Decode(NS(nutMAC, MulticastMAC(SolicitedNode(nutLL)), Unspecified, SolicitedNode(nutLL), nutLL).Bytes())
	resolveNUT := Decode(NS(tn1MAC, MulticastMAC(SolicitedNode(nutLL)), tnLL, SolicitedNode(nutLL), nutLL, SLLA(tn1MAC)).Bytes())
	req := EchoRequest(tn1MAC, nutMAC, tnLL, nutLL, 1, 2, []byte("abc"))
	reply := func(mac net.HardwareAddr) *Frame {
		r := EchoRequest(nutMAC, mac, nutLL, tnLL, 1, 2, []byte("abc"))
		r.ICMP.Type = TypeEchoReply
		return Decode(r.Bytes())
	}
	for _, c := range []struct {
		name             string
		m                *Matcher
		f                *Frame
		candidate, match bool
	}{
		{"resolution NS, multicast", ResolutionNS(tnLL), multicastNS, true, true},
		{"resolution NS, but a unicast probe", ResolutionNS(tnLL), probe, true, false},
		{"probe, unicast to the cached MAC", ProbeNS(tnLL, tn1MAC), probe, true, true},
		{"probe, to another MAC", ProbeNS(tnLL, tn1MAC), probeElsewhere, true, false},
		{"probe, but multicast", ProbeNS(tnLL, tn1MAC), multicastNS, true, false},
		{"echo reply to the cached MAC", EchoReplyToMAC(req, other), reply(other), true, true},
		{"echo reply to the request's MAC instead", EchoReplyToMAC(req, other), reply(tn1MAC), true, false},
		{"DAD probe", DADProbe(nutLL), dad, true, true},
		{"not a DAD probe: address resolution for the same target", DADProbe(nutLL), resolveNUT, false, false},
	} {
		if got := c.m.IsCandidate(c.f); got != c.candidate {
			t.Errorf("%s: candidate %v, want %v", c.name, got, c.candidate)
		}
		if got := c.m.Match(c.f); got != c.match {
			t.Errorf("%s: match %v, want %v (misses %v)", c.name, got, c.match, c.m.Misses(c.f))
		}
	}
}
