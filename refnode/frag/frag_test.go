package frag

import (
	"bytes"
	"encoding/binary"
	"net/netip"
	"sync"
	"testing"
	"time"

	"github.com/v6ct/v6ct/refnode/clock"
	"github.com/v6ct/v6ct/refnode/counter"
	"github.com/v6ct/v6ct/refnode/exthdr"
	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/ipv6"
)

var (
	src = netip.MustParseAddr("2001:db8::1")
	dst = netip.MustParseAddr("2001:db8::2")
)

type recorder struct {
	counts   map[counter.Counter]int
	timedOut [][]byte
}

func newReassembler(t testing.TB, limit int, fs ...faults.Fault) (*Reassembler, *clock.Manual, *recorder) {
	clk := clock.NewManual()
	rec := &recorder{counts: map[counter.Counter]int{}}
	set := faults.Set{}
	for _, f := range fs {
		set[f] = true
	}
	var mu sync.Mutex
	r := New(Config{Clock: clk, Lock: &mu, MemoryLimit: limit, Faults: set,
		Count:    func(c counter.Counter) { rec.counts[c]++ },
		TimedOut: func(_ int, first []byte, _ bool) { rec.timedOut = append(rec.timedOut, bytes.Clone(first)) }})
	return r, clk, rec
}

// packet is an IPv6 packet with a Hop-by-Hop header, a Routing header, a
// Destination Options header and n octets of UDP-numbered data.
func packet(n int) []byte {
	p := make([]byte, ipv6.HeaderLen)
	ext := []byte{
		43, 0, 1, 4, 0, 0, 0, 0, // HBH
		60, 0, 33, 0, 0, 0, 0, 0, // RH, segments left 0
		17, 0, 1, 4, 0, 0, 0, 0, // DO after the RH: fragmentable
	}
	ipv6.Put(p, 0, 0, uint16(len(ext)+n), ipv6.ProtoHopByHop, 64, src, dst)
	p = append(p, ext...)
	for i := range n {
		p = append(p, byte(i*13))
	}
	return p
}

// add feeds a fragment built by Split to r.
func add(r *Reassembler, f []byte) ([]byte, bool) {
	off := 56 // behind HBH and RH
	return r.Add(0, f, off, 48, false)
}

func TestSplitAndReassemble(t *testing.T) {
	for _, n := range []int{100, 1500, 3000, 65000} {
		p := packet(n)
		var frags [][]byte
		buf := make([]byte, 1280)
		k := Split(p, 1280, 0x11223344, buf, func(f []byte) { frags = append(frags, bytes.Clone(f)) })
		if k != len(frags) || k != (len(p)-56+1215)/1216 {
			t.Fatalf("%d: %d fragments", n, k)
		}
		for i, f := range frags {
			if len(f) > 1280 || f[40+8] != 44 || binary.BigEndian.Uint16(f[4:]) != uint16(len(f)-40) {
				t.Fatalf("%d: fragment %d of %d octets: %x", n, i, len(f), f[:64])
			}
			fr := exthdr.Fragment(f[56:])
			if fr.Identification() != 0x11223344 || fr.NextHeader() != 60 || fr.More() != (i < len(frags)-1) ||
				(fr.More() && (len(f)-64)%8 != 0) {
				t.Fatalf("%d: fragment %d header %x", n, i, f[56:64])
			}
		}
		// Reverse order, through reassembly.
		r, _, _ := newReassembler(t, 0)
		var got []byte
		for i := len(frags) - 1; i >= 0; i-- {
			out, ok := add(r, frags[i])
			if ok != (i == 0) {
				t.Fatalf("%d: fragment %d completes: %v", n, i, ok)
			}
			got = out
		}
		if !bytes.Equal(got, p) {
			t.Fatalf("%d: round trip differs", n)
		}
		if r.Memory() != 0 || r.Pending() != 0 {
			t.Fatalf("%d: memory %d pending %d", n, r.Memory(), r.Pending())
		}
	}
	if Split(packet(100), 64, 1, make([]byte, 64), func([]byte) {}) != 0 {
		t.Error("split with no room for data")
	}
}

func fragments(t *testing.T, n, mtu int) [][]byte {
	var frags [][]byte
	Split(packet(n), mtu, 7, make([]byte, mtu), func(f []byte) { frags = append(frags, bytes.Clone(f)) })
	return frags
}

func TestTimeout(t *testing.T) {
	r, clk, rec := newReassembler(t, 0)
	fs := fragments(t, 2000, 1280)
	add(r, fs[0])
	clk.Advance(Timeout - time.Nanosecond)
	if len(rec.timedOut) != 0 {
		t.Fatal("early")
	}
	clk.Advance(time.Nanosecond)
	if len(rec.timedOut) != 1 || !bytes.Equal(rec.timedOut[0], fs[0]) || r.Pending() != 0 || r.Memory() != 0 {
		t.Fatalf("timed out %d, pending %d", len(rec.timedOut), r.Pending())
	}
	// Without the first fragment: silently.
	add(r, fs[1])
	clk.Advance(Timeout)
	if len(rec.timedOut) != 1 || rec.counts[counter.FragTimeout] != 2 {
		t.Fatalf("timed out %d, counts %v", len(rec.timedOut), rec.counts)
	}
	// Stopped: nothing fires.
	add(r, fs[0])
	r.Stop()
	clk.Advance(Timeout)
	if len(rec.timedOut) != 1 {
		t.Fatal("fired after Stop")
	}
}

func TestOverlapAndDuplicates(t *testing.T) {
	fs := fragments(t, 2000, 1280)
	r, clk, rec := newReassembler(t, 0)
	add(r, fs[0])
	add(r, fs[0])
	if rec.counts[counter.FragDuplicate] != 1 {
		t.Fatalf("counts %v", rec.counts)
	}
	// A changed copy of the first fragment overlaps it.
	changed := bytes.Clone(fs[0])
	changed[len(changed)-1] ^= 1
	add(r, changed)
	if _, ok := add(r, fs[1]); ok || rec.counts[counter.FragOverlap] != 1 || rec.counts[counter.FragDroppedAfterDiscard] != 1 {
		t.Fatalf("counts %v", rec.counts)
	}
	clk.Advance(Timeout)
	if len(rec.timedOut) != 0 || r.Pending() != 0 {
		t.Fatal("Time Exceeded for a discarded datagram")
	}
	// With overlap-accepted the last one received wins.
	r, _, _ = newReassembler(t, 0, faults.OverlapAccepted)
	add(r, fs[0])
	add(r, changed)
	out, ok := add(r, fs[1])
	if !ok || out[len(changed)-8-1] != changed[len(changed)-1] {
		t.Fatal("the later overlapping fragment did not win")
	}
}

func TestMemoryLimit(t *testing.T) {
	r, _, rec := newReassembler(t, 3000)
	var firsts [][]byte
	for id := range 3 {
		f := fragments(t, 2000, 1280)[0]
		binary.BigEndian.PutUint32(f[60:], uint32(id))
		firsts = append(firsts, f)
		add(r, f)
	}
	if rec.counts[counter.FragMemoryEvicted] != 1 || r.Pending() != 2 || r.Memory() > 3000 {
		t.Fatalf("counts %v pending %d memory %d", rec.counts, r.Pending(), r.Memory())
	}
}

// FuzzAdd: arbitrary fragments never panic, never go over the limit and
// never complete a packet longer than IPv6 allows.
func FuzzAdd(f *testing.F) {
	for _, fr := range fragments(nil, 3000, 1280) {
		f.Add(fr[56:])
	}
	f.Fuzz(func(t *testing.T, tail []byte) {
		r, clk, _ := newReassembler(t, 8192)
		head := packet(0)[:56]
		for len(tail) >= exthdr.FragmentLen {
			l := min(len(tail), 8+int(tail[0])*8)
			p := append(bytes.Clone(head), tail[:l]...)
			binary.BigEndian.PutUint16(p[4:], uint16(len(p)-40))
			if out, ok := add(r, p); ok && len(out) > ipv6.HeaderLen+MaxPayload {
				t.Fatalf("reassembled %d octets", len(out))
			}
			if r.Memory() > 8192 {
				t.Fatalf("memory %d", r.Memory())
			}
			tail = tail[l:]
		}
		clk.Advance(Timeout)
		if r.Pending() != 0 || r.Memory() != 0 {
			t.Fatalf("left after the timeout: %d, %d", r.Pending(), r.Memory())
		}
	})
}

func TestTooManyFragments(t *testing.T) {
	r, _, rec := newReassembler(t, 0)
	head := packet(0)[:56]
	for i := range MaxFragments + 2 {
		p := append(bytes.Clone(head), 60, 0, 0, 0, 0, 0, 0, 9)
		binary.BigEndian.PutUint16(p[58:], uint16(8+i*8)|1)
		p = append(p, make([]byte, 8)...)
		binary.BigEndian.PutUint16(p[4:], uint16(len(p)-40))
		add(r, p)
	}
	if rec.counts[counter.FragTooManyFragments] != 1 || rec.counts[counter.FragDroppedAfterDiscard] != 1 || r.Memory() != datagramOverhead {
		t.Fatalf("counts %v, memory %d", rec.counts, r.Memory())
	}
}
