package ipv4

import (
	"net/netip"
	"time"

	"github.com/v6ct/v6ct/refnode/clock"
	"github.com/v6ct/v6ct/refnode/counter"
)

// The ARP cache of a node with IPv4 on Ethernet (RFC 826 "Packet
// Reception", RFC 1122 §2.3.2): the neighbors' MAC addresses by interface
// and IPv4 address, the packets waiting for a neighbor's answer, and the
// requests that ask for it. The node decides what goes to the link; the
// cache sends through the Link it is given.

// Link is what the ARP cache and Output need of an Ethernet interface
// with IPv4 addresses.
type Link interface {
	Index() int
	MAC() [6]byte
	MTU() int
	// Own reports whether a is one of the interface's IPv4 addresses.
	Own(a netip.Addr) bool
	// OnLink finds the interface's IPv4 address whose subnet holds a.
	OnLink(a netip.Addr) (netip.Addr, bool)
	// Transmit frames pkt for dst with the given EtherType and writes it.
	Transmit(dst [6]byte, etherType uint16, pkt []byte) error
	// FrameBuffer is the transmit buffer behind the Ethernet header, where
	// fragments are built; Held copies a packet out of it first.
	FrameBuffer() []byte
	Held(pkt []byte) []byte
}

// ARPQueue bounds the packets waiting for a neighbor's answer: RFC 1122
// §2.3.2.2 asks for the latest at least; a few more keep the fragments of
// one datagram together.
const ARPQueue = 64

// ARPRetry is how long a node waits before asking again for a neighbor
// that has not answered (RFC 1122 §2.3.2.1: at most one request a second).
const ARPRetry = time.Second

// broadcast is the Ethernet broadcast address ARP requests go to.
var broadcast = [6]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}

type arpKey struct {
	ifindex int
	addr    netip.Addr
}

type arpEntry struct {
	mac     [6]byte
	ok      bool
	asked   time.Time
	pending [][]byte // the IPv4 packets waiting for the answer, the last ARPQueue
}

// ARPConfig sets up an ARP cache.
type ARPConfig struct {
	// Entries bounds the entries; Incomplete bounds the unresolved ones
	// among them.
	Entries, Incomplete int
	Count               func(counter.Counter)
	Clock               clock.Clock
}

// ARPCache is the neighbors of every interface. It is not safe for
// concurrent use: the node calls it under its lock.
type ARPCache struct {
	cfg     ARPConfig
	entries map[arpKey]*arpEntry
	// incomplete counts the unresolved entries (ARPConfig.Incomplete).
	incomplete int
	msg        [ARPLen]byte // the request or reply being sent
}

// NewARPCache makes an empty cache.
func NewARPCache(cfg ARPConfig) *ARPCache {
	return &ARPCache{cfg: cfg, entries: map[arpKey]*arpEntry{}}
}

// Len is the number of entries; Unresolved the number of them still
// waiting for the neighbor's answer.
func (c *ARPCache) Len() int        { return len(c.entries) }
func (c *ARPCache) Unresolved() int { return c.incomplete }

// Input answers requests for l's addresses and learns the sender (RFC 826
// "Packet Reception"), then sends what waited for it. msg is the frame's
// payload.
func (c *ARPCache) Input(l Link, msg []byte) {
	a, ok := ParseARP(msg)
	if !ok {
		c.cfg.Count(counter.ARPIgnored)
		return
	}
	spa, tpa := a.SenderIP(), a.TargetIP()
	key := arpKey{l.Index(), spa}
	e := c.entries[key]
	forUs := l.Own(tpa)
	if e == nil && forUs {
		if _, on := l.OnLink(spa); on {
			e = c.newEntry(key, true)
		}
	}
	if e != nil {
		if !e.ok {
			c.incomplete--
		}
		e.mac, e.ok = a.SenderMAC(), true
		for _, p := range e.pending {
			c.transmit(l, e.mac, EtherTypeIPv4, p)
		}
		e.pending = e.pending[:0]
	}
	if forUs && a.Op() == ARPRequest {
		c.cfg.Count(counter.ARPReplied)
		PutARP(c.msg[:], ARPReply, l.MAC(), tpa, a.SenderMAC(), spa)
		c.transmit(l, a.SenderMAC(), EtherTypeARP, c.msg[:])
	}
}

// Resolve sends pkt to dst, a neighbor on l's link, once its MAC address
// is known; src is l's address on dst's subnet, the sender of the
// request that asks for it.
func (c *ARPCache) Resolve(l Link, src, dst netip.Addr, pkt []byte) {
	key := arpKey{l.Index(), dst}
	e := c.entries[key]
	if e == nil {
		if e = c.newEntry(key, false); e == nil {
			return
		}
	}
	if e.ok {
		c.transmit(l, e.mac, EtherTypeIPv4, pkt)
		return
	}
	e.queue(pkt, c.cfg.Count)
	if now := c.cfg.Clock.Now(); e.asked.IsZero() || now.Sub(e.asked) >= ARPRetry {
		e.asked = now
		c.cfg.Count(counter.ARPRequested)
		PutARP(c.msg[:], ARPRequest, l.MAC(), src, [6]byte{}, dst)
		c.transmit(l, broadcast, EtherTypeARP, c.msg[:])
	}
}

func (c *ARPCache) transmit(l Link, dst [6]byte, etherType uint16, pkt []byte) {
	if err := l.Transmit(dst, etherType, pkt); err != nil {
		c.cfg.Count(counter.LinkWriteError)
	}
}

// newEntry adds an entry within the bounds: a resolved one when the
// neighbor has just told its address, an unresolved one otherwise. An
// unresolved entry gives way to a newcomer when the table or its
// unresolved part is full; with none to give way the newcomer is refused
// (nil).
func (c *ARPCache) newEntry(key arpKey, resolved bool) *arpEntry {
	if len(c.entries) >= c.cfg.Entries || (!resolved && c.incomplete >= c.cfg.Incomplete) {
		if !c.evictUnresolved() {
			c.cfg.Count(counter.ARPLimit)
			return nil
		}
		c.cfg.Count(counter.ARPEvicted)
	}
	e := &arpEntry{} // unresolved until the caller gives it the neighbor's MAC
	c.incomplete++
	c.entries[key] = e
	return e
}

// evictUnresolved drops one unresolved entry and its packets (a map's
// iteration order is random, so no neighbor is always the one to go).
func (c *ARPCache) evictUnresolved() bool {
	for k, e := range c.entries {
		if !e.ok {
			delete(c.entries, k)
			c.incomplete--
			return true
		}
	}
	return false
}

// queue keeps a copy of pkt until the neighbor answers, the oldest giving
// way when the queue is full; the buffers are reused.
func (e *arpEntry) queue(pkt []byte, count func(counter.Counter)) {
	if len(e.pending) == ARPQueue {
		count(counter.ARPQueueFull)
		old := e.pending[0]
		copy(e.pending, e.pending[1:])
		e.pending[ARPQueue-1] = append(old[:0], pkt...)
		return
	}
	if i := len(e.pending); i < cap(e.pending) {
		e.pending = e.pending[:i+1]
		e.pending[i] = append(e.pending[i][:0], pkt...)
		return
	}
	e.pending = append(e.pending, append([]byte(nil), pkt...))
}
