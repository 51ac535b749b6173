package refnode

import (
	"encoding/binary"
	"fmt"
	"net"
	"net/netip"
	"testing"
	"time"

	"github.com/v6ct/v6ct/refnode/counter"
	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/link"
	"github.com/v6ct/v6ct/refnode/nd"
)

// Link1 of the router tests: the NUT's second interface and TN2.
var (
	nut1MAC    = link.MAC{0, 0, 0, 0, 2, 0}
	nut1Global = netip.MustParseAddr("2001:db8:2::200:ff:fe00:200")
	tn2MAC     = link.MAC{0, 0, 0, 0, 0xb0, 0xb0}
	tn2LL      = netip.MustParseAddr("fe80::200:ff:fe00:b0b0")
	tn2Global  = netip.MustParseAddr("2001:db8:2::200:ff:fe00:b0b0")
	nut1LL     = netip.MustParseAddr("fe80::200:ff:fe00:200")
)

type routerHarness struct {
	*harness
	pipe1 *link.Pipe
}

// newRouter starts a settled router between Link0 (v6l0) and Link1 (v6l1,
// MTU mtu1) that knows TN1 and TN2.
func newRouter(t testing.TB, mtu1 int, routes []Route, fs ...faults.Fault) *routerHarness {
	pipe1 := link.NewPipe()
	h := newHarness(t, fs, func(c *Config) {
		c.Router = true
		c.Routes = routes
		c.Interfaces = append(c.Interfaces, InterfaceConfig{Name: "v6l1", MAC: net.HardwareAddr(nut1MAC[:]), MTU: mtu1,
			Addresses: []netip.Prefix{netip.PrefixFrom(nut1Global, 64)}})
		link0 := c.OpenDevice
		c.OpenDevice = func(name string) (link.Device, error) {
			if name == "v6l1" {
				return pipe1, nil
			}
			return link0(name)
		}
	})
	r := &routerHarness{h, pipe1}
	h.clk.Advance(2 * time.Second)
	h.pipe.Sent()
	pipe1.Sent()
	h.learnTN()
	for _, p := range [][2]netip.Addr{{tn2LL, nut1LL}, {tn2Global, nut1Global}} {
		r.send1(icmpPkt(p[0], p[1], 255, 135, 0, nsBody(p[1], &tn2MAC)))
		r.send1(icmpPkt(p[0], p[1], 255, 136, 0, naBody(nd.FlagSolicited|nd.FlagOverride, p[0], &tn2MAC)))
	}
	pipe1.Sent()
	h.pipe.Sent()
	return r
}

// send1 frames pkt from TN2 on Link1.
func (r *routerHarness) send1(pkt []byte) {
	r.t.Helper()
	if !r.pipe1.Inject(ether(nut1MAC, tn2MAC, link.EtherTypeIPv6, pkt)) {
		r.t.Fatal("pipe closed")
	}
}

func (r *routerHarness) sent1() []out {
	var o []out
	for _, f := range r.pipe1.Sent() {
		if d := decode(f); !d.isMLD() {
			o = append(o, d)
		}
	}
	return o
}

// errorOn describes the single ICMPv6 error in s: "type/code/param".
func errorOn(s []out) string {
	if len(s) != 1 || s[0].icmpType() < 0 || s[0].icmpType() >= 128 {
		return "not one error: " + summary(s)
	}
	b := s[0].raw[link.HeaderLen+40:]
	return fmt.Sprintf("%d/%d/%d", b[0], b[1], binary.BigEndian.Uint32(b[4:]))
}

func TestForwarding(t *testing.T) {
	r := newRouter(t, 1280, nil)
	req := icmpPkt(tnGlobal, tn2Global, 15, 128, 0, echoBody(1, 1, "through"))
	req[0], req[1], req[2], req[3] = 0x6a, 0xb1, 0x23, 0x45 // traffic class 0xab, flow label 0x12345
	r.send(req)
	s := r.sent1()
	if len(s) != 1 || len(r.sent()) != 0 {
		t.Fatalf("link1 %s", summary(s))
	}
	want := append([]byte(nil), req...)
	want[7] = 14
	if got := s[0].raw[link.HeaderLen:]; string(got) != string(want) || s[0].eth().DstMAC.String() != tn2MAC.String() ||
		s[0].eth().SrcMAC.String() != nut1MAC.String() {
		t.Fatalf("forwarded\n got %x\nwant %x", got, want)
	}

	cases := []struct {
		name    string
		pkt     []byte
		err     string // the error back to TN1 on Link0
		counter counter.Counter
	}{
		{"1.1.9 hop limit 1", icmpPkt(tnGlobal, tn2Global, 1, 128, 0, echoBody(1, 1, "")), "3/0/0", counter.FwdHopLimitExceeded},
		{"5.1.5 A hop limit 0", icmpPkt(tnGlobal, tn2Global, 0, 128, 0, echoBody(1, 1, "")), "3/0/0", counter.FwdHopLimitExceeded},
		{"5.1.4 A too big for Link1", icmpPkt(tnGlobal, tn2Global, 64, 128, 0, echoBody(1, 1, string(make([]byte, 1300)))), "2/0/1280", counter.FwdTooBig},
		{"5.1.3 A no route", icmpPkt(tnGlobal, netip.MustParseAddr("2001:db8:77::1"), 64, 128, 0, echoBody(1, 1, "")), "1/0/0", counter.FwdNoRoute},
		{"5.1.3 E link-local source, off-link destination", icmpPkt(tnLL, tn2Global, 64, 128, 0, echoBody(1, 1, "")), "1/2/0", counter.FwdBeyondScope},
		{"1.1.10 F link-local destination", icmpPkt(tnGlobal, tn2LL, 64, 128, 0, echoBody(1, 1, "")), "not one error: []", counter.FwdLinkLocalDestination},
		{"1.1.10 C unspecified source", icmpPkt(netip.IPv6Unspecified(), tn2Global, 64, 128, 0, echoBody(1, 1, "")), "not one error: []", counter.FwdUnspecifiedSource},
		{"5.1.11 B unspecified source, too big", icmpPkt(netip.IPv6Unspecified(), tn2Global, 64, 128, 0, echoBody(1, 1, string(make([]byte, 1300)))), "not one error: []", counter.ICMP6ErrorSuppressedForSource},
		{"5.1.12 B multicast source, too big", icmpPkt(netip.MustParseAddr("ff02::1"), tn2Global, 64, 128, 0, echoBody(1, 1, string(make([]byte, 1300)))), "not one error: []", counter.ICMP6ErrorSuppressedForSource},
		{"1.1.10 multicast source", echo(netip.MustParseAddr("ff02::1"), tn2Global, 1), "not one error: []", counter.FwdMulticastSource},
		{"1.2.7 E HBH option 10", withHeaders(tnGlobal, tn2Global, 58, echoMsg(tnGlobal, tn2Global, 1, ""), hbh(unknownOpt(0x9e, 4)...)), "4/2/42", counter.ExtHdrOption10Discarded},
		{"1.2.7 D HBH option 01", withHeaders(tnGlobal, tn2Global, 58, echoMsg(tnGlobal, tn2Global, 1, ""), hbh(unknownOpt(0x5e, 4)...)), "not one error: []", counter.ExtHdrOption01Discarded},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := newRouter(t, 1280, nil)
			r.send(c.pkt)
			if s := r.sent1(); len(s) != 0 {
				t.Errorf("forwarded: %s", summary(s))
			}
			if got := errorOn(r.sent()); got != c.err || r.counter(c.counter) != 1 {
				t.Errorf("error %s, want %s; counters %v", got, c.err, r.node.Counters())
			}
		})
	}
	// The HBH options a router skips travel on untouched; a destination
	// option is not examined on the way.
	r = newRouter(t, 1280, nil)
	through := withHeaders(tnGlobal, tn2Global, 58, echoMsg(tnGlobal, tn2Global, 1, ""), hbh(unknownOpt(0x1e, 4)...), destOpts(unknownOpt(0x9e, 4)...))
	r.send(through)
	if s := r.sent1(); len(s) != 1 || string(s[0].raw[link.HeaderLen+8:]) != string(through[8:]) {
		t.Fatalf("options: %s", summary(s))
	}
}

// TestLongestPrefix: routes longer than 64 bits win over shorter ones
// (1.1.11).
func TestLongestPrefix(t *testing.T) {
	for _, bits := range []int{65, 96, 127} {
		t.Run(fmt.Sprint(bits), func(t *testing.T) {
			r := newRouter(t, 1500, []Route{
				{Prefix: netip.MustParsePrefix("2001:db8:99::/64"), Interface: "v6l1", NextHop: tn2LL},
				{Prefix: netip.PrefixFrom(netip.MustParseAddr("2001:db8:99::"), bits), Interface: "v6l0", NextHop: tnLL},
			})
			inside, outside := netip.MustParseAddr("2001:db8:99::1"), netip.MustParseAddr("2001:db8:99:0:8000::1")
			r.send1(icmpPkt(tn2Global, inside, 64, 128, 0, echoBody(1, 1, "")))
			if s := r.sent(); len(s) != 1 || s[0].eth().DstMAC.String() != tnMAC.String() {
				t.Errorf("inside the /%d: link0 %s", bits, summary(s))
			}
			r.send(icmpPkt(tnGlobal, outside, 64, 128, 0, echoBody(1, 1, "")))
			if s := r.sent1(); len(s) != 1 || s[0].eth().DstMAC.String() != tn2MAC.String() {
				t.Errorf("outside the /%d: link1 %s", bits, summary(s))
			}
		})
	}
}

func TestRouterAsANode(t *testing.T) {
	r := newRouter(t, 1500, []Route{{Prefix: netip.MustParsePrefix("2001:db8:99::/64"), Interface: "v6l1", NextHop: tn2LL}})
	// R=1 in Neighbor Advertisements.
	r.send(icmpPkt(tnLL, nutLL, 255, 135, 0, nsBody(nutLL, &tnMAC)))
	if s := ofType(r.sent(), 136); len(s) != 1 || !s[0].na().Router() {
		t.Fatalf("NA %s", summary(s))
	}
	// 5.1.2 D: ff02::2 is joined.
	r.send(echo(tnLL, netip.MustParseAddr("ff02::2"), 1))
	if s := ofType(r.sent(), 129); len(s) != 1 {
		t.Fatal("no reply to all-routers")
	}
	// An address of the other interface is the router's own.
	r.send(echo(tnGlobal, nut1Global, 2))
	if s := ofType(r.sent(), 129); len(s) != 1 || s[0].src() != nut1Global {
		t.Fatalf("reply from the other interface's address: %s", summary(s))
	}
	// A reply to an off-link source follows the routes.
	far := netip.MustParseAddr("2001:db8:99::5")
	r.send1(echo(far, nutGlobal, 3))
	if s := r.sent1(); len(s) != 1 || s[0].dst() != far || s[0].eth().DstMAC.String() != tn2MAC.String() {
		t.Fatalf("reply to %s: %s", far, summary(s))
	}
	// 5.1.3 B: a forwarded packet whose next hop never answers is returned
	// with Address Unreachable.
	lost := icmpPkt(tnGlobal, netip.MustParseAddr("2001:db8:2::77"), 64, 128, 0, echoBody(1, 1, ""))
	r.send(lost)
	if s := ofType(r.sent1(), 135); len(s) != 1 {
		t.Fatalf("no resolution on link1: %s", summary(s))
	}
	r.clk.Advance(3 * time.Second)
	r.sent1()
	s := r.sent()
	lost[7]-- // the router decremented it before queueing
	if got := errorOn(s); got != "1/3/0" || string(s[0].raw[link.HeaderLen+48:]) != string(lost) {
		t.Fatalf("error %s", got)
	}
	// A host never forwards.
	h := started(t)
	h.learnTN()
	h.send(icmpPkt(tnGlobal, tnGlobal, 64, 128, 0, echoBody(1, 1, "")))
	if s := h.sent(); len(s) != 0 || h.counter(counter.IPv6NotForUs) != 1 {
		t.Fatalf("host: %s", summary(s))
	}
}

func TestRoutesRejected(t *testing.T) {
	pipe := func(string) (link.Device, error) { return link.NewPipe(), nil }
	ic := []InterfaceConfig{{Name: "a", MAC: net.HardwareAddr{0, 0, 0, 0, 1, 0}, Addresses: []netip.Prefix{netip.MustParsePrefix("2001:db8:1::1/64")}}}
	for name, r := range map[string]Route{
		"no interface":      {Prefix: netip.MustParsePrefix("2001:db8::/32"), Interface: "b"},
		"IPv4 prefix":       {Prefix: netip.MustParsePrefix("10.0.0.0/8"), Interface: "a"},
		"multicast hop":     {Prefix: netip.MustParsePrefix("2001:db8::/32"), Interface: "a", NextHop: netip.MustParseAddr("ff02::1")},
		"off-link next hop": {Prefix: netip.MustParsePrefix("2001:db8::/32"), Interface: "a", NextHop: netip.MustParseAddr("2001:db8:5::1")},
	} {
		if _, err := New(Config{OpenDevice: pipe, Interfaces: ic, Router: true, Routes: []Route{r}}); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
