package linux

import (
	"encoding/binary"
	"fmt"
	"net"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/vishvananda/netlink"
	"golang.org/x/sys/unix"

	"github.com/v6ct/v6ct/suites"
)

// Control actions of the Linux targets: done in the node's namespace with
// netlink, a raw socket, and Debian's radvd for router advertisements.

func (t *linuxTarget) Capabilities() []string {
	c := []string{suites.CapMultipleInterfaces, suites.CapHopByHop, suites.CapMulticastEcho, suites.CapPathMTUDiscovery}
	if t.router {
		// radvd sends the RDNSS and DNSSL options; the kernel as a host
		// hands them to user space and keeps nothing (RFC 8106 §5.3.1).
		c = append(c, suites.CapRADNS)
	} else {
		c = append(c, suites.CapSLAAC, suites.CapRouteInformation, suites.CapRedirects)
	}
	c = append(c, t.tunnelCaps()...) // tunnel.go
	c = append(c, linuxMLDCaps()...) // mld.go
	return c
}

func (t *linuxTarget) Has(a suites.ActionName) bool {
	switch a {
	case suites.ActReset, suites.ActRestartLink, suites.ActSetAddress, suites.ActAddRoute, suites.ActSendEcho, suites.ActSetMTU,
		suites.ActJoin, suites.ActLeave, suites.ActSetFilter:
		return true
	case suites.ActStartRA, suites.ActStopRA:
		return t.router
	}
	return false
}

func (t *linuxTarget) Do(a suites.Action) ([]string, error) {
	if !t.Has(a.Name) {
		return nil, fmt.Errorf("%w: %s cannot %s", suites.ErrNoAction, t.Name(), a.Name)
	}
	if t.nl == nil {
		return nil, fmt.Errorf("%s is not open", t.Name())
	}
	link := a.Link
	if a.Name == suites.ActAddRoute {
		link = a.Route.Link
	}
	name := fmt.Sprintf("nut%d", link)
	l, err := t.nl.LinkByName(name)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	done := func(format string, args ...any) ([]string, error) {
		return []string{fmt.Sprintf("action %s: %s", a.Name, fmt.Sprintf(format, args...))}, nil
	}
	switch a.Name {
	case suites.ActReset:
		log := t.stopRadvd()
		for i := 0; i < linuxLinks; i++ {
			l, err := t.nl.LinkByName(fmt.Sprintf("nut%d", i))
			if err != nil {
				return log, err
			}
			mtu := 1500
			if t.router && i == 1 {
				mtu = suites.RouterLink1MTU
			}
			if err := t.nl.LinkSetMTU(l, mtu); err != nil {
				return log, err
			}
		}
		if err := t.setRoutes(t.routes); err != nil {
			return log, err
		}
		// What a restart loses: the neighbor cache, the route cache
		// (path MTUs, Redirects) and what advertisements taught.
		for i := 0; i < linuxLinks; i++ {
			l, err := t.nl.LinkByName(fmt.Sprintf("nut%d", i))
			if err != nil {
				return log, err
			}
			if err := t.forgetLearnt(l); err != nil {
				return log, err
			}
		}
		if err := t.dut.Do(func() error {
			for _, args := range [][]string{{"-6", "neigh", "flush", "all"}, {"-6", "route", "flush", "cache", "table", "all"}} {
				if out, err := exec.Command("ip", args...).CombinedOutput(); err != nil {
					return fmt.Errorf("ip %s: %v: %s", strings.Join(args, " "), err, out)
				}
			}
			return nil
		}); err != nil {
			return log, err
		}
		return append(log, "action reset: radvd stopped, MTUs and static routes back to the configuration's, ip -6 neigh flush all, ip -6 route flush cache, routes and addresses learnt from advertisements removed"), nil
	case suites.ActRestartLink:
		if err := t.nl.LinkSetDown(l); err != nil {
			return nil, err
		}
		if err := t.nl.LinkSetUp(l); err != nil {
			return nil, err
		}
		return done("%s down and up", name)
	case suites.ActSetAddress:
		addr := &netlink.Addr{IPNet: &net.IPNet{IP: a.Addr.Addr().AsSlice(), Mask: net.CIDRMask(a.Addr.Bits(), 128)}}
		if err := t.nl.AddrReplace(l, addr); err != nil {
			return nil, err
		}
		return done("%s on %s", a.Addr, name)
	case suites.ActAddRoute:
		r := a.Route
		rt := &netlink.Route{LinkIndex: l.Attrs().Index, Dst: &net.IPNet{IP: r.Prefix.Addr().AsSlice(), Mask: net.CIDRMask(r.Prefix.Bits(), 128)},
			Gw: r.NextHop.AsSlice(), Protocol: unix.RTPROT_STATIC}
		if err := t.nl.RouteReplace(rt); err != nil {
			return nil, err
		}
		return done("%s via %s dev %s", r.Prefix, r.NextHop, name)
	case suites.ActJoin, suites.ActLeave, suites.ActSetFilter:
		return t.doMLD(a) // mld.go
	case suites.ActSetMTU:
		if err := t.nl.LinkSetMTU(l, a.MTU); err != nil {
			return nil, err
		}
		return done("MTU %d on %s", a.MTU, name)
	case suites.ActSendEcho:
		if err := t.sendEcho(l.Attrs().Index, a.Dst, a.Size, a.EchoOptions); err != nil {
			return nil, err
		}
		if a.EchoOptions.Any() {
			return done("Echo Request to %s out of %s, with IPV6_HOPOPTS % x and IPV6_DSTOPTS % x", a.Dst, name,
				optHeader(a.EchoOptions, a.EchoOptions.HopByHop), optHeader(a.EchoOptions, a.EchoOptions.Destination))
		}
		return done("Echo Request to %s out of %s", a.Dst, name)
	case suites.ActStartRA, suites.ActStopRA:
		if a.Name == suites.ActStartRA {
			t.advertise()[link] = a.RA.WithDefaults()
		} else {
			delete(t.advertise(), link)
		}
		return t.restartRadvd()
	}
	return nil, fmt.Errorf("%w: %s", suites.ErrNoAction, a.Name)
}

// sendEcho sends one Echo Request from the node's own stack (a raw ICMPv6
// socket in its namespace; the kernel fills in the checksum).
func (t *linuxTarget) sendEcho(ifindex int, dst netip.Addr, size int, o suites.EchoOptions) error {
	return t.dut.Do(func() error {
		fd, err := unix.Socket(unix.AF_INET6, unix.SOCK_RAW|unix.SOCK_CLOEXEC, unix.IPPROTO_ICMPV6)
		if err != nil {
			return fmt.Errorf("raw ICMPv6 socket: %w", err)
		}
		defer unix.Close(fd)
		// Sticky options (RFC 3542 §6): the kernel puts the headers in
		// and sets their Next Header fields.
		if h := optHeader(o, o.HopByHop); h != nil {
			if err := unix.SetsockoptString(fd, unix.IPPROTO_IPV6, unix.IPV6_HOPOPTS, string(h)); err != nil {
				return fmt.Errorf("IPV6_HOPOPTS: %w", err)
			}
		}
		if h := optHeader(o, o.Destination); h != nil {
			if err := unix.SetsockoptString(fd, unix.IPPROTO_IPV6, unix.IPV6_DSTOPTS, string(h)); err != nil {
				return fmt.Errorf("IPV6_DSTOPTS: %w", err)
			}
		}
		msg := make([]byte, 8, 8+32)
		msg[0] = 128
		binary.BigEndian.PutUint16(msg[4:], 0x6c78)
		binary.BigEndian.PutUint16(msg[6:], 1)
		if size > 0 {
			msg = append(msg, make([]byte, size)...)
		} else {
			msg = append(msg, "v6ct send-echo action"...)
		}
		sa := &unix.SockaddrInet6{Addr: dst.As16()}
		if dst.IsLinkLocalUnicast() || dst.IsLinkLocalMulticast() {
			sa.ZoneId = uint32(ifindex)
		}
		if dst.IsMulticast() {
			unix.SetsockoptInt(fd, unix.IPPROTO_IPV6, unix.IPV6_MULTICAST_IF, ifindex)
			// Beyond link scope the echo may have to cross routers: the
			// socket's default of 1 hop (RFC 3493 §5.2) would keep it on
			// the link, so it gets the unicast default, as the reference
			// node sends it.
			if !dst.IsLinkLocalMulticast() && !dst.IsInterfaceLocalMulticast() {
				if err := unix.SetsockoptInt(fd, unix.IPPROTO_IPV6, unix.IPV6_MULTICAST_HOPS, 64); err != nil {
					return fmt.Errorf("IPV6_MULTICAST_HOPS: %w", err)
				}
			}
		}
		return unix.Sendto(fd, msg, 0, sa)
	})
}

// --- router advertisements with radvd

type radvdState struct {
	links map[int]suites.RAConfig
	cmd   *exec.Cmd
	dir   string
	out   *strings.Builder
	wait  chan error
}

func (t *linuxTarget) advertise() map[int]suites.RAConfig {
	if t.ra == nil {
		t.ra = &radvdState{links: map[int]suites.RAConfig{}}
	}
	return t.ra.links
}

// radvdConfig writes radvd.conf for the links that advertise.
func radvdConfig(links map[int]suites.RAConfig) string {
	var b strings.Builder
	for i := 0; i < linuxLinks; i++ {
		ra, ok := links[i]
		if !ok {
			continue
		}
		onoff := func(v bool) string {
			if v {
				return "on"
			}
			return "off"
		}
		maxI := max(int(ra.Interval/time.Second), 4)
		fmt.Fprintf(&b, "interface nut%d {\n\tAdvSendAdvert on;\n\tMaxRtrAdvInterval %d;\n\tMinRtrAdvInterval %d;\n", i, maxI, max(3, maxI*3/4))
		fmt.Fprintf(&b, "\tAdvDefaultLifetime %d;\n\tAdvManagedFlag %s;\n\tAdvOtherConfigFlag %s;\n", int(ra.RouterLifetime/time.Second), onoff(ra.Managed), onoff(ra.Other))
		fmt.Fprintf(&b, "\tAdvCurHopLimit %d;\n\tAdvReachableTime %d;\n\tAdvRetransTimer %d;\n", ra.HopLimit, ra.ReachableTime/time.Millisecond, ra.RetransTimer/time.Millisecond)
		if ra.MTU > 0 {
			fmt.Fprintf(&b, "\tAdvLinkMTU %d;\n", ra.MTU)
		}
		if ra.Prefix.IsValid() {
			fmt.Fprintf(&b, "\tprefix %s {\n\t\tAdvOnLink on;\n\t\tAdvAutonomous on;\n\t\tAdvValidLifetime %d;\n\t\tAdvPreferredLifetime %d;\n\t};\n",
				ra.Prefix, int(ra.ValidLifetime/time.Second), int(ra.PreferredLifetime/time.Second))
		}
		for _, d := range ra.DNS {
			fmt.Fprintf(&b, "\tRDNSS %s {\n\t\tAdvRDNSSLifetime %d;\n\t};\n", d, int(ra.DNSLifetime/time.Second))
		}
		b.WriteString(radvdMore(ra))
		b.WriteString("};\n")
	}
	return b.String()
}

// restartRadvd (re)starts radvd in the node's namespace with the current
// configuration, or stops it when no link advertises.
func (t *linuxTarget) restartRadvd() ([]string, error) {
	log := t.stopRadvd()
	if len(t.ra.links) == 0 {
		return append(log, "action stop-ra: no link advertises any more"), nil
	}
	prog, err := exec.LookPath("radvd")
	if err != nil {
		return log, fmt.Errorf("%w: radvd is not installed (apt-get install radvd)", suites.ErrNoAction)
	}
	dir, err := os.MkdirTemp("", "v6ct-radvd-")
	if err != nil {
		return log, err
	}
	conf := radvdConfig(t.ra.links)
	if err := os.WriteFile(filepath.Join(dir, "radvd.conf"), []byte(conf), 0o644); err != nil {
		os.RemoveAll(dir)
		return log, err
	}
	out := &strings.Builder{}
	cmd := exec.Command(prog, "--nodaemon", "--config", filepath.Join(dir, "radvd.conf"), "--pidfile", filepath.Join(dir, "radvd.pid"), "--logmethod", "stderr")
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := t.dut.Do(cmd.Start); err != nil {
		os.RemoveAll(dir)
		return log, fmt.Errorf("starting radvd: %w", err)
	}
	t.ra.cmd, t.ra.dir, t.ra.out = cmd, dir, out
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	select {
	case err := <-exited:
		t.ra.cmd = nil
		os.RemoveAll(dir)
		return log, fmt.Errorf("radvd exited at once (%v): %s", err, lastLine(out.String()))
	case <-time.After(300 * time.Millisecond):
	}
	t.ra.wait = exited
	return append(log, "action start-ra: radvd started in the node's namespace with:\n"+conf), nil
}

// stopRadvd ends radvd, if it runs.
func (t *linuxTarget) stopRadvd() []string {
	if t.ra == nil || t.ra.cmd == nil {
		return nil
	}
	syscall.Kill(-t.ra.cmd.Process.Pid, syscall.SIGTERM)
	select {
	case <-t.ra.wait:
	case <-time.After(2 * time.Second):
		syscall.Kill(-t.ra.cmd.Process.Pid, syscall.SIGKILL)
		<-t.ra.wait
	}
	os.RemoveAll(t.ra.dir)
	t.ra.cmd = nil
	return []string{"radvd stopped"}
}

// lastLine is the last line of a program's output, for an error message.
func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return s
}

// Advertising says what the kernel's radvd advertises after start-ra with
// ra on link: what radvdConfig writes, intervals rounded as it rounds them.
func (t *linuxTarget) Advertising(link int, ra suites.RAConfig) suites.Advertising {
	maxS := max(int(ra.Interval/time.Second), 4)
	return suites.Advertising{Prefix: ra.Prefix, MaxInterval: time.Duration(maxS) * time.Second, MinInterval: time.Duration(max(3, maxS*3/4)) * time.Second,
		RouterLifetime: ra.RouterLifetime, CurHopLimit: ra.HopLimit, ReachableTime: ra.ReachableTime, RetransTimer: ra.RetransTimer, MTU: ra.MTU, Exact: true}
}

// optHeader is the extension header for opts, or nil when there are none.
func optHeader(o suites.EchoOptions, opts []byte) []byte {
	if opts == nil {
		return nil
	}
	return o.Header(opts, 0)
}
