// Package interop puts several IPv6 implementations on one topology and
// judges, from the wire, whether they work together.
//
// Each node of a scenario is an ordinary target (the reference node, the
// Linux kernel, ...) placed on the topology's links (suites.Placeable).
// The tester is the wire: every link is a relay in the tester that reads
// each node's frames from the node's own link end and writes them to every
// other node on that link. So every frame on every link passes the tester,
// is recorded with the node that sent it, and nothing needs a bridge in a
// kernel. Nodes on a manual clock (the reference node) are driven in real
// time, since their partners live in real time.
package interop

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/v6ct/v6ct/refnode/clock"
	"github.com/v6ct/v6ct/results"
	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/netx"
	"github.com/v6ct/v6ct/suites/packets"
)

// Role is one node of a scenario: its name (HOST1, ROUTER1, ...), whether
// it is a router, and the topology's links it is on, in the order of its
// own links.
type Role struct {
	Name   string
	Router bool
	Links  []int
	// What the node starts with besides each link's static global
	// address, by topology link number (converted to the node's own link
	// index when it is placed): extra static addresses, static routes and
	// configured tunnels (suites.SpecSetup). A router's routing table is
	// configuration, not something the wire teaches.
	Addresses []suites.StaticAddress
	Routes    []suites.StaticRoute
	Tunnels   []suites.TunnelSetup
	// NoGlobals starts a host with no static global address: it has
	// only what it forms from Router Advertisements (RFC 4862 §5.5.3),
	// learnt from the wire. A target that cannot start so (not
	// Unnumbered) makes the scenario N/A.
	NoGlobals bool
	// LinkLocal is the node's link-local address on every one of its
	// links, instead of the one formed from its MAC: one address in
	// several zones (RFC 4007 §6). A target that cannot be given one
	// (not LinkLocalChooser) makes the scenario N/A.
	LinkLocal netip.Addr
	// Needs are capabilities the role asks of its node, as a spec's
	// suites.NeedsCapability: a target that does not declare one cannot
	// take the role, and one that does is set up for it (a reference
	// router asked for mld-router runs its querier).
	Needs []string
}

// Unnumbered is the optional interface of a placeable target whose host
// can start with no static global address: WithoutGlobals, called before
// Open, leaves the link-local addresses alone and gives the node no
// global one (its NUTInfo.Globals are invalid), with address
// autoconfiguration on.
type Unnumbered interface{ WithoutGlobals() }

// LinkLocalChooser is the optional interface of a placeable target whose
// node can be given its link-local address: WithLinkLocal, called before
// Open, makes ll the node's only link-local address on each of its links
// (none formed from the MAC), as its NUTInfo.LinkLocals say.
type LinkLocalChooser interface{ WithLinkLocal(ll netip.Addr) }

// own is the role's own index of topology link l.
func (r Role) own(l int) int {
	for i, x := range r.Links {
		if x == l {
			return i
		}
	}
	panic(fmt.Sprintf("%s is not on Link%d", r.Name, l))
}

// setup is the role's configuration with its links as the node numbers
// them.
func (r Role) setup() (addrs []suites.StaticAddress, routes []suites.StaticRoute, tunnels []suites.TunnelSetup) {
	for _, a := range r.Addresses {
		a.Link = r.own(a.Link)
		addrs = append(addrs, a)
	}
	for _, rt := range r.Routes {
		rt.Link = r.own(rt.Link)
		routes = append(routes, rt)
	}
	for _, t := range r.Tunnels {
		t.Link = r.own(t.Link)
		tunnels = append(tunnels, t)
	}
	return addrs, routes, tunnels
}

// LinkLocalOf is the link-local address the built-in targets give node
// number k (its role's place in the scenario) on topology link l: known
// before the node runs, for another role's static route through it.
func LinkLocalOf(k, l int) netip.Addr { return packets.LinkLocal(suites.NodeMAC(k, l)) }

// Node is a role bound to an implementation for one run of a scenario.
type Node struct {
	Role
	Impl    string // the target's name: refnode, linux-host, ...
	target  suites.Target
	session *suites.Session
	stop    chan struct{}
}

// Info is what the tester knows of the node, by its own link index.
func (n *Node) Info() suites.NUTInfo { return n.session.NUT }

// LinkLocal is the node's link-local address on topology link l.
func (n *Node) LinkLocal(l int) netip.Addr { return n.Info().LinkLocals[n.own(l)] }

// Global is the node's static global address on topology link l
// (invalid for a role with NoGlobals).
func (n *Node) Global(l int) netip.Addr { return n.Info().Globals[n.own(l)] }

// MAC is the node's MAC on topology link l.
func (n *Node) MAC(l int) net.HardwareAddr { return n.Info().MACs[n.own(l)] }

// Seen is one frame on a link, with the node that sent it.
type Seen struct {
	At    time.Duration // since the world began
	Link  int
	From  string // the sending node's name
	Frame *packets.Frame
}

// World is one scenario's topology with its nodes placed and running.
type World struct {
	nodes  map[string]*Node
	order  []*Node
	start  time.Time
	mu     sync.Mutex
	seen   []Seen
	steps  []string
	relays sync.WaitGroup
	closed chan struct{}
}

// Build places the roles on the topology, each bound to the target named
// in impls (by role name), and starts the relays. faults (by role name)
// start a reference node with named deviations: they show that a scenario
// fails the node that deviates. The caller Closes the world.
func Build(roles []Role, impls map[string]string, faults map[string][]string) (*World, error) {
	w := &World{nodes: map[string]*Node{}, start: time.Now(), closed: make(chan struct{})}
	for k, r := range roles {
		n, err := w.place(k, r, impls[r.Name], faults[r.Name])
		if err != nil {
			w.Close()
			return nil, fmt.Errorf("%s (%s): %w", r.Name, impls[r.Name], err)
		}
		w.nodes[r.Name] = n
		w.order = append(w.order, n)
	}
	for _, n := range w.order {
		for i, p := range n.session.Ports {
			w.relays.Add(1)
			go w.relay(n, n.Links[i], p)
		}
		if m := n.session.Manual; m != nil {
			go realTime(m, n.stop)
		}
	}
	for _, n := range w.order {
		if err := n.session.Start(); err != nil {
			w.Close()
			return nil, fmt.Errorf("%s (%s): starting: %w", n.Name, n.Impl, err)
		}
	}
	for _, n := range w.order {
		if err := n.session.Ready(func(d time.Duration) { time.Sleep(d) }); err != nil {
			w.Close()
			return nil, fmt.Errorf("%s (%s): %w", n.Name, n.Impl, err)
		}
		w.Step("%s is %s: link-local %v, global %v", n.Name, n.Impl, n.Info().LinkLocals, n.Info().Globals)
	}
	return w, nil
}

// place opens the target for role r as node number k.
func (w *World) place(k int, r Role, impl string, faults []string) (*Node, error) {
	role := "host"
	if r.Router {
		role = "router"
	}
	t, err := suites.NewTarget(impl, role)
	if err != nil {
		return nil, err
	}
	p, ok := t.(suites.Placeable)
	if !ok {
		return nil, errors.New("this target cannot share links with other nodes")
	}
	p.Place(k, r.Links)
	if r.NoGlobals {
		u, ok := t.(Unnumbered)
		if !ok {
			return nil, &NotApplicable{"cannot start as a host without static global addresses (it has no such setting), so its addresses cannot be judged as autoconfigured"}
		}
		u.WithoutGlobals()
	}
	if r.LinkLocal.IsValid() {
		c, ok := t.(LinkLocalChooser)
		if !ok {
			return nil, &NotApplicable{fmt.Sprintf("cannot be given the link-local address %s in place of the one it forms", r.LinkLocal)}
		}
		c.WithLinkLocal(r.LinkLocal)
	}
	addrs, routes, tunnels := r.setup()
	setup := suites.SpecSetup{Name: "interop " + r.Name, Links: len(r.Links), Faults: faults,
		Addresses: addrs, Routes: routes, Tunnels: tunnels, Capabilities: r.Needs}
	for _, c := range r.Needs {
		if cp, ok := t.(suites.Capable); !ok || !slices.Contains(cp.Capabilities(), c) {
			return nil, &NotApplicable{fmt.Sprintf("does not declare the %s capability (%s)", c, suites.KnownCapabilities[c])}
		}
	}
	for _, tn := range r.Tunnels {
		// A target that makes no such tunnel (a kernel without the
		// driver, a stack without tunnels) cannot take the role.
		if c, ok := t.(suites.Capable); !ok || !slices.Contains(c.Capabilities(), "tunnel-"+tn.Mode) {
			return nil, &NotApplicable{fmt.Sprintf("does not declare the tunnel-%s capability: it makes no %s tunnels", tn.Mode, tn.Mode)}
		}
	}
	if a, ok := t.(suites.Applicability); ok {
		if why := a.NotApplicable(setup); why != "" {
			return nil, &NotApplicable{why}
		}
	}
	if err := t.Open(); err != nil {
		return nil, err
	}
	s, err := t.Begin(setup)
	if err != nil {
		t.Close()
		return nil, err
	}
	return &Node{Role: r, Impl: impl, target: t, session: s, stop: make(chan struct{})}, nil
}

// realTime moves a manual clock with the wall clock until stop closes.
func realTime(m *clock.Manual, stop chan struct{}) {
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	last := time.Now()
	for {
		select {
		case <-stop:
			return
		case now := <-tick.C:
			m.Advance(now.Sub(last))
			last = now
		}
	}
}

// relay copies every frame node n sends on topology link l to every
// other node on l, and records it.
func (w *World) relay(n *Node, l int, p *netx.PacketSocket) {
	defer w.relays.Done()
	buf := make([]byte, 65536)
	for {
		k, err := p.Read(buf)
		if err != nil {
			return
		}
		frame := append([]byte(nil), buf[:k]...)
		w.mu.Lock()
		w.seen = append(w.seen, Seen{At: time.Since(w.start), Link: l, From: n.Name, Frame: packets.Decode(frame)})
		w.mu.Unlock()
		for _, o := range w.order {
			if o == n {
				continue
			}
			for i, ol := range o.Links {
				if ol == l {
					o.session.Ports[i].Write(frame)
				}
			}
		}
	}
}

// Node is the node playing the role name.
func (w *World) Node(name string) *Node {
	n := w.nodes[name]
	if n == nil {
		panic("no node " + name)
	}
	return n
}

// Do asks node n for a control action; a target without it makes the
// scenario not applicable to this arrangement.
func (w *World) Do(n *Node, a suites.Action) error {
	c, ok := n.target.(suites.Controller)
	if !ok || !c.Has(a.Name) {
		return &NotApplicable{fmt.Sprintf("%s (%s) has no %s action", n.Name, n.Impl, a.Name)}
	}
	a.Link = n.own(a.Link)
	if a.Name == suites.ActAddRoute {
		a.Route.Link = n.own(a.Route.Link)
	}
	if a.Name == suites.ActAddTunnel {
		a.Tunnel.Link = n.own(a.Tunnel.Link)
	}
	log, err := c.Do(a)
	for _, l := range log {
		w.Step("%s: %s", n.Name, l)
	}
	if errors.Is(err, suites.ErrNoAction) {
		return &NotApplicable{fmt.Sprintf("%s (%s) cannot %s: %v", n.Name, n.Impl, a, err)}
	}
	if err != nil {
		return fmt.Errorf("%s (%s): %s: %w", n.Name, n.Impl, a.Name, err)
	}
	return nil
}

// Step records what the scenario did or saw.
func (w *World) Step(format string, args ...any) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.steps = append(w.steps, fmt.Sprintf("%7.3fs  ", time.Since(w.start).Seconds())+fmt.Sprintf(format, args...))
}

// Now is the time since the world began, on the scale of Seen.At.
func (w *World) Now() time.Duration { return time.Since(w.start) }

// Seen returns the frames seen since from that match.
func (w *World) Seen(from time.Duration, match func(Seen) bool) []Seen {
	w.mu.Lock()
	defer w.mu.Unlock()
	var out []Seen
	for _, s := range w.seen {
		if s.At >= from && match(s) {
			out = append(out, s)
		}
	}
	return out
}

// WaitFor waits up to d for a frame since from that matches, and returns
// the first.
func (w *World) WaitFor(from, d time.Duration, match func(Seen) bool) (Seen, bool) {
	deadline := time.Now().Add(d)
	for {
		if got := w.Seen(from, match); len(got) > 0 {
			return got[0], true
		}
		if time.Now().After(deadline) {
			return Seen{}, false
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Close stops every node and removes the topology.
func (w *World) Close() error {
	var errs []error
	for _, n := range w.order {
		close(n.stop)
		if n.session != nil && n.session.End != nil {
			errs = append(errs, n.session.End())
		}
		errs = append(errs, n.target.Close())
	}
	w.relays.Wait()
	return errors.Join(errs...)
}

// Steps are the scenario's steps so far.
func (w *World) Steps() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.steps...)
}

// WritePcapng writes one pcapng file per link into dir, each frame
// commented with the node that sent it.
func (w *World) WritePcapng(dir string, links int) ([]string, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	var files []string
	for l := 0; l < links; l++ {
		c := results.Capture{Comment: fmt.Sprintf("Link%d", l), Links: []string{fmt.Sprintf("Link%d", l)}, Start: w.start}
		for _, s := range w.seen {
			if s.Link == l {
				c.Frames = append(c.Frames, results.CaptureFrame{At: s.At, Link: c.Links[0], Data: s.Frame.Raw, Comments: []string{"from " + s.From}})
			}
		}
		if len(c.Frames) == 0 {
			continue
		}
		f := fmt.Sprintf("%s/link%d.pcapng", dir, l)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return files, err
		}
		if err := results.WritePcapng(f, c); err != nil {
			return files, err
		}
		files = append(files, f)
	}
	return files, nil
}

// Ladder is every frame seen, one line each: when, which link, which node
// sent it, and what it is.
func (w *World) Ladder() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	var out []string
	for _, s := range w.seen {
		out = append(out, fmt.Sprintf("%7.3fs  Link%d  %-8s %s", s.At.Seconds(), s.Link, s.From, strings.TrimSpace(s.Frame.Summary())))
	}
	return out
}

// NotApplicable is a scenario that cannot run on an arrangement: a node
// lacks an action or a capability.
type NotApplicable struct{ Why string }

func (e *NotApplicable) Error() string { return e.Why }

// Stater is the optional interface of a target that can show its node's
// state (routes, addresses) as lines of text.
type Stater interface{ State() []string }

// StateNotes records the state of every node that can show it: the
// evidence of a cell that did not pass.
func (w *World) StateNotes() {
	for _, n := range w.order {
		if s, ok := n.target.(Stater); ok {
			for _, l := range s.State() {
				w.Step("%s state: %s", n.Name, l)
			}
		}
	}
}

// Frames are every frame seen, for the results.
func (w *World) Frames() []CellFrame {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := make([]CellFrame, 0, len(w.seen))
	for _, s := range w.seen {
		out = append(out, CellFrame{At: s.At, Link: s.Link, From: s.From, Data: s.Frame.Raw})
	}
	return out
}

// Capable says whether the node's target declares the optional behaviour
// c (suites.KnownCapabilities): a scenario that needs it of a node that
// lacks it is not applicable to that node, as a conformance spec is.
func (n *Node) Capable(c string) bool {
	t, ok := n.target.(suites.Capable)
	return ok && slices.Contains(t.Capabilities(), c)
}
