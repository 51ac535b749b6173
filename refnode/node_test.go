package refnode

import (
	"encoding/binary"
	"fmt"
	"net"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/gopacket/gopacket/layers"

	"github.com/v6ct/v6ct/refnode/counter"
	"github.com/v6ct/v6ct/refnode/link"
	"github.com/v6ct/v6ct/refnode/nd"
)

func TestAddresses(t *testing.T) {
	h := newHarness(t, nil)
	want := []string{"fe80::200:ff:fe00:100%v6l0/64 (tentative)", "2001:db8:1:0:200:ff:fe00:100/64 (tentative)"}
	check := func(state string) {
		t.Helper()
		as := h.node.Addresses()
		if len(as) != 2 {
			t.Fatalf("addresses %v", as)
		}
		for i, a := range as {
			w := want[i]
			if state != "" {
				w = w[:len(w)-len("(tentative)")] + "(" + state + ")"
			}
			if a.String() != w || a.Interface != "v6l0" {
				t.Errorf("address %d = %s, want %s", i, a, w)
			}
		}
	}
	check("")
	select {
	case <-h.node.Settled():
		t.Fatal("settled before DAD")
	default:
	}
	h.clk.Advance(2 * time.Second)
	check("preferred")
	<-h.node.Settled()
}

func TestNewRejects(t *testing.T) {
	pipe := func(string) (link.Device, error) { return link.NewPipe(), nil }
	mac := net.HardwareAddr{0, 0, 0, 0, 1, 0}
	cases := map[string]Config{
		"no interfaces": {OpenDevice: pipe},
		"bad MAC":       {OpenDevice: pipe, Interfaces: []InterfaceConfig{{Name: "a", MAC: mac[:4]}}},
		"group MAC":     {OpenDevice: pipe, Interfaces: []InterfaceConfig{{Name: "a", MAC: net.HardwareAddr{1, 0, 0, 0, 0, 1}}}},
		"same name":     {OpenDevice: pipe, Interfaces: []InterfaceConfig{{Name: "a", MAC: mac}, {Name: "a", MAC: mac}}},
		"small MTU":     {OpenDevice: pipe, Interfaces: []InterfaceConfig{{Name: "a", MAC: mac, MTU: 1000}}},
		"multicast address": {OpenDevice: pipe, Interfaces: []InterfaceConfig{{Name: "a", MAC: mac,
			Addresses: []netip.Prefix{netip.MustParsePrefix("ff02::1/64")}}}},
	}
	for name, cfg := range cases {
		if _, err := New(cfg); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestCloseIdempotent(t *testing.T) {
	h := started(t)
	if err := h.node.Close(); err != nil {
		t.Fatal(err)
	}
	if err := h.node.Close(); err != nil {
		t.Fatal(err)
	}
	if h.pipe.Inject(echo(tnLL, nutLL, 1)) {
		t.Fatal("a closed node read a frame")
	}
}

func TestEchoReply(t *testing.T) {
	cases := []struct {
		name         string
		src, dst     netip.Addr
		wantReplySrc netip.Addr
	}{
		{"to link-local", tnLL, nutLL, nutLL},
		{"to global", tnGlobal, nutGlobal, nutGlobal},
		{"to all-nodes from link-local", tnLL, netip.MustParseAddr("ff02::1"), nutLL},
		{"to all-nodes from global", tnGlobal, netip.MustParseAddr("ff02::1"), nutGlobal},
		{"to solicited-node group", tnLL, nutSolicited, nutLL},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := started(t)
			h.learnTN()
			req := icmpPkt(c.src, c.dst, 1, 128, 0, echoBody(0xbeef, 42, "payload of the request"))
			req[1] = 0x12 // some traffic class and flow label the reply must not copy
			req[3] = 0x34
			h.send(req)
			s := h.sent()
			if len(s) != 1 || s[0].icmpType() != 129 {
				t.Fatalf("sent %s", summary(s))
			}
			r := s[0]
			ip, e := r.ip(), r.echo()
			if r.src() != c.wantReplySrc || r.dst() != c.src || ip.HopLimit != 64 || ip.TrafficClass != 0 || ip.FlowLabel != 0 {
				t.Errorf("reply header %s -> %s hop %d tc %d fl %d", r.src(), r.dst(), ip.HopLimit, ip.TrafficClass, ip.FlowLabel)
			}
			if e.Identifier != 0xbeef || e.SeqNumber != 42 || string(e.Payload) != "payload of the request" || !r.checksumOK() {
				t.Errorf("reply body %x", r.icmp().Payload)
			}
			if r.eth().DstMAC.String() != tnMAC.String() || r.eth().SrcMAC.String() != nutMAC.String() {
				t.Errorf("reply frame %s -> %s", r.eth().SrcMAC, r.eth().DstMAC)
			}
		})
	}
}

func TestParamProblemUnknownNextHeader(t *testing.T) {
	h := started(t)
	h.learnTN()
	req := ipPkt(tnLL, nutLL, 64, 253, []byte("unknown upper layer"))
	frame := append(etherFor(req), 0, 0, 0, 0, 0, 0) // Ethernet padding must not be quoted
	h.inject(frame)
	s := h.sent()
	if len(s) != 1 || s[0].icmpType() != 4 {
		t.Fatalf("sent %s", summary(s))
	}
	r := s[0]
	body := r.raw[link.HeaderLen+40:]
	if body[1] != 1 || binary.BigEndian.Uint32(body[4:]) != 6 {
		t.Errorf("code %d pointer %d, want 1 and 6", body[1], binary.BigEndian.Uint32(body[4:]))
	}
	if string(body[8:]) != string(req) {
		t.Errorf("quote\n got %x\nwant %x", body[8:], req)
	}
	if r.src() != nutLL || r.dst() != tnLL || !r.checksumOK() || r.ip().HopLimit != 64 {
		t.Errorf("error header %s", r)
	}

	// A big invoking packet is cut so that the error fits in 1280 octets.
	big := ipPkt(tnLL, nutLL, 64, 253, make([]byte, 1400))
	h.clk.Advance(time.Second) // refill the rate limit
	h.send(big)
	s = h.sent()
	if len(s) != 1 || len(s[0].raw)-link.HeaderLen != 1280 || string(s[0].raw[link.HeaderLen+48:]) != string(big[:1232]) {
		t.Fatalf("big: sent %d frames, IPv6 length %d", len(s), len(s[0].raw)-link.HeaderLen)
	}

	// Never about a packet sent to a multicast group.
	h.send(ipPkt(tnLL, netip.MustParseAddr("ff02::1"), 64, 253, []byte("x")))
	if s := h.sent(); len(s) != 0 {
		t.Fatalf("error about a multicast packet: %s", summary(s))
	}
}

func TestICMPErrorRateLimit(t *testing.T) {
	h := started(t)
	h.learnTN()
	for range 15 {
		h.send(ipPkt(tnLL, nutLL, 64, 253, []byte("x")))
	}
	if n := len(h.sent()); n != 10 {
		t.Fatalf("%d errors in a burst, want 10", n)
	}
	if h.counter(counter.ICMP6ErrorRateLimited) != 5 {
		t.Fatal("rate-limited errors not counted")
	}
	h.clk.Advance(time.Second)
	h.send(ipPkt(tnLL, nutLL, 64, 253, []byte("x")))
	if n := len(h.sent()); n != 1 {
		t.Fatalf("%d errors after a second", n)
	}
}

func TestNSAnswer(t *testing.T) {
	h := started(t)
	h.send(icmpPkt(tnLL, nutSolicited, 255, 135, 0, nsBody(nutLL, &tnMAC)))
	s := h.sent()
	if len(s) != 1 {
		t.Fatalf("sent %s", summary(s))
	}
	golden := "" +
		"00000000a0a0" + "000000000100" + "86dd" + // to TN1's MAC, learned from the NS
		"60000000" + "0020" + "3a" + "ff" + // payload 32, ICMPv6, hop limit 255
		"fe800000000000000200" + "00fffe000100" + // from the target
		"fe800000000000000200" + "00fffe00a0a0" + // to the solicitor
		"8800" + "7380" + "60000000" + // NA, checksum, S=1 O=1 R=0
		"fe80000000000000020000fffe000100" + // target
		"0201000000000100" // target link-layer address
	if got := fmt.Sprintf("%x", s[0].raw); got != golden {
		t.Errorf("NA frame\n got %s\nwant %s", got, golden)
	}
	na := s[0].na()
	tlla, ok := option(na.Options, layers.ICMPv6OptTargetAddress)
	if !na.Solicited() || !na.Override() || na.Router() || !ok || string(tlla) != string(nutMAC[:]) || !s[0].checksumOK() {
		t.Errorf("NA decoded: flags %x options %v", na.Flags, na.Options)
	}
	// The NS's source link-layer option made a STALE entry, which the NA
	// moved to DELAY.
	if ns := h.node.Neighbors(); len(ns) != 1 || ns[0].State != "DELAY" || ns[0].LinkAddr.String() != tnMAC.String() || ns[0].Addr.Zone() != "v6l0" {
		t.Errorf("neighbors %+v", ns)
	}
}

func TestDADDefence(t *testing.T) {
	h := started(t)
	h.send(icmpPkt(netip.IPv6Unspecified(), nutSolicited, 255, 135, 0, nsBody(nutGlobal, nil)))
	s := h.sent()
	if len(s) != 1 || s[0].na() == nil {
		t.Fatalf("sent %s", summary(s))
	}
	na := s[0].na()
	_, tlla := option(na.Options, layers.ICMPv6OptTargetAddress)
	if s[0].dst().String() != "ff02::1" || s[0].src() != nutGlobal || na.Solicited() || !na.Override() || !tlla ||
		s[0].ip().HopLimit != 255 || s[0].eth().DstMAC.String() != "33:33:00:00:00:01" {
		t.Errorf("defence %s flags %x", s[0], na.Flags)
	}
}

// TestNSValidation: each RFC 4861 §7.1.1 rule, broken alone, silences the node.
func TestNSValidation(t *testing.T) {
	unspec := netip.IPv6Unspecified()
	badSum := icmpPkt(tnLL, nutLL, 255, 135, 0, nsBody(nutLL, &tnMAC))
	badSum[42] ^= 0xff
	short := icmpPkt(tnLL, nutLL, 255, 135, 0, nsBody(nutLL, nil)[:16])
	cases := []struct {
		name    string
		pkt     []byte
		counter counter.Counter
	}{
		{"valid", icmpPkt(tnLL, nutLL, 255, 135, 0, nsBody(nutLL, &tnMAC)), counter.None},
		{"valid, no option (TN1 known)", icmpPkt(tnLL, nutLL, 255, 135, 0, nsBody(nutLL, nil)), counter.None},
		{"hop limit 254", icmpPkt(tnLL, nutLL, 254, 135, 0, nsBody(nutLL, &tnMAC)), counter.NDNSBadHopLimit},
		{"bad checksum", badSum, counter.ICMP6BadChecksum},
		{"code 1", icmpPkt(tnLL, nutLL, 255, 135, 1, nsBody(nutLL, &tnMAC)), counter.NDNSBadCode},
		{"ICMP length 20", short, counter.NDNSTooShort},
		{"zero-length option", icmpPkt(tnLL, nutLL, 255, 135, 0, nsBody(nutLL, &tnMAC, 1, 0, 0, 0, 0, 0, 0, 0)), counter.NDNSZeroLengthOption},
		{"truncated option", icmpPkt(tnLL, nutLL, 255, 135, 0, nsBody(nutLL, &tnMAC, 1, 2, 0, 0, 0, 0, 0, 0)), counter.NDNSTruncatedOption},
		{"multicast target", icmpPkt(tnLL, nutLL, 255, 135, 0, nsBody(netip.MustParseAddr("ff02::1"), &tnMAC)), counter.NDNSMulticastTarget},
		{"DAD not to solicited-node", icmpPkt(unspec, netip.MustParseAddr("ff02::1"), 255, 135, 0, nsBody(nutLL, nil)), counter.NDNSDADNotToSolicitedNode},
		{"DAD with source link-layer", icmpPkt(unspec, nutSolicited, 255, 135, 0, nsBody(nutLL, &tnMAC)), counter.NDNSDADWithSLLA},
		{"target not ours", icmpPkt(tnLL, nutLL, 255, 135, 0, nsBody(tnGlobal, &tnMAC)), counter.NDNSTargetNotOurs},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := started(t)
			h.learnTN()
			h.send(c.pkt)
			s := h.sent()
			if c.counter == counter.None {
				if len(ofType(s, 136)) != 1 {
					t.Fatalf("no NA: %s", summary(s))
				}
				return
			}
			if len(s) != 0 || h.counter(c.counter) != 1 {
				t.Fatalf("sent %s, counters %v", summary(s), h.node.Counters())
			}
		})
	}
}

// TestNAValidation: an NA broken in one way (RFC 4861 §7.1.2) does not
// complete address resolution.
func TestNAValidation(t *testing.T) {
	S, O := uint8(nd.FlagSolicited), uint8(nd.FlagOverride)
	allNodes := netip.MustParseAddr("ff02::1")
	cases := []struct {
		name    string
		pkt     []byte
		counter counter.Counter
	}{
		{"valid", icmpPkt(tnLL, nutLL, 255, 136, 0, naBody(S|O, tnLL, &tnMAC)), counter.None},
		{"valid unsolicited to all-nodes", icmpPkt(tnLL, allNodes, 255, 136, 0, naBody(O, tnLL, &tnMAC)), counter.None},
		{"hop limit 254", icmpPkt(tnLL, nutLL, 254, 136, 0, naBody(S|O, tnLL, &tnMAC)), counter.NDNABadHopLimit},
		{"code 1", icmpPkt(tnLL, nutLL, 255, 136, 1, naBody(S|O, tnLL, &tnMAC)), counter.NDNABadCode},
		{"ICMP length 20", icmpPkt(tnLL, nutLL, 255, 136, 0, naBody(S|O, tnLL, nil)[:16]), counter.NDNATooShort},
		{"multicast target", icmpPkt(tnLL, nutLL, 255, 136, 0, naBody(S|O, allNodes, &tnMAC)), counter.NDNAMulticastTarget},
		{"solicited to multicast", icmpPkt(tnLL, allNodes, 255, 136, 0, naBody(S|O, tnLL, &tnMAC)), counter.NDNASolicitedToMulticast},
		{"zero-length option", icmpPkt(tnLL, nutLL, 255, 136, 0, append(naBody(S|O, tnLL, &tnMAC), 2, 0, 0, 0, 0, 0, 0, 0)), counter.NDNAZeroLengthOption},
		{"no target link-layer", icmpPkt(tnLL, nutLL, 255, 136, 0, naBody(S|O, tnLL, nil)), counter.NDNAIncompleteWithoutTLLA},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := started(t)
			h.send(echo(tnLL, nutLL, 1))
			if s := h.sent(); len(ofType(s, 135)) != 1 {
				t.Fatalf("no resolution started: %s", summary(s))
			}
			h.send(c.pkt)
			replies := ofType(h.sent(), 129)
			if c.counter == counter.None {
				if len(replies) != 1 {
					t.Fatal("the valid NA did not release the queued reply")
				}
				return
			}
			if len(replies) != 0 || h.counter(c.counter) != 1 {
				t.Fatalf("%d replies, counters %v", len(replies), h.node.Counters())
			}
		})
	}
}

func TestAddressResolution(t *testing.T) {
	h := started(t)
	h.send(echo(tnLL, nutLL, 1))
	check := func(o out) {
		t.Helper()
		ns := o.ns()
		slla, ok := option(ns.Options, layers.ICMPv6OptSourceAddress)
		if ns == nil || o.src() != nutLL || o.dst() != tnSolicited || o.eth().DstMAC.String() != "33:33:ff:00:a0:a0" ||
			o.ip().HopLimit != 255 || ns.TargetAddress.String() != tnLL.String() || !ok || string(slla) != string(nutMAC[:]) || !o.checksumOK() {
			t.Fatalf("solicitation %s", o)
		}
	}
	s := h.sent()
	if len(s) != 1 {
		t.Fatalf("sent %s", summary(s))
	}
	check(s[0])
	for i := 2; i <= 3; i++ {
		h.clk.Advance(time.Second - time.Millisecond)
		if s := h.sent(); len(s) != 0 {
			t.Fatalf("early retransmission %s", summary(s))
		}
		h.clk.Advance(time.Millisecond)
		s := h.sent()
		if len(s) != 1 {
			t.Fatalf("retransmission %d: %s", i, summary(s))
		}
		check(s[0])
	}
	h.clk.Advance(10 * time.Second)
	if s := h.sent(); len(s) != 0 || len(h.node.Neighbors()) != 0 || h.counter(counter.NDResolutionFailed) != 1 || h.counter(counter.NDResolutionPacketDropped) != 1 {
		t.Fatalf("after giving up: sent %s, neighbors %v, counters %v", summary(s), h.node.Neighbors(), h.node.Counters())
	}
	// A global prompt solicits from the global address.
	h.send(echo(tnGlobal, nutGlobal, 1))
	if s := h.sent(); len(s) != 1 || s[0].src() != nutGlobal || s[0].dst().String() != "ff02::1:ff00:a0a0" {
		t.Fatalf("global prompt: %s", summary(s))
	}
}

func TestResolutionQueue(t *testing.T) {
	h := newHarness(t, nil, func(c *Config) {
		k := nd.Defaults()
		k.MaxQueue = 2
		c.ND = &k
	})
	h.clk.Advance(2 * time.Second)
	h.pipe.Sent()
	for seq := uint16(1); seq <= 3; seq++ {
		h.send(echo(tnLL, nutLL, seq))
	}
	if s := h.sent(); len(s) != 1 || h.counter(counter.NDQueueOverflow) != 1 {
		t.Fatalf("one solicitation for three packets: %s, counters %v", summary(s), h.node.Counters())
	}
	h.send(icmpPkt(tnLL, nutLL, 255, 136, 0, naBody(nd.FlagSolicited|nd.FlagOverride, tnLL, &tnMAC)))
	s := h.sent()
	if len(s) != 2 || s[0].echo().SeqNumber != 2 || s[1].echo().SeqNumber != 3 || s[0].eth().DstMAC.String() != tnMAC.String() {
		t.Fatalf("flushed %s", summary(s))
	}
	if ns := h.node.Neighbors(); len(ns) != 1 || ns[0].State != "REACHABLE" {
		t.Fatalf("neighbors %+v", ns)
	}
	// Once resolved, replies go straight out.
	h.send(echo(tnLL, nutLL, 4))
	if s := h.sent(); len(s) != 1 || s[0].echo().SeqNumber != 4 {
		t.Fatalf("after resolution %s", summary(s))
	}
}

func TestNoRoute(t *testing.T) {
	h := started(t)
	h.send(echo(netip.MustParseAddr("2001:db8:99::1"), nutGlobal, 1))
	if s := h.sent(); len(s) != 0 || h.counter(counter.IPv6OutNoRoute) != 1 {
		t.Fatalf("off-link reply: %s", summary(s))
	}
}

// TestInputDrops: the fixed-header checks of the input path.
func TestInputDrops(t *testing.T) {
	v5 := echo(tnLL, nutLL, 1)
	v5[0] = 0x50
	long := echo(tnLL, nutLL, 1)
	binary.BigEndian.PutUint16(long[4:], 200)
	other := link.MAC{0, 0, 0, 0, 0xbb, 0xbb}
	cases := []struct {
		name    string
		frame   []byte
		counter counter.Counter // None = the node answers
	}{
		{"valid", etherFor(echo(tnLL, nutLL, 1)), counter.None},
		{"padding ignored", append(etherFor(echo(tnLL, nutLL, 1)), 1, 2, 3, 4), counter.None},
		{"hop limit 0", etherFor(icmpPkt(tnLL, nutLL, 0, 128, 0, echoBody(1, 1, ""))), counter.None},
		{"short frame", []byte{1, 2, 3}, counter.LinkShortFrame},
		{"other MAC", ether(other, tnMAC, link.EtherTypeIPv6, echo(tnLL, nutLL, 1)), counter.LinkNotForUs},
		{"unjoined group MAC", ether(link.MAC{0x33, 0x33, 0, 0, 0, 2}, tnMAC, link.EtherTypeIPv6, echo(tnLL, nutLL, 1)), counter.LinkNotForUs},
		{"broadcast MAC", ether(link.Broadcast, tnMAC, link.EtherTypeIPv6, echo(tnLL, nutLL, 1)), counter.None},
		{"IPv4", ether(nutMAC, tnMAC, 0x0800, make([]byte, 20)), counter.LinkUnknownEthertype},
		{"short IPv6", ether(nutMAC, tnMAC, link.EtherTypeIPv6, make([]byte, 39)), counter.IPv6TooShort},
		{"version 5", etherFor(v5), counter.IPv6BadVersion},
		{"payload length too long", etherFor(long), counter.IPv6Truncated},
		{"multicast source", etherFor(echo(netip.MustParseAddr("ff02::5"), nutLL, 1)), counter.IPv6MulticastSource},
		{"loopback source", etherFor(echo(netip.IPv6Loopback(), nutLL, 1)), counter.IPv6LoopbackOnWire},
		{"loopback destination", ether(nutMAC, tnMAC, link.EtherTypeIPv6, echo(tnLL, netip.IPv6Loopback(), 1)), counter.IPv6LoopbackOnWire},
		{"other unicast", etherFor(echo(tnLL, tnGlobal, 1)), counter.IPv6NotForUs},
		{"unjoined group", ether(nutMAC, tnMAC, link.EtherTypeIPv6, echo(tnLL, netip.MustParseAddr("ff02::2"), 1)), counter.IPv6GroupNotJoined},
		{"no next header", etherFor(ipPkt(tnLL, nutLL, 64, 59, nil)), counter.IPv6NoNextHeader},
		{"unknown informational", etherFor(icmpPkt(tnLL, nutLL, 64, 200, 0, nil)), counter.ICMP6UnknownInformational},
		{"short ICMPv6", etherFor(ipPkt(tnLL, nutLL, 64, 58, []byte{128, 0})), counter.ICMP6TooShort},
		{"short echo", etherFor(icmpPkt(tnLL, nutLL, 64, 128, 0, []byte{0, 1})), counter.ICMP6EchoTooShort},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := started(t)
			h.learnTN()
			h.inject(c.frame)
			replies := ofType(h.sent(), 129)
			if c.counter == counter.None {
				if len(replies) != 1 {
					t.Fatalf("no reply, counters %v", h.node.Counters())
				}
				return
			}
			if len(replies) != 0 || h.counter(c.counter) != 1 {
				t.Fatalf("%d replies, counters %v", len(replies), h.node.Counters())
			}
		})
	}
}

func TestLoopbackProtocol(t *testing.T) {
	h := started(t)
	fwd := link.MAC{0x02, 0, 0, 0, 0, 0xfe}
	// skipCount 0; forward to fwd; then a reply message with receipt number 7.
	payload := []byte{0, 0, 2, 0}
	payload = append(payload, fwd[:]...)
	payload = append(payload, 1, 0, 7, 0, 'x', 'y')
	h.inject(ether(nutMAC, tnMAC, link.EtherTypeLoopback, payload))
	f := h.pipe.Sent()
	if len(f) != 1 {
		t.Fatalf("%d frames", len(f))
	}
	want := ether(fwd, nutMAC, link.EtherTypeLoopback, append([]byte{8, 0}, payload[2:]...))
	if string(f[0]) != string(want) {
		t.Fatalf("forwarded\n got %x\nwant %x", f[0], want)
	}
	// The reply message addressed to us is consumed.
	h.inject(ether(nutMAC, tnMAC, link.EtherTypeLoopback, append([]byte{8, 0}, payload[2:]...)))
	if f := h.pipe.Sent(); len(f) != 0 {
		t.Fatalf("reply message answered: %x", f)
	}
	// Not to our MAC, too short, group forward address: ignored.
	h.inject(ether(link.Broadcast, tnMAC, link.EtherTypeLoopback, payload))
	h.inject(ether(nutMAC, tnMAC, link.EtherTypeLoopback, []byte{4, 0, 2, 0}))
	h.inject(ether(nutMAC, tnMAC, link.EtherTypeLoopback, []byte{0, 0, 2, 0, 1, 0, 0, 0, 0, 0}))
	if f := h.pipe.Sent(); len(f) != 0 {
		t.Fatalf("bad messages answered: %x", f)
	}
	c := h.node.Counters()
	if c["ectp.forwarded"] != 1 || c["ectp.reply_received"] != 1 || c["ectp.not_to_us"] != 1 || c["ectp.too_short"] != 1 || c["ectp.forward_to_group"] != 1 {
		t.Fatalf("counters %v", c)
	}
}

// TestLoopbackIsABarrier: the forwarded frame comes after every frame the
// node sent because of earlier frames.
func TestLoopbackIsABarrier(t *testing.T) {
	h := started(t)
	h.learnTN()
	var order []string
	h.pipe.OnWrite(func(f []byte) {
		order = append(order, fmt.Sprintf("%04x", link.Frame(f).EtherType()))
	})
	payload := append([]byte{0, 0, 2, 0}, tnMAC[:]...)
	payload = append(payload, 1, 0, 1, 0)
	done := make(chan bool)
	go func() {
		for seq := uint16(1); seq <= 3; seq++ {
			h.pipe.Inject(etherFor(echo(tnLL, nutLL, seq)))
		}
		done <- h.pipe.Inject(ether(nutMAC, tnMAC, link.EtherTypeLoopback, payload))
	}()
	<-done
	if fmt.Sprint(order) != "[86dd 86dd 86dd 9000]" {
		t.Fatalf("order %v", order)
	}
}

func TestLog(t *testing.T) {
	h := started(t)
	h.send(echo(tnLL, nutLL, 1))
	h.send(icmpPkt(tnLL, nutLL, 255, 136, 0, naBody(nd.FlagSolicited|nd.FlagOverride, tnLL, &tnMAC)))
	t.Log("\n" + h.log.String())
	for _, want := range []string{"v6l0: fe80::200:ff:fe00:100%v6l0 preferred", "nd: resolving fe80::200:ff:fe00:a0a0", "is at 00:00:00:00:a0:a0 (REACHABLE)"} {
		if !strings.Contains(h.log.String(), want) {
			t.Errorf("log lacks %q", want)
		}
	}
}
