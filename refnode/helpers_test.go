package refnode

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"net"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"

	"github.com/v6ct/v6ct/refnode/clock"
	"github.com/v6ct/v6ct/refnode/counter"
	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/ipv6"
	"github.com/v6ct/v6ct/refnode/link"
	"github.com/v6ct/v6ct/refnode/nd"
)

// The catalogue's names: NUT is the node under test, TN1 a tester node on
// the same link.
var (
	nutMAC       = link.MAC{0, 0, 0, 0, 1, 0}
	nutLL        = netip.MustParseAddr("fe80::200:ff:fe00:100")
	nutGlobal    = netip.MustParseAddr("2001:db8:1::200:ff:fe00:100")
	nutSolicited = netip.MustParseAddr("ff02::1:ff00:100")
	tnMAC        = link.MAC{0, 0, 0, 0, 0xa0, 0xa0}
	tnLL         = netip.MustParseAddr("fe80::200:ff:fe00:a0a0")
	tnGlobal     = netip.MustParseAddr("2001:db8:1::200:ff:fe00:a0a0")
	tnSolicited  = netip.MustParseAddr("ff02::1:ff00:a0a0")
)

// syncBuffer collects the node's log; timer callbacks may write from the
// test goroutine while a receive goroutine does too.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// noRS are the default constants without Router Solicitations.
var noRS = func() nd.Constants { c := nd.Defaults(); c.MaxRtrSolicitations = 0; return c }()

type harness struct {
	t    testing.TB
	clk  *clock.Manual
	node *Node
	pipe *link.Pipe
	log  *syncBuffer
}

// newHarness starts a node with one interface on a pipe, on a manual clock,
// before DAD has run.
func newHarness(t testing.TB, fs []faults.Fault, opts ...func(*Config)) *harness {
	t.Helper()
	h := &harness{t: t, clk: clock.NewManual(), pipe: link.NewPipe(), log: &syncBuffer{}}
	set := faults.Set{}
	for _, f := range fs {
		set[f] = true
	}
	cfg := Config{
		Interfaces: []InterfaceConfig{{
			Name:      "v6l0",
			MAC:       net.HardwareAddr(nutMAC[:]),
			Addresses: []netip.Prefix{netip.PrefixFrom(nutGlobal, 64)},
		}},
		Clock:      h.clk,
		Seed:       1,
		Faults:     set,
		Log:        h.log,
		OpenDevice: func(string) (link.Device, error) { return h.pipe, nil },
		ND:         &noRS, // the tests count frames; router discovery tests set ND back to nil
	}
	for _, o := range opts {
		o(&cfg)
	}
	n, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	h.node = n
	t.Cleanup(func() { n.Close() })
	n.Start()
	return h
}

// started is a node whose DAD has finished, with nothing left to read.
func started(t testing.TB, fs ...faults.Fault) *harness {
	h := newHarness(t, fs)
	h.clk.Advance(2 * time.Second)
	h.pipe.Sent()
	return h
}

func (h *harness) inject(frame []byte) {
	h.t.Helper()
	if !h.pipe.Inject(frame) {
		h.t.Fatal("pipe closed")
	}
}

// send frames an IPv6 packet from TN1 to the MAC its destination maps to.
func (h *harness) send(pkt []byte) {
	h.t.Helper()
	h.inject(etherFor(pkt))
}

// sent decodes the frames the node sent, leaving out its MLD messages:
// a node reports the groups it joins whatever a test does, and the tests
// that judge reports read them with sentMLD.
func (h *harness) sent() []out {
	var o []out
	for _, f := range h.pipe.Sent() {
		if d := decode(f); !d.isMLD() {
			o = append(o, d)
		}
	}
	return o
}

// sentAll decodes every frame the node sent, MLD included.
func (h *harness) sentAll() []out {
	var o []out
	for _, f := range h.pipe.Sent() {
		o = append(o, decode(f))
	}
	return o
}

// counter reads c through Node.Counters, by its dotted name, as users do.
func (h *harness) counter(c counter.Counter) uint64 { return h.node.Counters()[c.String()] }

// learnTN makes TN1's addresses known to the node: an NS from each with a
// source link-layer option, then the node's NUD is satisfied with a solicited
// NA so that the entries are REACHABLE.
func (h *harness) learnTN() {
	h.t.Helper()
	for _, p := range [][2]netip.Addr{{tnLL, nutLL}, {tnGlobal, nutGlobal}} {
		h.send(icmpPkt(p[0], p[1], 255, 135, 0, nsBody(p[1], &tnMAC)))
		h.send(icmpPkt(p[0], p[1], 255, 136, 0, naBody(nd.FlagSolicited|nd.FlagOverride, p[0], &tnMAC)))
	}
	h.pipe.Sent()
}

func etherFor(pkt []byte) []byte {
	dst := nutMAC
	if d := ipv6.Header(pkt).Dst(); ipv6.IsMulticast(d) {
		dst = ipv6.MulticastMAC(d)
	}
	return ether(dst, tnMAC, link.EtherTypeIPv6, pkt)
}

func ether(dst, src link.MAC, typ uint16, payload []byte) []byte {
	b := make([]byte, link.HeaderLen, link.HeaderLen+len(payload))
	link.PutHeader(b, dst, src, typ)
	return append(b, payload...)
}

// ipPkt builds an IPv6 packet by hand, so that tests can break any field.
func ipPkt(src, dst netip.Addr, hop, next uint8, payload []byte) []byte {
	b := make([]byte, 40, 40+len(payload))
	b[0] = 0x60
	binary.BigEndian.PutUint16(b[4:], uint16(len(payload)))
	b[6], b[7] = next, hop
	s, d := src.As16(), dst.As16()
	copy(b[8:], s[:])
	copy(b[24:], d[:])
	return append(b, payload...)
}

// icmpPkt builds an ICMPv6 packet with a correct checksum.
func icmpPkt(src, dst netip.Addr, hop, typ, code uint8, body []byte) []byte {
	m := append([]byte{typ, code, 0, 0}, body...)
	c := ipv6.Checksum(src, dst, ipv6.ProtoICMPv6, m)
	m[2], m[3] = byte(c>>8), byte(c)
	return ipPkt(src, dst, hop, ipv6.ProtoICMPv6, m)
}

func echoBody(id, seq uint16, data string) []byte {
	return append([]byte{byte(id >> 8), byte(id), byte(seq >> 8), byte(seq)}, data...)
}

func echo(src, dst netip.Addr, seq uint16) []byte {
	return icmpPkt(src, dst, 64, 128, 0, echoBody(0x1234, seq, "v6ct"))
}

func nsBody(target netip.Addr, slla *link.MAC, extra ...byte) []byte {
	t := target.As16()
	b := append([]byte{0, 0, 0, 0}, t[:]...)
	if slla != nil {
		b = append(b, 1, 1)
		b = append(b, slla[:]...)
	}
	return append(b, extra...)
}

func naBody(flags uint8, target netip.Addr, tlla *link.MAC) []byte {
	t := target.As16()
	b := append([]byte{flags, 0, 0, 0}, t[:]...)
	if tlla != nil {
		b = append(b, 2, 1)
		b = append(b, tlla[:]...)
	}
	return b
}

// out is a frame the node sent, decoded by gopacket.
type out struct {
	raw []byte
	p   gopacket.Packet
}

func decode(f []byte) out {
	return out{f, gopacket.NewPacket(f, layers.LayerTypeEthernet, gopacket.Default)}
}

func (o out) eth() *layers.Ethernet {
	l, _ := o.p.Layer(layers.LayerTypeEthernet).(*layers.Ethernet)
	return l
}

func (o out) ip() *layers.IPv6 {
	l, _ := o.p.Layer(layers.LayerTypeIPv6).(*layers.IPv6)
	return l
}

func (o out) icmp() *layers.ICMPv6 {
	l, _ := o.p.Layer(layers.LayerTypeICMPv6).(*layers.ICMPv6)
	return l
}

// isMLD says the frame is an MLD message (RFC 3810 §5, RFC 2710 §3).
func (o out) isMLD() bool {
	switch o.icmpType() {
	case 130, 131, 132, 143:
		return true
	}
	return false
}

func (o out) icmpType() int {
	if l := o.icmp(); l != nil {
		return int(l.TypeCode.Type())
	}
	return -1
}

func (o out) ns() *layers.ICMPv6NeighborSolicitation {
	l, _ := o.p.Layer(layers.LayerTypeICMPv6NeighborSolicitation).(*layers.ICMPv6NeighborSolicitation)
	return l
}

func (o out) na() *layers.ICMPv6NeighborAdvertisement {
	l, _ := o.p.Layer(layers.LayerTypeICMPv6NeighborAdvertisement).(*layers.ICMPv6NeighborAdvertisement)
	return l
}

func (o out) echo() *layers.ICMPv6Echo {
	l, _ := o.p.Layer(layers.LayerTypeICMPv6Echo).(*layers.ICMPv6Echo)
	return l
}

func (o out) src() netip.Addr { a, _ := netip.AddrFromSlice(o.ip().SrcIP); return a }
func (o out) dst() netip.Addr { a, _ := netip.AddrFromSlice(o.ip().DstIP); return a }

// checksumOK verifies the ICMPv6 checksum independently of the node's path.
func (o out) checksumOK() bool {
	ip := o.raw[link.HeaderLen:]
	return ipv6.Checksum(o.src(), o.dst(), ipv6.ProtoICMPv6, ip[40:]) == 0
}

// option returns the data of the first ND option of type typ.
func option(opts layers.ICMPv6Options, typ layers.ICMPv6Opt) ([]byte, bool) {
	for _, o := range opts {
		if o.Type == typ {
			return o.Data, true
		}
	}
	return nil, false
}

func (o out) String() string {
	if o.ip() == nil {
		return fmt.Sprintf("frame %x", o.raw)
	}
	return fmt.Sprintf("%s -> %s type %d", o.src(), o.dst(), o.icmpType())
}

func summary(os []out) string {
	var s []string
	for _, o := range os {
		s = append(s, o.String())
	}
	return "[" + strings.Join(s, "; ") + "]"
}

func ofType(os []out, typ int) []out {
	var r []out
	for _, o := range os {
		if o.icmpType() == typ {
			r = append(r, o)
		}
	}
	return r
}
