package icmp6

import (
	"net/netip"
	"testing"
	"time"

	"github.com/v6ct/v6ct/refnode/clock"
	"github.com/v6ct/v6ct/refnode/counter"
	"github.com/v6ct/v6ct/refnode/ipv6"
)

var (
	a = netip.MustParseAddr("fe80::1")
	b = netip.MustParseAddr("fe80::2")
)

func TestPutEcho(t *testing.T) {
	buf := make([]byte, 64)
	n := PutEcho(buf, TypeEchoReply, 0x1234, 7, []byte{1, 2, 3})
	want := []byte{129, 0, 0, 0, 0x12, 0x34, 0, 7, 1, 2, 3}
	if string(buf[:n]) != string(want) {
		t.Fatalf("echo = %x, want %x", buf[:n], want)
	}
	e := Echo(buf[:n])
	if e.Identifier() != 0x1234 || e.Sequence() != 7 || len(e.Data()) != 3 {
		t.Fatal("echo view")
	}
	SetChecksum(buf[:n], a, b)
	if !ChecksumOK(buf[:n], a, b) || ChecksumOK(buf[:n], b, b) {
		t.Fatal("checksum")
	}
}

func TestPutErrorQuote(t *testing.T) {
	cases := []struct{ invoking, quoted int }{{48, 48}, {MaxQuote, MaxQuote}, {1500, MaxQuote}}
	for _, c := range cases {
		inv := make([]byte, c.invoking)
		for i := range inv {
			inv[i] = byte(i)
		}
		buf := make([]byte, 2000)
		n := PutError(buf, TypeParameterProblem, CodeUnrecognizedNext, 6, inv)
		if n != ErrorHeaderLen+c.quoted || ipv6.HeaderLen+n > MinMTU {
			t.Errorf("invoking %d: message %d octets", c.invoking, n)
		}
		e := Error(buf[:n])
		if e.Param() != 6 || string(e.Invoking()) != string(inv[:c.quoted]) || buf[0] != 4 || buf[1] != 1 {
			t.Errorf("invoking %d: header %x", c.invoking, buf[:8])
		}
	}
}

func TestSuppressed(t *testing.T) {
	uni := netip.MustParseAddr("2001:db8::1")
	mc := netip.MustParseAddr("ff02::1")
	cases := []struct {
		name      string
		typ, code uint8
		inv       Invoking
		ok        bool
	}{
		{"plain", TypeParameterProblem, 1, Invoking{Src: a, Dst: uni, ICMPType: -1}, true},
		{"to multicast", TypeParameterProblem, 1, Invoking{Src: a, Dst: mc, ICMPType: -1}, false},
		{"option to multicast", TypeParameterProblem, 2, Invoking{Src: a, Dst: mc, ICMPType: -1}, true},
		{"too big to multicast", TypePacketTooBig, 0, Invoking{Src: a, Dst: mc, ICMPType: -1}, true},
		{"link multicast", TypeDestinationUnreachable, 0, Invoking{Src: a, Dst: uni, LinkMulticast: true, ICMPType: -1}, false},
		{"about an error", TypeParameterProblem, 0, Invoking{Src: a, Dst: uni, ICMPType: TypeTimeExceeded}, false},
		{"about a redirect", TypeParameterProblem, 0, Invoking{Src: a, Dst: uni, ICMPType: TypeRedirect}, false},
		{"about an echo", TypeParameterProblem, 0, Invoking{Src: a, Dst: uni, ICMPType: TypeEchoRequest}, true},
		{"unspecified source", TypeParameterProblem, 0, Invoking{Src: ipv6.Unspecified, Dst: uni, ICMPType: -1}, false},
		{"multicast source", TypePacketTooBig, 0, Invoking{Src: mc, Dst: uni, ICMPType: -1}, false},
		{"anycast source", TypeDestinationUnreachable, 4, Invoking{Src: uni, Dst: uni, ICMPType: -1, SrcAnycast: true}, false},
		{"option to link multicast", TypeParameterProblem, 2, Invoking{Src: a, Dst: mc, LinkMulticast: true, ICMPType: -1}, true},
		{"incomplete chain", TypeParameterProblem, CodeIncompleteChain, Invoking{Src: a, Dst: uni, ICMPType: -1}, true},
	}
	for _, c := range cases {
		ok, why := errorAllowed(c.typ, c.code, c.inv)
		if ok != c.ok || (ok == (why != counter.None)) {
			t.Errorf("%s: allowed=%v (%s), want %v", c.name, ok, why, c.ok)
		}
	}
}

func TestLimiter(t *testing.T) {
	clk := clock.NewManual()
	l := NewLimiter(RateLimit{Rate: 10, Burst: 10}, clk)
	got := 0
	for range 20 {
		if l.Allow() {
			got++
		}
	}
	if got != 10 {
		t.Fatalf("burst: %d allowed, want 10", got)
	}
	clk.Advance(100 * time.Millisecond)
	if !l.Allow() || l.Allow() {
		t.Fatal("one token should come back after 100 ms")
	}
	clk.Advance(time.Hour)
	got = 0
	for range 20 {
		if l.Allow() {
			got++
		}
	}
	if got != 10 {
		t.Fatalf("refill capped at burst: %d", got)
	}
}

// errorAllowed is Suppressed as a verdict: whether the error may be sent,
// and if not, the counter of the rule that forbids it.
func errorAllowed(typ, code uint8, inv Invoking) (bool, counter.Counter) {
	if s := Suppressed(typ, code, inv); s != nil {
		return false, s.Why
	}
	return true, counter.None
}
