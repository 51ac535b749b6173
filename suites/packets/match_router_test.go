package packets

import "testing"

func TestICMPErrorAboutForwardedTakesEitherHopLimit(t *testing.T) {
	req := EchoRequest(tn1MAC, nutMAC, LinkLocal(tn1MAC), LinkLocal(nutMAC), 7, 9, []byte("abc"))
	req.HopLimit = 10
	errorQuoting := func(hopLimit uint8, typ uint8) *Frame {
		q := req.Clone()
		q.HopLimit = hopLimit
		e := New(nutMAC, tn1MAC, LinkLocal(nutMAC), LinkLocal(tn1MAC))
		e.NextHeader = ProtoICMPv6
		e.ICMP = &ICMPv6{Type: typ, Code: 3, Body: append(make([]byte, 4), q.IPv6Bytes()...)}
		return Decode(e.Bytes())
	}
	m := ICMPErrorAboutForwarded(req)
	for _, c := range []struct {
		name      string
		f         *Frame
		candidate bool
	}{
		{"hop limit as received", errorQuoting(10, TypeDestUnreachable), true},
		{"hop limit decremented", errorQuoting(9, TypeDestUnreachable), true},
		{"hop limit two less: another packet", errorQuoting(8, TypeDestUnreachable), false},
		{"an informational message", errorQuoting(10, TypeEchoReply), false},
		{"the request itself", Decode(req.Bytes()), false},
	} {
		if got := m.IsCandidate(c.f); got != c.candidate {
			t.Errorf("%s: candidate %v, want %v", c.name, got, c.candidate)
		}
	}
}

func TestAboutFragmentIDLooksPastExtensionHeaders(t *testing.T) {
	req := EchoRequest(tn1MAC, nutMAC, LinkLocal(tn1MAC), LinkLocal(nutMAC), 7, 9, make([]byte, 600))
	req.Ext = []ExtHeader{HopByHop()}
	timeExceeded := func(q *Packet) *Frame {
		e := New(nutMAC, tn1MAC, LinkLocal(nutMAC), LinkLocal(tn1MAC))
		e.NextHeader = ProtoICMPv6
		e.ICMP = &ICMPv6{Type: TypeTimeExceeded, Code: 1, Body: append(make([]byte, 4), q.IPv6Bytes()...)}
		return Decode(e.Bytes())
	}
	m := TimeExceeded(1).AboutFragmentID(0x2004)
	for _, c := range []struct {
		name      string
		f         *Frame
		candidate bool
	}{
		{"its first fragment", timeExceeded(req.Fragments(0x2004, 304)[0]), true},
		{"its second fragment", timeExceeded(req.Fragments(0x2004, 304)[1]), true},
		{"another datagram", timeExceeded(req.Fragments(0x2003, 304)[0]), false},
		{"a packet without a Fragment header", timeExceeded(req), false},
	} {
		if got := m.IsCandidate(c.f); got != c.candidate {
			t.Errorf("%s: candidate %v, want %v", c.name, got, c.candidate)
		}
	}
}
