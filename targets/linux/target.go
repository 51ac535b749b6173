package linux

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os"
	"os/exec"
	"sync"
	"time"

	"github.com/vishvananda/netlink"
	"golang.org/x/sys/unix"

	"github.com/v6ct/v6ct/suites/netx"
	"github.com/v6ct/v6ct/suites/packets"

	"github.com/v6ct/v6ct/suites"
)

func init() {
	suites.RegisterTarget("linux-host", func(role string) (suites.Target, error) {
		if role != "" && role != "host" {
			return nil, fmt.Errorf("linux-host is a host; use linux-router for the router role")
		}
		return &linuxTarget{}, nil
	})
	suites.RegisterTarget("linux-router", func(role string) (suites.Target, error) {
		if role != "" && role != "router" {
			return nil, fmt.Errorf("linux-router is a router; use linux-host for the host role")
		}
		return &linuxTarget{router: true}, nil
	})
}

// linuxTarget is the running kernel's IPv6 stack as a host or, with
// forwarding on, as a router between Link0 and Link1, in a namespace of its
// own, joined to the tester by veth pairs. The kernel keeps its
// state between specs, as a real device would; each spec starts with its
// neighbor cache flushed, and a boot spec takes the interface down and up.
type linuxTarget struct {
	tester, dut      *netx.Namespace
	links            int
	nl               *netlink.Handle // inside the DUT namespace
	up               bool
	router           bool
	ra               *radvdState // router advertisements (actions.go)
	tunnelProbe      sync.Once   // which tunnel devices the kernel can make (tunnel.go)
	tunnelKinds      []string
	tunnelsUp        bool                   // the last spec made tunnels or IPv4 addresses
	specAddrs        []suites.StaticAddress // the spec's extra addresses (addresses.go), removed at its end
	routes           []suites.StaticRoute   // the spec's static routes, which reset keeps
	noGlobals        bool                   // WithoutGlobals: a host with no static global address
	linkLocal        netip.Addr             // WithLinkLocal: every link's only link-local address
	suites.Placement                        // Place: its number and links among other nodes
}

func (t *linuxTarget) Name() string {
	if t.router {
		return "linux-router"
	}
	return "linux-host"
}

func (t *linuxTarget) Role() string {
	if t.router {
		return "router"
	}
	return "host"
}

const linuxLinks = 2

func (t *linuxTarget) Open() error {
	var err error
	if t.tester, err = netx.NewNamespace(); err != nil {
		return err
	}
	if t.dut, err = netx.NewNamespace(); err != nil {
		t.tester.Close()
		return err
	}
	for _, k := range []string{"conf/default/disable_ipv6", "conf/all/disable_ipv6"} {
		if err := t.tester.Sysctl(k, "1"); err != nil {
			t.Close()
			return err
		}
	}
	tnl, err := netlink.NewHandleAt(t.tester.Handle())
	if err != nil {
		t.Close()
		return err
	}
	defer tnl.Close()
	if t.nl, err = netlink.NewHandleAt(t.dut.Handle()); err != nil {
		t.Close()
		return err
	}
	for i := 0; i < linuxLinks; i++ {
		veth := &netlink.Veth{
			LinkAttrs:        netlink.LinkAttrs{Name: fmt.Sprintf("tn%d", i), HardwareAddr: net.HardwareAddr{0x02, 0, 0x5e, 0, 0x53, byte(0xf0 + i)}},
			PeerName:         fmt.Sprintf("nut%d", i),
			PeerHardwareAddr: t.MAC(i),
		}
		if err := tnl.LinkAdd(veth); err != nil {
			t.Close()
			return fmt.Errorf("creating veth pair %d: %w", i, err)
		}
		peer, err := tnl.LinkByName(veth.PeerName)
		if err != nil {
			t.Close()
			return err
		}
		if t.router && i == 1 {
			// A narrower Link1 lets specs make the router send Packet Too Big.
			for _, l := range []netlink.Link{veth, peer} {
				if err := tnl.LinkSetMTU(l, suites.RouterLink1MTU); err != nil {
					t.Close()
					return err
				}
			}
		}
		if err := tnl.LinkSetNsFd(peer, int(t.dut.Handle())); err != nil {
			t.Close()
			return fmt.Errorf("moving %s into the node's namespace: %w", veth.PeerName, err)
		}
		if err := tnl.LinkSetUp(veth); err != nil {
			t.Close()
			return err
		}
	}
	if t.router {
		if err := t.dut.Sysctl("conf/all/forwarding", "1"); err != nil {
			t.Close()
			return err
		}
	}
	if err := t.typeCHost(); err != nil {
		t.Close()
		return err
	}
	if err := t.slaacHost(); err != nil {
		t.Close()
		return err
	}
	return nil
}

// WithLinkLocal makes ll the node's only link-local address on each of
// its links (interop.LinkLocalChooser), before Open: addr_gen_mode 1
// (none) on the links, and ll added without DAD when they come up.
func (t *linuxTarget) WithLinkLocal(ll netip.Addr) { t.linkLocal = ll }

// WithoutGlobals makes the host start with no static global address
// (interop.Unnumbered), before Open: it forms its global addresses from
// Router Advertisements alone (RFC 4862 §5.5.3).
func (t *linuxTarget) WithoutGlobals() { t.noGlobals = true }

// slaacHost makes sure a host without static globals takes
// advertisements and forms addresses from their prefixes, whatever the
// namespace inherited: accept_ra 1 and autoconf 1 on its links, with
// forwarding off (accept_ra 1 ignores advertisements when forwarding).
func (t *linuxTarget) slaacHost() error {
	if t.linkLocal.IsValid() {
		for i := 0; i < linuxLinks; i++ {
			if err := t.dut.Sysctl(fmt.Sprintf("conf/nut%d/addr_gen_mode", i), "1"); err != nil {
				return err
			}
		}
	}
	if !t.noGlobals || t.router {
		return nil
	}
	for i := 0; i < linuxLinks; i++ {
		for k, v := range map[string]string{"forwarding": "0", "accept_ra": "1", "autoconf": "1"} {
			if err := t.dut.Sysctl(fmt.Sprintf("conf/nut%d/%s", i, k), v); err != nil {
				return err
			}
		}
	}
	return nil
}

func (t *linuxTarget) Close() error {
	t.stopRadvd()
	if t.nl != nil {
		t.nl.Close()
	}
	t.dut.Close()
	return t.tester.Close()
}

func (t *linuxTarget) Begin(setup suites.SpecSetup) (*suites.Session, error) {
	if len(setup.Faults) > 0 {
		return nil, errors.New("the Linux kernel takes no faults; fault-proof runs need the refnode target")
	}
	if setup.Links > linuxLinks {
		return nil, fmt.Errorf("the spec needs %d links; %s has %d", setup.Links, t.Name(), linuxLinks)
	}
	if err := suites.CheckAddresses(setup); err != nil {
		return nil, err
	}
	if err := t.mldBegin(setup); err != nil { // mld.go
		return nil, err
	}
	// A spec that ended without its End leaves its addresses for this one to remove.
	if err := t.removeAddresses(); err != nil {
		return nil, err
	}
	info := suites.NUTInfo{}
	for i := 0; i < setup.Links; i++ {
		mac := t.MAC(i)
		info.MACs = append(info.MACs, mac)
		if t.linkLocal.IsValid() {
			info.LinkLocals = append(info.LinkLocals, t.linkLocal)
		} else {
			info.LinkLocals = append(info.LinkLocals, packets.LinkLocal(mac))
		}
		if t.noGlobals {
			info.Globals = append(info.Globals, netip.Addr{}) // none: learnt from the wire
		} else {
			info.Globals = append(info.Globals, packets.WithInterfaceID(t.Prefix(i).Addr(), mac))
		}
	}
	boot := setup.Boot || !t.up
	for i := 0; i < linuxLinks; i++ {
		l, err := t.nl.LinkByName(fmt.Sprintf("nut%d", i))
		if err != nil {
			return nil, err
		}
		if boot {
			if err := t.nl.LinkSetDown(l); err != nil {
				return nil, err
			}
			t.up = false
		}
		neighs, err := t.nl.NeighList(l.Attrs().Index, netlink.FAMILY_V6)
		if err != nil {
			return nil, err
		}
		for _, n := range neighs {
			if n.State&(netlink.NUD_NOARP|netlink.NUD_PERMANENT) == 0 {
				t.nl.NeighDel(&n)
			}
		}
		if !boot {
			if err := t.forgetLearnt(l); err != nil {
				return nil, err
			}
		}
	}
	if !boot {
		// Path MTUs learnt in earlier specs live in cached route exceptions.
		// The netlink library skips cloned routes when it dumps, so iproute2
		// does this one job.
		if err := t.dut.Do(func() error {
			out, err := exec.Command("ip", "-6", "route", "flush", "cache", "table", "all").CombinedOutput()
			if err != nil {
				return fmt.Errorf("flushing the kernel's route cache: %v: %s", err, out)
			}
			return nil
		}); err != nil {
			return nil, err
		}
	}
	s := &suites.Session{NUT: info, ConfigSettle: suites.LinuxSettle}
	for i := 0; i < setup.Links; i++ {
		p, err := netx.OpenPacketSocket(t.tester, fmt.Sprintf("tn%d", i))
		if err != nil {
			for _, p := range s.Ports {
				p.Close()
			}
			return nil, err
		}
		s.Ports = append(s.Ports, p)
	}
	s.Start = func() error {
		if err := t.start(boot); err != nil {
			return err
		}
		if err := t.setTunnels(setup.Tunnels); err != nil { // tunnel.go
			return err
		}
		if err := t.setAddresses(setup.Addresses); err != nil { // addresses.go
			return err
		}
		// After the links are up: the kernel refuses routes over a down link.
		t.routes = setup.Routes
		return t.setRoutes(setup.Routes)
	}
	s.Ready = func(wait func(time.Duration)) error {
		deadline := time.Now().Add(10 * time.Second)
		for time.Now().Before(deadline) {
			if t.ready(info) && t.addressesReady() { // addresses.go
				t.mldQuiet() // mld.go
				return nil
			}
			time.Sleep(50 * time.Millisecond)
		}
		return errors.New("the kernel's addresses were not all usable after 10 s (still tentative, or without their local route)")
	}
	s.End = func() error {
		for _, p := range s.Ports {
			p.Close()
		}
		if err := errors.Join(t.mldEnd(), t.removeAddresses()); err != nil { // mld.go
			return err
		}
		if setup.Boot {
			// A boot spec may leave an address failed by DAD: the next spec
			// boots the interface again rather than inherit it.
			t.up = false
		}
		return nil
	}
	return s, nil
}

// ready reports whether every expected address is present and past DAD.
// forgetLearnt removes what earlier specs' Router Advertisements taught the
// kernel on link l: autoconfigured addresses (every address that is not
// permanent) and the routes with protocol "ra" (default routers, on-link
// prefixes, Route Information). A spec on the reference node starts from a
// fresh node; this is the nearest a kernel that keeps running comes to it.
// A boot spec takes the link down instead, which forgets them too.
func (t *linuxTarget) forgetLearnt(l netlink.Link) error {
	addrs, err := t.nl.AddrList(l, netlink.FAMILY_V6)
	if err != nil {
		return err
	}
	for _, a := range addrs {
		if a.Flags&unix.IFA_F_PERMANENT == 0 && a.Scope == unix.RT_SCOPE_UNIVERSE {
			if err := t.nl.AddrDel(l, &a); err != nil {
				return fmt.Errorf("removing the autoconfigured address %s: %w", a.IPNet, err)
			}
		}
	}
	routes, err := t.nl.RouteListFiltered(netlink.FAMILY_V6, &netlink.Route{LinkIndex: l.Attrs().Index, Protocol: unix.RTPROT_RA},
		netlink.RT_FILTER_OIF|netlink.RT_FILTER_PROTOCOL)
	if err != nil {
		return err
	}
	for _, r := range routes {
		if err := t.nl.RouteDel(&r); err != nil {
			return fmt.Errorf("removing the route %s learnt from an advertisement: %w", r.Dst, err)
		}
	}
	return nil
}

func (t *linuxTarget) ready(info suites.NUTInfo) bool {
	for i := range info.MACs {
		l, err := t.nl.LinkByName(fmt.Sprintf("nut%d", i))
		if err != nil {
			return false
		}
		addrs, err := t.nl.AddrList(l, netlink.FAMILY_V6)
		if err != nil {
			return false
		}
		want := map[netip.Addr]bool{info.LinkLocals[i]: false}
		if info.Globals[i].IsValid() {
			want[info.Globals[i]] = false
		}
		for _, a := range addrs {
			ip, _ := netip.AddrFromSlice(a.IP)
			if _, ok := want[ip]; ok && a.Flags&unix.IFA_F_TENTATIVE == 0 {
				want[ip] = true
			}
		}
		for _, ok := range want {
			if !ok {
				return false
			}
		}
	}
	return true
}

// setRoutes makes the kernel's static routes exactly the spec's: routes an
// earlier spec added (protocol static) are removed first.
func (t *linuxTarget) setRoutes(want []suites.StaticRoute) error {
	have, err := t.nl.RouteListFiltered(netlink.FAMILY_V6, &netlink.Route{Protocol: unix.RTPROT_STATIC}, netlink.RT_FILTER_PROTOCOL)
	if err != nil {
		return fmt.Errorf("listing the kernel's routes: %w", err)
	}
	for _, r := range have {
		if err := t.nl.RouteDel(&r); err != nil {
			return fmt.Errorf("removing route %s: %w", r.Dst, err)
		}
	}
	for _, r := range want {
		l, err := t.nl.LinkByName(fmt.Sprintf("nut%d", r.Link))
		if err != nil {
			return err
		}
		rt := &netlink.Route{
			LinkIndex: l.Attrs().Index,
			Dst:       &net.IPNet{IP: r.Prefix.Addr().AsSlice(), Mask: net.CIDRMask(r.Prefix.Bits(), 128)},
			Gw:        r.NextHop.AsSlice(),
			Protocol:  unix.RTPROT_STATIC,
		}
		if err := t.nl.RouteReplace(rt); err != nil {
			return fmt.Errorf("adding route %s via %s: %w", r.Prefix, r.NextHop, err)
		}
	}
	return nil
}

// start brings the node's links up for a boot, and its addresses with them.
func (t *linuxTarget) start(boot bool) error {
	if !boot {
		return nil
	}
	links := linuxLinks
	if len(t.On) > 0 {
		// Placed among other nodes (interop), a link the node is not on
		// stays down: its address would claim that prefix on-link.
		links = len(t.On)
	}
	for i := 0; i < links; i++ {
		name := fmt.Sprintf("nut%d", i)
		if err := t.dut.Do(func() error {
			return os.WriteFile("/proc/sys/net/ipv6/conf/"+name+"/keep_addr_on_down", []byte("0"), 0o644)
		}); err != nil {
			return err
		}
		l, err := t.nl.LinkByName(name)
		if err != nil {
			return err
		}
		if err := t.nl.LinkSetUp(l); err != nil {
			return err
		}
		if t.linkLocal.IsValid() {
			a := &netlink.Addr{IPNet: &net.IPNet{IP: t.linkLocal.AsSlice(), Mask: net.CIDRMask(64, 128)}, Flags: unix.IFA_F_NODAD}
			if err := t.nl.AddrReplace(l, a); err != nil {
				return fmt.Errorf("adding the link-local %s to %s: %w", t.linkLocal, name, err)
			}
		}
		if t.noGlobals {
			continue
		}
		g := packets.WithInterfaceID(t.Prefix(i).Addr(), t.MAC(i))
		// The static global address is configuration, not under test here:
		// no DAD, so that it is usable as soon as the link-local one is.
		a := &netlink.Addr{IPNet: &net.IPNet{IP: g.AsSlice(), Mask: net.CIDRMask(64, 128)}, Flags: unix.IFA_F_NODAD}
		if err := t.nl.AddrReplace(l, a); err != nil {
			return fmt.Errorf("adding %s to %s: %w", g, name, err)
		}
	}
	t.up = true
	return nil
}

// State is the kernel's IPv6 routes and addresses, for the evidence of a
// scenario that went wrong (interop).
func (t *linuxTarget) State() []string {
	if t.nl == nil {
		return nil
	}
	var out []string
	routes, err := t.nl.RouteList(nil, netlink.FAMILY_V6)
	if err != nil {
		return []string{"routes: " + err.Error()}
	}
	for _, r := range routes {
		out = append(out, "route "+r.String())
	}
	addrs, err := t.nl.AddrList(nil, netlink.FAMILY_V6)
	if err == nil {
		for _, a := range addrs {
			out = append(out, fmt.Sprintf("address %s flags %#x", a.IPNet, a.Flags))
		}
	}
	return out
}
