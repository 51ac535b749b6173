package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/netip"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/vishvananda/netlink"
	"golang.org/x/sys/unix"

	"github.com/v6ct/v6ct/suites/netx"
)

// The addresses of every case: link A joins the client to the node (or
// router), link B the node to the server. The cases live in namespaces of
// their own, so they all use the same ones.
var (
	prefixA  = netip.MustParsePrefix("2001:db8:a::/64")
	prefixB  = netip.MustParsePrefix("2001:db8:b::/64")
	nodeA    = netip.MustParseAddr("2001:db8:a::1") // the node (echo) or router on link A
	clientA  = netip.MustParseAddr("2001:db8:a::2")
	nodeB    = netip.MustParseAddr("2001:db8:b::1") // the router on link B
	serverB  = netip.MustParseAddr("2001:db8:b::2")
	nodeMACs = []string{"02:76:36:00:00:01", "02:76:36:00:00:02"}
)

// space is one network namespace made by the program, and its netlink
// handle. Namespaces are unnamed: each lives as long as a handle to it is
// open or a process runs in it, so nothing is left behind, even when the
// program is killed.
type space struct {
	ns *netx.Namespace
	nl *netlink.Handle
}

// newSpace makes a namespace whose interfaces skip DAD and ignore Router
// Advertisements, with its loopback up.
func newSpace() (*space, error) {
	ns, err := netx.NewNamespace()
	if err != nil {
		return nil, err
	}
	s := &space{ns: ns}
	if s.nl, err = netlink.NewHandleAt(ns.Handle()); err != nil {
		ns.Close()
		return nil, fmt.Errorf("netlink in a new namespace: %w", err)
	}
	for _, k := range []string{"accept_dad", "accept_ra", "dad_transmits"} {
		for _, c := range []string{"all", "default"} {
			if err := ns.Sysctl("conf/"+c+"/"+k, "0"); err != nil {
				s.Close()
				return nil, err
			}
		}
	}
	lo, err := s.nl.LinkByName("lo")
	if err == nil {
		err = s.nl.LinkSetUp(lo)
	}
	if err != nil {
		s.Close()
		return nil, fmt.Errorf("loopback: %w", err)
	}
	return s, nil
}

func (s *space) Close() {
	if s == nil {
		return
	}
	if s.nl != nil {
		s.nl.Close()
	}
	s.ns.Close()
}

// address puts addr (in prefix) on the interface, without DAD, and brings
// the interface up.
func (s *space) address(ifname string, addr netip.Addr, prefix netip.Prefix) error {
	l, err := s.nl.LinkByName(ifname)
	if err != nil {
		return fmt.Errorf("%s: %w", ifname, err)
	}
	a := &netlink.Addr{IPNet: &net.IPNet{IP: addr.AsSlice(), Mask: net.CIDRMask(prefix.Bits(), 128)}, Flags: unix.IFA_F_NODAD}
	if err := s.nl.AddrAdd(l, a); err != nil {
		return fmt.Errorf("address %v on %s: %w", addr, ifname, err)
	}
	if err := s.nl.LinkSetUp(l); err != nil {
		return fmt.Errorf("%s up: %w", ifname, err)
	}
	return nil
}

// route sends dst via the next hop on the interface.
func (s *space) route(ifname string, dst netip.Prefix, via netip.Addr) error {
	l, err := s.nl.LinkByName(ifname)
	if err != nil {
		return fmt.Errorf("%s: %w", ifname, err)
	}
	r := &netlink.Route{LinkIndex: l.Attrs().Index, Dst: &net.IPNet{IP: dst.Addr().AsSlice(), Mask: net.CIDRMask(dst.Bits(), 128)}, Gw: via.AsSlice()}
	if err := s.nl.RouteAdd(r); err != nil {
		return fmt.Errorf("route to %v via %v on %s: %w", dst, via, ifname, err)
	}
	return nil
}

// veth makes a veth pair: name here, peer in the other namespace.
func (s *space) veth(name string, other *space, peer string) error {
	v := &netlink.Veth{LinkAttrs: netlink.LinkAttrs{Name: name}, PeerName: peer, PeerNamespace: netlink.NsFd(int(other.ns.Handle()))}
	if err := s.nl.LinkAdd(v); err != nil {
		return fmt.Errorf("veth pair %s-%s: %w", name, peer, err)
	}
	return nil
}

// move moves the interface into the other namespace.
func (s *space) move(ifname string, other *space) error {
	l, err := s.nl.LinkByName(ifname)
	if err != nil {
		return fmt.Errorf("%s: %w", ifname, err)
	}
	if err := s.nl.LinkSetNsFd(l, int(other.ns.Handle())); err != nil {
		return fmt.Errorf("moving %s: %w", ifname, err)
	}
	return nil
}

// txDropped is the interface's count of frames dropped on transmission:
// on a TAP's kernel side, those the node's queue had no room for.
func (s *space) txDropped(ifname string) uint64 {
	l, err := s.nl.LinkByName(ifname)
	if err != nil || l.Attrs().Statistics == nil {
		return 0
	}
	return l.Attrs().Statistics.TxDropped
}

// node is refnode running as a process in a namespace of ours.
type node struct {
	cmd    *exec.Cmd
	mu     sync.Mutex
	stderr strings.Builder
	done   chan struct{}
	stats  chan map[string]uint64 // the counters, one reply per SIGUSR1
}

// startNode starts refnode in the namespace (its TAPs are created there)
// and waits until its addresses are past DAD.
func startNode(sp *space, bin string, nice int, args ...string) (*node, error) {
	n := &node{done: make(chan struct{}), stats: make(chan map[string]uint64, 1)}
	n.cmd = exec.Command("nice", append([]string{"-n", strconv.Itoa(nice), bin, "--quiet"}, args...)...)
	n.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL, Setpgid: true} // never outlives the program; Ctrl-C is ours to pass on
	stdout, err := n.cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	n.cmd.Stderr = writerFunc(func(b []byte) { n.mu.Lock(); n.stderr.Write(b); n.mu.Unlock() })
	// A process forked from a thread inside the namespace lives in it.
	if err := sp.ns.Do(n.cmd.Start); err != nil {
		return nil, fmt.Errorf("starting refnode: %w", err)
	}
	go func() { n.cmd.Wait(); close(n.done) }()
	settled := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(stdout)
		once := sync.Once{}
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			// The node prints its addresses once DAD is done, then a line
			// of statistics on each SIGUSR1.
			line := sc.Text()
			if js, ok := strings.CutPrefix(line, "stats "); ok {
				var st struct {
					Counters map[string]uint64 `json:"counters"`
				}
				json.Unmarshal([]byte(js), &st)
				select {
				case n.stats <- st.Counters:
				default: // nobody asked
				}
			} else if strings.Contains(line, "/") {
				once.Do(func() { close(settled) })
			}
		}
		io.Copy(io.Discard, stdout)
	}()
	select {
	case <-settled:
		return n, nil
	case <-n.done:
	case <-time.After(20 * time.Second):
	}
	n.Stop()
	n.mu.Lock()
	defer n.mu.Unlock()
	return nil, fmt.Errorf("refnode %s did not come up:\n%s", strings.Join(args, " "), n.stderr.String())
}

// Stop ends the node: SIGTERM, and SIGKILL if it lingers.
func (n *node) Stop() {
	if n == nil {
		return
	}
	n.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-n.done:
	case <-time.After(5 * time.Second):
		n.cmd.Process.Kill()
		<-n.done
	}
}

// Counters asks the node for its counters (cmd/refnode prints them on
// SIGUSR1).
func (n *node) Counters() (map[string]uint64, error) {
	if err := n.cmd.Process.Signal(syscall.SIGUSR1); err != nil {
		return nil, err
	}
	select {
	case c := <-n.stats:
		return c, nil
	case <-time.After(10 * time.Second):
		return nil, errors.New("refnode did not print its counters within 10 s of SIGUSR1")
	}
}

// Alive reports whether the node's process still runs.
func (n *node) Alive() bool {
	select {
	case <-n.done:
		return false
	default:
		return true
	}
}

type writerFunc func([]byte)

func (w writerFunc) Write(b []byte) (int, error) { w(b); return len(b), nil }

// setup is one case on one target, ready to measure: the client's
// namespace and the echo service's address, and what to tear down.
type setup struct {
	Case, Target string
	client       *space
	dst          netip.AddrPort
	node         *node       // refnode, or nil
	server       *echoServer // the kernel echo server, or nil
	spaces       []*space    // every namespace of the setup
	taps         []tapSide   // the TAPs' kernel sides, for their drop counters
	nodeArgs     []string    // refnode's command line
	closeOnce    sync.Once
}

// tapSide names a TAP's kernel side and its namespace.
type tapSide struct {
	sp   *space
	name string
}

func (s *setup) tapDropped() uint64 {
	var n uint64
	for _, t := range s.taps {
		n += t.sp.txDropped(t.name)
	}
	return n
}

// Close stops the node and the server and releases the namespaces.
func (s *setup) Close() {
	s.closeOnce.Do(func() {
		s.server.Close()
		s.node.Stop()
		for _, sp := range s.spaces {
			sp.Close()
		}
	})
}

// spaces makes n namespaces, or none.
func spaces(n int) ([]*space, error) {
	var out []*space
	for range n {
		sp, err := newSpace()
		if err != nil {
			for _, s := range out {
				s.Close()
			}
			return nil, err
		}
		out = append(out, sp)
	}
	return out, nil
}

// build sets up a case on a target; on error nothing of it is left.
func build(caseName, target, bin string, nice int) (*setup, error) {
	s := &setup{Case: caseName, Target: target}
	err := s.build(bin, nice)
	if err != nil {
		s.Close()
		return nil, fmt.Errorf("%s, %s: %w", caseName, target, err)
	}
	return s, nil
}

func (s *setup) build(bin string, nice int) error {
	var err error
	switch {
	case s.Case == caseEcho && s.Target == targetRefnode:
		// refnode on a TAP; the client on the TAP's kernel side.
		if s.spaces, err = spaces(1); err != nil {
			return err
		}
		c := s.spaces[0]
		s.client, s.dst = c, netip.AddrPortFrom(nodeA, echoPort)
		s.nodeArgs = []string{"--if", tapIf(0, nodeA, prefixA), "--udp-echo"}
		if s.node, err = startNode(c, bin, nice, s.nodeArgs...); err != nil {
			return err
		}
		s.taps = []tapSide{{c, "dp0"}}
		return c.address("dp0", clientA, prefixA)

	case s.Case == caseEcho && s.Target == targetLinux:
		// client | veth | kernel and the echo server.
		if s.spaces, err = spaces(2); err != nil {
			return err
		}
		c, srv := s.spaces[0], s.spaces[1]
		s.client, s.dst = c, netip.AddrPortFrom(nodeA, echoPort)
		if err := c.veth("dp0", srv, "dp0"); err != nil {
			return err
		}
		if err := c.address("dp0", clientA, prefixA); err != nil {
			return err
		}
		if err := srv.address("dp0", nodeA, prefixA); err != nil {
			return err
		}
		s.server, err = startEchoServer(srv.ns, nice)
		return err

	case s.Case == caseForward && s.Target == targetRefnode:
		// client | TAP dp0 | refnode --router | TAP dp1 | server: refnode
		// runs in the client's namespace, dp1's kernel side is moved into
		// the server's.
		if s.spaces, err = spaces(2); err != nil {
			return err
		}
		c, srv := s.spaces[0], s.spaces[1]
		s.client, s.dst = c, netip.AddrPortFrom(serverB, echoPort)
		s.nodeArgs = []string{"--if", tapIf(0, nodeA, prefixA), "--if", tapIf(1, nodeB, prefixB), "--router"}
		if s.node, err = startNode(c, bin, nice, s.nodeArgs...); err != nil {
			return err
		}
		if err := c.move("dp1", srv); err != nil {
			return err
		}
		s.taps = []tapSide{{c, "dp0"}, {srv, "dp1"}}
		return s.twoLinks(c, srv, nice)

	case s.Case == caseForward && s.Target == targetLinux:
		// client | veth | router namespace, forwarding=1 | veth | server.
		if s.spaces, err = spaces(3); err != nil {
			return err
		}
		c, r, srv := s.spaces[0], s.spaces[1], s.spaces[2]
		s.client, s.dst = c, netip.AddrPortFrom(serverB, echoPort)
		if err := r.ns.Sysctl("conf/all/forwarding", "1"); err != nil {
			return err
		}
		if err := c.veth("dp0", r, "dp0"); err != nil {
			return err
		}
		if err := srv.veth("dp1", r, "dp1"); err != nil {
			return err
		}
		if err := r.address("dp0", nodeA, prefixA); err != nil {
			return err
		}
		if err := r.address("dp1", nodeB, prefixB); err != nil {
			return err
		}
		return s.twoLinks(c, srv, nice)
	}
	return errors.New("no such case")
}

// twoLinks configures the client's and the server's sides of the two
// links, their routes through the node, and starts the echo server.
func (s *setup) twoLinks(c, srv *space, nice int) error {
	if err := c.address("dp0", clientA, prefixA); err != nil {
		return err
	}
	if err := c.route("dp0", prefixB, nodeA); err != nil {
		return err
	}
	if err := srv.address("dp1", serverB, prefixB); err != nil {
		return err
	}
	if err := srv.route("dp1", prefixA, nodeB); err != nil {
		return err
	}
	var err error
	s.server, err = startEchoServer(srv.ns, nice)
	return err
}

// tapIf is refnode's --if for TAP dpI.
func tapIf(i int, addr netip.Addr, prefix netip.Prefix) string {
	return fmt.Sprintf("dp%d,mac=%s,addr=%v/%d", i, nodeMACs[i], addr, prefix.Bits())
}
