// Package gvisor is the gvisor-host target: gVisor's user-space network
// stack (netstack, gvisor.dev/gvisor/pkg/tcpip) as an IPv6 host, a third
// stack independent of the reference node and of Linux.
//
// A bare netstack is a library: it does Neighbor Discovery, DAD and SLAAC
// itself, answers Echo Requests and sends ICMPv6 errors, but it tells its
// integrator what Router Advertisements taught it (default routers, on-link
// prefixes, more-specific routes) through an NDPDispatcher and installs no
// route of its own. This package is that integrator, as a program embedding
// netstack would be: its dispatcher keeps the routing table (routes.go).
//
// Each spec gets a fresh stack, in process, on TAP devices inside the run's
// own network namespace (the tester's packet socket on the kernel side, as
// for the reference node), on the real clock. Importing this package
// registers the target; cmd/v6ct does.
package gvisor

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"gvisor.dev/gvisor/pkg/buffer"
	"gvisor.dev/gvisor/pkg/tcpip"
	"gvisor.dev/gvisor/pkg/tcpip/header"
	"gvisor.dev/gvisor/pkg/tcpip/link/channel"
	"gvisor.dev/gvisor/pkg/tcpip/link/ethernet"
	"gvisor.dev/gvisor/pkg/tcpip/network/ipv6"
	"gvisor.dev/gvisor/pkg/tcpip/stack"
	"gvisor.dev/gvisor/pkg/tcpip/transport/icmp"
	"gvisor.dev/gvisor/pkg/tcpip/transport/tcp"
	"gvisor.dev/gvisor/pkg/tcpip/transport/udp"
	"gvisor.dev/gvisor/pkg/waiter"

	"github.com/songgao/water"
	"golang.org/x/sys/unix"

	"github.com/v6ct/v6ct/refnode/link"
	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/netx"
	"github.com/v6ct/v6ct/suites/packets"
)

// Name is the target's name on the command line.
const Name = "gvisor-host"

func init() {
	suites.RegisterTarget(Name, func(role string) (suites.Target, error) {
		if role != "" && role != "host" {
			return nil, fmt.Errorf("%s is a host (netstack as a router is not a target yet)", Name)
		}
		return &Target{}, nil
	})
}

// Target runs a fresh netstack for every spec.
type Target struct {
	ns  *netx.Namespace
	seq int
	// cur is the running spec's stack, for control actions.
	cur              *node
	suites.Placement // Place: its number and links among other nodes
}

func (t *Target) Name() string { return Name }
func (t *Target) Role() string { return "host" }

func (t *Target) Open() error {
	ns, err := netx.NewSilentNamespace() // the kernel side of every TAP stays silent
	if err != nil {
		return err
	}
	t.ns = ns
	return nil
}

func (t *Target) Close() error { return t.ns.Close() }

// Protocol constants the stack is configured with: RFC 4861 §10 and
// RFC 4862 §5.1 defaults, as a host has them out of the box.
const (
	maxRtrSolicitations     = 3
	rtrSolicitationInterval = 4 * time.Second
	maxRtrSolicitationDelay = time.Second
	retransTimer            = time.Second
	dupAddrDetectTransmits  = 1
	linkMTU                 = 1500
)

// node is one spec's stack and its links.
type node struct {
	s      *stack.Stack
	disp   *dispatcher
	links  []*nodeLink
	cancel context.CancelFunc
	pumps  sync.WaitGroup
	// busy counts frames taken from a TAP and not yet processed.
	busy atomic.Int32
	// echo is the ICMP endpoint send-echo uses, opened at the first one.
	echo    tcpip.Endpoint
	echoSeq uint16
}

// nodeLink is one NIC: netstack's Ethernet endpoint over a channel
// endpoint, pumped to and from a TAP device.
type nodeLink struct {
	id     tcpip.NICID
	name   string
	ch     *channel.Endpoint
	tap    link.Device
	global netip.Addr
}

func (t *Target) Begin(setup suites.SpecSetup) (*suites.Session, error) {
	if len(setup.Faults) > 0 {
		return nil, errors.New("netstack takes no faults; fault-proof runs need the refnode target")
	}
	if err := checkAddresses(setup); err != nil {
		return nil, err
	}
	t.seq++
	n := &node{disp: newDispatcher()}
	n.s = stack.New(stack.Options{
		NetworkProtocols: []stack.NetworkProtocolFactory{ipv6.NewProtocolWithOptions(ipv6.Options{
			NDPConfigs: ipv6.NDPConfigurations{
				MaxRtrSolicitations:        maxRtrSolicitations,
				RtrSolicitationInterval:    rtrSolicitationInterval,
				MaxRtrSolicitationDelay:    maxRtrSolicitationDelay,
				HandleRAs:                  ipv6.HandlingRAsEnabledWhenForwardingDisabled,
				DiscoverDefaultRouters:     true,
				DiscoverMoreSpecificRoutes: true,
				DiscoverOnLinkPrefixes:     true,
				AutoGenGlobalAddresses:     true,
			},
			AutoGenLinkLocal: true,
			NDPDisp:          n.disp,
			MLD:              ipv6.MLDOptions{Enabled: true},
			DADConfigs: stack.DADConfigurations{
				DupAddrDetectTransmits: dupAddrDetectTransmits,
				RetransmitTimer:        retransTimer,
			},
		})},
		TransportProtocols: []stack.TransportProtocolFactory{icmp.NewProtocol6, udp.NewProtocol, tcp.NewProtocol},
		NUDDisp:            n.disp,
	})
	n.disp.s = n.s
	ctx, cancel := context.WithCancel(context.Background())
	n.cancel = cancel
	info := suites.NUTInfo{}
	fail := func(err error) (*suites.Session, error) {
		n.close()
		return nil, err
	}
	for i := 0; i < setup.Links; i++ {
		mac := t.MAC(i)
		l := &nodeLink{id: tcpip.NICID(i + 1), name: fmt.Sprintf("gv%ds%d", i, t.seq%100000)}
		l.global = packets.WithInterfaceID(t.Prefix(i).Addr(), mac)
		if err := t.ns.Do(func() error {
			var err error
			l.tap, err = link.OpenTAP(l.name, 0)
			return err
		}); err != nil {
			return fail(err)
		}
		n.links = append(n.links, l)
		l.ch = channel.New(256, linkMTU+header.EthernetMinimumSize, tcpip.LinkAddress(mac))
		if err := n.s.CreateNICWithOptions(l.id, ethernet.New(l.ch), stack.NICOptions{Name: l.name, Disabled: true}); err != nil {
			return fail(fmt.Errorf("netstack: creating NIC %d: %s", l.id, err))
		}
		if err := n.addAddress(l.id, netip.PrefixFrom(l.global, 64), false); err != nil {
			return fail(err)
		}
		n.pumps.Add(2)
		go n.inbound(l)
		go n.outbound(ctx, l)
		info.MACs = append(info.MACs, mac)
		info.LinkLocals = append(info.LinkLocals, packets.LinkLocal(mac))
		info.Globals = append(info.Globals, l.global)
	}
	for _, a := range setup.Addresses {
		if err := n.addAddress(n.links[a.Link].id, a.Addr, a.Deprecated); err != nil {
			return fail(err)
		}
	}
	for _, r := range setup.Routes {
		if r.Link >= len(n.links) {
			return fail(fmt.Errorf("route %s via Link%d, but the spec has %d links", r.Prefix, r.Link, setup.Links))
		}
		n.disp.addStatic(tcpip.Route{Destination: subnet(r.Prefix), Gateway: addr(r.NextHop), NIC: n.links[r.Link].id})
	}
	// netstack hands frames between goroutines (the endpoint's queue, the
	// NDP dispatcher): a stimulus may take effect after the next frame is
	// read, as on a real device.
	s := &suites.Session{NUT: info, ConfigSettle: suites.LinuxSettle}
	for _, l := range n.links {
		p, err := netx.OpenPacketSocket(t.ns, l.name)
		if err != nil {
			for _, p := range s.Ports {
				p.Close()
			}
			return fail(err)
		}
		s.Ports = append(s.Ports, p)
	}
	t.cur = n
	s.Start = func() error {
		n.disp.flush()
		for _, l := range n.links {
			if err := n.s.EnableNIC(l.id); err != nil {
				return fmt.Errorf("netstack: enabling NIC %d: %s", l.id, err)
			}
		}
		return nil
	}
	s.Ready = func(wait func(time.Duration)) error {
		var want []netip.Addr
		want = append(want, info.LinkLocals...)
		want = append(want, info.Globals...)
		for _, a := range setup.Addresses {
			want = append(want, a.Addr.Addr())
		}
		deadline := time.Now().Add(10 * time.Second)
		for time.Now().Before(deadline) {
			if n.disp.assigned(want) {
				return nil
			}
			time.Sleep(20 * time.Millisecond)
		}
		return fmt.Errorf("netstack's addresses did not all pass DAD within 10 s (%s)", n.disp.dadSummary(want))
	}
	s.End = func() error {
		for _, p := range s.Ports {
			p.Close()
		}
		if t.cur == n {
			t.cur = nil
		}
		return n.close()
	}
	return s, nil
}

// addAddress gives NIC id a configured address, with the route to its
// prefix on the link: netstack adds no prefix route for an address.
func (n *node) addAddress(id tcpip.NICID, p netip.Prefix, deprecated bool) error {
	props := stack.AddressProperties{PEB: stack.CanBePrimaryEndpoint}
	if deprecated {
		props.Lifetimes = stack.AddressLifetimes{Deprecated: true, ValidUntil: tcpip.MonotonicTimeInfinite()}
	}
	pa := tcpip.ProtocolAddress{Protocol: ipv6.ProtocolNumber, AddressWithPrefix: tcpip.AddressWithPrefix{Address: addr(p.Addr()), PrefixLen: p.Bits()}}
	if err := n.s.AddProtocolAddress(id, pa, props); err != nil {
		return fmt.Errorf("netstack: adding %s to NIC %d: %s", p, id, err)
	}
	if p.Bits() < 128 {
		n.disp.addStatic(tcpip.Route{Destination: subnet(p.Masked()), NIC: id})
	}
	return nil
}

// inbound hands every frame the tester sends on the TAP to the stack.
func (n *node) inbound(l *nodeLink) {
	defer n.pumps.Done()
	buf := make([]byte, 65536)
	for {
		k, err := l.tap.Read(buf)
		if err != nil {
			return
		}
		n.busy.Add(1)
		if k < header.EthernetMinimumSize {
			n.busy.Add(-1)
			continue
		}
		pkt := stack.NewPacketBuffer(stack.PacketBufferOptions{Payload: buffer.MakeWithData(append([]byte(nil), buf[:k]...))})
		l.ch.InjectInbound(0, pkt)
		pkt.DecRef()
		n.disp.flush()
		n.busy.Add(-1)
	}
}

// settle returns once netstack has processed every frame the tester has
// sent so far (none waits in a TAP, none is being handled), so that a
// control action acts on all of them, as a kernel that handles a frame
// while it is sent would. It gives up after a second.
func (n *node) settle() {
	idle := 0
	for deadline := time.Now().Add(time.Second); time.Now().Before(deadline); {
		if n.busy.Load() == 0 && !n.pending() {
			// Twice in a row: a frame read but not yet counted is seen
			// the second time.
			if idle++; idle == 2 {
				return
			}
		} else {
			idle = 0
		}
		time.Sleep(time.Millisecond)
	}
}

// pending reports whether a TAP holds a frame the receive loop has not read.
func (n *node) pending() bool {
	for _, l := range n.links {
		ifc, ok := l.tap.(*water.Interface)
		if !ok {
			continue
		}
		f, ok := ifc.ReadWriteCloser.(*os.File)
		if !ok {
			continue
		}
		rc, err := f.SyscallConn()
		if err != nil {
			continue
		}
		ready := false
		rc.Control(func(fd uintptr) {
			fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
			if k, err := unix.Poll(fds, 0); err == nil && k > 0 && fds[0].Revents&unix.POLLIN != 0 {
				ready = true
			}
		})
		if ready {
			return true
		}
	}
	return false
}

// outbound writes every frame the stack sends to the TAP.
func (n *node) outbound(ctx context.Context, l *nodeLink) {
	defer n.pumps.Done()
	for {
		pkt := l.ch.ReadContext(ctx)
		if pkt == nil {
			return
		}
		v := pkt.ToView()
		l.tap.Write(v.AsSlice())
		v.Release()
		pkt.DecRef()
	}
}

func (n *node) close() error {
	if n.echo != nil {
		n.echo.Close()
	}
	n.s.Close()
	n.cancel()
	var err error
	for _, l := range n.links {
		if e := l.tap.Close(); e != nil && err == nil {
			err = e
		}
	}
	n.pumps.Wait()
	n.s.Wait()
	n.disp.stop()
	return err
}

// sendEcho sends one Echo Request from the stack through an ICMP
// endpoint, as a ping program on it would; netstack picks the source
// address and the identifier.
func (n *node) sendEcho(nic tcpip.NICID, dst netip.Addr, size int) error {
	if n.echo == nil {
		var wq waiter.Queue
		ep, err := n.s.NewEndpoint(icmp.ProtocolNumber6, ipv6.ProtocolNumber, &wq)
		if err != nil {
			return fmt.Errorf("netstack: ICMPv6 endpoint: %s", err)
		}
		n.echo = ep
	}
	n.echoSeq++
	msg := make([]byte, header.ICMPv6EchoMinimumSize)
	icmpMsg := header.ICMPv6(msg)
	icmpMsg.SetType(header.ICMPv6EchoRequest)
	icmpMsg.SetSequence(n.echoSeq)
	if size > 0 {
		msg = append(msg, make([]byte, size)...)
	} else {
		msg = append(msg, "v6ct send-echo action"...)
	}
	to := tcpip.FullAddress{Addr: addr(dst)}
	if dst.IsLinkLocalUnicast() || dst.IsMulticast() {
		to.NIC = nic
	}
	if _, err := n.echo.Write(bytes.NewReader(msg), tcpip.WriteOptions{To: &to}); err != nil {
		return fmt.Errorf("netstack: sending the Echo Request: %s", err)
	}
	return nil
}

func addr(a netip.Addr) tcpip.Address { return tcpip.AddrFrom16(a.As16()) }

func subnet(p netip.Prefix) tcpip.Subnet {
	p = p.Masked()
	mask := net.CIDRMask(p.Bits(), 128)
	s, err := tcpip.NewSubnet(addr(p.Addr()), tcpip.MaskFromBytes(mask))
	if err != nil {
		panic(err) // a masked prefix always makes a subnet
	}
	return s
}

// checkAddresses rejects addresses on links the spec does not have.
func checkAddresses(setup suites.SpecSetup) error {
	for _, a := range setup.Addresses {
		if a.Link < 0 || a.Link >= setup.Links {
			return fmt.Errorf("address %s, but the spec has %d links", a, setup.Links)
		}
		if !a.Addr.IsValid() || !a.Addr.Addr().Is6() {
			return fmt.Errorf("address %s is not an IPv6 address with a prefix length", a)
		}
	}
	return nil
}
