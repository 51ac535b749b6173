package suites

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	. "github.com/onsi/ginkgo/v2"
)

// ActionName names a control action: something the tester asks of the node
// under test beyond the wire.
type ActionName string

// The control actions. A target offers some of them; a spec that needs
// one the target lacks is N/A with that reason.
const (
	// ActReset: the node restarts with its configuration and loses its
	// dynamic state: its neighbor and destination caches, its path MTUs,
	// what the wire taught it (default routers, prefixes, routes,
	// autoconfigured addresses), and what actions changed during the
	// run (added routes and addresses, advertisements started or
	// stopped, MTUs). Its MACs and configured addresses stay.
	ActReset       ActionName = "reset"
	ActReboot      ActionName = "reboot"       // restart the device; the tester then waits until it answers
	ActRestartLink ActionName = "restart-link" // take one interface down and up (what a boot spec watches)
	ActSetAddress  ActionName = "set-address"  // add an address with its prefix length to an interface
	ActAddRoute    ActionName = "add-route"    // add a static route
	ActStartRA     ActionName = "start-ra"     // start (or reconfigure) router advertisements on a link
	ActStopRA      ActionName = "stop-ra"      // stop router advertisements on a link
	ActSendEcho    ActionName = "send-echo"    // make the node send one Echo Request (to a multicast group beyond link scope with the unicast Hop Limit, so that it can cross routers)
	ActSetMTU      ActionName = "set-mtu"      // set an interface's MTU
	ActAddTunnel   ActionName = "add-tunnel"   // configure a tunnel interface, its address and the routes through it (tunnel.go)
	// The multicast listener's socket API (RFC 3810 §3, mld.go): on one
	// socket of the node's, listen to a group (join: from any source, or
	// from the sources given), stop listening (leave), or set the
	// socket's source filter (set-filter: mode and sources).
	ActJoin      ActionName = "join"
	ActLeave     ActionName = "leave"
	ActSetFilter ActionName = "set-filter"
)

// ActionNames lists every action, sorted.
func ActionNames() []string {
	var n []string
	for k := range actionPlaceholders {
		n = append(n, string(k))
	}
	sort.Strings(n)
	return n
}

// ActionPlaceholders lists the placeholders an action's command may use
// besides {profile}.
func ActionPlaceholders(name ActionName) []string {
	return append([]string(nil), actionPlaceholders[name]...)
}

// Action is one request to the node under test.
type Action struct {
	Name  ActionName
	Link  int          // the link it is about (not for reset and reboot)
	Addr  netip.Prefix // set-address: the address and its prefix length
	Route StaticRoute  // add-route
	RA    RAConfig     // start-ra
	Dst   netip.Addr   // send-echo
	Size  int          // send-echo: data octets (0: a short message)
	// EchoOptions are extension headers send-echo's Echo Request carries
	// (interop); a target that cannot add them refuses with ErrNoAction.
	EchoOptions EchoOptions
	MTU         int // set-mtu
	// Tunnel is add-tunnel's tunnel, its Local end already the device's
	// own address.
	Tunnel TunnelSetup
	// join, leave, set-filter (mld.go): the multicast group, the number
	// of the node's socket (0, 1, ...: each its own filter, RFC 3810
	// §4.1), and the filter: mode INCLUDE or EXCLUDE and its sources.
	// A join without sources is EXCLUDE{}; with sources, INCLUDE of them.
	Group      netip.Addr
	Socket     int
	FilterMode FilterMode
	Sources    []netip.Addr
}

func (a Action) String() string {
	switch a.Name {
	case ActReset, ActReboot:
		return string(a.Name)
	case ActSetAddress:
		return fmt.Sprintf("%s %s on Link%d", a.Name, a.Addr, a.Link)
	case ActAddRoute:
		return fmt.Sprintf("%s %s via %s on Link%d", a.Name, a.Route.Prefix, a.Route.NextHop, a.Route.Link)
	case ActStartRA:
		return fmt.Sprintf("%s on Link%d (prefix %s, router lifetime %s)", a.Name, a.Link, a.RA.Prefix, a.RA.RouterLifetime)
	case ActSendEcho:
		return fmt.Sprintf("%s to %s on Link%d", a.Name, a.Dst, a.Link)
	case ActSetMTU:
		return fmt.Sprintf("%s %d on Link%d", a.Name, a.MTU, a.Link)
	case ActAddTunnel:
		return fmt.Sprintf("%s %s (%s) from %s to %s on Link%d", a.Name, a.Tunnel.Name, a.Tunnel.Mode, a.Tunnel.Local, a.Tunnel.Remote, a.Link)
	case ActJoin, ActLeave, ActSetFilter:
		return mldActionString(a) // mld.go
	}
	return fmt.Sprintf("%s on Link%d", a.Name, a.Link)
}

// EchoOptions are the options, type-length-value without padding, of a
// Hop-by-Hop Options and of a Destination Options header for an Echo
// Request; nil leaves the header out.
type EchoOptions struct {
	HopByHop, Destination []byte
}

// Any says whether any header is asked for.
func (o EchoOptions) Any() bool { return o.HopByHop != nil || o.Destination != nil }

// Header is the extension header holding opts, next the header after it,
// padded with Pad1 or PadN to a multiple of 8 octets (RFC 8200 §4.2-4.6):
// the form a socket's IPV6_HOPOPTS and IPV6_DSTOPTS take.
func (o EchoOptions) Header(opts []byte, next uint8) []byte {
	h := append([]byte{next, 0}, opts...)
	switch pad := (8 - len(h)%8) % 8; pad {
	case 0:
	case 1:
		h = append(h, 0) // Pad1
	default:
		h = append(h, 1, byte(pad-2))
		h = append(h, make([]byte, pad-2)...)
	}
	h[1] = byte(len(h)/8 - 1)
	return h
}

// RAConfig is what router advertisements the node is asked to send
// (RFC 4861 §6.2.1 AdvXXX variables).
type RAConfig struct {
	Prefix            netip.Prefix  // advertised on-link, autonomous; invalid: none
	RouterLifetime    time.Duration // AdvDefaultLifetime; 0: not a default router
	Interval          time.Duration // MaxRtrAdvInterval (default 10 s)
	ValidLifetime     time.Duration // default 30 days
	PreferredLifetime time.Duration // default 7 days
	MTU               int           // AdvLinkMTU; 0: no MTU option
	Managed, Other    bool
	HopLimit          uint8
	ReachableTime     time.Duration
	RetransTimer      time.Duration
	DNS               []netip.Addr // RDNSS (RFC 8106)
	DNSLifetime       time.Duration
	// Preference is the Default Router Preference (RFC 4191): 1 high, 0
	// medium, -1 low.
	Preference    int8
	Routes        []RARoute // Route Information options (RFC 4191)
	DNSSL         []string  // DNS search list (RFC 8106)
	DNSSLLifetime time.Duration
}

// RARoute is a more-specific route a router advertises (RFC 4191 §2.3),
// with its preference (1 high, 0 medium, -1 low) and lifetime.
type RARoute struct {
	Prefix     netip.Prefix
	Preference int8
	Lifetime   time.Duration
}

func (r RAConfig) WithDefaults() RAConfig {
	if r.Interval == 0 {
		r.Interval = 10 * time.Second
	}
	if r.ValidLifetime == 0 {
		r.ValidLifetime = 30 * 24 * time.Hour
	}
	if r.PreferredLifetime == 0 {
		r.PreferredLifetime = 7 * 24 * time.Hour
	}
	if len(r.DNS) > 0 && r.DNSLifetime == 0 {
		r.DNSLifetime = 3 * r.Interval
	}
	if len(r.DNSSL) > 0 && r.DNSSLLifetime == 0 {
		r.DNSSLLifetime = 3 * r.Interval
	}
	return r
}

// Controller is the optional interface of a target that can act on the
// node under test. Do returns what it did (commands and their output) for
// the spec's evidence; an error wrapping ErrNoAction means the target
// cannot do it, which makes the spec N/A rather than failed.
type Controller interface {
	Has(name ActionName) bool
	Do(a Action) (log []string, err error)
}

// Capable is the optional interface of a target that declares its
// optional behaviours (KnownCapabilities). A target without it is taken
// to have none.
type Capable interface {
	Capabilities() []string
}

// ErrNoAction is wrapped by a Controller that cannot do an action.
var ErrNoAction = errors.New("no such action")

// ErrRefused is wrapped by a Controller whose node refused the action
// with an error to the caller, as an API may (a listener's limit of
// sources, RFC 3810 §3, §4.2): Do notes it and goes on (the node's
// behaviour after it is what the spec judges), Refuses expects it. A
// Controller that wraps ErrNoAction too makes Do's spec N/A.
var ErrRefused = errors.New("the node refused the call")

// Refusal is the error of a call the node refused (it wraps ErrRefused);
// with na, it wraps ErrNoAction too: a spec that does not expect the
// refusal cannot be judged on the node and is N/A.
func Refusal(na bool, format string, args ...any) error {
	return refusal{fmt.Sprintf(format, args...), na}
}

type refusal struct {
	msg string
	na  bool
}

func (r refusal) Error() string { return r.msg }

func (r refusal) Is(target error) bool {
	return target == ErrRefused || r.na && target == ErrNoAction
}

// ControlOptions are the operator's choices for control actions and safety.
type ControlOptions struct {
	// AssumeYes does manual actions without asking (the instruction is
	// still printed and recorded): for unattended runs.
	AssumeYes bool
	// AllowLive lets the tester use interfaces that look like a live
	// network (a default route, global addresses).
	AllowLive bool
	// Prompt and Answer are where manual actions are asked and confirmed
	// (default: standard error and standard input).
	Prompt io.Writer
	Answer io.Reader
}

// Control holds the run's control options; the command line sets it.
var Control ControlOptions

// NeedsAction makes the spec N/A on a target that lacks any of the
// actions (checked before the node is prepared).
func NeedsAction(names ...ActionName) Option {
	return func(s *SpecSetup) { s.Actions = append(s.Actions, names...) }
}

// NeedsCapability makes the spec N/A on a target that does not declare
// every one of the capabilities.
func NeedsCapability(names ...string) Option {
	return func(s *SpecSetup) { s.Capabilities = append(s.Capabilities, names...) }
}

// UnlessCapability makes the spec N/A on a target that declares any of the
// capabilities: it judges what a device without them must do.
func UnlessCapability(names ...string) Option {
	return func(s *SpecSetup) { s.Unless = append(s.Unless, names...) }
}

// Switchable is the optional interface of a target whose node has some of
// its capabilities as settings, switched on only for the specs that ask
// for them: for a spec that judges devices without one (UnlessCapability)
// it leaves the setting off and is such a device.
type Switchable interface {
	CanLeaveOff(capability string) bool
}

func canLeaveOff(t Target, c string) bool {
	s, ok := t.(Switchable)
	return ok && s.CanLeaveOff(c)
}

// Applicability is the optional interface of a target that can tell, before
// preparing the node, that a spec does not apply to it; the reason makes
// the spec N/A.
type Applicability interface {
	NotApplicable(setup SpecSetup) string
}

// notApplicable is why a spec cannot run on the target, or "".
func notApplicable(t Target, setup SpecSetup) string {
	for _, c := range setup.Capabilities {
		if !hasCapability(t, c) {
			return fmt.Sprintf("needs the capability %q (%s), which %s does not declare", c, KnownCapabilities[c], t.Name())
		}
	}
	for _, c := range setup.Unless {
		if hasCapability(t, c) && !canLeaveOff(t, c) {
			return fmt.Sprintf("judges devices without the capability %q (%s), which %s declares", c, KnownCapabilities[c], t.Name())
		}
	}
	for _, a := range setup.Actions {
		if c, ok := t.(Controller); !ok || !c.Has(a) {
			return fmt.Sprintf("needs the %s action, which %s does not have", a, t.Name())
		}
	}
	if why := advertisesNA(t, setup); why != "" { // advertises.go
		return why
	}
	if na, ok := t.(Applicability); ok {
		return na.NotApplicable(setup)
	}
	return ""
}

func hasCapability(t Target, c string) bool {
	ct, ok := t.(Capable)
	if !ok {
		return false
	}
	for _, have := range ct.Capabilities() {
		if have == c {
			return true
		}
	}
	return false
}

// Do asks the target to act on the node under test: the spec is N/A when
// the target cannot, ERROR when the action fails. What was done goes into
// the spec's steps.
func (e *Env) Do(a Action) {
	GinkgoHelper()
	c, ok := cfg.Target.(Controller)
	if !ok || !c.Has(a.Name) {
		Skip(fmt.Sprintf("needs the %s action, which %s does not have", a.Name, cfg.Target.Name()))
	}
	// The node acts on what it has been sent so far, as a real device
	// given the command now would, once it has applied what it was taught.
	e.settleBeforeNext() // settle.go
	e.Settle()
	log, err := c.Do(a)
	for _, l := range log {
		e.Note("%s", l)
	}
	if errors.Is(err, ErrNoAction) {
		Skip(fmt.Sprintf("%s: %v", a, err))
	}
	if errors.Is(err, ErrRefused) {
		e.Note("%s: %v", a, err)
		return
	}
	if err != nil {
		TesterError(fmt.Errorf("%s: %w", a, err))
	}
}

// Refuses asks the target for an action the spec expects the node to
// refuse, and reports whether it did (the target returned ErrRefused): a
// refusal is the answer judged, not an error, whatever else the error
// wraps. The spec is N/A when the target lacks the action, ERROR on any
// other failure.
func (e *Env) Refuses(a Action) bool {
	GinkgoHelper()
	c, ok := cfg.Target.(Controller)
	if !ok || !c.Has(a.Name) {
		Skip(fmt.Sprintf("needs the %s action, which %s does not have", a.Name, cfg.Target.Name()))
	}
	if IsMLDAction(a.Name) {
		e.markAll() // what the node sends for it is judged from here on
	}
	e.settleBeforeNext()
	e.Settle()
	log, err := c.Do(a)
	for _, l := range log {
		e.Note("%s", l)
	}
	switch {
	case errors.Is(err, ErrRefused):
		e.Note("%s: refused as expected: %v", a, err)
		return true
	case errors.Is(err, ErrNoAction):
		Skip(fmt.Sprintf("%s: %v", a, err))
	case err != nil:
		TesterError(fmt.Errorf("%s: %w", a, err))
	}
	return false
}

// SendEchoRequest makes the node send an Echo Request to dst on link.
func (e *Env) SendEchoRequest(link int, dst netip.Addr) {
	GinkgoHelper()
	e.Do(Action{Name: ActSendEcho, Link: link, Dst: dst})
}

// SendEchoRequestOfSize makes the node send an Echo Request carrying size
// data octets, as ping -s would.
func (e *Env) SendEchoRequestOfSize(link int, dst netip.Addr, size int) {
	GinkgoHelper()
	e.Do(Action{Name: ActSendEcho, Link: link, Dst: dst, Size: size})
}

// StartRouterAdvertisements makes the node advertise on link.
func (e *Env) StartRouterAdvertisements(link int, ra RAConfig) {
	GinkgoHelper()
	e.Do(Action{Name: ActStartRA, Link: link, RA: ra})
}

// StopRouterAdvertisements stops the node's advertisements on link.
func (e *Env) StopRouterAdvertisements(link int) {
	GinkgoHelper()
	e.Do(Action{Name: ActStopRA, Link: link})
}

// SetMTU sets the MTU of the node's interface on link.
func (e *Env) SetMTU(link, mtu int) {
	GinkgoHelper()
	e.Do(Action{Name: ActSetMTU, Link: link, MTU: mtu})
}

// --- command templates, for profiles

// actionValues are the placeholder values of an action on a profile.
func actionValues(p *Profile, info NUTInfo, a Action) map[string]string {
	v := map[string]string{"profile": p.Name}
	link := a.Link
	if a.Name == ActAddRoute {
		link = a.Route.Link
	}
	if a.Name != ActReset && a.Name != ActReboot && link < len(p.Links) {
		l := p.Links[link]
		v["link"] = l.Device
		v["tester_if"] = l.Tester
		v["index"] = strconv.Itoa(link)
		if link < len(info.MACs) {
			v["mac"] = info.MACs[link].String()
			v["link_local"] = info.LinkLocals[link].String()
			v["global"] = info.Globals[link].String()
		}
	}
	switch a.Name {
	case ActSetAddress:
		v["addr"] = a.Addr.Addr().String()
		v["plen"] = strconv.Itoa(a.Addr.Bits())
		v["prefix"] = a.Addr.Masked().String()
	case ActAddRoute:
		v["prefix"] = a.Route.Prefix.String()
		v["plen"] = strconv.Itoa(a.Route.Prefix.Bits())
		v["nexthop"] = a.Route.NextHop.String()
	case ActSendEcho:
		v["dst"] = a.Dst.String()
	case ActSetMTU:
		v["mtu"] = strconv.Itoa(a.MTU)
	case ActAddTunnel:
		tunnelValues(p, a.Tunnel, v) // tunnel.go
	case ActJoin, ActLeave, ActSetFilter:
		mldValues(a, v) // mld.go
	case ActStartRA:
		ra := a.RA.WithDefaults()
		secs := func(d time.Duration) string { return strconv.Itoa(int(d / time.Second)) }
		ms := func(d time.Duration) string { return strconv.Itoa(int(d / time.Millisecond)) }
		v["prefix"], v["plen"] = "", ""
		if ra.Prefix.IsValid() {
			v["prefix"], v["plen"] = ra.Prefix.String(), strconv.Itoa(ra.Prefix.Bits())
		}
		v["router_lifetime"] = secs(ra.RouterLifetime)
		v["interval"] = secs(ra.Interval)
		v["valid_lifetime"] = secs(ra.ValidLifetime)
		v["preferred_lifetime"] = secs(ra.PreferredLifetime)
		v["mtu"] = strconv.Itoa(ra.MTU)
		v["managed"] = strconv.FormatBool(ra.Managed)
		v["other"] = strconv.FormatBool(ra.Other)
		v["hop_limit"] = strconv.Itoa(int(ra.HopLimit))
		v["reachable_time"] = ms(ra.ReachableTime)
		v["retrans_timer"] = ms(ra.RetransTimer)
		var dns []string
		for _, d := range ra.DNS {
			dns = append(dns, d.String())
		}
		v["dns"] = strings.Join(dns, ",")
		v["dns_lifetime"] = secs(ra.DNSLifetime)
	}
	return v
}

// expand fills a template's placeholders; ${NAME} is left to the shell.
func expand(tmpl string, v map[string]string) string {
	return placeholderRe.ReplaceAllStringFunc(tmpl, func(m string) string {
		if strings.HasPrefix(m, "$") {
			return m
		}
		name := m[1 : len(m)-1]
		if s, ok := v[name]; ok {
			return s
		}
		return m
	})
}

// profileController runs a profile's actions.
type profileController struct {
	p    *Profile
	info func() NUTInfo
	mu   sync.Mutex // one action at a time; the prompt is shared
}

func (c *profileController) Has(name ActionName) bool { return c.p.Actions[name] != nil }

func (c *profileController) Do(a Action) ([]string, error) {
	spec := c.p.Actions[a.Name]
	if spec == nil {
		return nil, fmt.Errorf("%w: the profile %s has no %s action", ErrNoAction, c.p.Name, a.Name)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	v := actionValues(c.p, c.info(), a)
	if spec.Manual != "" {
		return manualAction(a, expand(spec.Manual, v))
	}
	return runCommand(string(a.Name), expand(spec.Run, v), v, spec.Timeout)
}

// runCommand runs one command line with sh -c, in a process group of its
// own that is killed at the timeout. The placeholder values are also in
// its environment as V6CT_NAME.
func runCommand(name, cmdline string, v map[string]string, timeout time.Duration) ([]string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "/bin/sh", "-c", cmdline)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 2 * time.Second
	cmd.Env = os.Environ()
	keys := make([]string, 0, len(v))
	for k := range v {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		cmd.Env = append(cmd.Env, "V6CT_"+strings.ToUpper(k)+"="+v[k])
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	took := time.Since(start).Round(time.Millisecond)
	log := []string{fmt.Sprintf("action %s: $ %s", name, cmdline)}
	status := "exit 0"
	if err != nil {
		status = err.Error()
		if ctx.Err() != nil {
			status = fmt.Sprintf("killed after the %s timeout", timeout)
		}
	}
	text := strings.TrimRight(out.String(), "\n")
	if len(text) > 4000 {
		text = text[:4000] + "\n[... output cut at 4000 octets]"
	}
	if text != "" {
		log = append(log, fmt.Sprintf("action %s: %s in %s; output:\n%s", name, status, took, text))
	} else {
		log = append(log, fmt.Sprintf("action %s: %s in %s, no output", name, status, took))
	}
	if err != nil {
		last := lastLine(text)
		if last != "" {
			return log, fmt.Errorf("command failed (%s): %s", status, last)
		}
		return log, fmt.Errorf("command failed (%s)", status)
	}
	return log, nil
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return s
}

// manualAction tells the operator what to do and waits for the answer.
func manualAction(a Action, text string) ([]string, error) {
	w := Control.Prompt
	if w == nil {
		w = os.Stderr
	}
	log := []string{fmt.Sprintf("action %s (manual): %s", a.Name, text)}
	if Control.AssumeYes {
		fmt.Fprintf(w, "\n>>> v6ct: manual action %s: %s\n>>> (--yes: taken as done)\n", a.Name, text)
		return append(log, "action "+string(a.Name)+": taken as done without asking (--yes)"), nil
	}
	r := Control.Answer
	if r == nil {
		r = os.Stdin
	}
	fmt.Fprintf(w, "\n>>> v6ct: manual action %s:\n>>>   %s\n>>> Press Enter when done, or type n and Enter if it cannot be done: ", a.Name, text)
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && line == "" {
		return append(log, "action "+string(a.Name)+": no answer from the operator"), fmt.Errorf("no answer on standard input (use --yes for unattended runs): %v", err)
	}
	if ans := strings.ToLower(strings.TrimSpace(line)); ans == "n" || ans == "no" {
		return append(log, "action "+string(a.Name)+": the operator said it cannot be done"),
			fmt.Errorf("%w: the operator could not do the manual %s action", ErrNoAction, a.Name)
	}
	return append(log, "action "+string(a.Name)+": the operator confirmed"), nil
}
