package refnode

import (
	"fmt"
	"net"
	"net/netip"
	"sync"
	"testing"
	"time"

	"github.com/v6ct/v6ct/refnode/clock"
	"github.com/v6ct/v6ct/refnode/counter"
	"github.com/v6ct/v6ct/refnode/ipv6"
	"github.com/v6ct/v6ct/refnode/link"
	"github.com/v6ct/v6ct/refnode/nd"
	"github.com/v6ct/v6ct/refnode/tunnel"
)

// wire joins the pipes of several nodes into one Ethernet segment: every
// frame a node writes reaches the others (unicast only the owner of the
// destination MAC) and the tester's capture. Delivery is asynchronous,
// one goroutine per node, so that a node answering inside its write
// callback never waits for itself; inflight counts frames not yet
// processed, so that quiet() knows when the link has gone silent.
type wire struct {
	mu       sync.Mutex
	ports    map[link.MAC]chan []byte
	captured [][]byte
	inflight sync.WaitGroup
}

func newWire() *wire { return &wire{ports: map[link.MAC]chan []byte{}} }

// attach connects a node's pipe to the wire.
func (w *wire) attach(t *testing.T, mac link.MAC, p *link.Pipe) {
	q := make(chan []byte, 1<<14)
	w.mu.Lock()
	w.ports[mac] = q
	w.mu.Unlock()
	p.OnWrite(func(f []byte) { w.deliver(mac, f) })
	go func() {
		for f := range q {
			p.Inject(f)
			w.inflight.Done()
		}
	}()
	t.Cleanup(func() { close(q) })
}

// deliver hands a frame sent by from to every other port it is meant for.
func (w *wire) deliver(from link.MAC, frame []byte) {
	f := append([]byte(nil), frame...)
	dst := link.MAC(f[:6])
	w.mu.Lock()
	defer w.mu.Unlock()
	w.captured = append(w.captured, f)
	for mac, q := range w.ports {
		if mac == from || (dst[0]&1 == 0 && dst != mac) {
			continue
		}
		w.inflight.Add(1)
		select {
		case q <- f:
		default:
			w.inflight.Done() // a full queue drops, as a real link would
		}
	}
}

// send puts a packet from TN1 on the wire, addressed to the node with mac.
func (w *wire) send(mac link.MAC, pkt []byte) {
	w.inflight.Add(1)
	w.mu.Lock()
	q := w.ports[mac]
	w.mu.Unlock()
	q <- ether(mac, tnMAC, link.EtherTypeIPv6, pkt)
}

// quiet waits until every frame on the wire has been processed, or fails
// after limit: a loop that never ends.
func (w *wire) quiet(t *testing.T, limit time.Duration) {
	t.Helper()
	done := make(chan struct{})
	go func() { w.inflight.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(limit):
		t.Fatalf("the link is still busy after %v: the tunnel loop did not stop", limit)
	}
}

// frames returns the frames captured since the last call.
func (w *wire) frames() [][]byte {
	w.mu.Lock()
	defer w.mu.Unlock()
	f := w.captured
	w.captured = nil
	return f
}

// RFC 2473 §4.1.3: two tunnel entry points, each routing the other's
// tunnel packets into its own tunnel, nest encapsulations without end
// unless something stops them. Two reference nodes on one link are
// misconfigured that way: A's tunnel leads to 2001:db8:b9::b, which A
// routes through B; B routes that prefix into its own tunnel, which leads
// to 2001:db8:a9::a, which B routes through A, and A into its tunnel. An
// Echo Request from TN1 to 2001:db8:a9::77 starts it. The loop must end
// (at the Tunnel Encapsulation Limit, or with the option off at the
// tunnel MTU as the packet grows), neither node may crash, and both must
// go on answering.
func TestTunnelLoopBetweenTwoNodes(t *testing.T) {
	for _, c := range []struct {
		name  string
		limit int
		stop  counter.Counter // the counter, summed over both nodes, that must show the end
	}{
		{"encapsulation limit", 0, counter.TunnelEncapLimitExceeded},
		{"no limit option", tunnel.NoEncapLimit, counter.TunnelTooBig}, // 1500-octet link
	} {
		t.Run(c.name, func(t *testing.T) {
			macA, macB := link.MAC{0, 0, 0x5e, 0, 0x53, 0x0a}, link.MAC{0, 0, 0x5e, 0, 0x53, 0x0b}
			globalA, globalB := netip.MustParseAddr("2001:db8:1::a"), netip.MustParseAddr("2001:db8:1::b")
			farA, farB := netip.MustParsePrefix("2001:db8:a9::/64"), netip.MustParsePrefix("2001:db8:b9::/64")
			ll := func(m link.MAC) netip.Addr {
				b := [16]byte{0: 0xfe, 1: 0x80}
				id := ipv6.InterfaceID(m)
				copy(b[8:], id[:])
				return netip.AddrFrom16(b)
			}
			clk := clock.NewManual()
			w := newWire()
			start := func(name string, mac link.MAC, global netip.Addr, tun TunnelConfig, routes []Route) *Node {
				p := link.NewPipe()
				w.attach(t, mac, p)
				n, err := New(Config{
					Interfaces: []InterfaceConfig{{Name: "v6l0", MAC: net.HardwareAddr(mac[:]), Addresses: []netip.Prefix{netip.PrefixFrom(global, 64)}}},
					Router:     true,
					Tunnels:    []TunnelConfig{tun},
					Routes:     routes,
					Clock:      clk,
					Seed:       int64(mac[5]),
					ND:         &noRS,
					OpenDevice: func(string) (link.Device, error) { return p, nil },
				})
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				t.Cleanup(func() { n.Close() })
				n.Start()
				return n
			}
			a := start("A", macA, globalA,
				TunnelConfig{Name: "ta", Mode: "6in6", Local: globalA, Remote: farB.Addr().Next(), EncapLimit: c.limit},
				[]Route{{Prefix: farA, Interface: "ta"}, {Prefix: farB, Interface: "v6l0", NextHop: ll(macB)}})
			b := start("B", macB, globalB,
				TunnelConfig{Name: "tb", Mode: "6in6", Local: globalB, Remote: farA.Addr().Next(), EncapLimit: c.limit},
				[]Route{{Prefix: farB, Interface: "tb"}, {Prefix: farA, Interface: "v6l0", NextHop: ll(macA)}})
			clk.Advance(2 * time.Second) // DAD
			w.quiet(t, 5*time.Second)
			// TN1 makes itself known to both, as learnTN does, so that
			// answers to it need no address resolution.
			for _, n := range []struct {
				mac    link.MAC
				global netip.Addr
			}{{macA, globalA}, {macB, globalB}} {
				w.send(n.mac, icmpPkt(tnGlobal, n.global, 255, 135, 0, nsBody(n.global, &tnMAC)))
				w.send(n.mac, icmpPkt(tnGlobal, n.global, 255, 136, 0, naBody(nd.FlagSolicited|nd.FlagOverride, tnGlobal, &tnMAC)))
			}
			w.quiet(t, 5*time.Second)
			w.frames()

			w.send(macA, echo(tnGlobal, netip.MustParseAddr("2001:db8:a9::77"), 1))
			w.quiet(t, 10*time.Second)
			ea, eb := a.Counter(counter.TunnelEncapsulated), b.Counter(counter.TunnelEncapsulated)
			sa, sb := a.Counter(c.stop), b.Counter(c.stop)
			encaps, stopped := ea+eb, sa+sb
			told := ""
			frames := w.frames()
			for _, f := range frames {
				if p := f[link.HeaderLen:]; len(p) > 40 && ipv6.Header(p).Dst() == tnGlobal && p[6] == ipv6.ProtoICMPv6 && p[40] < 128 {
					told += fmt.Sprintf("%d/%d ", p[40], p[41])
				}
			}
			t.Logf("A: %d encapsulations, B: %d; %s: A %d, B %d; %d frames on the link; ICMPv6 errors to TN1: %s",
				ea, eb, c.stop, sa, sb, len(frames), told)
			// With the option, the node that refuses the packet tells the
			// entry point before it, which tells its own source, down to
			// TN1 (RFC 2473 §8). Without it the loop ends in a chain of
			// Packet Too Big messages, each lowering a tunnel MTU, which
			// need not reach TN1: the loop is what must stop.
			if c.limit == 0 && told == "" {
				t.Errorf("TN1, the source of the Echo Request, is told nothing of the loop (RFC 2473 §8)")
			}
			if stopped == 0 {
				t.Errorf("no node counted %s: the loop ended some other way", c.stop)
			}
			if encaps < 2 || encaps > 40 {
				t.Errorf("%d encapsulations in all: want the loop to run between the nodes, and to stop", encaps)
			}
			if c.limit == 0 && encaps != tunnel.DefaultEncapLimit+1 {
				t.Errorf("%d encapsulations with the default limit %d: want %d (the first, then one per unit of the limit)", encaps, tunnel.DefaultEncapLimit, tunnel.DefaultEncapLimit+1)
			}

			// Both still answer an Echo Request from TN1.
			for i, n := range []struct {
				mac    link.MAC
				global netip.Addr
			}{{macA, globalA}, {macB, globalB}} {
				w.send(n.mac, echo(tnGlobal, n.global, uint16(10+i)))
				w.quiet(t, 5*time.Second)
				replied := false
				for _, f := range w.frames() {
					if p := f[link.HeaderLen:]; len(p) > 40 && ipv6.Header(p).Src() == n.global && p[40] == 129 {
						replied = true
					}
				}
				if !replied {
					t.Errorf("%s does not answer after the loop", n.global)
				}
			}
		})
	}
}
