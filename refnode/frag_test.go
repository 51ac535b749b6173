package refnode

import (
	"encoding/binary"
	"fmt"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/v6ct/v6ct/refnode/counter"
	"github.com/v6ct/v6ct/refnode/link"
)

// bigEcho is an Echo Request from src to dst with size octets of data.
func bigEcho(src, dst netip.Addr, seq uint16, size int) []byte {
	data := make([]byte, size)
	for i := range data {
		data[i] = byte(i * 7)
	}
	return icmpPkt(src, dst, 64, 128, 0, echoBody(0x1234, seq, string(data)))
}

// fragmentsOf cuts pkt (an IPv6 header and an upper layer, nothing between)
// into fragments with identification id; sizes are the data lengths of all
// fragments but the last, which takes the rest.
func fragmentsOf(pkt []byte, id uint32, sizes ...int) [][]byte {
	src, dst := ipv6Src(pkt), ipv6Dst(pkt)
	rest := pkt[40:]
	var out [][]byte
	off := 0
	for i := 0; i <= len(sizes); i++ {
		l := len(rest) - off
		if i < len(sizes) {
			l = sizes[i]
		}
		more := off+l < len(rest)
		out = append(out, withHeaders(src, dst, pkt[6], rest[off:off+l], fragHdr(off, more, id)))
		off += l
	}
	return out
}

func ipv6Src(p []byte) netip.Addr { return netip.AddrFrom16([16]byte(p[8:24])) }
func ipv6Dst(p []byte) netip.Addr { return netip.AddrFrom16([16]byte(p[24:40])) }

// echoReplies lists the sequence numbers of the Echo Replies in s.
func echoSeqs(s []out) string {
	var seqs []string
	for _, o := range ofType(s, 129) {
		seqs = append(seqs, fmt.Sprint(o.echo().SeqNumber))
	}
	return strings.Join(seqs, ",")
}

func TestReassembly(t *testing.T) {
	a := bigEcho(tnLL, nutLL, 1, 1400)
	b := bigEcho(tnLL, nutLL, 2, 1000)
	fa := fragmentsOf(a, 100, 512, 512)
	fb := fragmentsOf(b, 200, 504)
	other := func(f []byte, mutate func([]byte)) []byte { g := append([]byte(nil), f...); mutate(g); return g }
	cases := []struct {
		name   string
		frames [][]byte
		want   string
		te     bool // a first fragment is left over: Time Exceeded later
	}{
		{"1.3.1 A in order", [][]byte{fa[0], fa[1], fa[2]}, "1", false},
		{"1.3.1 B reverse order", [][]byte{fa[2], fa[1], fa[0]}, "1", false},
		{"middle first", [][]byte{fa[1], fa[0], fa[2]}, "1", false},
		{"two datagrams interleaved", [][]byte{fa[0], fb[1], fa[2], fb[0], fa[1]}, "2,1", false},
		{"1.3.1 C identification differs", [][]byte{fa[0], fa[1], other(fa[2], func(g []byte) { g[47]++ })}, "", true},
		{"1.3.1 D source differs", [][]byte{fa[0], fa[1], other(fa[2], func(g []byte) { g[23]++ })}, "", true},
		{"1.3.1 E destination differs", [][]byte{fa[0], other(fa[1], func(g []byte) { g[39]++ }), fa[2]}, "", true},
		{"1.3.5 A overlap", [][]byte{fa[0], fragmentsOf(a, 100, 504, 512)[1], fa[1], fa[2]}, "", false},
		{"1.3.5 B overlap, reverse order", [][]byte{fa[2], fa[1], fragmentsOf(a, 100, 520)[0], fa[0]}, "", false},
		{"1.3.5 C duplicate fragments", [][]byte{fa[0], fa[1], fa[1], fa[0], fa[2]}, "1", false},
		{"two ends", [][]byte{fa[0], fa[2], fragmentsOf(a, 100, 512, 520)[2]}, "", false},
		{"data past the end", [][]byte{fa[2], fragmentsOf(a, 100, 512, 512, 128)[2], fa[0]}, "", false},
		{"1.3.4 atomic fragment beside a pending datagram", [][]byte{fa[0], fragmentsOf(echo(tnLL, nutLL, 3), 100)[0]}, "3", true},
		{"atomic fragment then the datagram", [][]byte{fragmentsOf(echo(tnLL, nutLL, 3), 100)[0], fa[0], fa[1], fa[2]}, "3,1", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := started(t)
			h.learnTN()
			for _, f := range c.frames {
				h.send(f)
			}
			s := h.sent()
			if got := echoSeqs(s); got != c.want {
				t.Fatalf("replies %q, want %q; sent %s; counters %v", got, c.want, summary(s), h.node.Counters())
			}
			if len(s) != len(ofType(s, 129)) {
				t.Errorf("more than replies: %s", summary(s))
			}
			for _, r := range ofType(s, 129) {
				if r.ip().NextHeader != 58 || !r.checksumOK() {
					t.Errorf("reply %s: next header %d", r, r.ip().NextHeader)
				}
				if r.echo().SeqNumber == 1 && string(r.echo().Payload) != string(a[48:]) {
					t.Error("reply data differ from the reassembled request")
				}
			}
			// What is left in reassembly runs out, with Time Exceeded
			// only where a first fragment waits.
			h.clk.Advance(2 * time.Minute)
			if te := len(ofType(h.sent(), 3)) == 1; te != c.te {
				t.Errorf("Time Exceeded: %v, want %v", te, c.te)
			}
		})
	}
}

// TestOverlapDiscardsLaterFragments: after an overlap, the datagram's
// fragments still to come are discarded too (RFC 5722 §4).
func TestOverlapDiscardsLaterFragments(t *testing.T) {
	h := started(t)
	h.learnTN()
	a := bigEcho(tnLL, nutLL, 1, 1400)
	fa := fragmentsOf(a, 100, 512, 512)
	h.send(fa[0])
	h.send(fragmentsOf(a, 100, 256, 512)[1])
	h.send(fa[1])
	h.send(fa[2])
	h.send(fa[0])
	if s := h.sent(); len(s) != 0 || h.counter(counter.FragOverlap) != 1 || h.counter(counter.FragDroppedAfterDiscard) != 3 {
		t.Fatalf("sent %s, counters %v", summary(s), h.node.Counters())
	}
	h.clk.Advance(time.Minute)
	if s := h.sent(); len(s) != 0 {
		t.Fatalf("after the timeout: %s", summary(s))
	}
	// Its time over, the same identification starts afresh.
	for _, f := range fa {
		h.send(f)
	}
	if got := echoSeqs(h.sent()); got != "1" {
		t.Fatalf("afterwards: %q", got)
	}
}

func TestReassemblyTimeout(t *testing.T) {
	global := fragmentsOf(bigEcho(tnGlobal, nutGlobal, 1, 1400), 7, 512, 512)
	ll := fragmentsOf(bigEcho(tnLL, nutLL, 1, 1400), 7, 512, 512)
	toAll := fragmentsOf(bigEcho(tnLL, allNodes, 1, 1400), 7, 512, 512)
	cases := []struct {
		name   string
		frames [][]byte
		quote  []byte // the Time Exceeded's quote; nil = none expected
	}{
		{"1.3.2 B last fragment missing", [][]byte{global[0], global[1]}, global[0]},
		{"1.3.2 C only the first (global)", [][]byte{global[0]}, global[0]},
		{"1.3.2 D only the first (link-local)", [][]byte{ll[0]}, ll[0]},
		{"first fragment last", [][]byte{global[2], global[0]}, global[0]},
		{"1.3.2 E only the second", [][]byte{global[1]}, nil},
		{"5.1.10 B to a multicast destination", [][]byte{toAll[0]}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := started(t)
			h.learnTN()
			for _, f := range c.frames {
				h.send(f)
			}
			h.clk.Advance(frag60 - time.Millisecond)
			if s := h.sent(); len(s) != 0 {
				t.Fatalf("before 60 s: %s", summary(s))
			}
			h.clk.Advance(time.Millisecond)
			s := h.sent()
			if c.quote == nil {
				if len(s) != 0 {
					t.Fatalf("sent %s", summary(s))
				}
				return
			}
			if len(s) != 1 || s[0].icmpType() != 3 {
				t.Fatalf("sent %s", summary(s))
			}
			body := s[0].raw[link.HeaderLen+40:]
			if body[1] != 1 || binary.BigEndian.Uint32(body[4:]) != 0 || string(body[8:]) != string(c.quote) || !s[0].checksumOK() {
				t.Errorf("Time Exceeded code %d, quote of %d octets", body[1], len(body[8:]))
			}
			if s[0].dst() != ipv6Src(c.quote) || s[0].src() != ipv6Dst(c.quote) {
				t.Errorf("Time Exceeded %s", s[0])
			}
		})
	}
}

const frag60 = 60 * time.Second

// TestReassemblyMemoryCap: the oldest datagram gives way when a new
// fragment would go over the limit.
func TestReassemblyMemoryCap(t *testing.T) {
	// Each first fragment costs its 1072 octets and 160 of bookkeeping.
	h := newHarness(t, nil, func(c *Config) { c.ReassemblyMemory = 4800 })
	h.clk.Advance(2 * time.Second)
	h.pipe.Sent()
	h.learnTN()
	var fs [][][]byte
	for i := range 4 {
		fs = append(fs, fragmentsOf(bigEcho(tnLL, nutLL, uint16(i+1), 1400), uint32(i+1), 1024))
		h.send(fs[i][0]) // about 1100 octets each
	}
	if h.counter(counter.FragMemoryEvicted) != 1 || h.node.reasm.Memory() != 3*1232 || h.node.reasm.Pending() != 3 {
		t.Fatalf("counters %v, memory %d, pending %d", h.node.Counters(), h.node.reasm.Memory(), h.node.reasm.Pending())
	}
	for _, i := range []int{1, 2, 3, 0} {
		h.send(fs[i][1])
	}
	if got := echoSeqs(h.sent()); got != "2,3,4" {
		t.Fatalf("replies %q (the first datagram was evicted), counters %v", got, h.node.Counters())
	}
	if h.node.reasm.Memory() != 128+32+384 || h.node.reasm.Pending() != 1 {
		t.Fatalf("memory %d, pending %d", h.node.reasm.Memory(), h.node.reasm.Pending())
	}
	// A fragment larger than the whole limit is dropped at once.
	h.send(fragmentsOf(bigEcho(tnLL, nutLL, 9, 9000), 9, 4800)[0])
	if h.counter(counter.FragMemoryDropped) != 1 {
		t.Fatalf("counters %v", h.node.Counters())
	}
}

// reassembleOut puts the node's fragments back together the tester's way,
// checking each against mtu.
func reassembleOut(t *testing.T, frames []out, mtu int) []byte {
	t.Helper()
	var whole []byte
	var id uint32
	for i, o := range frames {
		p := o.raw[link.HeaderLen:]
		if len(p) > mtu || p[6] != 44 || binary.BigEndian.Uint16(p[4:]) != uint16(len(p)-40) {
			t.Fatalf("fragment %d: %d octets, next header %d", i, len(p), p[6])
		}
		fo := int(binary.BigEndian.Uint16(p[42:]) &^ 7)
		more := p[43]&1 == 1
		if i == 0 {
			id = binary.BigEndian.Uint32(p[44:])
			whole = append([]byte(nil), p[:40]...)
			whole[6] = p[40]
		}
		if binary.BigEndian.Uint32(p[44:]) != id || fo != len(whole)-40 || more != (i < len(frames)-1) {
			t.Fatalf("fragment %d: offset %d, M %v, id %x", i, fo, more, binary.BigEndian.Uint32(p[44:]))
		}
		if more && (len(p)-48)%8 != 0 {
			t.Fatalf("fragment %d: %d octets of data", i, len(p)-48)
		}
		whole = append(whole, p[48:]...)
	}
	binary.BigEndian.PutUint16(whole[4:], uint16(len(whole)-40))
	return whole
}

// ptb is a Packet Too Big from TN1's router-like self, quoting what the
// node sent.
func ptb(from, to netip.Addr, mtu uint32, quote []byte) []byte {
	body := binary.BigEndian.AppendUint32(nil, mtu)
	return icmpPkt(from, to, 255, 2, 0, append(body, quote[:min(len(quote), 1232)]...))
}

// TestFragmentedEchoReply: a reply that does not fit the path MTU goes out
// in fragments that put the reply back together, for a reassembled request
// (1.3.1 F, 4.1.1 C) and after a Packet Too Big (4.1.4, 4.1.6).
func TestFragmentedEchoReply(t *testing.T) {
	h := started(t)
	h.learnTN()
	req := bigEcho(tnGlobal, nutGlobal, 1, 3000)
	for _, f := range fragmentsOf(req, 5, 1448, 1448) {
		h.send(f)
	}
	s := h.sent()
	if len(s) != 3 {
		t.Fatalf("sent %s", summary(s))
	}
	whole := reassembleOut(t, s, 1500)
	want := icmpPkt(nutGlobal, tnGlobal, 64, 129, 0, echoBody(0x1234, 1, string(req[48:])))
	if string(whole) != string(want) {
		t.Fatalf("reassembled reply differs:\n got %x\nwant %x", whole[:64], want[:64])
	}
	// A Packet Too Big lowers the path MTU; below 1280 it means 1280.
	cases := []struct {
		mtu  uint32
		want int
	}{{1400, 1400}, {1500, 1400}, {1280, 1280}, {56, 1280}, {1279, 1280}, {0x1fffffff, 1280}}
	for _, c := range cases {
		h.send(ptb(tnGlobal, nutGlobal, c.mtu, whole))
		if got := h.node.PathMTU(tnGlobal); got != c.want {
			t.Errorf("after PTB %d: path MTU %d, want %d", c.mtu, got, c.want)
		}
	}
	h.send(bigEcho(tnGlobal, nutGlobal, 2, 1400))
	s = h.sent()
	if len(s) != 2 {
		t.Fatalf("sent %s", summary(s))
	}
	reassembleOut(t, s, 1280)
	if id0 := binary.BigEndian.Uint32(s[0].raw[link.HeaderLen+44:]); id0 == binary.BigEndian.Uint32(whole[44:]) {
		t.Error("the same identification twice")
	}
	// Other destinations keep the link MTU.
	if got := h.node.PathMTU(tnLL.WithZone("v6l0")); got != 1500 {
		t.Errorf("link-local path MTU %d", got)
	}
	// 10 minutes later the estimate is forgotten (RFC 8201 §4).
	h.clk.Advance(10*time.Minute - time.Second)
	if got := h.node.PathMTU(tnGlobal); got != 1280 {
		t.Errorf("before 10 minutes: %d", got)
	}
	h.clk.Advance(time.Second)
	if got := h.node.PathMTU(tnGlobal); got != 1500 {
		t.Errorf("after 10 minutes: %d", got)
	}
	h.pipe.Sent()
	// A Packet Too Big that quotes a packet we did not send is ignored.
	h.send(ptb(tnGlobal, nutGlobal, 1280, bigEcho(tnLL, tnGlobal, 1, 100)))
	if got := h.node.PathMTU(tnGlobal); got != 1500 || h.counter(counter.ICMP6PTBNotOurs) != 1 {
		t.Errorf("foreign PTB: %d", got)
	}
}

// TestFragmentIdentifications: unpredictable, yet the same for the same seed.
func TestFragmentIdentifications(t *testing.T) {
	ids := func() []uint32 {
		h := started(t)
		h.learnTN()
		var r []uint32
		for seq := range uint16(3) {
			for _, f := range fragmentsOf(bigEcho(tnLL, nutLL, seq, 2000), uint32(seq), 1448) {
				h.send(f)
			}
			s := h.sent()
			if len(s) != 2 {
				t.Fatalf("sent %s", summary(s))
			}
			r = append(r, binary.BigEndian.Uint32(s[0].raw[link.HeaderLen+44:]))
		}
		return r
	}
	a, b := ids(), ids()
	if fmt.Sprint(a) != fmt.Sprint(b) || a[0] == a[1] || a[1] == a[2] || a[1] == a[0]+1 {
		t.Fatalf("identifications %x and %x", a, b)
	}
}
