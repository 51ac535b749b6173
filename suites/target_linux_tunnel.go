package suites

import (
	"fmt"
	"os/exec"
	"strings"

	"github.com/v6ct/v6ct/suites/netx"
)

// Tunnels on the Linux targets: sit for 6in4, ip6tnl (mode ip6ip6) for
// 6in6, made with iproute2 in the node's namespace. Each spec removes the
// last spec's tunnels and IPv4 addresses first.

const linuxMaxTunnels = 4

func (t *linuxTarget) setTunnels(ts []TunnelSetup) error {
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
		run := func(args ...string) error {
			if out, err := exec.Command("ip", args...).CombinedOutput(); err != nil {
				return fmt.Errorf("ip %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(string(out)))
			}
			return nil
		}
		for _, tn := range ts {
			dev := fmt.Sprintf("nut%d", tn.Link)
			var add []string
			switch tn.Mode {
			case "6in4":
				if err := run("-4", "addr", "replace", fmt.Sprintf("%s/%d", tn.Local, IPv4Prefixes[tn.Link].Bits()), "dev", dev); err != nil {
					return err
				}
				add = []string{"link", "add", tn.Name, "type", "sit", "local", tn.Local.String(), "remote", tn.Remote.String(),
					"ttl", fmt.Sprint(tn.HopLimit), "dev", dev}
			case "6in6":
				limit := "none"
				if tn.EncapLimit >= 0 {
					limit = fmt.Sprint(tn.EncapLimit)
				}
				add = []string{"link", "add", tn.Name, "type", "ip6tnl", "mode", "ip6ip6", "local", tn.Local.String(), "remote", tn.Remote.String(),
					"hoplimit", fmt.Sprint(tn.HopLimit), "encaplimit", limit, "dev", dev}
			default:
				return fmt.Errorf("%w: tunnel mode %s", ErrNoAction, tn.Mode)
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
			if tn.Address.IsValid() {
				if err := run("-6", "addr", "add", tn.Address.String(), "dev", tn.Name, "nodad"); err != nil {
					return err
				}
			}
			for _, r := range tn.Routes {
				if err := run("-6", "route", "replace", r.String(), "dev", tn.Name); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// tunnelCaps are the tunnel capabilities of the running kernel: the ones
// whose device type (sit, ip6tnl) it can make, tried once in a namespace
// of its own. A kernel built without them makes the tunnel specs N/A.
func (t *linuxTarget) tunnelCaps() []string {
	t.tunnelProbe.Do(func() {
		ns, err := netx.NewNamespace()
		if err != nil {
			return
		}
		defer ns.Close()
		ns.Do(func() error {
			for _, k := range []struct{ cap, kind string }{{"tunnel-6in4", "sit"}, {"tunnel-6in6", "ip6tnl"}} {
				if exec.Command("ip", "link", "add", "v6ctprobe", "type", k.kind).Run() == nil {
					t.tunnelKinds = append(t.tunnelKinds, k.cap)
					exec.Command("ip", "link", "del", "v6ctprobe").Run()
				}
			}
			return nil
		})
	})
	return t.tunnelKinds
}
