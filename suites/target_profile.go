package suites

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"sort"
	"strings"
	"time"

	"github.com/vishvananda/netlink"
	"golang.org/x/sys/unix"

	"github.com/v6ct/v6ct/suites/netx"
	"github.com/v6ct/v6ct/suites/packets"
)

func init() {
	RegisterTargetKind("profile", func(path, role string) (Target, error) {
		if path == "" {
			return nil, errNoProfile
		}
		p, err := LoadProfile(path)
		if err != nil {
			return nil, err
		}
		if role != "" && role != p.Role {
			return nil, fmt.Errorf("the profile %s describes a %s, not a %s", path, p.Role, role)
		}
		return NewProfileTarget(p), nil
	})
}

// NewProfileTarget is an external device described by a profile, reached
// over real interfaces of the tester's current namespace.
func NewProfileTarget(p *Profile) Target {
	t := &profileTarget{p: p}
	t.ctl = &profileController{p: p, info: func() NUTInfo { return t.info }}
	return t
}

// profileTarget is a device nobody here wrote. The tester only sends on the
// interfaces the profile names, after checking they are not a live
// network; it learns what the profile leaves to learn; between specs it
// checks that the device still answers.
type profileTarget struct {
	p     *Profile
	ns    *netx.Namespace
	info  NUTInfo
	ctl   *profileController
	saved []netip.Prefix
}

// Place says which topology links the device's links are on (Placeable).
// A device keeps its own MACs and addresses: the tester learns them as
// for a conformance run, so its number changes nothing.
func (t *profileTarget) Place(k int, links []int) {}

func (t *profileTarget) Name() string           { return "profile:" + t.p.Name }
func (t *profileTarget) Role() string           { return t.p.Role }
func (t *profileTarget) Capabilities() []string { return t.p.Capabilities }
func (t *profileTarget) Has(a ActionName) bool  { return t.ctl.Has(a) }
func (t *profileTarget) Do(a Action) ([]string, error) {
	if a.Link >= len(t.p.Links) || a.Route.Link >= len(t.p.Links) {
		return nil, fmt.Errorf("%w: the profile %s has %d link(s)", ErrNoAction, t.p.Name, len(t.p.Links))
	}
	if a.Name == ActSendEcho && a.EchoOptions.Any() {
		return nil, fmt.Errorf("%w: a profile's send-echo command takes no extension headers", ErrNoAction)
	}
	return t.ctl.Do(a)
}

// Profile is the profile the target was made from.
func (t *profileTarget) Profile() *Profile { return t.p }

func (t *profileTarget) Open() error {
	ns, err := netx.Current()
	if err != nil {
		return err
	}
	t.ns = ns
	for _, l := range t.p.Links {
		problems, _ := inspectTesterInterface(ns, l.Tester, Control.AllowLive)
		if len(problems) > 0 {
			t.Close()
			return fmt.Errorf("%s: %s", t.p.Path, strings.Join(problems, "; "))
		}
	}
	// The links' prefixes are the profile's: tester nodes take their
	// global addresses in them.
	t.saved = append([]netip.Prefix(nil), LinkPrefixes...)
	for i, l := range t.p.Links {
		LinkPrefixes[i] = l.Prefix
	}
	info, err := learnDevice(ns, t.p, 2*time.Second, t.ctl)
	if err != nil {
		t.Close()
		return err
	}
	t.info = info
	return nil
}

func (t *profileTarget) Close() error {
	if t.saved != nil {
		copy(LinkPrefixes, t.saved)
		t.saved = nil
	}
	return t.ns.Close()
}

func (t *profileTarget) NotApplicable(setup SpecSetup) string {
	if setup.Links > len(t.p.Links) {
		return fmt.Sprintf("needs %d links (capability multiple-interfaces); the profile %s describes %d", setup.Links, t.p.Name, len(t.p.Links))
	}
	if len(setup.Routes) > 0 && !t.Has(ActAddRoute) {
		return fmt.Sprintf("needs a static route on the device (the add-route action), which the profile %s does not have", t.p.Name)
	}
	if len(setup.Tunnels) > 0 && !t.Has(ActAddTunnel) {
		return fmt.Sprintf("needs a configured %s tunnel on the device (the add-tunnel action), which the profile %s does not have", setup.Tunnels[0].Mode, t.p.Name)
	}
	if setup.Boot && !t.Has(ActRestartLink) {
		return fmt.Sprintf("watches the device bring its interface up (the restart-link action), which the profile %s does not have", t.p.Name)
	}
	if setup.MLD.SetsVariables() {
		return fmt.Sprintf("sets the multicast listener's variables (robustness, report interval), which the profile %s cannot", t.p.Name) // mld.go
	}
	return t.profileAddressesNA(setup) // addresses.go
}

func (t *profileTarget) Begin(setup SpecSetup) (*Session, error) {
	if len(setup.Faults) > 0 {
		return nil, errors.New("an external device takes no faults; fault-proof runs need the refnode target")
	}
	if why := t.NotApplicable(setup); why != "" {
		return nil, fmt.Errorf("%w: %s", ErrNoAction, why)
	}
	s := &Session{ConfigSettle: t.p.Settle}
	if t.p.ResetBeforeEachSpec && t.Has(ActReset) {
		log, err := t.Do(Action{Name: ActReset})
		s.Notes = append(s.Notes, log...)
		if err != nil {
			return nil, fmt.Errorf("resetting the device before the spec: %w", err)
		}
	}
	for i := 0; i < setup.Links; i++ {
		s.NUT.MACs = append(s.NUT.MACs, t.info.MACs[i])
		s.NUT.LinkLocals = append(s.NUT.LinkLocals, t.info.LinkLocals[i])
		s.NUT.Globals = append(s.NUT.Globals, t.info.Globals[i])
		p, err := netx.OpenPacketSocket(t.ns, t.p.Links[i].Tester)
		if err == nil {
			if err = p.Promiscuous(); err != nil {
				p.Close()
			}
		}
		if err != nil {
			for _, p := range s.Ports {
				p.Close()
			}
			return nil, err
		}
		s.Ports = append(s.Ports, p)
	}
	s.Start = func() error {
		do := func(a Action) error {
			log, err := t.Do(a)
			s.Notes = append(s.Notes, log...)
			if err != nil {
				return fmt.Errorf("%s: %w", a, err)
			}
			return nil
		}
		if setup.Boot {
			for i := 0; i < setup.Links; i++ {
				if err := do(Action{Name: ActRestartLink, Link: i}); err != nil {
					return err
				}
			}
		}
		for _, a := range setup.Addresses {
			if err := do(Action{Name: ActSetAddress, Link: a.Link, Addr: a.Addr}); err != nil {
				return err
			}
		}
		for _, r := range setup.Routes {
			if err := do(Action{Name: ActAddRoute, Link: r.Link, Route: r}); err != nil {
				return err
			}
		}
		for _, tn := range setup.Tunnels {
			tn = tn.forDevice(t.info) // tunnel.go
			if err := do(Action{Name: ActAddTunnel, Link: tn.Link, Tunnel: tn}); err != nil {
				return err
			}
		}
		return nil
	}
	// The device keeps its addresses between specs; the alive check after
	// the last spec has shown that it answers.
	s.Ready = func(func(time.Duration)) error { return nil }
	s.End = func() error {
		for _, p := range s.Ports {
			p.Close()
		}
		return nil
	}
	return s, nil
}

// Alive checks that the device answers on Link0.
func (t *profileTarget) Alive() error {
	if t.p.Alive.Method == "off" || len(t.info.MACs) == 0 {
		return nil
	}
	l := t.p.Links[0]
	if problems, _ := inspectTesterInterface(t.ns, l.Tester, true); len(problems) > 0 {
		return errors.New(strings.Join(problems, "; "))
	}
	p, err := openProber(t.ns, l.Tester, l.Prefix)
	if err != nil {
		return err
	}
	defer p.Close()
	if err := probeAlive(p, t.info.MACs[0], t.info.LinkLocals[0], t.p.Alive.Method, t.p.Alive.Timeout); err != nil {
		return fmt.Errorf("Link0 (%s): %w", l.Tester, err)
	}
	return nil
}

// Recover tries the reset action, then the reboot action, until the
// device answers again.
func (t *profileTarget) Recover(log func(string)) error {
	var tried []string
	for _, a := range []ActionName{ActReset, ActReboot} {
		if !t.Has(a) {
			continue
		}
		out, err := t.Do(Action{Name: a})
		for _, l := range out {
			log(l)
		}
		if err != nil {
			tried = append(tried, fmt.Sprintf("%s failed: %v", a, err))
			continue
		}
		wait := 10 * time.Second
		if a == ActReboot {
			wait = t.p.Actions[ActReboot].ReadyTimeout
		}
		deadline := time.Now().Add(wait)
		var aerr error
		for {
			if aerr = t.Alive(); aerr == nil {
				log(fmt.Sprintf("the device answers again after the %s action", a))
				return nil
			}
			if time.Now().After(deadline) {
				break
			}
			time.Sleep(time.Second)
		}
		tried = append(tried, fmt.Sprintf("still no answer %s after %s: %v", wait, a, aerr))
	}
	if len(tried) == 0 {
		return fmt.Errorf("the profile %s has neither a reset nor a reboot action", t.p.Name)
	}
	return errors.New(strings.Join(tried, "; "))
}

// learnDevice finds what the profile leaves to learn: the device's MAC,
// link-local and global addresses on each link, from its answers to a
// multicast Echo Request (and NS for a known address). With a set-address
// action, a global address that cannot be learnt is configured.
func learnDevice(ns *netx.Namespace, prof *Profile, timeout time.Duration, ctl Controller) (NUTInfo, error) {
	var info NUTInfo
	for i, l := range prof.Links {
		mac, ll, g, err := learnLink(ns, prof, i, timeout, nil)
		if err != nil {
			return info, err
		}
		if !g.IsValid() && ctl != nil && ctl.Has(ActSetAddress) {
			g = packets.WithInterfaceID(l.Prefix.Addr(), mac)
			if _, err := ctl.Do(Action{Name: ActSetAddress, Link: i, Addr: netip.PrefixFrom(g, l.Prefix.Bits())}); err != nil {
				return info, fmt.Errorf("Link%d: the device's global address could not be learnt, and set-address %s failed: %w", i, g, err)
			}
		}
		if !g.IsValid() {
			return info, fmt.Errorf("Link%d (%s): the device answered from %s but not from a global address in %s; give links[%d].global in the profile or add a set-address action", i, l.Tester, ll, l.Prefix, i)
		}
		info.MACs = append(info.MACs, mac)
		info.LinkLocals = append(info.LinkLocals, ll)
		info.Globals = append(info.Globals, g)
	}
	return info, nil
}

// DADWait is how long learning a device's addresses keeps trying when
// nothing answers yet: a device whose link just came up holds its
// addresses tentative while it runs Duplicate Address Detection (RFC 4862
// §5.4: DupAddrDetectTransmits Neighbor Solicitations RetransTimer apart,
// 1 s by default, after a random delay of up to 1 s), and a tentative
// address answers nothing.
var DADWait = 8 * time.Second

// learnLink learns the device's MAC, link-local and global addresses on
// link i. While nothing answers, it keeps asking for up to DADWait; waited,
// when not nil, hears what it waited for.
func learnLink(ns *netx.Namespace, prof *Profile, i int, timeout time.Duration, waited func(string)) (net.HardwareAddr, netip.Addr, netip.Addr, error) {
	l := prof.Links[i]
	where := fmt.Sprintf("Link%d (%s)", i, l.Tester)
	p, err := openProber(ns, l.Tester, l.Prefix)
	if err != nil {
		return nil, netip.Addr{}, netip.Addr{}, fmt.Errorf("%s: %w", where, err)
	}
	defer p.Close()
	if err := p.ps.Promiscuous(); err != nil {
		return nil, netip.Addr{}, netip.Addr{}, fmt.Errorf("%s: %w", where, err)
	}
	start := time.Now()
	deadline := start.Add(DADWait)
	// tentative names the addresses seen in DAD, for the messages.
	tentative := func() string {
		var as []string
		for a, m := range p.dad {
			if prof.Links[i].MAC == nil || m.String() == prof.Links[i].MAC.String() {
				as = append(as, a.String())
			}
		}
		sort.Strings(as)
		return strings.Join(as, ", ")
	}
	note := func() {
		if waited == nil {
			return
		}
		if d := tentative(); d != "" {
			waited(fmt.Sprintf("%s: waited %s for the device's addresses to leave Duplicate Address Detection (%s was tentative)", where, time.Since(start).Round(100*time.Millisecond), d))
		} else if time.Since(start) > timeout {
			waited(fmt.Sprintf("%s: the device answered after %s", where, time.Since(start).Round(100*time.Millisecond)))
		}
	}
	waitMsg := func() string {
		if d := tentative(); d != "" {
			return fmt.Sprintf(" (the device was still running Duplicate Address Detection for %s: its tentative addresses answer nothing; waited %s)", d, DADWait)
		}
		return fmt.Sprintf(" (asked again for %s, in case its addresses were still tentative)", DADWait)
	}
	mac, ll, g := l.MAC, l.LinkLocal, l.Global
	if !ll.IsValid() && mac != nil {
		// A node with an EUI-64 interface identifier: try it first.
		if m, err := p.NS(packets.LinkLocal(mac), nil, timeout/3); err == nil && m.String() == mac.String() {
			ll = packets.LinkLocal(mac)
		}
	}
	if !ll.IsValid() {
		all := netip.MustParseAddr("ff02::1")
		var found []echoReply
		for {
			// Every answer is awaited, to notice a second node on the link.
			rs, err := p.Echo(packets.MulticastMAC(all), all, netip.Addr{}, timeout/2, true)
			if err != nil {
				return nil, ll, g, fmt.Errorf("%s: %w", where, err)
			}
			for _, r := range rs {
				if r.Src.IsLinkLocalUnicast() && (mac == nil || r.MAC.String() == mac.String()) && !contains(found, r) {
					found = append(found, r)
				}
			}
			if len(found) > 0 || time.Now().After(deadline) {
				break
			}
		}
		switch {
		case len(found) == 0 && mac != nil:
			return nil, ll, g, fmt.Errorf("%s: the device (%s) did not answer an Echo Request to ff02::1%s: is it up, with IPv6 on, and cabled to %s? (give links[%d].link_local if it ignores multicast echo)", where, mac, waitMsg(), l.Tester, i)
		case len(found) == 0:
			return nil, ll, g, fmt.Errorf("%s: nothing answered an Echo Request to ff02::1%s: is the device up, with IPv6 on, and cabled to %s?", where, waitMsg(), l.Tester)
		case len(found) > 1:
			var who []string
			for _, r := range found {
				who = append(who, fmt.Sprintf("%s (%s)", r.Src, r.MAC))
			}
			return nil, ll, g, fmt.Errorf("%s: several nodes answered: %s; give links[%d].mac in the profile", where, strings.Join(who, ", "), i)
		}
		ll, mac = found[0].Src, found[0].MAC
	}
	var m net.HardwareAddr
	for {
		m, err = p.NS(ll, nil, timeout)
		if err == nil || time.Now().After(deadline) {
			break
		}
	}
	if err != nil {
		return nil, ll, g, fmt.Errorf("%s: the device does not answer a Neighbor Solicitation for %s: %v%s", where, ll, err, waitMsg())
	}
	if mac != nil && m.String() != mac.String() {
		return nil, ll, g, fmt.Errorf("%s: %s is at %s, not at the profile's MAC %s", where, ll, m, mac)
	}
	mac = m
	if !g.IsValid() {
		// From the probe's global address: the device answers from its own
		// address in the same prefix, if it has one.
		all := netip.MustParseAddr("ff02::1")
		for !g.IsValid() {
			rs, err := p.Echo(packets.MulticastMAC(all), all, p.global, timeout/2, true)
			if err != nil {
				return nil, ll, g, fmt.Errorf("%s: %w", where, err)
			}
			for _, r := range rs {
				if r.MAC.String() == mac.String() && l.Prefix.Contains(r.Src) {
					g = r.Src
				}
			}
			if !g.IsValid() {
				if r, _ := p.Echo(mac, ll, p.global, timeout/3, false); len(r) > 0 && l.Prefix.Contains(r[0].Src) {
					g = r[0].Src
				}
			}
			// A global address still in DAD: wait for it; none at all:
			// the caller decides (set-address, or an error).
			if g.IsValid() || !p.tentativeIn(l.Prefix) || time.Now().After(deadline) {
				break
			}
		}
	} else {
		for {
			_, err = p.NS(g, mac, timeout)
			if err == nil || time.Now().After(deadline) {
				break
			}
		}
		if err != nil {
			return nil, ll, g, fmt.Errorf("%s: the device does not answer a Neighbor Solicitation for its global address %s: %v%s", where, g, err, waitMsg())
		}
	}
	note()
	return mac, ll, g, nil
}

// tentativeIn reports whether an address in prefix was seen in DAD.
func (p *prober) tentativeIn(prefix netip.Prefix) bool {
	for a := range p.dad {
		if prefix.Contains(a) {
			return true
		}
	}
	return false
}

func contains(rs []echoReply, r echoReply) bool {
	for _, x := range rs {
		if x.Src == r.Src && x.MAC.String() == r.MAC.String() {
			return true
		}
	}
	return false
}

// inspectTesterInterface checks a tester interface before anything is
// sent on it: problems stop the run; warnings are for the pre-flight.
func inspectTesterInterface(ns *netx.Namespace, name string, allowLive bool) (problems, warnings []string) {
	h, err := netlink.NewHandleAt(ns.Handle())
	if err != nil {
		return []string{fmt.Sprintf("netlink: %v", err)}, nil
	}
	defer h.Close()
	l, err := h.LinkByName(name)
	if err != nil {
		return []string{fmt.Sprintf("tester interface %s: no such interface on this machine", name)}, nil
	}
	a := l.Attrs()
	if a.Flags&net.FlagUp == 0 {
		problems = append(problems, fmt.Sprintf("tester interface %s is down (ip link set %s up)", name, name))
	} else if a.RawFlags&unix.IFF_LOWER_UP == 0 {
		problems = append(problems, fmt.Sprintf("tester interface %s has no carrier: is the cable in and the device on?", name))
	}
	if a.EncapType != "" && a.EncapType != "ether" {
		problems = append(problems, fmt.Sprintf("tester interface %s is not Ethernet (%s)", name, a.EncapType))
	}
	addrs, _ := h.AddrList(l, netlink.FAMILY_ALL)
	var live []string
	for _, ad := range addrs {
		ip, _ := netip.AddrFromSlice(ad.IP)
		ip = ip.Unmap()
		if ip.Is4() || (ip.IsGlobalUnicast() && !ip.IsLinkLocalUnicast()) {
			live = append(live, ad.IPNet.String())
		}
	}
	routes, _ := h.RouteList(l, netlink.FAMILY_ALL)
	for _, r := range routes {
		if r.Dst == nil || (r.Dst.IP.IsUnspecified() && func() bool { o, _ := r.Dst.Mask.Size(); return o == 0 }()) {
			live = append(live, "a default route")
			break
		}
	}
	if len(live) > 0 {
		msg := fmt.Sprintf("tester interface %s carries %s: it looks like a live network, and the tester sends crafted frames", name, strings.Join(live, ", "))
		if allowLive {
			warnings = append(warnings, msg+" (allowed by --allow-live)")
		} else {
			problems = append(problems, msg+"; use a dedicated interface, or --allow-live")
		}
	}
	if err := ns.Do(func() error {
		b, err := readSysctl("/proc/sys/net/ipv6/conf/" + name + "/disable_ipv6")
		if err == nil && b != "1" {
			warnings = append(warnings, fmt.Sprintf("the kernel's IPv6 is on for %s: its own solicitations and reports reach the device (sysctl -w net.ipv6.conf.%s.disable_ipv6=1)", name, name))
		}
		return nil
	}); err != nil {
		warnings = append(warnings, err.Error())
	}
	return problems, warnings
}
