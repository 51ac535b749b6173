package interop

import (
	"encoding/binary"
	"errors"
	"net/netip"
	"time"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// Path MTU discovery and fragmentation across a router into a narrower
// link.

func init() { Scenarios = append(Scenarios, pmtuFragments) }

// narrowMTU is Link1's MTU: the router targets' Link1 has it
// (suites.RouterLink1MTU), the router advertises it there, and a host
// that can be told sets it on its link.
const narrowMTU = suites.RouterLink1MTU

var pmtuFragments = Scenario{
	ID: "interop:pmtu-fragments", Title: "Echoes of 1500 and 4000 octets across a router into a 1280-octet link: Packet Too Big, fragments that fit, reassembly, a fragmented reply",
	RFC: "RFC 8201 §4, RFC 8200 §4.5, §5, RFC 4443 §3.2", Links: 2,
	Roles: []Role{{Name: "HOST1", Links: []int{0}}, {Name: "ROUTER1", Router: true, Links: []int{0, 1}}, {Name: "HOST2", Links: []int{1}}},
	Run: func(w *World) error {
		h1, r, h2 := w.Node("HOST1"), w.Node("ROUTER1"), w.Node("HOST2")
		dst, _, err := narrowPath(w, h1, r, h2)
		if err != nil {
			return err
		}
		time.Sleep(500 * time.Millisecond)

		// The same again, and then 4000 octets: fragments that fit the path.
		for _, size := range []int{1500, 4000} {
			if err := fragmentedEcho(w, h1, r, h2, dst, size); err != nil {
				return err
			}
		}
		return nil
	},
}

// narrowPath sets the scene of the PMTU scenarios: ROUTER1 advertises on
// both links, Link1's MTU of 1280 too, and HOST1's 1500-octet Echo Request
// to HOST2 draws ROUTER1's Packet Too Big, judged on its MTU field. It
// returns HOST2's address and the Packet Too Big.
func narrowPath(w *World, h1, r, h2 *Node) (netip.Addr, Seen, error) {
	// HOST2 learns Link1's MTU from the advertisement's MTU option
	// (RFC 4861 §6.3.4), and is told it too where it can be: a host
	// that cannot has only the option to go by.
	if err := w.Do(h2, suites.Action{Name: suites.ActSetMTU, Link: 1, MTU: narrowMTU}); err != nil {
		var na *NotApplicable
		if !errors.As(err, &na) {
			return netip.Addr{}, Seen{}, err
		}
		w.Step("HOST2 has no set-mtu action: Link1's MTU reaches it in the advertisement's MTU option only")
	}
	if err := startRA(w, r, 0, 1800*time.Second, 0, 0); err != nil {
		return netip.Addr{}, Seen{}, err
	}
	if err := startRA(w, r, 1, 1800*time.Second, 0, narrowMTU); err != nil {
		return netip.Addr{}, Seen{}, err
	}
	time.Sleep(time.Second)
	dst := h2.Global(1)

	// A 1500-octet echo: 1548 octets of packet, in fragments of up to
	// 1500 from HOST1; ROUTER1 cannot forward the first onto Link1.
	from := w.Now()
	if err := sendEcho(w, h1, 0, dst, 1500); err != nil {
		return netip.Addr{}, Seen{}, err
	}
	ptb, ok := w.WaitFor(from, 5*time.Second, func(s Seen) bool {
		return s.From == r.Name && s.Link == 0 && s.Frame.IsICMP && s.Frame.ICMPType == packets.TypePacketTooBig
	})
	if !ok {
		if big := w.Seen(from, func(s Seen) bool { return s.From == r.Name && s.Link == 1 && len(s.Frame.IPv6) > narrowMTU }); len(big) > 0 {
			return netip.Addr{}, Seen{}, fail(r, "RFC 8200 §5", "forwarded a %d-octet packet onto Link1, whose MTU is %d", len(big[0].Frame.IPv6), narrowMTU)
		}
		if n := len(w.Seen(from, func(s Seen) bool { return s.From == r.Name && s.Link == 1 && s.Frame.Dst == dst })); n > 0 {
			return netip.Addr{}, Seen{}, fail(r, "RFC 8200 §5, RFC 4443 §3.2", "did not answer HOST1's packet too big for Link1 with Packet Too Big (it sent %d other packets to %s on Link1: a router does not fragment)", n, dst)
		}
		return netip.Addr{}, Seen{}, fail(r, "RFC 4443 §3.2", "did not answer HOST1's %d-octet packet, too big for Link1 (MTU %d), with Packet Too Big", largest(w, from, h1.Name, 0, dst), narrowMTU)
	}
	if len(ptb.Frame.ICMPBody) < 4 {
		return netip.Addr{}, Seen{}, fail(r, "RFC 4443 §3.2", "sent a Packet Too Big without its MTU field")
	}
	if mtu := binary.BigEndian.Uint32(ptb.Frame.ICMPBody); mtu != narrowMTU {
		return netip.Addr{}, Seen{}, fail(r, "RFC 4443 §3.2", "reported MTU %d in its Packet Too Big, not Link1's %d", mtu, narrowMTU)
	}
	w.Step("ROUTER1 answered with Packet Too Big, MTU %d, at %.3fs", narrowMTU, ptb.At.Seconds())
	return dst, ptb, nil
}

// sendEcho asks n for an Echo Request of size data octets.
func sendEcho(w *World, n *Node, l int, dst netip.Addr, size int) error {
	w.Step("%s sends an Echo Request of %d data octets to %s", n.Name, size, dst)
	return w.Do(n, suites.Action{Name: suites.ActSendEcho, Link: l, Dst: dst, Size: size})
}

// fragmentedEcho judges one echo of size data octets from h1 to h2 (dst)
// across r once the path MTU is known: h1's fragments fit 1280 octets,
// r forwards them, h2 reassembles and answers in fragments that fit its
// link, and r forwards those back.
func fragmentedEcho(w *World, h1, r, h2 *Node, dst netip.Addr, size int) error {
	from := w.Now()
	if err := sendEcho(w, h1, 0, dst, size); err != nil {
		return err
	}
	const wait = 5 * time.Second
	req, ok := waitDatagram(w, from, wait, h1.Name, 0, dst, packets.TypeEchoRequest)
	if !ok {
		return fail(h1, "RFC 8200 §4.5", "sent no complete Echo Request of %d octets to %s (frames: %d)", size, dst, len(datagramFrames(w, from, h1.Name, 0, dst)))
	}
	if m := largest(w, from, h1.Name, 0, dst); m > narrowMTU {
		if !h1.Capable(suites.CapPathMTUDiscovery) {
			// RFC 8200 §5: a node may leave Path MTU Discovery out only by
			// sending nothing larger than 1280 octets.
			return fail(h1, "RFC 8201 §4, RFC 8200 §5", "sent a %d-octet packet to %s after ROUTER1's Packet Too Big reported MTU %d; it keeps no path MTU (it declares no %s), so it may send nothing over %d octets", m, dst, narrowMTU, suites.CapPathMTUDiscovery, narrowMTU)
		}
		return fail(h1, "RFC 8201 §4", "sent a %d-octet packet to %s after ROUTER1's Packet Too Big reported MTU %d: it did not lower its path MTU", m, dst, narrowMTU)
	}
	src := req.Src
	if _, ok := waitDatagram(w, from, wait, r.Name, 1, dst, packets.TypeEchoRequest); !ok {
		return fail(r, "RFC 8200 §3, §4.5", "did not forward all of HOST1's fragments of the %d-octet Echo Request to Link1 (it forwards fragments as they are)", size)
	}
	if _, ok := waitDatagram(w, from, wait, h2.Name, 1, src, packets.TypeEchoReply); !ok {
		if m := largest(w, from, h2.Name, 1, src); m > narrowMTU {
			return fail(h2, "RFC 8200 §5, RFC 4861 §6.3.4", "sent a %d-octet packet onto Link1, whose MTU is %d (set, and advertised by ROUTER1)", m, narrowMTU)
		}
		return fail(h2, "RFC 8200 §4.5", "did not answer HOST1's %d-octet Echo Request, which reached it in %d fragments: it did not reassemble it", size, len(datagramFrames(w, from, r.Name, 1, dst)))
	}
	if m := largest(w, from, h2.Name, 1, src); m > narrowMTU {
		return fail(h2, "RFC 8200 §5, RFC 4861 §6.3.4", "sent a %d-octet packet onto Link1, whose MTU is %d", m, narrowMTU)
	}
	if _, ok := waitDatagram(w, from, wait, r.Name, 0, src, packets.TypeEchoReply); !ok {
		return fail(r, "RFC 8200 §3", "did not forward all of HOST2's fragments of its Echo Reply to Link0")
	}
	w.Step("%d octets: HOST1's fragments fit %d octets, HOST2 reassembled and answered in fragments that reached HOST1", size, narrowMTU)
	return nil
}

// datagramFrames are the frames sender sent on link l to dst since from.
func datagramFrames(w *World, from time.Duration, sender string, l int, dst netip.Addr) []*packets.Frame {
	var out []*packets.Frame
	for _, s := range w.Seen(from, func(s Seen) bool { return s.From == sender && s.Link == l && s.Frame.IsIPv6() && s.Frame.Dst == dst }) {
		out = append(out, s.Frame)
	}
	return out
}

// largest is the largest IPv6 packet sender sent on link l to dst since
// from.
func largest(w *World, from time.Duration, sender string, l int, dst netip.Addr) int {
	m := 0
	for _, f := range datagramFrames(w, from, sender, l, dst) {
		m = max(m, len(f.IPv6))
	}
	return m
}

// waitDatagram waits for a whole ICMPv6 message of type typ from sender
// on link l to dst, sent whole or in fragments the tester puts together.
func waitDatagram(w *World, from, d time.Duration, sender string, l int, dst netip.Addr, typ uint8) (*packets.Frame, bool) {
	deadline := time.Now().Add(d)
	for {
		fs := datagramFrames(w, from, sender, l, dst)
		for _, f := range fs {
			if _, frag := f.FragmentInfo(); !frag && f.IsICMP && f.ICMPType == typ {
				return f, true
			}
		}
		for _, r := range packets.Reassemble(fs) {
			if r.Frame.IsICMP && r.Frame.ICMPType == typ {
				return r.Frame, true
			}
		}
		if time.Now().After(deadline) {
			return nil, false
		}
		time.Sleep(20 * time.Millisecond)
	}
}
