package suites

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os"
	"regexp"
	"sort"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Profile describes an external device under test: how the tester reaches
// it, what it is, which optional behaviours it has, and how to control it.
// It is read from YAML; see docs/certify-a-router.md.
type Profile struct {
	Path string // the file it was read from
	Name string
	Role string // host or router
	// Links are the device's links to the tester, Link0 first.
	Links []ProfileLink
	// Capabilities are the optional behaviours the device has (see
	// KnownCapabilities); a spec that needs one the profile lacks is N/A.
	Capabilities []string
	// ResetBeforeEachSpec runs the reset action before every spec.
	ResetBeforeEachSpec bool
	Alive               AliveConfig
	// Settle is how long the device may take to apply what a Router
	// Advertisement, Redirect, Packet Too Big or Neighbor Advertisement
	// teaches it (settle.go); DefaultProfileSettle when the profile does
	// not say.
	Settle time.Duration
	// Actions are the device's control actions by name; an absent one
	// makes a spec that needs it N/A.
	Actions map[ActionName]*ActionSpec
}

// ProfileLink is one link between the tester and the device.
type ProfileLink struct {
	Tester string // the tester's interface (on this machine)
	Device string // the device's name for its interface, for {link}
	// MAC, LinkLocal, Global are the device's; zero values mean "learn":
	// the tester finds them on the wire before the first spec.
	MAC       net.HardwareAddr
	LinkLocal netip.Addr
	Global    netip.Addr
	// Prefix is the link's global on-link prefix (default 2001:db8:N+1::/64).
	Prefix netip.Prefix
	Line   int // where the link starts in the file
}

// AliveConfig is how the tester checks, between specs, that the device
// still answers.
type AliveConfig struct {
	Method  string        // echo (NS when echo gets no answer), ns, or off
	Timeout time.Duration // how long to wait for an answer
}

// ActionSpec is one control action of a profile: a command template run
// by the local shell (ssh, a serial helper, a script), or a manual step
// the operator is asked to do.
type ActionSpec struct {
	Name         ActionName
	Run          string        // command template; empty when manual
	Manual       string        // instruction template for the operator; empty when Run is set
	Timeout      time.Duration // for Run (default 60 s)
	ReadyTimeout time.Duration // reboot: how long the device may take to answer again
	Line         int
}

// KnownCapabilities lists what a profile may declare, with what each means.
var KnownCapabilities = map[string]string{
	CapMultipleInterfaces: "the device has two links to the tester (implied by two links in the profile)",
	CapHopByHop:           "the router examines the Hop-by-Hop options of packets it forwards rather than skipping them (RFC 8200 §4)",
	CapRADNS:              "the device handles the DNS options of Router Advertisements (RFC 8106): a router sends RDNSS and DNSSL, a host takes them",
	CapSLAAC:              "the host forms addresses from the prefixes of Router Advertisements (RFC 4862)",
	CapMulticastEcho:      "the device answers Echo Requests sent to multicast groups it belongs to (RFC 4443 §4.2, a SHOULD)",
	CapPathMTUDiscovery:   "the device keeps per-destination path MTUs learnt from Packet Too Big (RFC 8201)",
	CapRouteInformation:   "the host processes Route Information options, ::/0 ones included (an RFC 4191 §3 type C host)",
	CapRedirects:          "the host acts on the Redirects it accepts, sending to the first hop they name (RFC 4861 §8.3, a SHOULD)",
	CapStableAddresses:    "the device forms its autoconfigured addresses from stable, semantically opaque interface identifiers (RFC 7217)",
	CapStableLinkLocal:    "the device forms its link-local address from a stable, semantically opaque interface identifier (RFC 7217), not from its MAC",
	CapRH0:                "the device still routes by type 0 routing headers as RFC 2460 §4.4 did, which RFC 5095 deprecated (legacy specs only)",
}

// placeholders each action may use; every action may also use {profile}.
var (
	linkPlaceholders   = []string{"link", "tester_if", "index", "mac", "link_local", "global"}
	actionPlaceholders = map[ActionName][]string{
		ActReset:       nil,
		ActReboot:      nil,
		ActRestartLink: linkPlaceholders,
		ActSetAddress:  append([]string{"addr", "plen", "prefix"}, linkPlaceholders...),
		ActAddRoute:    append([]string{"prefix", "plen", "nexthop"}, linkPlaceholders...),
		ActStartRA: append([]string{"prefix", "plen", "router_lifetime", "interval", "valid_lifetime",
			"preferred_lifetime", "mtu", "managed", "other", "hop_limit", "reachable_time", "retrans_timer",
			"dns", "dns_lifetime"}, linkPlaceholders...),
		ActStopRA:   linkPlaceholders,
		ActSendEcho: append([]string{"dst"}, linkPlaceholders...),
		ActSetMTU:   append([]string{"mtu"}, linkPlaceholders...),
		ActAddTunnel: append([]string{"name", "mode", "local", "remote", "hop_limit", "encap_limit", "mtu", "address",
			"inner", "outer", "routes", "ipv4_addresses", "ipv4_forwarding"}, linkPlaceholders...),
		ActJoin:      append([]string{"group", "socket", "sources"}, linkPlaceholders...),
		ActLeave:     append([]string{"group", "socket"}, linkPlaceholders...),
		ActSetFilter: append([]string{"group", "socket", "mode", "sources"}, linkPlaceholders...),
	}
)

// ProfileError is a problem in a profile file, at a line, about a field.
type ProfileError struct {
	Path  string
	Line  int
	Field string
	Msg   string
}

func (e *ProfileError) Error() string {
	loc := e.Path
	if e.Line > 0 {
		loc = fmt.Sprintf("%s:%d", e.Path, e.Line)
	}
	if e.Field != "" {
		return fmt.Sprintf("%s: %s: %s", loc, e.Field, e.Msg)
	}
	return fmt.Sprintf("%s: %s", loc, e.Msg)
}

// LoadProfile reads and validates a profile file.
func LoadProfile(path string) (*Profile, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseProfile(path, b)
}

// ParseProfile parses and validates a profile; errors name the line and
// the field.
func ParseProfile(path string, data []byte) (*Profile, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		line := 0
		msg := err.Error()
		if m := regexp.MustCompile(`line (\d+): (.*)`).FindStringSubmatch(msg); m != nil {
			fmt.Sscan(m[1], &line)
			msg = m[2]
		}
		return nil, &ProfileError{Path: path, Line: line, Msg: "not valid YAML: " + strings.TrimPrefix(msg, "yaml: ")}
	}
	if len(doc.Content) == 0 {
		return nil, &ProfileError{Path: path, Msg: "empty profile"}
	}
	d := &decoder{path: path}
	p := &Profile{Path: path, Actions: map[ActionName]*ActionSpec{}, Alive: AliveConfig{Method: "echo", Timeout: 2 * time.Second},
		Settle: DefaultProfileSettle}
	root := doc.Content[0]
	if err := d.mapping(root, "", map[string]func(*yaml.Node, string) error{
		"name": func(n *yaml.Node, f string) error { return d.str(n, f, &p.Name) },
		"role": func(n *yaml.Node, f string) error {
			if err := d.str(n, f, &p.Role); err != nil {
				return err
			}
			if p.Role != "host" && p.Role != "router" {
				return d.errf(n, f, "%q is not a role: host or router", p.Role)
			}
			return nil
		},
		"links": func(n *yaml.Node, f string) error {
			if n.Kind != yaml.SequenceNode {
				return d.errf(n, f, "a list of links is expected")
			}
			for i, ln := range n.Content {
				l, err := d.link(ln, fmt.Sprintf("%s[%d]", f, i), i)
				if err != nil {
					return err
				}
				p.Links = append(p.Links, l)
			}
			return nil
		},
		"capabilities": func(n *yaml.Node, f string) error {
			if n.Kind != yaml.SequenceNode {
				return d.errf(n, f, "a list of capabilities is expected")
			}
			for i, c := range n.Content {
				var s string
				if err := d.str(c, fmt.Sprintf("%s[%d]", f, i), &s); err != nil {
					return err
				}
				if why, ok := retiredCapabilities[s]; ok {
					return d.errf(c, fmt.Sprintf("%s[%d]", f, i), "capability %q: %s", s, why)
				}
				if _, ok := KnownCapabilities[s]; !ok {
					return d.errf(c, fmt.Sprintf("%s[%d]", f, i), "unknown capability %q (known: %s)", s, strings.Join(sortedKeys(KnownCapabilities), ", "))
				}
				p.Capabilities = append(p.Capabilities, s)
			}
			return nil
		},
		"reset_before_each_spec": func(n *yaml.Node, f string) error { return d.boolean(n, f, &p.ResetBeforeEachSpec) },
		"settle":                 func(n *yaml.Node, f string) error { return d.settle(n, f, &p.Settle) },
		"alive": func(n *yaml.Node, f string) error {
			return d.mapping(n, f, map[string]func(*yaml.Node, string) error{
				"method": func(n *yaml.Node, f string) error {
					if err := d.str(n, f, &p.Alive.Method); err != nil {
						return err
					}
					switch p.Alive.Method {
					case "echo", "ns", "off":
						return nil
					}
					return d.errf(n, f, "%q is not a method: echo, ns or off", p.Alive.Method)
				},
				"timeout": func(n *yaml.Node, f string) error { return d.duration(n, f, &p.Alive.Timeout) },
			})
		},
		"actions": func(n *yaml.Node, f string) error {
			if n.Kind != yaml.MappingNode {
				return d.errf(n, f, "a mapping of action names to commands is expected")
			}
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				name := ActionName(k.Value)
				allowed, ok := actionPlaceholders[name]
				if !ok {
					return d.errf(k, f+"."+k.Value, "unknown action (known: %s)", strings.Join(ActionNames(), ", "))
				}
				a, err := d.action(v, f+"."+k.Value, name, allowed)
				if err != nil {
					return err
				}
				p.Actions[name] = a
			}
			return nil
		},
	}); err != nil {
		return nil, err
	}
	if p.Name == "" {
		return nil, &ProfileError{Path: path, Line: root.Line, Field: "name", Msg: "missing"}
	}
	if p.Role == "" {
		return nil, &ProfileError{Path: path, Line: root.Line, Field: "role", Msg: "missing (host or router)"}
	}
	if len(p.Links) == 0 {
		return nil, &ProfileError{Path: path, Line: root.Line, Field: "links", Msg: "missing: the device needs at least one link to the tester"}
	}
	if len(p.Links) > len(LinkPrefixes) {
		return nil, &ProfileError{Path: path, Line: p.Links[len(LinkPrefixes)].Line, Field: "links", Msg: fmt.Sprintf("at most %d links", len(LinkPrefixes))}
	}
	seen := map[string]int{}
	for i, l := range p.Links {
		if j, ok := seen[l.Tester]; ok {
			return nil, &ProfileError{Path: path, Line: l.Line, Field: fmt.Sprintf("links[%d].tester", i), Msg: fmt.Sprintf("%s is already links[%d]'s tester interface", l.Tester, j)}
		}
		seen[l.Tester] = i
	}
	if len(p.Links) > 1 && !p.Has("multiple-interfaces") {
		p.Capabilities = append(p.Capabilities, CapMultipleInterfaces)
	}
	return p, nil
}

// Has reports whether the profile declares a capability.
func (p *Profile) Has(capability string) bool {
	for _, c := range p.Capabilities {
		if c == capability {
			return true
		}
	}
	return false
}

// decoder walks the YAML node tree, so that every error has a line.
type decoder struct{ path string }

func (d *decoder) errf(n *yaml.Node, field, format string, args ...any) error {
	return &ProfileError{Path: d.path, Line: n.Line, Field: field, Msg: fmt.Sprintf(format, args...)}
}

func (d *decoder) mapping(n *yaml.Node, field string, keys map[string]func(*yaml.Node, string) error) error {
	if n.Kind != yaml.MappingNode {
		where := field
		if where == "" {
			where = "profile"
		}
		return d.errf(n, field, "a mapping is expected for %s", where)
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		f := k.Value
		if field != "" {
			f = field + "." + k.Value
		}
		fn, ok := keys[k.Value]
		if !ok {
			return d.errf(k, f, "unknown field (known: %s)", strings.Join(sortedKeys(keys), ", "))
		}
		if seen[k.Value] {
			return d.errf(k, f, "given twice")
		}
		seen[k.Value] = true
		if err := fn(v, f); err != nil {
			return err
		}
	}
	return nil
}

func (d *decoder) str(n *yaml.Node, field string, out *string) error {
	if n.Kind != yaml.ScalarNode {
		return d.errf(n, field, "a single value is expected")
	}
	*out = n.Value
	return nil
}

func (d *decoder) boolean(n *yaml.Node, field string, out *bool) error {
	if n.Kind != yaml.ScalarNode || n.Decode(out) != nil {
		return d.errf(n, field, "true or false is expected, not %q", n.Value)
	}
	return nil
}

func (d *decoder) duration(n *yaml.Node, field string, out *time.Duration) error {
	v, err := time.ParseDuration(n.Value)
	if n.Kind != yaml.ScalarNode || err != nil || v <= 0 {
		return d.errf(n, field, "a positive duration such as 2s or 3m is expected, not %q", n.Value)
	}
	*out = v
	return nil
}

// DefaultProfileSettle is an external device's settle time when its
// profile gives none: long enough for a router's control plane, short
// enough not to slow a run much (a few specs send a stimulus).
const DefaultProfileSettle = time.Second

// MaxProfileSettle bounds settle:, against a typing slip that would make
// every run crawl.
const MaxProfileSettle = 30 * time.Second

func (d *decoder) settle(n *yaml.Node, field string, out *time.Duration) error {
	v, err := time.ParseDuration(n.Value)
	if n.Value == "0" {
		v, err = 0, nil
	}
	if n.Kind != yaml.ScalarNode || err != nil || v < 0 || v > MaxProfileSettle {
		return d.errf(n, field, "a duration from 0 to %v such as 500ms or 2s is expected, not %q", MaxProfileSettle, n.Value)
	}
	*out = v
	return nil
}

func (d *decoder) link(n *yaml.Node, field string, i int) (ProfileLink, error) {
	l := ProfileLink{Line: n.Line, Prefix: LinkPrefixes[min(i, len(LinkPrefixes)-1)]}
	learnable := func(n *yaml.Node, f string, parse func(string) error) error {
		var s string
		if err := d.str(n, f, &s); err != nil {
			return err
		}
		if s == "learn" {
			return nil
		}
		if err := parse(s); err != nil {
			return d.errf(n, f, "%s (or \"learn\")", err)
		}
		return nil
	}
	err := d.mapping(n, field, map[string]func(*yaml.Node, string) error{
		"tester": func(n *yaml.Node, f string) error {
			if err := d.str(n, f, &l.Tester); err != nil {
				return err
			}
			if !ifnameRe.MatchString(l.Tester) {
				return d.errf(n, f, "%q is not an interface name", l.Tester)
			}
			return nil
		},
		"device": func(n *yaml.Node, f string) error {
			if err := d.str(n, f, &l.Device); err != nil {
				return err
			}
			if !safeValueRe.MatchString(l.Device) {
				return d.errf(n, f, "%q: letters, digits and . _ - / : only", l.Device)
			}
			return nil
		},
		"mac": func(n *yaml.Node, f string) error {
			return learnable(n, f, func(s string) error {
				mac, err := net.ParseMAC(s)
				if err != nil || len(mac) != 6 {
					return fmt.Errorf("%q is not an Ethernet MAC address", s)
				}
				l.MAC = mac
				return nil
			})
		},
		"link_local": func(n *yaml.Node, f string) error {
			return learnable(n, f, func(s string) error {
				a, err := netip.ParseAddr(s)
				if err != nil || !a.Is6() || !a.IsLinkLocalUnicast() {
					return fmt.Errorf("%q is not an IPv6 link-local address", s)
				}
				l.LinkLocal = a
				return nil
			})
		},
		"global": func(n *yaml.Node, f string) error {
			return learnable(n, f, func(s string) error {
				a, err := netip.ParseAddr(s)
				if err != nil || !a.Is6() || !a.IsGlobalUnicast() || a.IsLinkLocalUnicast() {
					return fmt.Errorf("%q is not an IPv6 global address", s)
				}
				l.Global = a
				return nil
			})
		},
		"prefix": func(n *yaml.Node, f string) error {
			p, err := netip.ParsePrefix(n.Value)
			if n.Kind != yaml.ScalarNode || err != nil || !p.Addr().Is6() || p.Bits() != 64 || p.Masked() != p {
				return d.errf(n, f, "%q is not an IPv6 /64 prefix", n.Value)
			}
			l.Prefix = p
			return nil
		},
	})
	if err != nil {
		return l, err
	}
	if l.Tester == "" {
		return l, d.errf(n, field+".tester", "missing: the tester's interface on this link")
	}
	if l.Global.IsValid() && !l.Prefix.Contains(l.Global) {
		return l, d.errf(n, field+".global", "%s is not in the link's prefix %s", l.Global, l.Prefix)
	}
	return l, nil
}

var (
	ifnameRe      = regexp.MustCompile(`^[A-Za-z0-9_.:@-]{1,15}$`)
	safeValueRe   = regexp.MustCompile(`^[A-Za-z0-9_./:@-]+$`)
	placeholderRe = regexp.MustCompile(`\$?\{([a-z][a-z0-9_]*)\}`)
)

func (d *decoder) action(n *yaml.Node, field string, name ActionName, allowed []string) (*ActionSpec, error) {
	a := &ActionSpec{Name: name, Line: n.Line, Timeout: 60 * time.Second}
	if name == ActReboot {
		a.ReadyTimeout = 3 * time.Minute
	}
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Value == "manual" {
			a.Manual = defaultManualText(name)
		} else {
			a.Run = n.Value
		}
	case yaml.MappingNode:
		if err := d.mapping(n, field, map[string]func(*yaml.Node, string) error{
			"run":     func(n *yaml.Node, f string) error { return d.str(n, f, &a.Run) },
			"manual":  func(n *yaml.Node, f string) error { return d.str(n, f, &a.Manual) },
			"timeout": func(n *yaml.Node, f string) error { return d.duration(n, f, &a.Timeout) },
			"ready_timeout": func(n *yaml.Node, f string) error {
				if name != ActReboot {
					return d.errf(n, f, "only the reboot action waits for the device to be ready")
				}
				return d.duration(n, f, &a.ReadyTimeout)
			},
		}); err != nil {
			return nil, err
		}
	default:
		return nil, d.errf(n, field, "a command, \"manual\", or a mapping with run or manual is expected")
	}
	if (a.Run == "") == (a.Manual == "") {
		return nil, d.errf(n, field, "give either run (a command) or manual (what the operator must do)")
	}
	tmpl := a.Run + a.Manual
	known := map[string]bool{"profile": true}
	for _, p := range allowed {
		known[p] = true
	}
	for _, m := range placeholderRe.FindAllStringSubmatch(tmpl, -1) {
		if strings.HasPrefix(m[0], "$") {
			continue // a shell variable, ${NAME}
		}
		if !known[m[1]] {
			ks := sortedKeys(known)
			for i := range ks {
				ks[i] = "{" + ks[i] + "}"
			}
			return nil, d.errf(n, field, "unknown placeholder {%s} (this action knows %s)", m[1], strings.Join(ks, " "))
		}
	}
	return a, nil
}

// defaultManualText is what the operator is told for a bare "manual".
func defaultManualText(name ActionName) string {
	switch name {
	case ActReset:
		return "Reset the device to its profile configuration, as after a restart: flush its neighbor and destination caches and cached path MTUs, forget the routes, prefixes and addresses it learnt from Router Advertisements, remove routes and addresses added during the run, stop router advertisements started during the run."
	case ActReboot:
		return "Reboot the device."
	case ActRestartLink:
		return "Take the device's interface {link} down and bring it up again."
	case ActSetAddress:
		return "Configure the address {addr}/{plen} on the device's interface {link}."
	case ActAddRoute:
		return "Add a route on the device to {prefix} via {nexthop} on interface {link}."
	case ActStartRA:
		return "Make the device advertise on {link}: prefix {prefix}, router lifetime {router_lifetime} s, every {interval} s at most, MTU {mtu} (0: no MTU option), managed={managed} other={other}, DNS {dns}."
	case ActStopRA:
		return "Stop router advertisements on the device's interface {link}."
	case ActSendEcho:
		return "Make the device send one Echo Request to {dst} out of {link} (e.g. ping -6 -c 1 {dst}%{link})."
	case ActSetMTU:
		return "Set the MTU of the device's interface {link} to {mtu}."
	case ActAddTunnel:
		return "Configure a {mode} tunnel {name} from {local} to {remote} over {link} (outer hop limit {hop_limit}, encapsulation limit {encap_limit}, MTU {mtu}: 0 means the default), give it {address}, route {routes} through it, and give the device the IPv4 addresses {ipv4_addresses} (interface=address/length)."
	}
	return string(name)
}

func sortedKeys[V any](m map[string]V) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// errNoProfile is returned for a profile target without a path.
var errNoProfile = errors.New("a profile target needs a file: --target profile:PATH.yaml or --profile PATH.yaml")
