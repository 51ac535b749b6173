package suites

import (
	"fmt"
	"net/netip"
	"os"
	"os/exec"
	"sort"
	"strings"
	"time"

	"github.com/v6ct/v6ct/suites/netx"
	"github.com/v6ct/v6ct/suites/packets"
)

// CheckLine is one finding of a pre-flight check.
type CheckLine struct {
	Status string // "ok", "FAIL", "warn"
	Text   string
}

// PreflightOptions tune a pre-flight check.
type PreflightOptions struct {
	AllowLive bool          // accept interfaces that look like a live network
	NoReset   bool          // do not run the reset action
	Timeout   time.Duration // how long to wait for each answer (default 2 s)
}

// Preflight checks a profile before a run: the file, each tester interface
// (present, up, carrier, not a live network), the device on each link
// (answers NS and Echo Requests, its addresses), and the actions (each
// command's program exists; reset is run). The error is for a profile
// that cannot be read; everything else is in the lines.
func Preflight(path string, o PreflightOptions) (*Profile, []CheckLine, error) {
	p, err := LoadProfile(path)
	if err != nil {
		return nil, nil, err
	}
	if o.Timeout == 0 {
		o.Timeout = 2 * time.Second
	}
	var out []CheckLine
	add := func(status, format string, args ...any) {
		out = append(out, CheckLine{status, fmt.Sprintf(format, args...)})
	}
	ns, err := netx.Current()
	if err != nil {
		add("FAIL", "%v", err)
		return p, out, nil
	}
	defer ns.Close()
	ctl := &profileController{p: p, info: func() NUTInfo { return NUTInfo{} }}
	var info NUTInfo
	for i, l := range p.Links {
		where := fmt.Sprintf("Link%d (%s)", i, l.Tester)
		problems, warnings := inspectTesterInterface(ns, l.Tester, o.AllowLive)
		for _, w := range warnings {
			add("warn", "%s: %s", where, w)
		}
		if len(problems) > 0 {
			for _, pr := range problems {
				add("FAIL", "%s: %s", where, pr)
			}
			continue
		}
		add("ok", "%s: tester interface is up, with carrier, not a live network", where)
		mac, ll, g, err := learnLink(ns, p, i, o.Timeout, func(s string) { add("ok", "%s", s) })
		if err != nil {
			add("FAIL", "%s", err)
			continue
		}
		learnt := func(given bool) string {
			if given {
				return "as the profile says"
			}
			return "learnt"
		}
		add("ok", "%s: the device is %s (%s), link-local %s (%s)", where, mac, learnt(l.MAC != nil), ll, learnt(l.LinkLocal.IsValid()))
		if g.IsValid() {
			add("ok", "%s: global address %s (%s)", where, g, learnt(l.Global.IsValid()))
		} else if p.Actions[ActSetAddress] != nil {
			add("warn", "%s: the device has no global address in %s: the run will configure %s with set-address", where, l.Prefix, packets.WithInterfaceID(l.Prefix.Addr(), mac))
		} else {
			add("FAIL", "%s: the device has no global address in %s: give links[%d].global, configure one, or add a set-address action", where, l.Prefix, i)
		}
		info.MACs = append(info.MACs, mac)
		info.LinkLocals = append(info.LinkLocals, ll)
		info.Globals = append(info.Globals, g)
		pr, err := openProber(ns, l.Tester, l.Prefix)
		if err != nil {
			add("FAIL", "%s: %v", where, err)
			continue
		}
		for _, dst := range []netip.Addr{ll, g} {
			if !dst.IsValid() {
				continue
			}
			if r, err := pr.Echo(mac, dst, netip.Addr{}, o.Timeout, false); err != nil || len(r) == 0 {
				status := "FAIL"
				hint := ""
				if i == 0 && dst == ll && p.Alive.Method == "echo" {
					hint = "; between specs the alive check will fall back to NS (or set alive.method: ns)"
					status = "warn"
				}
				add(status, "%s: no Echo Reply from %s within %s%s", where, dst, o.Timeout, hint)
			} else {
				add("ok", "%s: answers Echo Requests to %s", where, dst)
			}
		}
		pr.Close()
	}
	if len(info.MACs) == len(p.Links) {
		ctl.info = func() NUTInfo { return info }
	}
	names := make([]string, 0, len(p.Actions))
	for n := range p.Actions {
		names = append(names, string(n))
	}
	sort.Strings(names)
	if len(names) == 0 {
		add("warn", "no actions: specs that need one are N/A, and a device that stops answering ends the run")
	}
	if p.Actions[ActAddTunnel] == nil {
		for _, c := range p.Capabilities {
			if strings.HasPrefix(c, "tunnel-") {
				add("warn", "capability %s without an add-tunnel action: the tunnel specs will be N/A (docs/certify-a-router.md, Tunnels)", c)
			}
		}
	}
	for _, n := range names {
		a := p.Actions[ActionName(n)]
		if a.Manual != "" {
			add("ok", "action %s: manual; the operator will be told: %s", n, a.Manual)
			continue
		}
		prog := commandProgram(a.Run)
		if prog != "" {
			if _, err := lookProgram(prog); err != nil {
				add("FAIL", "action %s: %s (line %d): %v", n, prog, a.Line, err)
				continue
			}
		}
		if ActionName(n) != ActReset || o.NoReset {
			add("ok", "action %s: %s found; not run by the pre-flight", n, prog)
			continue
		}
		log, err := ctl.Do(Action{Name: ActReset})
		if err != nil {
			add("FAIL", "action reset: %v", err)
			continue
		}
		add("ok", "action reset: ran: %s", strings.SplitN(log[len(log)-1], ": ", 2)[1])
	}
	return p, out, nil
}

// commandProgram is the program a command line starts (after variable
// assignments), or "" when it is not a plain word.
func commandProgram(cmdline string) string {
	for _, w := range strings.Fields(cmdline) {
		if strings.Contains(w, "=") && !strings.HasPrefix(w, "=") {
			continue
		}
		switch w {
		case "exec", "env", "sudo", "timeout", "nice":
			continue
		}
		if strings.ContainsAny(w, "'\"$`(){};|&<>*?") {
			return ""
		}
		return w
	}
	return ""
}

func lookProgram(prog string) (string, error) {
	switch prog {
	case "true", "false", ":", "cd", "echo", "printf", "test", "[", "set", "exit", "sleep":
		return prog, nil
	}
	if strings.Contains(prog, "/") {
		st, err := os.Stat(prog)
		if err != nil {
			return "", fmt.Errorf("no such program")
		}
		if st.Mode()&0o111 == 0 {
			return "", fmt.Errorf("not executable")
		}
		return prog, nil
	}
	p, err := exec.LookPath(prog)
	if err != nil {
		return "", fmt.Errorf("not found on PATH")
	}
	return p, nil
}
