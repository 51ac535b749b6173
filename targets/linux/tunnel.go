package linux

import (
	"fmt"
	"net/netip"
	"os"
	"os/exec"
	"strings"

	"github.com/v6ct/v6ct/suites/netx"

	"github.com/v6ct/v6ct/suites"
)

// Tunnels on the Linux targets, made with iproute2 in the node's
// namespace: sit for 6in4 (RFC 4213), ip6tnl mode ip6ip6 for 6in6 and
// mode ipip6 for 4in6 (RFC 2473), ipip for 4in4 (RFC 2003). A tunnel
// carrying IPv4 gives the node an IPv4 address on each link; a router
// forwards IPv4 as well as IPv6. Each spec removes the last spec's
// tunnels and IPv4 addresses first.

const linuxMaxTunnels = 4

func (t *linuxTarget) setTunnels(ts []suites.TunnelSetup) error {
	if len(ts) == 0 && !t.tunnelsUp {
		return nil
	}
	t.tunnelsUp = len(ts) > 0
	return t.dut.Do(func() error {
		for i := 0; i < linuxMaxTunnels; i++ {
			exec.Command("ip", "link", "del", fmt.Sprintf("tnl%d", i)).Run() // absent: nothing to do
		}
		for i := 0; i < linuxLinks; i++ {
			if out, err := exec.Command("ip", "-4", "addr", "flush", "dev", fmt.Sprintf("nut%d", i)).CombinedOutput(); err != nil {
				return fmt.Errorf("flushing IPv4 addresses: %v: %s", err, out)
			}
		}
		// The kernel's ARP entries and cached IPv4 path MTUs (route
		// exceptions, learnt from an earlier spec's Fragmentation Needed)
		// go with the addresses.
		exec.Command("ip", "-4", "neigh", "flush", "all").Run()
		exec.Command("ip", "-4", "route", "flush", "cache").Run()
		run := func(args ...string) error {
			if out, err := exec.Command("ip", args...).CombinedOutput(); err != nil {
				return fmt.Errorf("ip %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(string(out)))
			}
			return nil
		}
		addr4 := func(link int, a netip.Addr) error {
			return run("-4", "addr", "replace", fmt.Sprintf("%s/%d", a, suites.IPv4Prefixes[link].Bits()), "dev", fmt.Sprintf("nut%d", link))
		}
		if t.router {
			v := "0"
			if len(ts) > 0 {
				v = "1"
			}
			if err := os.WriteFile("/proc/sys/net/ipv4/ip_forward", []byte(v), 0o644); err != nil {
				return fmt.Errorf("IPv4 forwarding: %w", err)
			}
		}
		for _, tn := range ts {
			dev := fmt.Sprintf("nut%d", tn.Link)
			if tn.Local.Is4() {
				if err := addr4(tn.Link, tn.Local); err != nil {
					return err
				}
			}
			if tn.CarriesIPv4() {
				for i := 0; i < linuxLinks; i++ {
					if err := addr4(i, suites.IPv4On(i, t.MAC(i))); err != nil {
						return err
					}
				}
			}
			limit := "none"
			if tn.EncapLimit >= 0 {
				limit = fmt.Sprint(tn.EncapLimit)
			}
			var add []string
			switch tn.Mode {
			case "6in4":
				add = []string{"link", "add", tn.Name, "type", "sit", "local", tn.Local.String(), "remote", tn.Remote.String(),
					"ttl", fmt.Sprint(tn.HopLimit), "dev", dev}
			case "4in4":
				add = []string{"link", "add", tn.Name, "type", "ipip", "local", tn.Local.String(), "remote", tn.Remote.String(),
					"ttl", fmt.Sprint(tn.HopLimit), "dev", dev}
			case "6in6", "4in6":
				mode := "ip6ip6"
				if tn.Mode == "4in6" {
					mode = "ipip6"
				}
				add = []string{"link", "add", tn.Name, "type", "ip6tnl", "mode", mode, "local", tn.Local.String(), "remote", tn.Remote.String(),
					"hoplimit", fmt.Sprint(tn.HopLimit), "encaplimit", limit, "dev", dev}
			default:
				return fmt.Errorf("%w: tunnel mode %s", suites.ErrNoAction, tn.Mode)
			}
			if tn.MTU != 0 {
				add = append(add, "mtu", fmt.Sprint(tn.MTU))
			}
			if err := run(add...); err != nil {
				return err
			}
			if err := run("link", "set", tn.Name, "up"); err != nil {
				return err
			}
			family := "-6"
			if tn.CarriesIPv4() {
				family = "-4"
			}
			if tn.Address.IsValid() {
				args := []string{family, "addr", "add", tn.Address.String(), "dev", tn.Name}
				if !tn.CarriesIPv4() {
					args = append(args, "nodad")
				}
				if err := run(args...); err != nil {
					return err
				}
			}
			for _, r := range tn.Routes {
				if err := run(family, "route", "replace", r.String(), "dev", tn.Name); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// tunnelCaps are the tunnel capabilities of the running kernel: the ones
// whose device (sit, ip6tnl in its two modes, ipip) it can make, tried
// once in a namespace of its own. A kernel built without them makes the
// tunnel specs N/A. The probe tunnel has end points of its own: one
// without would be the namespace's fallback device (sit0, ip6tnl0,
// tunl0), which the kernel makes with the driver, and adding it again
// fails with "File exists" however able the kernel is.
func (t *linuxTarget) tunnelCaps() []string {
	t.tunnelProbe.Do(func() {
		ns, err := netx.NewNamespace()
		if err != nil {
			return
		}
		defer ns.Close()
		ns.Do(func() error {
			for _, k := range []struct {
				cap  string
				args []string
			}{
				{"tunnel-6in4", []string{"type", "sit", "local", "192.0.2.1", "remote", "192.0.2.2"}},
				{"tunnel-6in6", []string{"type", "ip6tnl", "mode", "ip6ip6", "local", "2001:db8::1", "remote", "2001:db8::2"}},
				{"tunnel-4in6", []string{"type", "ip6tnl", "mode", "ipip6", "local", "2001:db8::1", "remote", "2001:db8::2"}},
				{"tunnel-4in4", []string{"type", "ipip", "local", "192.0.2.1", "remote", "192.0.2.2"}},
			} {
				if exec.Command("ip", append([]string{"link", "add", "v6ctprobe"}, k.args...)...).Run() == nil {
					t.tunnelKinds = append(t.tunnelKinds, k.cap)
					exec.Command("ip", "link", "del", "v6ctprobe").Run()
				}
			}
			return nil
		})
	})
	return t.tunnelKinds
}
