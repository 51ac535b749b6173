package interop

import (
	"os"
	"strings"
	"sync"
	"testing"

	_ "github.com/v6ct/v6ct/targets/builtin" // the implementations
)

// Every scenario passes with the reference node in every role: the
// reference node must interoperate with itself before anything else.
func TestReferenceNodeWithItself(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root: the topology is made of namespaces and TAP devices")
	}
	ref := Impls["refnode"]
	var jobs []func()
	for _, s := range Scenarios {
		if s.Slow && !slowTests() {
			t.Logf("%s is slow: V6CT_SLOW=1 runs it", s.ID)
			continue
		}
		for _, a := range Arrangements(s, []Impl{ref}, "") {
			dir := t.TempDir()
			jobs = append(jobs, func() {
				c := Run(s, a, dir)
				if c.Verdict != "PASS" {
					t.Errorf("%s %s: %s %s\nsteps:\n%s\nladder:\n%s", s.ID, c.Arrangement, c.Verdict, c.Reason, join(c.Steps), join(c.Ladder))
				}
			})
		}
	}
	together(jobs)
}

// slowTests says whether the slow scenarios run (V6CT_SLOW=1): each
// waits out minutes of protocol timers in real time.
func slowTests() bool { return os.Getenv("V6CT_SLOW") == "1" }

// together runs the cells at once, a few at a time: each has a topology
// of its own, and most of a cell's time is spent waiting for frames.
func together(jobs []func()) {
	const atOnce = 6
	sem := make(chan struct{}, atOnce)
	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			j()
		}()
	}
	wg.Wait()
}

// The arrangements of a two-host scenario over two implementations are
// the four bindings; with a device under test, the three that include it.
func TestArrangements(t *testing.T) {
	s := Scenarios[0]
	impls := []Impl{Impls["refnode"], Impls["linux"]}
	if got := len(Arrangements(s, impls, "")); got != 4 {
		t.Errorf("all: %d arrangements, want 4", got)
	}
	if got := len(Arrangements(s, impls, "linux")); got != 3 {
		t.Errorf("with linux: %d arrangements, want 3", got)
	}
	device := Impl{Name: "d", Key: "d", Host: "d", One: true}
	if got := len(Arrangements(s, []Impl{Impls["refnode"], device}, "d")); got != 2 {
		t.Errorf("a device: %d arrangements, want 2 (it takes one role)", got)
	}
	hostOnly := Impl{Name: "h", Host: "h"}
	r := Scenarios[2]
	for _, a := range Arrangements(r, []Impl{hostOnly, Impls["refnode"]}, "") {
		if a["ROUTER1"].Name == "h" {
			t.Errorf("a host-only implementation took the router role: %s", a.String(r))
		}
	}
}

// A role with a tunnel is not applicable to a target that makes no such
// tunnel: decided before the node is made.
func TestTunnelRoleNeedsTheCapability(t *testing.T) {
	for _, s := range Scenarios {
		if s.ID != "interop:tunnel-6in6" {
			continue
		}
		a := Arrangement{"HOST1": Impls["gvisor"], "HOST2": Impls["gvisor"]}
		if c := Run(s, a, t.TempDir()); c.Verdict != "N/A" || !strings.Contains(c.Reason, "tunnel-6in6") {
			t.Errorf("%s on gvisor: %s %q, want N/A for the missing tunnel-6in6 capability", s.ID, c.Verdict, c.Reason)
		}
		return
	}
	t.Fatal("no interop:tunnel-6in6 scenario")
}

func join(l []string) string {
	s := ""
	for _, x := range l {
		s += "  " + x + "\n"
	}
	return s
}

// A scenario fails the node that breaks the rule, and says which rule:
// each judgement of the scenarios, shown with reference nodes started
// with the deviation (refnode/faults).
func TestScenariosFailTheDeviatingNode(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root: the topology is made of namespaces and TAP devices")
	}
	ref := Impls["refnode"]
	byID := map[string]Scenario{}
	for _, s := range Scenarios {
		byID[s.ID] = s
	}
	var jobs []func()
	for _, c := range []struct {
		scenario string
		faults   map[string][]string
		want     string
		warn     bool // the judgement is a recommendation's: WARN, not FAIL
	}{
		{"interop:link-local-echo", map[string][]string{"HOST2": {"no-echo-reply"}}, "HOST2 (refnode) broke RFC 4443 §4.2", false},
		{"interop:echo-across-router", map[string][]string{"ROUTER1": {"forward-no-decrement"}}, "ROUTER1 (refnode) broke RFC 8200 §3", false},
		// The winner defends, the loser probes and then leaves the address alone.
		{"interop:dad-duplicate", map[string][]string{"HOST1": {"dad-no-defend"}}, "HOST1 (refnode) broke RFC 4862 §5.4.3", false},
		{"interop:dad-duplicate", map[string][]string{"HOST2": {"dad-ignore-conflict"}}, "HOST2 (refnode) broke RFC 4862 §5.4.5", false},
		{"interop:dad-duplicate", map[string][]string{"HOST2": {"no-dad"}}, "HOST2 (refnode) broke RFC 4862 §5.4:", false},
		// Preference first, then the switch when the preferred one leaves.
		{"interop:default-router-switch", map[string][]string{"HOST1": {"ignore-router-preference"}}, "HOST1 (refnode) broke RFC 4191 §3", false},
		{"interop:default-router-switch", map[string][]string{"HOST1": {"ignore-router-lifetime"}}, "HOST1 (refnode) broke RFC 4861 §6.3.4", false},
		{"interop:default-router-switch", map[string][]string{"ROUTER1": {"ra-no-final"}}, "ROUTER1 (refnode) broke RFC 4861 §6.2.5", false},
		// The router redirects, correctly; the host follows.
		{"interop:redirect", map[string][]string{"ROUTER1": {"no-redirect-sent"}}, "ROUTER1 (refnode) broke RFC 4861 §8.2", false},
		{"interop:redirect", map[string][]string{"ROUTER1": {"redirect-from-global"}}, "ROUTER1 (refnode) broke RFC 4861 §8.2", false},
		{"interop:redirect", map[string][]string{"HOST1": {"redirect-ignored"}}, "HOST1 (refnode) broke RFC 4861 §8.3", false},
		// Each hop of the fragmented echo.
		{"interop:pmtu-fragments", map[string][]string{"ROUTER1": {"forward-fragments"}}, "ROUTER1 (refnode) broke RFC 8200 §5, RFC 4443 §3.2", false},
		{"interop:pmtu-fragments", map[string][]string{"HOST1": {"ptb-ignored"}}, "HOST1 (refnode) broke RFC 8201 §4", false},
		{"interop:pmtu-fragments", map[string][]string{"HOST2": {"no-reassembly"}}, "HOST2 (refnode) broke RFC 8200 §4.5", false},
		// Multicast across the router follows the listener's reports.
		{"interop:multicast-listeners", map[string][]string{"ROUTER1": {"mldr-forwards-everywhere"}}, "ROUTER1 (refnode) broke RFC 3810 §7.2.3: forwarded", false},
		{"interop:multicast-listeners", map[string][]string{"ROUTER1": {"mldr-forward-no-decrement"}}, "ROUTER1 (refnode) broke RFC 8200 §3", false},
		{"interop:multicast-listeners", map[string][]string{"ROUTER1": {"mldr-to-in-no-query"}}, "ROUTER1 (refnode) broke RFC 3810 §7.6.3.1", false},
		{"interop:multicast-listeners", map[string][]string{"HOST2": {"mld-no-report"}}, "HOST2 (refnode) broke RFC 3810 §6.1", false},
		// The path MTU stands 5 minutes, and is tried larger by 10.
		{"interop:pmtu-increase", map[string][]string{"HOST1": {"pmtu-raised-early"}}, "HOST1 (refnode) broke RFC 8201 §4: sent a 1496-octet packet", false},
		{"interop:pmtu-increase", map[string][]string{"HOST1": {"pmtu-kept-forever"}}, "HOST1 (refnode) broke RFC 8201 §4: sent nothing over 1280 octets", true},
		// The tunnel's far end takes the packet out.
		{"interop:tunnel-6in6", map[string][]string{"HOST2": {"tunnel-no-decap"}}, "HOST2 (refnode) broke RFC 2473 §3.3", false},
		{"interop:tunnel-6in4", map[string][]string{"HOST2": {"tunnel-no-decap"}}, "HOST2 (refnode) broke RFC 4213 §3.6", false},
		// A link-local source sent off-link: the router keeps it on its
		// link, and the host that sent it is named too.
		{"interop:link-local-stays-on-link", map[string][]string{"HOST1": {"source-first-address"}, "ROUTER1": {"forward-link-local-source"}}, "ROUTER1 (refnode) broke RFC 4291 §2.5.6", false},
		{"interop:link-local-stays-on-link", map[string][]string{"HOST1": {"source-first-address"}}, "HOST1 (refnode) broke RFC 6724 §5 rule 2", false},
		// Extension headers: the router passes them on, the destination
		// skips the option that asks to be skipped.
		{"interop:extension-headers-intact", map[string][]string{"HOST2": {"option-00-discard"}}, "HOST2 (refnode) broke RFC 8200 §4.2", false},
		{"interop:extension-headers-intact", map[string][]string{"ROUTER1": {"forward-no-decrement"}}, "ROUTER1 (refnode) broke RFC 8200 §3", false},
		{"interop:extension-headers-intact", map[string][]string{"ROUTER1": {"forward-rewrites-dest-opts"}}, "ROUTER1 (refnode) broke RFC 8200 §4, §4.2", false},
		// SLAAC: a host that forms no address, one that uses it unprobed.
		{"interop:slaac-echo", map[string][]string{"HOST2": {"no-slaac"}}, "HOST2 (refnode) broke RFC 4862 §5.5.3", false},
		{"interop:slaac-echo", map[string][]string{"HOST1": {"no-dad"}}, "HOST1 (refnode) broke RFC 4862 §5.4:", false},
		// The router's reset: it solicits the hosts at their groups, they
		// probe it, it answers the probes as solicited.
		{"interop:nud-across-router-reset", map[string][]string{"ROUTER1": {"ns-wrong-group"}}, "ROUTER1 (refnode) broke RFC 4861 §7.2.2", false},
		{"interop:nud-across-router-reset", map[string][]string{"ROUTER1": {"na-no-solicited-flag"}}, "ROUTER1 (refnode) broke RFC 4861 §7.2.4", false},
		{"interop:nud-across-router-reset", map[string][]string{"HOST1": {"nud-no-probe"}}, "HOST1 (refnode) broke RFC 4861 §7.3.3", false},
		// Hosts behind the tunnel's ends: each hop of the way.
		{"interop:tunnel-6in6-routers", map[string][]string{"ROUTER1": {"tunnel-entry-no-decrement"}}, "ROUTER1 (refnode) broke RFC 2473 §3.1", false},
		{"interop:tunnel-6in6-routers", map[string][]string{"ROUTER2": {"tunnel-no-decap"}}, "ROUTER2 (refnode) broke RFC 2473 §3.3", false},
		{"interop:tunnel-6in6-routers", map[string][]string{"ROUTER2": {"forward-no-decrement"}}, "ROUTER2 (refnode) broke RFC 8200 §3", false},
		{"interop:tunnel-6in4-routers", map[string][]string{"ROUTER2": {"tunnel-no-decap"}}, "ROUTER2 (refnode) broke RFC 4213 §3.6", false},
		{"interop:tunnel-6in4-routers", map[string][]string{"ROUTER1": {"tunnel-entry-no-decrement"}}, "ROUTER1 (refnode) broke RFC 8200 §3", false},
		// One link-local address on two links: the answer stays in its
		// zone and goes to the asking host's own interface.
		{"interop:same-link-local-two-links", map[string][]string{"ROUTER1": {"ll-first-interface"}}, "ROUTER1 (refnode) broke RFC 4007 §5", false},
		{"interop:same-link-local-two-links", map[string][]string{"ROUTER1": {"neighbor-zone-blind"}}, "ROUTER1 (refnode) broke RFC 4007 §6", false},
	} {
		s, ok := byID[c.scenario]
		if !ok {
			t.Errorf("no scenario %s", c.scenario)
			continue
		}
		// A slow scenario's FAIL comes early, its PASS or WARN only after
		// the whole timer.
		if s.Slow && !slowTests() && c.warn {
			t.Logf("%s with %v waits out the whole timer: V6CT_SLOW=1 runs it", c.scenario, c.faults)
			continue
		}
		a := Arrangement{}
		for _, r := range s.Roles {
			a[r.Name] = ref
		}
		dir := t.TempDir()
		jobs = append(jobs, func() {
			cell := RunWith(s, a, dir, c.faults)
			want := "FAIL"
			if c.warn {
				want = "WARN"
			}
			if cell.Verdict != want || !strings.Contains(cell.Reason, c.want) {
				t.Errorf("%s with %v: %s %q, want %s %q\nsteps:\n%s", c.scenario, c.faults, cell.Verdict, cell.Reason, want, c.want, join(cell.Steps))
			}
		})
	}
	together(jobs)
}
