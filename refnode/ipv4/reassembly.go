package ipv4

import (
	"encoding/binary"
	"sync"
	"time"

	"github.com/v6ct/v6ct/refnode/clock"
	"github.com/v6ct/v6ct/refnode/counter"
)

// Reassembly of IPv4 datagrams (RFC 791 §3.2, RFC 1122 §3.3.2), which a
// tunnel's decapsulator needs before it can hand the packet inside on
// (RFC 4213 §3.6). Fragments are kept by (source, destination, protocol,
// Identification); the state is bounded in datagrams, in octets and in
// time, the oldest datagram giving way when a new one needs room.
//
// A datagram that times out after its first fragment came is handed to
// ReassemblyConfig.TimedOut, for the Time Exceeded code 1 that RFC 792
// and RFC 1122 §3.3.2 ask for; with a Clock, each datagram has a timer,
// so the message goes at the deadline, not at the next fragment.
//
// Left out: overlapping fragments are not merged; a fragment that
// overlaps data already held discards its whole datagram (as RFC 5722
// does for IPv6).

// Bounds of the reassembly state.
const (
	DefaultReassemblyDatagrams = 16
	DefaultReassemblyOctets    = 1 << 18
	// DefaultReassemblyTimeout is within the 60 to 120 seconds that RFC
	// 1122 §3.3.2 recommends.
	DefaultReassemblyTimeout = 60 * time.Second
)

// maxHeaderLen is the largest header with options (IHL 15).
const maxHeaderLen = 60

// blocks is how many 8-octet blocks a datagram's payload can span.
const blocks = (maxTotalLength + 7) / 8

// ReassemblyConfig bounds a Reassembler; zero fields take the defaults.
type ReassemblyConfig struct {
	Datagrams int           // datagrams in reassembly at once
	Octets    int           // octets of payload space held, over all datagrams
	Timeout   time.Duration // how long a datagram may wait for its fragments
	Count     func(counter.Counter)
	// Clock, when set, times each datagram out at its deadline, with Lock
	// (the node's) held; without it a datagram times out when the next
	// fragment comes.
	Clock clock.Clock
	Lock  sync.Locker
	// TimedOut gets the first fragment, as received, of a datagram that
	// timed out after it came.
	TimedOut func(first Header)
}

type fragKey struct {
	src, dst [4]byte
	id       uint16
	proto    uint8
}

type datagram struct {
	key    fragKey
	start  time.Time
	header []byte // the first fragment's header, once it came
	first  int    // the first fragment's data octets
	buf    []byte // maxHeaderLen octets of room, then the payload
	end    int    // payload octets spanned so far
	total  int    // payload length, once the last fragment came; -1 before
	have   [blocks/64 + 1]uint64
	timer  clock.Timer
}

// Reassembler holds IPv4 datagrams in reassembly.
type Reassembler struct {
	cfg     ReassemblyConfig
	dgs     []*datagram // oldest first
	octet   int
	stopped bool
}

// NewReassembler makes a Reassembler with the bounds of cfg.
func NewReassembler(cfg ReassemblyConfig) *Reassembler {
	if cfg.Datagrams <= 0 {
		cfg.Datagrams = DefaultReassemblyDatagrams
	}
	if cfg.Octets <= 0 {
		cfg.Octets = DefaultReassemblyOctets
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultReassemblyTimeout
	}
	if cfg.Count == nil {
		cfg.Count = func(counter.Counter) {}
	}
	if cfg.Lock == nil {
		cfg.Lock = &sync.Mutex{}
	}
	return &Reassembler{cfg: cfg}
}

// Stop cancels the timers; later callbacks do nothing.
func (r *Reassembler) Stop() {
	r.stopped = true
	for _, d := range r.dgs {
		if d.timer != nil {
			d.timer.Stop()
		}
	}
}

// Pending reports the datagrams in reassembly and the octets they hold.
func (r *Reassembler) Pending() (datagrams, octets int) { return len(r.dgs), r.octet }

// Add takes a fragment h, checked by Check and cut to its Total Length,
// received at now. When h completes its datagram, Add returns the whole
// datagram (the first fragment's header with the lengths, flags and
// checksum rewritten, then the payload) in a buffer of its own;
// otherwise nil.
func (r *Reassembler) Add(h Header, now time.Time) Header {
	r.expire(now)
	hl := h.HeaderLen()
	data := h[hl:]
	off := h.FragmentOffset()
	more := h.MoreFragments()
	end := off + len(data)
	switch {
	case more && (len(data) == 0 || len(data)%8 != 0):
		r.cfg.Count(counter.IPv4FragBadLength) // RFC 791: every fragment but the last carries a multiple of 8 octets
		return nil
	case end > MaxPayload || (off == 0 && hl+end > maxTotalLength):
		r.cfg.Count(counter.IPv4FragTooBig) // past the largest datagram
		return nil
	}
	var key fragKey
	copy(key.src[:], h[OffSrc:OffSrc+4])
	copy(key.dst[:], h[OffDst:OffDst+4])
	key.id, key.proto = h.ID(), h.Protocol()
	d := r.find(key)
	if d == nil {
		if len(r.dgs) >= r.cfg.Datagrams {
			r.cfg.Count(counter.IPv4FragEvicted)
			r.drop(0)
		}
		d = &datagram{key: key, start: now, total: -1}
		r.dgs = append(r.dgs, d)
		if r.cfg.Clock != nil {
			d.timer = r.cfg.Clock.AfterFunc(r.cfg.Timeout, func() {
				r.cfg.Lock.Lock()
				defer r.cfg.Lock.Unlock()
				if !r.stopped {
					r.timeout(d)
				}
			})
		}
	}
	if !more {
		if (d.total >= 0 && d.total != end) || d.end > end {
			r.cfg.Count(counter.IPv4FragInconsistentLength)
			r.remove(d)
			return nil
		}
		d.total = end
	} else if d.total >= 0 && end > d.total {
		r.cfg.Count(counter.IPv4FragInconsistentLength)
		r.remove(d)
		return nil
	}
	first, last := off/8, (end+7)/8
	for b := first; b < last; b++ {
		if d.have[b/64]&(1<<(b%64)) != 0 {
			r.cfg.Count(counter.IPv4FragOverlap)
			r.remove(d)
			return nil
		}
	}
	if end > d.end {
		grow := end - d.end
		for r.octet+grow > r.cfg.Octets && len(r.dgs) > 1 && r.dgs[0] != d {
			r.cfg.Count(counter.IPv4FragEvicted)
			r.drop(0)
		}
		if r.octet+grow > r.cfg.Octets {
			r.cfg.Count(counter.IPv4FragNoMemory)
			r.remove(d)
			return nil
		}
		if maxHeaderLen+end > cap(d.buf) {
			nb := make([]byte, maxHeaderLen+end, maxHeaderLen+max(end, 2*d.end))
			copy(nb, d.buf)
			d.buf = nb
		}
		d.buf = d.buf[:maxHeaderLen+end]
		d.end = end
		r.octet += grow
	}
	copy(d.buf[maxHeaderLen+off:], data)
	for b := first; b < last; b++ {
		d.have[b/64] |= 1 << (b % 64)
	}
	if off == 0 {
		d.header = append(d.header[:0], h[:hl]...)
		d.first = len(data)
	}
	if d.total < 0 || d.header == nil {
		return nil
	}
	for b := 0; b < (d.total+7)/8; b++ {
		if d.have[b/64]&(1<<(b%64)) == 0 {
			return nil
		}
	}
	r.remove(d)
	hl = len(d.header)
	if hl+d.total > maxTotalLength {
		r.cfg.Count(counter.IPv4FragTooBig)
		return nil
	}
	r.cfg.Count(counter.IPv4FragReassembled)
	whole := d.buf[maxHeaderLen-hl : maxHeaderLen+d.total]
	copy(whole, d.header)
	binary.BigEndian.PutUint16(whole[OffTotalLength:], uint16(hl+d.total))
	binary.BigEndian.PutUint16(whole[OffFlagsFrag:], binary.BigEndian.Uint16(whole[OffFlagsFrag:])&FlagDontFrag)
	Header(whole).fixChecksum()
	return Header(whole)
}

// expire drops the datagrams that waited their time out.
func (r *Reassembler) expire(now time.Time) {
	for len(r.dgs) > 0 && now.Sub(r.dgs[0].start) >= r.cfg.Timeout {
		r.timeout(r.dgs[0])
	}
}

// timeout drops d, still held, and hands its first fragment, rebuilt in
// the room before the payload, to TimedOut.
func (r *Reassembler) timeout(d *datagram) {
	if r.find(d.key) != d {
		return
	}
	r.cfg.Count(counter.IPv4FragTimedOut)
	r.remove(d)
	if d.header == nil || r.cfg.TimedOut == nil {
		return
	}
	hl := len(d.header)
	first := d.buf[maxHeaderLen-hl : maxHeaderLen+d.first]
	copy(first, d.header)
	r.cfg.TimedOut(Header(first))
}

func (r *Reassembler) find(k fragKey) *datagram {
	for _, d := range r.dgs {
		if d.key == k {
			return d
		}
	}
	return nil
}

func (r *Reassembler) remove(d *datagram) {
	for i, x := range r.dgs {
		if x == d {
			r.drop(i)
			return
		}
	}
}

func (r *Reassembler) drop(i int) {
	if t := r.dgs[i].timer; t != nil {
		t.Stop()
	}
	r.octet -= r.dgs[i].end
	r.dgs = append(r.dgs[:i], r.dgs[i+1:]...)
}
