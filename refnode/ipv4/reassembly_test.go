package ipv4

import (
	"bytes"
	"encoding/binary"
	"testing"
	"time"

	"github.com/v6ct/v6ct/refnode/clock"
	"github.com/v6ct/v6ct/refnode/counter"
)

// frag is a fragment of datagram id carrying payload[off:end], MF when more.
func frag(id uint16, payload []byte, off, end int, more bool) Header {
	b := make([]byte, HeaderLen+end-off)
	copy(b[HeaderLen:], payload[off:end])
	Put(b, 0, id, false, 64, ProtoIPv6, src, dst, end-off)
	v := uint16(off / 8)
	if more {
		v |= FlagMoreFrags
	}
	binary.BigEndian.PutUint16(b[OffFlagsFrag:], v)
	Header(b).fixChecksum()
	return Header(b)
}

func payload(n int) []byte {
	p := make([]byte, n)
	for i := range p {
		p[i] = byte(i * 7)
	}
	return p
}

type counts map[counter.Counter]int

func (c counts) count(n counter.Counter) { c[n]++ }

func TestReassembly(t *testing.T) {
	t0 := time.Unix(1000, 0)
	p := payload(100)
	for _, order := range [][]int{{0, 1, 2}, {2, 0, 1}, {1, 2, 0}} {
		c := counts{}
		r := NewReassembler(ReassemblyConfig{Count: c.count})
		fs := []Header{frag(1, p, 0, 48, true), frag(1, p, 48, 96, true), frag(1, p, 96, 100, false)}
		var whole Header
		for i, k := range order {
			got := r.Add(fs[k], t0)
			if (got != nil) != (i == 2) {
				t.Fatalf("order %v: datagram after %d fragments: %v", order, i+1, got != nil)
			}
			whole = got
		}
		if _, why := Check(whole); why != counter.None || whole.IsFragment() || whole.TotalLength() != HeaderLen+100 || !bytes.Equal(whole.Payload(), p) {
			t.Fatalf("order %v: reassembled %x (%s)", order, whole, why)
		}
		if d, o := r.Pending(); d != 0 || o != 0 || c[counter.IPv4FragReassembled] != 1 {
			t.Fatalf("order %v: %d datagrams, %d octets left, counts %v", order, d, o, c)
		}
	}
}

func TestReassemblyRefusals(t *testing.T) {
	t0 := time.Unix(1000, 0)
	p := payload(200)
	cases := []struct {
		name  string
		frags []Header
		why   counter.Counter
	}{
		{"length not a multiple of 8", []Header{frag(1, p, 0, 20, true)}, counter.IPv4FragBadLength},
		{"overlap", []Header{frag(1, p, 0, 48, true), frag(1, p, 40, 100, false)}, counter.IPv4FragOverlap},
		{"two ends", []Header{frag(1, p, 96, 100, false), frag(1, p, 48, 104, false)}, counter.IPv4FragInconsistentLength},
		{"data past the end", []Header{frag(1, p, 40, 48, false), frag(1, p, 48, 104, true)}, counter.IPv4FragInconsistentLength},
	}
	for _, c := range cases {
		cs := counts{}
		r := NewReassembler(ReassemblyConfig{Count: cs.count})
		for _, f := range c.frags {
			if r.Add(f, t0) != nil {
				t.Errorf("%s: reassembled", c.name)
			}
		}
		if cs[c.why] != 1 {
			t.Errorf("%s: counts %v, want %s", c.name, cs, c.why)
		}
		if d, _ := r.Pending(); c.why != counter.IPv4FragBadLength && d != 0 {
			t.Errorf("%s: %d datagrams kept", c.name, d)
		}
	}
}

func TestReassemblyBounds(t *testing.T) {
	t0 := time.Unix(1000, 0)
	p := payload(4000)
	c := counts{}
	r := NewReassembler(ReassemblyConfig{Datagrams: 3, Octets: 5000, Timeout: 10 * time.Second, Count: c.count})
	for id := uint16(1); id <= 5; id++ {
		r.Add(frag(id, p, 0, 8, true), t0)
	}
	if d, o := r.Pending(); d != 3 || o != 24 || c[counter.IPv4FragEvicted] != 2 {
		t.Fatalf("datagram bound: %d datagrams, %d octets, counts %v", d, o, c)
	}
	// 4000 octets more: the oldest give way until it fits.
	r.Add(frag(9, p, 0, 4000, true), t0)
	if d, o := r.Pending(); o > 5000 || d < 1 {
		t.Fatalf("octet bound: %d datagrams, %d octets", d, o)
	}
	if r.Add(frag(10, p, 8, 4008-8, true), t0) != nil || c[counter.IPv4FragNoMemory] == 0 && c[counter.IPv4FragEvicted] < 4 {
		t.Fatalf("no room made: counts %v", c)
	}
	// Time: a datagram older than the timeout is dropped at the next fragment.
	r.Add(frag(20, p, 0, 8, true), t0.Add(11*time.Second))
	if d, _ := r.Pending(); d != 1 || c[counter.IPv4FragTimedOut] == 0 {
		t.Fatalf("timeout: %d datagrams left, counts %v", d, c)
	}
	if _, o := r.Pending(); o > 5000 {
		t.Fatalf("%d octets", o)
	}
}

// With a clock, a datagram times out at its deadline, not at the next
// fragment: TimedOut gets the first fragment as received when it came,
// nothing otherwise; after Stop no timer fires.
func TestReassemblyTimer(t *testing.T) {
	p := payload(100)
	for _, c := range []struct {
		name  string
		sent  []Header
		stop  bool
		first bool
	}{
		{"first came", []Header{frag(5, p, 0, 48, true), frag(5, p, 96, 100, false)}, false, true},
		{"first missing", []Header{frag(6, p, 48, 96, true)}, false, false},
		{"stopped", []Header{frag(7, p, 0, 48, true)}, true, false},
	} {
		clk := clock.NewManual()
		cs := counts{}
		var got []Header
		r := NewReassembler(ReassemblyConfig{Count: cs.count, Clock: clk, Timeout: 30 * time.Second,
			TimedOut: func(first Header) { got = append(got, append(Header(nil), first...)) }})
		for _, f := range c.sent {
			r.Add(f, clk.Now())
		}
		if c.stop {
			r.Stop()
		}
		clk.Advance(30*time.Second - time.Nanosecond)
		if len(got) != 0 || cs[counter.IPv4FragTimedOut] != 0 {
			t.Fatalf("%s: timed out early", c.name)
		}
		clk.Advance(time.Nanosecond)
		switch {
		case c.first && (len(got) != 1 || !bytes.Equal(got[0], c.sent[0])):
			t.Errorf("%s: TimedOut got %x, want the first fragment %x", c.name, got, c.sent[0])
		case !c.first && len(got) != 0:
			t.Errorf("%s: TimedOut called", c.name)
		case c.stop == (cs[counter.IPv4FragTimedOut] == 1):
			t.Errorf("%s: %d timed out", c.name, cs[counter.IPv4FragTimedOut])
		}
		if d, o := r.Pending(); !c.stop && (d != 0 || o != 0) {
			t.Errorf("%s: %d datagrams, %d octets left", c.name, d, o)
		}
	}
}
