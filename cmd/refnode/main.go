// Command refnode runs the v6ct reference IPv6 node on TAP devices it
// creates in the current network namespace.
//
//	refnode [--if NAME[,mac=MAC][,addr=PREFIX][,mtu=N]...]... [--route PREFIX[,via=ADDR[%NAME]][,dev=NAME]]... [--fault NAME[,NAME]...]... [--seed N] [--udp-echo]
//	refnode --list-faults
//
// It prints its addresses once Duplicate Address Detection has finished,
// logs events to stderr (none with --quiet) and stops on SIGINT or SIGTERM.
// On SIGUSR1 it prints one line "stats {JSON}" to stdout: its counters
// (named by reason, drops included), the sizes of its tables and the Go
// heap, for a harness that watches it under load.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/netip"
	"os"
	"os/signal"
	"runtime"
	"strconv"
	"strings"
	"syscall"

	"github.com/v6ct/v6ct/refnode"
	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/rtadv"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// Exit codes.
const (
	exitOK       = 0
	exitFailure  = 1
	exitBadInput = 2
)

// list is a repeatable flag.
type list []string

func (l *list) String() string     { return strings.Join(*l, " ") }
func (l *list) Set(s string) error { *l = append(*l, s); return nil }

// badInput is an error in what the user asked for.
type badInput struct{ error }

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("refnode", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var ifs, fault list
	fs.Var(&ifs, "if", "interface `NAME[,mac=MAC][,addr=PREFIX][,mtu=N]...` (repeatable; default refnode0)")
	fs.Var(&fault, "fault", "run with the deviation `NAME` (repeatable, or a comma list)")
	listFaults := fs.Bool("list-faults", false, "print every fault with its description and exit")
	seed := fs.Int64("seed", 1, "seed of the node's random sources")
	udpEcho := fs.Bool("udp-echo", false, "answer UDP datagrams to port 7 (RFC 862 echo)")
	router := fs.Bool("router", false, "forward between the interfaces (router role)")
	quiet := fs.Bool("quiet", false, "log no events (a flood would log one line per packet)")
	secretFile := fs.String("stable-secret-file", "", "form SLAAC addresses with RFC 7217 stable identifiers, keyed by the contents of `FILE` (at least 16 octets)")
	stableLL := fs.Bool("stable-link-local", false, "form link-local addresses with RFC 7217 identifiers too (needs --stable-secret-file)")
	controlDelay := fs.Duration("control-delay", 0, "behave as a real router: apply RAs, Redirects, NAs and Packet Too Big `D` after they arrive, and handle other packets on --workers queues by flow (0: at once, one queue)")
	workers := fs.Int("workers", refnode.DefaultWorkers, "packet queues with --control-delay")
	var advertise, routes list
	fs.Var(&routes, "route", "static route `PREFIX[,via=ADDR][,dev=NAME]` (repeatable); a link-local next hop names its interface as zone, via=fe80::1%refnode0")
	fs.Var(&advertise, "advertise", "send Router Advertisements on interface `NAME` with its prefixes (repeatable; implies --router)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitBadInput
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "refnode: unexpected argument %q\n", fs.Arg(0))
		return exitBadInput
	}
	if *listFaults {
		for _, f := range faults.All() {
			fmt.Fprintf(stdout, "%-28s %s\n", f, faults.Description(f))
		}
		return exitOK
	}
	cfg, err := config(ifs, fault, *seed)
	if err != nil {
		fmt.Fprintf(stderr, "refnode: %v\n", err)
		return exitBadInput
	}
	for _, r := range routes {
		rt, err := parseRoute(r)
		if err != nil {
			fmt.Fprintf(stderr, "refnode: %v\n", err)
			return exitBadInput
		}
		cfg.Routes = append(cfg.Routes, rt)
	}
	if *secretFile != "" {
		secret, err := readSecret(*secretFile)
		if err != nil {
			fmt.Fprintf(stderr, "refnode: --stable-secret-file: %v\n", err)
			return exitBadInput
		}
		cfg.StableSecret = secret
	}
	if *stableLL && cfg.StableSecret == nil {
		fmt.Fprintln(stderr, "refnode: --stable-link-local needs --stable-secret-file")
		return exitBadInput
	}
	cfg.StableLinkLocal = *stableLL
	cfg.Log = stderr
	if *quiet {
		cfg.Log = nil
	}
	cfg.UDPEcho = *udpEcho
	cfg.Router = *router || len(advertise) > 0
	if *controlDelay < 0 || *workers < 1 {
		fmt.Fprintln(stderr, "refnode: --control-delay must not be negative, --workers at least 1")
		return exitBadInput
	}
	if *controlDelay > 0 {
		cfg.Async = &refnode.AsyncConfig{ControlDelay: *controlDelay, Workers: *workers}
	}
	if err := canCreateTAP(); err != nil {
		fmt.Fprintf(stderr, "refnode: %v\n", err)
		return exitBadInput
	}
	node, err := refnode.New(cfg)
	if err != nil {
		fmt.Fprintf(stderr, "%v\n", err)
		return exitFailure
	}
	defer node.Close()
	node.Start()
	stopStats := statsOnSignal(node, stdout)
	defer stopStats()
	var adv *rtadv.Advertiser
	if len(advertise) > 0 {
		if adv, err = startAdvertising(node, advertise, *seed); err != nil {
			fmt.Fprintf(stderr, "refnode: %v\n", err)
			return exitBadInput
		}
	}
	select {
	case <-node.Settled():
		for _, a := range node.Addresses() {
			fmt.Fprintf(stdout, "%s/%d %s\n", a.Addr, a.PrefixLen, a.State)
		}
	case <-ctx.Done():
	}
	<-ctx.Done()
	if adv != nil {
		adv.Stop() // final advertisements while the node still runs
	}
	return closeNode(node, stderr)
}

// startAdvertising runs rtadv on the named interfaces, advertising each one's
// configured prefixes as on-link and autonomous, with the RFC defaults.
func startAdvertising(node *refnode.Node, names []string, seed int64) (*rtadv.Advertiser, error) {
	cfgs := map[string]rtadv.Config{}
	for _, name := range names {
		info, ok := node.Interface(name)
		if !ok {
			return nil, fmt.Errorf("--advertise %s: no such interface", name)
		}
		var c rtadv.Config
		for _, p := range info.Prefixes {
			c.Prefixes = append(c.Prefixes, rtadv.Prefix{Prefix: p, OnLink: true, Autonomous: p.Bits() == 64})
		}
		cfgs[name] = c
	}
	return rtadv.Start(node, cfgs, nil, seed)
}

func closeNode(node *refnode.Node, stderr io.Writer) int {
	if err := node.Close(); err != nil {
		fmt.Fprintf(stderr, "refnode: close: %v\n", err)
		return exitFailure
	}
	return exitOK
}

// config turns the command line into a node configuration.
func config(ifs, fault []string, seed int64) (refnode.Config, error) {
	set, err := faults.Parse(fault...)
	if err != nil {
		return refnode.Config{}, err
	}
	cfg := refnode.Config{Faults: set, Seed: seed}
	if len(ifs) == 0 {
		ifs = []string{"refnode0"}
	}
	for i, spec := range ifs {
		ic, err := parseInterface(spec, i)
		if err != nil {
			return refnode.Config{}, err
		}
		cfg.Interfaces = append(cfg.Interfaces, ic)
	}
	return cfg, nil
}

// parseInterface reads NAME[,mac=MAC][,addr=PREFIX][,mtu=N]...; without mac= the
// interface gets the locally administered 02:76:36:00:00:NN (NN = i+1).
func parseInterface(spec string, i int) (refnode.InterfaceConfig, error) {
	parts := strings.Split(spec, ",")
	ic := refnode.InterfaceConfig{Name: parts[0]}
	if ic.Name == "" || len(ic.Name) > 15 {
		return ic, fmt.Errorf("--if %q: interface names have 1 to 15 characters", spec)
	}
	for _, p := range parts[1:] {
		k, v, _ := strings.Cut(p, "=")
		switch k {
		case "mac":
			mac, err := net.ParseMAC(v)
			if err != nil || len(mac) != 6 {
				return ic, fmt.Errorf("--if %q: bad MAC %q", spec, v)
			}
			if mac[0]&1 != 0 {
				return ic, fmt.Errorf("--if %q: %s is a group address", spec, v)
			}
			ic.MAC = mac
		case "addr":
			pfx, err := netip.ParsePrefix(v)
			if err != nil || !pfx.Addr().Is6() || pfx.Addr().Is4In6() {
				return ic, fmt.Errorf("--if %q: bad IPv6 prefix %q (want e.g. 2001:db8:1::1/64)", spec, v)
			}
			ic.Addresses = append(ic.Addresses, pfx)
		case "mtu":
			mtu, err := strconv.Atoi(v)
			if err != nil || mtu < 1280 || mtu > 65535 {
				return ic, fmt.Errorf("--if %q: bad MTU %q (want 1280 to 65535)", spec, v)
			}
			ic.MTU = mtu
		default:
			return ic, fmt.Errorf("--if %q: unknown setting %q (want mac=, addr= or mtu=)", spec, k)
		}
	}
	if ic.MAC == nil {
		ic.MAC = net.HardwareAddr{0x02, 0x76, 0x36, 0, 0, byte(i + 1)}
	}
	return ic, nil
}

// canCreateTAP checks the two things TAP creation needs.
func canCreateTAP() error {
	if os.Geteuid() != 0 {
		return errors.New("must run as root to create TAP devices")
	}
	if _, err := os.Stat("/dev/net/tun"); err != nil {
		return errors.New("no /dev/net/tun: the kernel's TUN/TAP driver is missing")
	}
	return nil
}

// parseRoute reads PREFIX[,via=ADDR][,dev=NAME]. A link-local next hop
// needs its interface: as its zone (via=fe80::1%refnode0) or as dev=.
func parseRoute(spec string) (refnode.Route, error) {
	parts := strings.Split(spec, ",")
	var r refnode.Route
	pfx, err := netip.ParsePrefix(parts[0])
	if err != nil || !pfx.Addr().Is6() || pfx.Addr().Is4In6() {
		return r, fmt.Errorf("--route %q: bad IPv6 prefix %q (want e.g. 2001:db8:5::/64)", spec, parts[0])
	}
	r.Prefix = pfx
	for _, p := range parts[1:] {
		k, v, _ := strings.Cut(p, "=")
		switch k {
		case "via":
			a, err := netip.ParseAddr(v)
			if err != nil || !a.Is6() || a.Is4In6() {
				return r, fmt.Errorf("--route %q: bad next hop %q (want e.g. fe80::1%%refnode0)", spec, v)
			}
			r.NextHop = a
		case "dev":
			r.Interface = v
		default:
			return r, fmt.Errorf("--route %q: unknown setting %q (want via= or dev=)", spec, k)
		}
	}
	if r.Interface == "" && r.NextHop.Zone() == "" {
		return r, fmt.Errorf("--route %q: name the interface, with dev= or as the next hop's zone", spec)
	}
	return r, nil
}

// stats is what SIGUSR1 prints.
type stats struct {
	Counters   map[string]uint64 `json:"counters"`
	Neighbors  int               `json:"neighbors"`
	Routers    int               `json:"routers"`
	Prefixes   int               `json:"prefixes"`
	Routes     int               `json:"routes"`
	Addresses  int               `json:"addresses"`
	HeapAlloc  uint64            `json:"heap_alloc"`  // octets of live heap objects
	HeapSys    uint64            `json:"heap_sys"`    // octets the heap holds from the system
	TotalAlloc uint64            `json:"total_alloc"` // octets allocated since the start
}

// statsOnSignal prints a stats line to w on each SIGUSR1 until stopped.
func statsOnSignal(node *refnode.Node, w io.Writer) (stop func()) {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGUSR1)
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-ch:
			case <-done:
				return
			}
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			st := stats{Counters: node.Counters(), Neighbors: len(node.Neighbors()), Routers: len(node.DefaultRouters()),
				Prefixes: len(node.OnLinkPrefixes()), Routes: len(node.LearnedRoutes()), Addresses: len(node.Addresses()),
				HeapAlloc: m.HeapAlloc, HeapSys: m.HeapSys, TotalAlloc: m.TotalAlloc}
			b, _ := json.Marshal(st)
			fmt.Fprintf(w, "stats %s\n", b)
		}
	}()
	return func() { signal.Stop(ch); close(done) }
}

// readSecret reads the RFC 7217 secret key. RFC 7217 §5 asks for at least
// 128 bits; a shorter key would make the identifiers guessable.
func readSecret(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if len(b) < 16 {
		return nil, fmt.Errorf("%s holds %d octets; an RFC 7217 secret key needs at least 16", path, len(b))
	}
	return b, nil
}
