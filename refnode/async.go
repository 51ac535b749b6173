package refnode

import (
	"encoding/binary"
	"hash/fnv"
	"time"

	"github.com/v6ct/v6ct/refnode/clock"
	"github.com/v6ct/v6ct/refnode/counter"
	"github.com/v6ct/v6ct/refnode/icmp6"
	"github.com/v6ct/v6ct/refnode/ipv6"
	"github.com/v6ct/v6ct/refnode/link"
)

// AsyncConfig makes the node behave as a real router does, rather than as
// a tester-speed node that has finished with every packet before the next
// one arrives:
//
//   - Its control plane runs apart from packet handling: a Router
//     Advertisement, a Redirect, a Packet Too Big or a Neighbor
//     Advertisement addressed to the node is handed to it and handled
//     ControlDelay later on the node's clock, so the routes, prefixes,
//     path MTUs and neighbor cache entries it brings change only then.
//     Packets that arrive in the meantime meet the old state. Control
//     messages stay in the order they came in.
//   - Every other IPv6 packet goes to one of Workers queues by a hash of
//     its source, destination and flow label (the flow of RFC 6437), as
//     receive-side scaling does. Each queue keeps its order, so no flow
//     is ever reordered, but packets of different flows that arrived
//     together leave the queues in queue order, not arrival order (RFC
//     8200 lets a network reorder packets of different flows). Frames
//     that are not IPv6 (ARP, IPv4) are handled at once.
//
// Queued packets are handled when the interface's queue drains:
// WorkerDelay after the first of them arrived, or at once when an ECTP
// barrier frame arrives on that interface. A barrier is answered only
// after every queued packet of its interface and every control message
// that is due (received ControlDelay or more ago), so a tester on a
// manual clock sees a deterministic node: the same packets, the same
// order, at the same times, run after run.
type AsyncConfig struct {
	// ControlDelay is how long after it arrived a control message takes
	// effect; 0 = DefaultControlDelay.
	ControlDelay time.Duration
	// Workers is the number of packet queues; 0 = DefaultWorkers.
	Workers int
	// WorkerDelay is how long queued packets wait for the queues to drain
	// when no barrier comes first (real clock); 0 = DefaultWorkerDelay.
	WorkerDelay time.Duration
	// FirstQueueFirst drains the queues from the first, not from the last:
	// every two flows on different queues then meet in the other order.
	FirstQueueFirst bool
}

// Defaults of AsyncConfig.
const (
	DefaultControlDelay = 50 * time.Millisecond
	DefaultWorkers      = 4
	DefaultWorkerDelay  = time.Millisecond
)

func (c AsyncConfig) withDefaults() AsyncConfig {
	if c.ControlDelay <= 0 {
		c.ControlDelay = DefaultControlDelay
	}
	if c.Workers <= 0 {
		c.Workers = DefaultWorkers
	}
	if c.WorkerDelay <= 0 {
		c.WorkerDelay = DefaultWorkerDelay
	}
	return c
}

// asyncState is the node's queues in the asynchronous mode.
type asyncState struct {
	n       *Node
	cfg     AsyncConfig
	control []controlMsg // in arrival order; deadlines rise
	timer   clock.Timer  // fires at control[0].due
	queues  map[*iface]*ifQueues
}

type controlMsg struct {
	ifc   *iface
	frame []byte
	due   time.Time
}

// ifQueues are one interface's worker queues.
type ifQueues struct {
	workers [][][]byte
	timer   clock.Timer // drains them; nil when they are empty
}

func newAsync(n *Node, c AsyncConfig) *asyncState {
	return &asyncState{n: n, cfg: c.withDefaults(), queues: map[*iface]*ifQueues{}}
}

// input takes one received frame in the asynchronous mode. Call with
// the lock held; frame is the interface's receive buffer.
func (a *asyncState) input(ifc *iface, frame []byte) {
	if len(frame) < link.HeaderLen {
		a.n.input(ifc, frame)
		return
	}
	switch link.Frame(frame).EtherType() {
	case link.EtherTypeLoopback:
		// A barrier: everything before it first.
		a.runDueControl()
		a.drain(ifc)
		a.n.input(ifc, frame)
		return
	case link.EtherTypeIPv6:
	default:
		a.n.input(ifc, frame)
		return
	}
	cp := append([]byte(nil), frame...)
	if a.isControl(ifc, link.Frame(cp).Payload()) {
		due := a.n.clock.Now().Add(a.cfg.ControlDelay)
		a.control = append(a.control, controlMsg{ifc: ifc, frame: cp, due: due})
		a.n.count(counter.AsyncControlDeferred)
		if a.timer == nil {
			a.timer = a.n.clock.AfterFunc(a.cfg.ControlDelay, a.controlTimer)
		}
		return
	}
	q := a.queues[ifc]
	if q == nil {
		q = &ifQueues{workers: make([][][]byte, a.cfg.Workers)}
		a.queues[ifc] = q
	}
	w := flowWorker(link.Frame(cp).Payload(), a.cfg.Workers)
	q.workers[w] = append(q.workers[w], cp)
	a.n.count(counter.AsyncQueued)
	if q.timer == nil {
		q.timer = a.n.clock.AfterFunc(a.cfg.WorkerDelay, func() {
			a.n.mu.Lock()
			defer a.n.mu.Unlock()
			if !a.n.closed {
				a.drain(ifc)
			}
		})
	}
}

// isControl tells a control message for the node: an RA, Redirect, NA or
// Packet Too Big right after the IPv6 header, to a group or to one of the
// node's addresses on the interface. A router's transit traffic is not.
func (a *asyncState) isControl(ifc *iface, pkt []byte) bool {
	if len(pkt) < ipv6.HeaderLen+1 {
		return false
	}
	h := ipv6.Header(pkt)
	if h.NextHeader() != ipv6.ProtoICMPv6 {
		return false
	}
	switch pkt[ipv6.HeaderLen] {
	case icmp6.TypeRouterAdvertisement, icmp6.TypeRedirect, icmp6.TypeNeighborAdvertisement, icmp6.TypePacketTooBig:
	default:
		return false
	}
	dst := h.Dst()
	return ipv6.IsMulticast(dst) || a.n.ownAddressOn(ifc, dst) != nil || a.n.ownAnycast(dst) != nil
}

// flowWorker hashes a packet's flow (source, destination, flow label) to a
// worker queue.
func flowWorker(pkt []byte, workers int) int {
	if len(pkt) < ipv6.HeaderLen || workers <= 1 {
		return 0
	}
	h := fnv.New32a()
	h.Write(pkt[ipv6.OffSrc : ipv6.OffDst+16])
	var fl [4]byte
	binary.BigEndian.PutUint32(fl[:], ipv6.Header(pkt).FlowLabel())
	h.Write(fl[:])
	return int(h.Sum32() % uint32(workers))
}

// drain handles an interface's queued packets, worker by worker
// (the last queue first, unless FirstQueueFirst), each queue in order.
// Call with the lock held.
func (a *asyncState) drain(ifc *iface) {
	q := a.queues[ifc]
	if q == nil {
		return
	}
	if q.timer != nil {
		q.timer.Stop()
		q.timer = nil
	}
	for i := range q.workers {
		w := len(q.workers) - 1 - i
		if a.cfg.FirstQueueFirst {
			w = i
		}
		for len(q.workers[w]) > 0 && !a.n.closed {
			f := q.workers[w][0]
			q.workers[w] = q.workers[w][1:]
			a.n.input(ifc, f)
		}
	}
}

// controlTimer handles the control messages that are due.
func (a *asyncState) controlTimer() {
	a.n.mu.Lock()
	defer a.n.mu.Unlock()
	a.timer = nil
	if a.n.closed {
		return
	}
	a.runDueControl()
}

// runDueControl handles, in arrival order, the control messages received
// ControlDelay or more ago, and sets the timer for the next. Call with the
// lock held.
func (a *asyncState) runDueControl() {
	now := a.n.clock.Now()
	for len(a.control) > 0 && !a.control[0].due.After(now) && !a.n.closed {
		m := a.control[0]
		a.control = a.control[1:]
		a.n.input(m.ifc, m.frame)
	}
	if a.timer != nil {
		a.timer.Stop()
		a.timer = nil
	}
	if len(a.control) > 0 && !a.n.closed {
		a.timer = a.n.clock.AfterFunc(a.control[0].due.Sub(now), a.controlTimer)
	}
}

// stop cancels the asynchronous mode's timers. Call with the lock held.
func (a *asyncState) stop() {
	if a == nil {
		return
	}
	if a.timer != nil {
		a.timer.Stop()
		a.timer = nil
	}
	for _, q := range a.queues {
		if q.timer != nil {
			q.timer.Stop()
			q.timer = nil
		}
	}
}
