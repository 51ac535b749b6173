// Package frag is IPv6 fragmentation (RFC 8200 §4.5, as a source) and
// reassembly (§4.5, as a destination), with the later rules: overlapping
// fragments discard the whole datagram, those still to come included
// (RFC 5722 §4), exact duplicates are dropped and the datagram kept (RFC 8200
// §4.5), the 60-second reassembly time with Time Exceeded code 1 only when
// the first fragment arrived (§4.5), and a bound on the memory held.
//
// The checks on a single fragment that answer with Parameter Problem (length
// not a multiple of 8 with M set, a reassembled length above 65535, a first
// fragment without the whole header chain, RFC 7112 §5) and atomic fragments
// (RFC 6946) are the node's: they need the walk of refnode/exthdr, and an
// atomic fragment never comes here.
//
// Left out: fragments of the same datagram arriving on different interfaces
// are different datagrams (the interface is part of the key), there is no
// per-source limit, and Split fragments only packets the node builds itself
// (forwarding never fragments).
package frag

import (
	"bytes"
	"encoding/binary"
	"net/netip"
	"sort"
	"sync"
	"time"

	"github.com/v6ct/v6ct/refnode/clock"
	"github.com/v6ct/v6ct/refnode/counter"
	"github.com/v6ct/v6ct/refnode/exthdr"
	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/ipv6"
)

// Timeout is how long a datagram may take to reassemble (RFC 8200 §4.5).
const Timeout = 60 * time.Second

// DefaultMemoryLimit bounds the octets held by datagrams in reassembly.
const DefaultMemoryLimit = 1 << 20

// datagramOverhead is what one datagram costs against the memory limit
// besides its fragments, so that empty fragments cannot pile up for free.
const datagramOverhead = 128

// DefaultMaxDatagrams bounds the datagrams in reassembly at once.
const DefaultMaxDatagrams = 256

// pieceOverhead is what each fragment held costs besides its data.
const pieceOverhead = 32

// MaxFragments bounds the fragments of one datagram (as BSD's
// maxfragsperpacket): a datagram of 65535 octets needs 54 at the minimum
// MTU, and without a bound a flood of 8-octet fragments would make every
// arrival walk thousands. A datagram that needs more is discarded.
const MaxFragments = 128

// MaxPayload is the largest Payload Length a reassembled packet may have.
const MaxPayload = 65535

// Config assembles a Reassembler.
type Config struct {
	Clock       clock.Clock
	Lock        sync.Locker   // the node's lock, taken by every timer callback
	Timeout     time.Duration // 0 = Timeout
	MemoryLimit int           // octets; 0 = DefaultMemoryLimit
	// Datagrams bounds the datagrams in reassembly (discarded ones waiting
	// out their time included); the oldest gives way to a new one, counted
	// as frag.datagram_limit. 0 = DefaultMaxDatagrams.
	Datagrams int
	Faults    faults.Set
	Count     func(counter.Counter)
	// TimedOut is called, with the lock held, when reassembly of a datagram
	// whose first fragment arrived runs out of time, with that fragment as
	// received: the node answers it with Time Exceeded code 1.
	TimedOut func(ifindex int, first []byte, linkMulticast bool)
}

// key identifies a datagram (RFC 8200 §4.5): source, destination and
// Identification, and the interface it arrives on.
type key struct {
	ifindex  int
	src, dst netip.Addr
	id       uint32
}

type piece struct {
	off  int
	data []byte
	seq  int // arrival order
}

type datagram struct {
	key
	seq      uint64  // creation order, oldest evicted first
	first    []byte  // the fragment with offset 0 as received, or nil
	firstLL  bool    // it came to a link-layer group address
	earliest []byte  // with reassembly-timeout-error-without-first: the first fragment to arrive
	earlyLL  bool    // and how it came
	unfrag   int     // length of the Unfragmentable Part, from the first fragment
	field    int     // the octet of the Unfragmentable Part that named the Fragment header
	next     uint8   // the Fragment header's Next Header in the first fragment
	pieces   []piece // sorted by offset
	end      int     // total length of the fragmentable part; -1 until the last fragment
	mem      int     // octets held
	dead     bool    // overlapped: everything of it is dropped until the timer ends
	arrivals int     // fragments taken
	// startOnly is the overlap-start-only fault: an overlap is a new
	// fragment starting inside a held one, nothing else.
	startOnly bool
	timer     clock.Timer

	older, newer *datagram // creation order
}

// Reassembler holds the datagrams in reassembly for one node. Call it with
// the node's lock held.
type Reassembler struct {
	c         Config
	datagrams map[key]*datagram
	seq       uint64
	mem       int
	oldest    *datagram // creation order, oldest evicted first
	newest    *datagram
	stopped   bool
	buf       []byte            // the reassembled packet, reused
	kept      map[key]*datagram // reassembly-keeps-completed: datagrams already delivered
}

// New returns an empty Reassembler.
func New(c Config) *Reassembler {
	if c.Timeout == 0 {
		c.Timeout = Timeout
	}
	if c.MemoryLimit == 0 {
		c.MemoryLimit = DefaultMemoryLimit
	}
	if c.Datagrams <= 0 {
		c.Datagrams = DefaultMaxDatagrams
	}
	if c.Count == nil {
		c.Count = func(counter.Counter) {}
	}
	return &Reassembler{c: c, datagrams: map[key]*datagram{}}
}

// Memory is the number of octets held, counted against the limit.
func (r *Reassembler) Memory() int { return r.mem }

// Pending is the number of datagrams in reassembly (discarded ones waiting
// out their time included).
func (r *Reassembler) Pending() int { return len(r.datagrams) }

// Stop cancels every timer; later callbacks do nothing.
func (r *Reassembler) Stop() {
	r.stopped = true
	for _, d := range r.datagrams {
		d.timer.Stop()
	}
}

// Add takes the fragment pkt (a whole IPv6 packet as received) whose
// Fragment header is at off, named by the octet at field. The node has
// checked the fragment on its own. When the datagram is complete, Add
// returns the reassembled packet (the Unfragmentable Part of the first
// fragment, the Fragment header's Next Header in its last header, then the
// fragmentable data): it is valid until the next call.
func (r *Reassembler) Add(ifindex int, pkt []byte, off, field int, linkMulticast bool) ([]byte, bool) {
	if r.c.Faults.Has(faults.NoReassembly) {
		r.c.Count(counter.FragNotReassembled)
		return nil, false
	}
	h := ipv6.Header(pkt)
	f := exthdr.Fragment(pkt[off:])
	k := key{ifindex, h.Src(), h.Dst(), f.Identification()}
	if r.c.Faults.Has(faults.ReassemblyMixedIDs) {
		k.id = 0
	}
	if r.c.Faults.Has(faults.ReassemblyMixedKeys) {
		k = key{ifindex: ifindex}
	}
	fo, data, more := f.Offset(), pkt[off+exthdr.FragmentLen:], f.More()
	if old := r.kept[k]; old != nil && r.c.Faults.Has(faults.ReassemblyKeepsCompleted) {
		if _, ok := old.fits(fo, data, more, false); !ok {
			delete(r.kept, k)
			r.c.Count(counter.FragOverlap)
			return nil, false
		}
	}
	if f.Atomic() && r.c.Faults.Has(faults.AtomicThroughReassembly) {
		more = true // the faulty node waits for the rest of a datagram that has none
	}
	d := r.datagrams[k]
	if d == nil {
		d = r.create(k)
	}
	if d.dead {
		r.c.Count(counter.FragDroppedAfterDiscard) // RFC 5722 §4: those not yet received too
		return nil, false
	}
	switch dup, ok := d.fits(fo, data, more, r.c.Faults.Has(faults.OverlapAccepted)); {
	case dup && r.c.Faults.Has(faults.DuplicatesDropDatagram):
		r.c.Count(counter.FragOverlap)
		r.kill(d)
		return nil, false
	case dup:
		r.c.Count(counter.FragDuplicate)
		return nil, false
	case !ok:
		r.c.Count(counter.FragOverlap)
		r.kill(d)
		return nil, false
	}
	if len(d.pieces) >= MaxFragments {
		r.c.Count(counter.FragTooManyFragments)
		r.kill(d)
		return nil, false
	}
	need := pieceOverhead + len(data)
	if fo == 0 {
		need = pieceOverhead + len(pkt) // the data is kept inside the copy of the whole fragment
	}
	if d.earliest == nil && d.arrivals == 0 && r.c.Faults.Has(faults.ReassemblyTimeoutErrorWithoutFirst) {
		need += len(pkt)
	}
	if !r.makeRoom(d, need) {
		return nil, false
	}
	d.arrivals++
	if d.arrivals == 1 && r.c.Faults.Has(faults.ReassemblyTimeoutErrorWithoutFirst) {
		d.earliest, d.earlyLL = bytes.Clone(pkt), linkMulticast
	}
	p := piece{off: fo, seq: d.arrivals}
	if fo == 0 {
		d.first, d.firstLL = bytes.Clone(pkt), linkMulticast
		d.unfrag, d.field, d.next = off, field, f.NextHeader()
		p.data = d.first[off+exthdr.FragmentLen:]
	} else {
		p.data = bytes.Clone(data)
	}
	i := sort.Search(len(d.pieces), func(i int) bool { return d.pieces[i].off > fo })
	d.pieces = append(d.pieces, piece{})
	copy(d.pieces[i+1:], d.pieces[i:])
	d.pieces[i] = p
	d.mem += need
	r.mem += need
	if !more {
		d.end = fo + len(data)
	}
	return r.complete(d)
}

// fits checks a new fragment against those held: an exact duplicate, or an
// overlap or a disagreement about where the datagram ends (both make the
// datagram invalid, RFC 5722 §4). The overlap-start-only node asks only
// whether the new fragment starts inside a held one.
func (d *datagram) fits(fo int, data []byte, more, overlapOK bool) (dup, ok bool) {
	end := fo + len(data)
	for _, p := range d.pieces {
		pend := p.off + len(p.data)
		if fo == p.off && end == pend && bytes.Equal(data, p.data) && (more || d.end == end) {
			return true, true
		}
		overlaps := fo < pend && p.off < end
		if d.startOnly {
			overlaps = p.off <= fo && fo < pend
		}
		if overlaps && !overlapOK {
			return false, false
		}
	}
	switch {
	case !more && d.end >= 0 && d.end != end:
		return false, false // two different ends
	case !more && len(d.pieces) > 0 && d.pieces[len(d.pieces)-1].off+len(d.pieces[len(d.pieces)-1].data) > end:
		return false, false // data beyond the end
	case more && d.end >= 0 && end > d.end:
		return false, false
	}
	return false, true
}

func (r *Reassembler) create(k key) *datagram {
	for len(r.datagrams) >= r.c.Datagrams && r.oldest != nil {
		r.c.Count(counter.FragDatagramLimit)
		r.remove(r.oldest)
	}
	r.seq++
	d := &datagram{key: k, seq: r.seq, end: -1, mem: datagramOverhead, startOnly: r.c.Faults.Has(faults.OverlapStartOnly)}
	r.mem += datagramOverhead
	r.datagrams[k] = d
	d.older = r.newest
	if r.newest != nil {
		r.newest.newer = d
	} else {
		r.oldest = d
	}
	r.newest = d
	d.timer = r.c.Clock.AfterFunc(r.c.Timeout, func() {
		r.c.Lock.Lock()
		defer r.c.Lock.Unlock()
		if !r.stopped && r.datagrams[k] == d {
			r.expire(d)
		}
	})
	return d
}

// expire ends a datagram's reassembly time (RFC 8200 §4.5): Time Exceeded
// only if its first fragment arrived.
func (r *Reassembler) expire(d *datagram) {
	if r.c.Faults.Has(faults.ReassemblyNeverAbandoned) && !d.dead {
		r.c.Count(counter.FragTimeoutIgnored)
		if d.first != nil {
			r.c.TimedOut(d.ifindex, d.first, d.firstLL)
		}
		return
	}
	r.remove(d)
	if d.dead {
		return
	}
	r.c.Count(counter.FragTimeout)
	switch {
	case r.c.Faults.Has(faults.ReassemblyNoTimeoutError):
	case d.first != nil:
		r.c.TimedOut(d.ifindex, d.first, d.firstLL)
	case d.earliest != nil: // reassembly-timeout-error-without-first
		r.c.TimedOut(d.ifindex, d.earliest, d.earlyLL)
	}
}

// kill discards a datagram's fragments and keeps its key until its time
// ends, so that its later fragments are discarded too (RFC 5722 §4).
func (r *Reassembler) kill(d *datagram) {
	r.mem -= d.mem - datagramOverhead
	d.mem = datagramOverhead
	d.dead = true
	d.pieces, d.first, d.earliest = nil, nil, nil
}

func (r *Reassembler) remove(d *datagram) {
	d.timer.Stop()
	r.mem -= d.mem
	d.mem = 0
	if r.datagrams[d.key] != d {
		return // already removed
	}
	delete(r.datagrams, d.key)
	if d.older != nil {
		d.older.newer = d.newer
	} else {
		r.oldest = d.newer
	}
	if d.newer != nil {
		d.newer.older = d.older
	} else {
		r.newest = d.older
	}
	d.older, d.newer = nil, nil
}

// makeRoom evicts the oldest datagrams until need more octets fit under the
// memory limit; false if they cannot (d itself was evicted, or need alone is
// too much).
func (r *Reassembler) makeRoom(d *datagram, need int) bool {
	if need+datagramOverhead > r.c.MemoryLimit {
		r.c.Count(counter.FragMemoryDropped)
		r.remove(d)
		return false
	}
	for r.mem+need > r.c.MemoryLimit {
		oldest := r.oldest
		if oldest == nil {
			return false
		}
		r.c.Count(counter.FragMemoryEvicted)
		r.remove(oldest)
		if oldest == d {
			return false
		}
	}
	return true
}

// complete builds the reassembled packet once the first fragment, the last
// one and everything between have arrived.
func (r *Reassembler) complete(d *datagram) ([]byte, bool) {
	if d.first == nil || d.end < 0 {
		return nil, false
	}
	covered := 0
	for _, p := range d.pieces {
		if p.off > covered {
			return nil, false
		}
		covered = max(covered, p.off+len(p.data))
	}
	if covered < d.end {
		return nil, false
	}
	if r.c.Faults.Has(faults.ReassemblyKeepsCompleted) {
		if r.kept == nil {
			r.kept = map[key]*datagram{}
		}
		r.kept[d.key] = d
	}
	r.remove(d)
	plen := d.unfrag - ipv6.HeaderLen + d.end
	if plen > MaxPayload { // only with frag-offset-not-checked
		r.c.Count(counter.FragTooLong)
		return nil, false
	}
	if r.buf == nil {
		r.buf = make([]byte, ipv6.HeaderLen+MaxPayload)
	}
	out := r.buf[:d.unfrag+d.end]
	copy(out, d.first[:d.unfrag])
	out[d.field] = d.next
	binary.BigEndian.PutUint16(out[ipv6.OffPayloadLength:], uint16(plen))
	// In arrival order: with overlap-accepted the last one received wins.
	sort.Slice(d.pieces, func(i, j int) bool { return d.pieces[i].seq < d.pieces[j].seq })
	for _, p := range d.pieces {
		copy(out[d.unfrag+p.off:], p.data)
	}
	r.c.Count(counter.FragReassembled)
	return out, true
}
