package suites

import (
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/v6ct/v6ct/suites/netx"
	"github.com/v6ct/v6ct/suites/packets"
)

// Link is one link between the tester and the node under test, as a spec
// sees it: the tester nodes on it, what is known of the node's side, and
// the frames seen on it since the spec began.
type Link struct {
	Name   string // Link0, Link1
	Index  int
	Prefix netip.Prefix // the link's global on-link prefix

	// Tester nodes on this link, named as the catalogue names them.
	TN1, TN2, TR1, TR2 *Node

	// The node under test's side of the link.
	NUTMAC       net.HardwareAddr
	NUTLinkLocal netip.Addr
	NUTGlobal    netip.Addr

	env    *Env
	port   *netx.PacketSocket
	mu     sync.Mutex
	frames []*Captured
	// cursor is the first frame Expect looks at: frames from before the
	// last Send or the last met expectation do not count.
	cursor int
	// since is where the current run of sends began. ExpectNo judges every
	// frame from there on, whatever an Expect matched in between: a
	// forbidden reply sent before the expected one still counts. Frames an
	// Expect matched (matched) are not held against an ExpectNo.
	since   int
	matched map[int]bool
	changed chan struct{} // closed and replaced when a frame arrives
	barrier map[uint16]chan struct{}
	readErr error
	// autoSent counts frames the tester sent by itself (answers to the
	// node's solicitations); settling goes on until it stops moving.
	autoSent atomic.Int64
	done     chan struct{} // closed when capture has stopped
	// peer is the other port of the same link (SameLink), or nil.
	peer *Link
}

// Captured is a frame seen on a link.
type Captured struct {
	*packets.Frame
	At    time.Duration // since the spec began, on the target's clock
	Wall  time.Time
	Link  *Link
	ToNUT bool  // sent by the tester
	Node  *Node // the tester node that sent it, or that it is addressed to
	Index int
	// Pieces are the indexes of the fragments a reassembled datagram came
	// in (Index is the last of them); nil for a frame as captured.
	Pieces []int
}

// Node is a node the tester plays on a link.
type Node struct {
	Name      string
	MAC       net.HardwareAddr
	LinkLocal netip.Addr
	Global    netip.Addr
	// AnswersNS makes the tester answer the node's address-resolution and
	// unreachability probes for this node's addresses with a solicited NA,
	// as a live neighbor would. On by default; specs about the node's own
	// solicitations turn it off.
	AnswersNS bool
	// AnswersAsRouter sets R in those answers: on by default for the
	// routers TR1 and TR2, which a node must not take for hosts when
	// they answer its unreachability probes (RFC 4861 §7.2.5).
	AnswersAsRouter bool
	link            *Link
}

func newLink(e *Env, i int, port *netx.PacketSocket, nut NUTInfo) *Link {
	l := &Link{
		Name: fmt.Sprintf("Link%d", i), Index: i, Prefix: LinkPrefixes[i],
		NUTMAC: nut.MACs[i], NUTLinkLocal: nut.LinkLocals[i], NUTGlobal: nut.Globals[i],
		env: e, port: port, changed: make(chan struct{}), barrier: map[uint16]chan struct{}{}, done: make(chan struct{}),
	}
	p := NewLinkPlan(i)
	for _, n := range []*Node{p.TN1, p.TN2, p.TR1, p.TR2} {
		n.link = l
	}
	l.TN1, l.TN2, l.TR1, l.TR2 = p.TN1, p.TN2, p.TR1, p.TR2
	return l
}

// LinkPlan is who the tester plays on a link, known before the spec's
// world exists: specs need tester addresses to configure the node (a
// static route's next hop) before it starts.
type LinkPlan struct{ TN1, TN2, TR1, TR2 *Node }

// NewLinkPlan gives the tester nodes of link i, with their addresses.
func NewLinkPlan(i int) LinkPlan {
	mk := func(name string, last byte) *Node {
		mac := net.HardwareAddr{0x00, 0x00, 0x5e, 0x00, 0x53, last + byte(i)*0x10}
		return &Node{Name: name, MAC: mac, LinkLocal: packets.LinkLocal(mac),
			Global: packets.WithInterfaceID(LinkPrefixes[i].Addr(), mac), AnswersNS: true}
	}
	p := LinkPlan{TN1: mk("TN1", 0x81), TN2: mk("TN2", 0x82), TR1: mk("TR1", 0xa1), TR2: mk("TR2", 0xa2)}
	p.TR1.AnswersAsRouter, p.TR2.AnswersAsRouter = true, true
	return p
}

func (l *Link) nodes() []*Node { return []*Node{l.TN1, l.TN2, l.TR1, l.TR2} }

// capture reads the link until the port is closed.
func (l *Link) capture() {
	defer close(l.done)
	buf := make([]byte, 65536)
	for {
		n, err := l.port.Read(buf)
		if err != nil {
			l.mu.Lock()
			if !errors.Is(err, net.ErrClosed) && !strings.Contains(err.Error(), "file already closed") {
				l.readErr = err
			}
			close(l.changed)
			l.changed = make(chan struct{})
			l.mu.Unlock()
			return
		}
		raw := append([]byte(nil), buf[:n]...)
		if l.isBarrierEcho(raw) {
			continue
		}
		c := l.record(raw, false)
		l.relay(raw) // samelink.go
		l.answerNS(c)
		l.answerARP(c) // tunnel.go
	}
}

// answerNS plays a live neighbor: a solicitation from the node for one of
// the addresses of a tester node that answers gets a solicited NA.
func (l *Link) answerNS(c *Captured) {
	target, ok := c.NDTarget()
	if !ok || c.ICMPType != packets.TypeNS || !c.Src.IsValid() || c.Src.IsUnspecified() {
		return
	}
	for _, n := range l.nodes() {
		if !n.AnswersNS || (target != n.LinkLocal && target != n.Global) {
			continue
		}
		flags := uint8(packets.FlagSolicited | packets.FlagOverride)
		if n.AnswersAsRouter {
			flags |= packets.FlagRouter
		}
		na := packets.NA(n.MAC, c.EthSrc, target, c.Src, target, flags, packets.TLLA(n.MAC))
		frame := na.Bytes()
		sent := l.record(frame, true)
		l.env.stepAbout("send", fmt.Sprintf("%s: %s answers the node's solicitation: %s", l.Name, n.Name, packets.Decode(frame).Summary()), nil, l.Name, sent, "")
		if err := l.port.Write(frame); err == nil {
			l.autoSent.Add(1)
		}
	}
}

func (l *Link) record(raw []byte, toNUT bool) *Captured {
	f := packets.Decode(raw)
	f.At = l.env.elapsed()
	c := &Captured{Frame: f, At: f.At, Wall: time.Now(), Link: l, ToNUT: toNUT}
	mac := f.EthDst
	if toNUT {
		mac = f.EthSrc
	}
	for _, n := range l.nodes() {
		if string(n.MAC) == string(mac) {
			c.Node = n
		}
	}
	l.mu.Lock()
	c.Index = len(l.frames)
	l.frames = append(l.frames, c)
	close(l.changed)
	l.changed = make(chan struct{})
	l.mu.Unlock()
	l.env.addFrame(c)
	return c
}

// ECTP barrier (the Ethernet loopback protocol): the node sends the frame
// back after everything sent before it, so its return proves the node has
// processed those frames and written all it sent because of them.
func (l *Link) barrierFrame(receipt uint16) []byte {
	b := make([]byte, 60)
	copy(b[0:6], l.NUTMAC)
	copy(b[6:12], BarrierMAC)
	binary.BigEndian.PutUint16(b[12:], packets.EthertypeECTP)
	p := b[14:]
	binary.LittleEndian.PutUint16(p[0:], 0) // skip count
	binary.LittleEndian.PutUint16(p[2:], 2) // forward
	copy(p[4:10], BarrierMAC)
	binary.LittleEndian.PutUint16(p[10:], 1) // reply
	binary.LittleEndian.PutUint16(p[12:], receipt)
	return b
}

func (l *Link) isBarrierEcho(raw []byte) bool {
	if len(raw) < 28 || binary.BigEndian.Uint16(raw[12:]) != packets.EthertypeECTP || string(raw[0:6]) != string(BarrierMAC) {
		return false
	}
	p := raw[14:]
	skip := int(binary.LittleEndian.Uint16(p))
	if 2+skip+4 > len(p) {
		return true
	}
	receipt := binary.LittleEndian.Uint16(p[2+skip+2:])
	l.mu.Lock()
	if ch, ok := l.barrier[receipt]; ok {
		close(ch)
		delete(l.barrier, receipt)
	}
	l.mu.Unlock()
	return true
}

// settle returns once the node has processed every frame sent on the link.
func (l *Link) settle(receipt uint16) error {
	ch := make(chan struct{})
	l.mu.Lock()
	l.barrier[receipt] = ch
	l.mu.Unlock()
	if err := l.port.Write(l.barrierFrame(receipt)); err != nil {
		return fmt.Errorf("%s: sending a barrier frame: %w", l.Name, err)
	}
	select {
	case <-ch:
		return nil
	case <-time.After(5 * time.Second):
		return fmt.Errorf("%s: the node did not return the barrier frame within 5 s: it has stopped processing frames", l.Name)
	}
}

// Send puts a packet on the link, from the tester.
func (l *Link) Send(p *packets.Packet) { l.SendRaw(p.Bytes()) }

// SendRaw puts a frame on the link as it is.
func (l *Link) SendRaw(frame []byte) {
	l.env.settleBeforeNext() // settle.go
	l.env.markAll()
	l.put(frame)
}

// SendAll puts packets on the link back to back; expectations that follow
// look at everything the node sent from the first of them on.
func (l *Link) SendAll(ps []*packets.Packet) {
	l.env.settleBeforeNext() // settle.go
	l.env.markAll()
	for _, p := range ps {
		l.put(p.Bytes())
	}
}

// SendBurst puts many packets on the link as fast as the node takes them:
// back to back, but on a target with a barrier (the reference node) in
// groups of burstGroup with the node settled after each, so that no queue
// between tester and node overflows (a TAP holds 500 frames). Time does
// not pass on a manual clock meanwhile. Expectations that follow look at
// everything the node sent from the first packet on.
func (l *Link) SendBurst(ps []*packets.Packet) {
	l.env.markAll()
	for i, p := range ps {
		if i > 0 && i%burstGroup == 0 {
			l.env.Settle()
		}
		l.put(p.Bytes())
	}
}

// burstGroup is how many frames SendBurst sends between barriers.
const burstGroup = 50

func (l *Link) put(frame []byte) {
	c := l.record(frame, true)
	l.env.stepAbout("send", fmt.Sprintf("%s: %s", l.Name, c.Summary()), nil, l.Name, c, "")
	if err := l.port.Write(frame); err != nil {
		TesterError(fmt.Errorf("%s: sending: %w", l.Name, err))
	}
	l.putOnPeer(frame)      // samelink.go
	l.env.noteSent(c.Frame) // settle.go
}

func (l *Link) mark() {
	l.mu.Lock()
	l.cursor = len(l.frames)
	l.since = l.cursor
	l.matched = nil
	l.mu.Unlock()
}

// forget drops every frame seen so far: what came before is not the spec's.
func (l *Link) forget() {
	l.mu.Lock()
	l.frames, l.cursor, l.since, l.matched = nil, 0, 0, nil
	l.mu.Unlock()
}

// consume records that an Expect met c, and that the next Expect looks
// after it.
func (l *Link) consume(c *Captured) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.cursor = c.Index + 1
	if l.matched == nil {
		l.matched = map[int]bool{}
	}
	l.matched[c.Index] = true
	for _, i := range c.Pieces {
		l.matched[i] = true
	}
}

// unmatched says whether no Expect has met c (or any of its pieces).
func (l *Link) unmatched(c *Captured) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.matched[c.Index] {
		return false
	}
	for _, i := range c.Pieces {
		if l.matched[i] {
			return false
		}
	}
	return true
}

// changes is closed at the next frame's arrival (or when capture stops).
func (l *Link) changes() <-chan struct{} {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.changed
}

// snapshot returns the frames from the NUT since the cursor, and a channel
// closed at the next arrival.
func (l *Link) snapshot() ([]*Captured, <-chan struct{}, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.framesFrom(l.cursor), l.changed, l.readErr
}

// sinceSends returns the frames from the NUT since the current run of sends
// began, for judging what the node must not send.
func (l *Link) sinceSends() ([]*Captured, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.framesFrom(l.since), l.readErr
}

// framesFrom returns the node's frames from index from on, with the
// datagrams it sent in fragments also whole; l.mu is held.
func (l *Link) framesFrom(from int) []*Captured {
	var out []*Captured
	var fs []*packets.Frame
	for _, c := range l.frames[from:] {
		if !c.ToNUT {
			out = append(out, c)
			fs = append(fs, c.Frame)
		}
	}
	// Datagrams the node sent in fragments are judged whole, as the
	// receiver would see them, right after their last fragment.
	for _, r := range packets.Reassemble(fs) {
		last := out[r.Pieces[0]]
		for _, i := range r.Pieces {
			if out[i].Index > last.Index {
				last = out[i]
			}
		}
		r.Frame.At = last.At
		pieces := make([]int, len(r.Pieces))
		for k, i := range r.Pieces {
			pieces[k] = out[i].Index
		}
		out = append(out, &Captured{Frame: r.Frame, At: last.At, Wall: last.Wall, Link: l, Node: last.Node, Index: last.Index, Pieces: pieces})
	}
	return out
}

// Expect starts an expectation of a frame matching m from the node on this link.
func (l *Link) Expect(m *packets.Matcher) *Expectation {
	return &Expectation{link: l, m: m}
}

// ExpectNo starts an expectation that no frame of m's kind comes.
func (l *Link) ExpectNo(m *packets.Matcher) *Expectation {
	return &Expectation{link: l, m: m, none: true}
}

// EchoRequest is a valid Echo Request from n to dst: n's link-local source
// for a link-local or multicast destination, its global one otherwise.
func (n *Node) EchoRequest(dst netip.Addr) *packets.Packet {
	n.link.env.echoSeq++
	seq := n.link.env.echoSeq
	data := []byte(fmt.Sprintf("v6ct echo %s seq %d.", n.Name, seq))
	return packets.EchoRequest(n.MAC, packets.MACFor(dst, n.link.NUTMAC), n.SourceFor(dst), dst, 0x6c7, seq, data)
}

// SourceFor picks n's address of the same scope as dst.
func (n *Node) SourceFor(dst netip.Addr) netip.Addr {
	if dst.IsLinkLocalUnicast() || dst.IsMulticast() || dst.IsLoopback() {
		return n.LinkLocal
	}
	return n.Global
}

// NS is a valid Neighbor Solicitation from n for target, sent to dst, with
// n's source link-layer address option.
func (n *Node) NS(dst, target netip.Addr) *packets.Packet {
	return packets.NS(n.MAC, packets.MACFor(dst, n.link.NUTMAC), n.SourceFor(target), dst, target, packets.SLLA(n.MAC))
}

// DADNS is n's Duplicate Address Detection probe for target: from the
// unspecified address to target's solicited-node group, no options.
func (n *Node) DADNS(target netip.Addr) *packets.Packet {
	g := packets.SolicitedNode(target)
	return packets.NS(n.MAC, packets.MulticastMAC(g), packets.Unspecified, g, target)
}

// NA is a Neighbor Advertisement from n for its own address target, sent to
// dst with the given flags and n's target link-layer address option.
func (n *Node) NA(dst, target netip.Addr, flags uint8) *packets.Packet {
	return packets.NA(n.MAC, packets.MACFor(dst, n.link.NUTMAC), n.SourceFor(dst), dst, target, flags, packets.TLLA(n.MAC))
}

// Env is the spec's world this link belongs to.
func (l *Link) Env() *Env { return l.env }

// RA is a valid Router Advertisement from router node n to all-nodes, from
// its link-local address, with its source link-layer address option
// followed by opts.
func (n *Node) RA(p packets.RAParams, opts ...packets.Option) *packets.Packet {
	p.Options = append([]packets.Option{packets.SLLA(n.MAC)}, append(p.Options, opts...)...)
	return packets.RA(n.MAC, packets.MulticastMAC(packets.AllNodes), n.LinkLocal, packets.AllNodes, p)
}
