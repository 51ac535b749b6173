package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/v6ct/v6ct/suites"
)

// guidePath is the guide whose capability and action tables this file
// keeps in step with the code.
const guidePath = "../../docs/certify-a-router.md"

// actionWhen says when the tester runs each action; a new action without
// a line here fails TestGuideListsEveryCapabilityAndAction, so that no
// action exists undocumented.
var actionWhen = map[suites.ActionName]string{
	suites.ActReset:       "before each spec (with `reset_before_each_spec`), and first when the device stops answering. Back to the profile's configuration, as after a restart: flush the neighbor and destination caches and cached path MTUs, forget what Router Advertisements taught (routes, prefixes, autoconfigured addresses), remove routes, addresses and tunnels added during the run, stop advertisements started during the run, restore MTUs. Interop: the router's restart in `interop:nud-across-router-reset`",
	suites.ActReboot:      "when `reset` did not bring a silent device back; the tester then waits up to `ready_timeout` for it to answer",
	suites.ActRestartLink: "specs that watch the device bring an interface up (DAD, first solicitations): interface down and up",
	suites.ActSetAddress:  "a global address the tester could not learn; a spec's extra address (only with `reset_before_each_spec`, whose `reset` removes it again; a spec that needs a deprecated address is N/A)",
	suites.ActAddRoute:    "specs that need a static route (forwarding specs)",
	suites.ActStartRA:     "specs about a router's own advertisements (`suites.RouterAdvertises`), during the spec (seconds; milliseconds for `{reachable_time}` and `{retrans_timer}`)",
	suites.ActStopRA:      "at the end of a spec that started advertisements",
	suites.ActSendEcho:    "specs where the device must send an Echo Request",
	suites.ActSetMTU:      "specs that change an interface's MTU",
	suites.ActAddTunnel:   "specs that judge a configured tunnel: before the spec, make the tunnel (see [Tunnels](#tunnels))",
	suites.ActJoin:        "multicast listener specs (RFC 3810 §3): on the device's socket number `{socket}` (0, 1, ...: a program's socket each, kept until the spec ends), listen to `{group}` from any source, or from `{sources}` (comma-separated) when given",
	suites.ActLeave:       "multicast listener specs: socket `{socket}` stops listening to `{group}`",
	suites.ActSetFilter:   "multicast listener specs: set socket `{socket}`'s source filter for `{group}` to `{mode}` (INCLUDE or EXCLUDE) with `{sources}` (comma-separated, maybe empty); INCLUDE with no sources leaves the group. Every socket is closed before the next spec",
}

// actionSpecsBeyondSetup are the specs of actions that no spec's setup
// declares: asked for during the spec, or by the tester itself.
var actionSpecsBeyondSetup = map[suites.ActionName]string{
	suites.ActReset:  "every spec, when `reset_before_each_spec` is set; the recovery of a silent device; interop:nud-across-router-reset",
	suites.ActReboot: "the recovery of a silent device",
	suites.ActStopRA: "as start-ra",
}

// planNeeds runs v6ct plan --json for a device with two links, no
// capability and no action, in each role, and returns what every spec
// (legacy ones included) needs, by capability and by action.
func planNeeds(t *testing.T) (caps, acts map[string][]plannedJSON) {
	t.Helper()
	caps, acts = map[string][]plannedJSON{}, map[string][]plannedJSON{}
	seen := map[string]bool{}
	dir := t.TempDir()
	for _, role := range []string{"host", "router"} {
		prof := filepath.Join(dir, role+".yaml")
		if err := os.WriteFile(prof, []byte("name: bare\nrole: "+role+"\nlinks:\n  - tester: tst0\n  - tester: tst1\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		code, out := v6ct(t, "plan", "--profile", prof, "--json", "--label-filter", "legacy||!legacy")
		if code != 0 {
			t.Fatalf("plan for a %s: exit %d:\n%s", role, code, out)
		}
		var doc struct{ Specs []plannedJSON }
		if err := json.Unmarshal([]byte(out[strings.Index(out, "{"):]), &doc); err != nil {
			t.Fatalf("plan --json: %v", err)
		}
		for _, s := range doc.Specs {
			if seen[s.ID] || (strings.HasPrefix(s.Reason, "applies to ") && strings.Contains(s.Reason, "s only")) {
				continue // the other role's, or already counted
			}
			seen[s.ID] = true
			for _, c := range s.Capabilities {
				caps[c] = append(caps[c], s)
			}
			for _, a := range s.Actions {
				acts[a] = append(acts[a], s)
			}
		}
	}
	return caps, acts
}

// testsOf names the catalogue tests among specs, each once, as the guide
// lists them: at most max, then how many more.
func testsOf(specs []plannedJSON, max int) string {
	if len(specs) == 0 {
		return "none today"
	}
	var names []string
	seen := map[string]bool{}
	for _, s := range specs {
		n := fmt.Sprintf("%s (RFC %s §%s", s.Title, s.RFC, s.Section)
		if s.IPv6Ready != "" {
			n += ", " + s.IPv6Ready
		}
		n += ")"
		if !seen[s.Title] {
			seen[s.Title] = true
			names = append(names, n)
		}
	}
	sort.Strings(names)
	more := ""
	if len(names) > max {
		more = fmt.Sprintf("; and %d more tests", len(names)-max)
		names = names[:max]
	}
	return fmt.Sprintf("%d specs: %s%s", len(specs), strings.Join(names, "; "), more)
}

// guideTables are the generated parts of the guide.
func guideTables(t *testing.T) map[string]string {
	caps, acts := planNeeds(t)
	var c strings.Builder
	c.WriteString("| capability | declare it when the device... | specs that need it |\n|---|---|---|\n")
	names := make([]string, 0, len(suites.KnownCapabilities))
	for n := range suites.KnownCapabilities {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		what := strings.TrimPrefix(suites.KnownCapabilities[n], "the device ")
		fmt.Fprintf(&c, "| `%s` | %s | %s |\n", n, what, testsOf(caps[n], 4))
	}
	var a strings.Builder
	a.WriteString("| action | when | placeholders besides `{profile}` | specs that need it |\n|---|---|---|---|\n")
	for _, n := range suites.ActionNames() {
		name := suites.ActionName(n)
		var ph []string
		for _, p := range suites.ActionPlaceholders(name) {
			ph = append(ph, "`{"+p+"}`")
		}
		phs := strings.Join(ph, " ")
		if phs == "" {
			phs = "—"
		}
		specs := testsOf(acts[n], 3)
		if extra, ok := actionSpecsBeyondSetup[name]; ok {
			if len(acts[n]) == 0 {
				specs = extra
			} else {
				specs = extra + "; " + specs
			}
		}
		fmt.Fprintf(&a, "| `%s` | %s | %s | %s |\n", n, actionWhen[name], phs, specs)
	}
	return map[string]string{"capabilities": c.String(), "actions": a.String()}
}

var generatedRe = regexp.MustCompile(`(?s)(<!-- generated: (\w+)[^>]*-->\n)(.*?)(<!-- end of generated: \w+ -->)`)

// Every capability the tool accepts and every action a profile may have is
// in the guide, with the specs that need it: the guide's tables are made
// from the code (v6ct plan --json for a bare device). The test fails when
// they differ; V6CT_UPDATE_GUIDE=1 writes them.
func TestGuideListsEveryCapabilityAndAction(t *testing.T) {
	for _, n := range suites.ActionNames() {
		if actionWhen[suites.ActionName(n)] == "" {
			t.Errorf("the action %s is not documented: say in actionWhen when the tester runs it", n)
		}
	}
	want := guideTables(t)
	b, err := os.ReadFile(guidePath)
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	found := map[string]bool{}
	updated := generatedRe.ReplaceAllStringFunc(text, func(m string) string {
		g := generatedRe.FindStringSubmatch(m)
		found[g[2]] = true
		return g[1] + want[g[2]] + g[4]
	})
	for k := range want {
		if !found[k] {
			t.Errorf("the guide has no generated %s table (<!-- generated: %s --> ... <!-- end of generated: %s -->)", k, k, k)
		}
	}
	if os.Getenv("V6CT_UPDATE_GUIDE") != "" {
		if err := os.WriteFile(guidePath, []byte(updated), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if updated != text {
		for _, n := range append(sortedCaps(), suites.ActionNames()...) {
			if !strings.Contains(text, "| `"+n+"` |") {
				t.Errorf("the guide does not document %s", n)
			}
		}
		t.Errorf("%s: the capability or action tables differ from the code; V6CT_UPDATE_GUIDE=1 go test ./cmd/v6ct -run %s rewrites them", guidePath, t.Name())
	}
}

func sortedCaps() []string {
	var n []string
	for c := range suites.KnownCapabilities {
		n = append(n, c)
	}
	sort.Strings(n)
	return n
}
