// Command datapath measures the reference node's datapath beside the
// Linux kernel's, in one run on this machine, with the same client:
//
//	sudo go run ./tools/datapath [--seconds N] [--runs N] [--json FILE]
//
// It builds cmd/refnode and sets up four cases, each in network
// namespaces of its own (unnamed: they vanish with the program, even when
// it is killed; nothing is sent outside them):
//
//   - UDP echo, refnode: refnode --udp-echo on a TAP; the client on the
//     TAP's kernel side.
//   - UDP echo, Linux: the client and a kernel UDP echo server (this
//     program re-executed: a process of its own, as refnode is) in two
//     namespaces joined by a veth pair.
//   - forwarding, refnode: refnode --router on two TAPs; the client on the
//     kernel side of one, the echo server on the other's, moved into a
//     namespace of its own; routes via the node.
//   - forwarding, Linux: a router namespace (forwarding=1) with veth pairs
//     to the client's namespace and the server's.
//
// The client is a kernel UDP socket (IPv6) that measures, with payloads
// of 32 and 1400 octets, in ping-pong mode (one request in flight:
// transactions per second, median and 99th-percentile round trip) and in
// windowed mode (--window requests in flight: replies per second), each
// for --seconds after --warmup. It prints a Markdown table of refnode's
// figures beside Linux's with their ratios (with --runs N, the medians
// over N runs and the ratios' range), the requests lost (no reply within
// 1 s), the frames dropped on the TAPs and the node's drop counters, and
// what each number includes. --json adds every run's figures, with the
// longest round trip and the longest gap between replies. The client,
// the echo server and refnode run at --nice, above the machine's other
// work.
//
// It needs root, /dev/net/tun and the Go toolchain (to build refnode).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

func main() {
	if os.Getenv(serverEnv) != "" {
		os.Exit(serveEcho(os.Stdout, os.Stderr))
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// Exit codes.
const (
	exitOK          = 0
	exitFailure     = 1
	exitBadInput    = 2 // a bad flag, or the machine lacks what the program needs
	exitInterrupted = 130
)

// Report is what --json writes.
type Report struct {
	Date     string   `json:"date"`
	Machine  string   `json:"machine"`
	Seconds  float64  `json:"seconds"`
	Warmup   float64  `json:"warmup_seconds"`
	Nice     int      `json:"nice"`
	Runs     int      `json:"runs"`
	Figures  []Figure `json:"figures"` // every run's
	Rows     []Row    `json:"rows"`    // over the runs
	Includes string   `json:"includes"`
}

type options struct {
	seconds, warmup float64
	window, nice    int
	runs            int
	jsonOut, bin    string
	payloads        []int
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("datapath", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o options
	fs.Float64Var(&o.seconds, "seconds", 3, "measure each figure for `N` seconds")
	fs.Float64Var(&o.warmup, "warmup", 0.5, "send for `N` seconds before each measurement starts")
	fs.IntVar(&o.window, "window", 32, "requests in flight in windowed mode")
	fs.IntVar(&o.runs, "runs", 1, "measure everything `N` times; the table shows the medians and the ratios' range")
	fs.IntVar(&o.nice, "nice", -5, "nice value of refnode, the client and the echo server")
	fs.StringVar(&o.jsonOut, "json", "", "also write the figures as JSON to `FILE`")
	fs.StringVar(&o.bin, "refnode", "", "use this refnode binary instead of building cmd/refnode")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitBadInput
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "datapath: unexpected argument %q\n", fs.Arg(0))
		return exitBadInput
	}
	if o.seconds <= 0 || o.warmup < 0 || o.window < 1 || o.runs < 1 || o.nice < -20 || o.nice > 19 {
		fmt.Fprintln(stderr, "datapath: --seconds must be above 0, --warmup not below 0, --window and --runs at least 1, --nice from -20 to 19")
		return exitBadInput
	}
	o.payloads = []int{32, 1400}
	if err := prerequisites(); err != nil {
		fmt.Fprintf(stderr, "datapath: %v\n", err)
		return exitBadInput
	}
	go func() { <-ctx.Done(); interrupted.Store(true) }()

	if o.bin == "" {
		dir, err := os.MkdirTemp("", "v6ct-datapath-")
		if err != nil {
			fmt.Fprintf(stderr, "datapath: %v\n", err)
			return exitFailure
		}
		defer os.RemoveAll(dir)
		if o.bin, err = buildRefnode(dir); err != nil {
			fmt.Fprintf(stderr, "datapath: %v\n", err)
			return exitFailure
		}
	}
	rep, err := measure(o, stderr)
	if interrupted.Load() {
		fmt.Fprintln(stderr, "datapath: interrupted; the namespaces, devices and nodes are gone")
		return exitInterrupted
	}
	if err != nil {
		fmt.Fprintf(stderr, "datapath: %v\n", err)
		return exitFailure
	}
	fmt.Fprintf(stdout, "Datapath: refnode on TAP beside Linux over veth, %s\n", rep.Machine)
	fmt.Fprintf(stdout, "%g s per figure after %g s of warm-up, nice %d", rep.Seconds, rep.Warmup, rep.Nice)
	if rep.Runs > 1 {
		fmt.Fprintf(stdout, "; %d runs: the medians of the figures and of the ratios, and the ratios' range", rep.Runs)
	}
	fmt.Fprint(stdout, "\n\n", table(rep.Rows, rep.Runs))
	if l := losses(rep.Figures); l != "" {
		fmt.Fprintf(stdout, "\nLosses and drops (a request is lost without a reply within %v):\n%s", lossTimeout, l)
	}
	fmt.Fprintf(stdout, "\n%s", includes)
	if o.jsonOut != "" {
		b, _ := json.MarshalIndent(rep, "", "  ")
		if err := os.WriteFile(o.jsonOut, append(b, '\n'), 0o644); err != nil {
			fmt.Fprintf(stderr, "datapath: %v\n", err)
			return exitFailure
		}
	}
	return exitOK
}

// prerequisites checks what the program needs of the machine.
func prerequisites() error {
	if os.Geteuid() != 0 {
		return errors.New("must run as root: it creates network namespaces, TAP and veth devices (sudo go run ./tools/datapath)")
	}
	if _, err := os.Stat("/dev/net/tun"); err != nil {
		return errors.New("no /dev/net/tun: the kernel's TUN/TAP driver is missing")
	}
	if _, err := exec.LookPath("nice"); err != nil {
		return errors.New("no nice command (coreutils) on the PATH")
	}
	return nil
}

// goTool finds the go command: on the PATH, or the toolchain this program
// was built with (sudo may drop the PATH).
func goTool() (string, error) {
	if p, err := exec.LookPath("go"); err == nil {
		return p, nil
	}
	if p := filepath.Join(runtime.GOROOT(), "bin", "go"); fileExists(p) {
		return p, nil
	}
	return "", errors.New("no go command to build cmd/refnode (put it on the PATH, or pass --refnode BIN)")
}

func fileExists(p string) bool { _, err := os.Stat(p); return err == nil }

// buildRefnode compiles cmd/refnode into dir.
func buildRefnode(dir string) (string, error) {
	goBin, err := goTool()
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "refnode")
	out, err := exec.Command(goBin, "build", "-o", bin, "github.com/v6ct/v6ct/cmd/refnode").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("building cmd/refnode (run from the v6ct module): %v\n%s", err, out)
	}
	return bin, nil
}

// machine describes the machine: cores, kernel, load.
func machine() string {
	var u unix.Utsname
	unix.Uname(&u)
	load, _ := os.ReadFile("/proc/loadavg")
	l := strings.Fields(string(load))
	if len(l) > 3 {
		l = l[:3]
	}
	return fmt.Sprintf("%d cores, Linux %s, load average %s", runtime.NumCPU(), unix.ByteSliceToString(u.Release[:]), strings.Join(l, " "))
}

// measure sets up every case and measures them, each figure of refnode
// right before Linux's, so that both see the machine in the same state.
func measure(o options, progress io.Writer) (*Report, error) {
	rep := &Report{Date: time.Now().UTC().Format(time.RFC3339), Seconds: o.seconds, Warmup: o.warmup, Nice: o.nice, Runs: o.runs, Includes: includes}
	var perRun [][]Row
	for run := 1; run <= o.runs; run++ {
		figs, err := measureOnce(o, run, progress)
		if err != nil {
			return nil, err
		}
		rep.Figures = append(rep.Figures, figs...)
		perRun = append(perRun, rows(figs))
	}
	rep.Rows = combine(perRun)
	rep.Machine = machine() // the load over the last minutes
	return rep, nil
}

// measureOnce sets up every case and measures it, each figure of refnode
// right before Linux's, so that both see the machine in the same state.
func measureOnce(o options, run int, progress io.Writer) ([]Figure, error) {
	var out []Figure
	warm := time.Duration(o.warmup * float64(time.Second))
	span := time.Duration(o.seconds * float64(time.Second))
	for _, c := range []string{caseEcho, caseForward} {
		setups := map[string]*setup{}
		for _, t := range []string{targetRefnode, targetLinux} {
			s, err := build(c, t, o.bin, o.nice)
			if err != nil {
				for _, s := range setups {
					s.Close()
				}
				return nil, err
			}
			setups[t] = s
		}
		err := func() error {
			defer func() {
				for _, s := range setups {
					s.Close()
				}
			}()
			for _, p := range o.payloads {
				figs := map[string]*Figure{}
				for _, t := range []string{targetRefnode, targetLinux} {
					figs[t] = &Figure{Run: run, Case: c, Target: t, Payload: p}
				}
				for _, mode := range []string{"ping-pong", "windowed"} {
					for _, t := range []string{targetRefnode, targetLinux} {
						if interrupted.Load() {
							return errors.New("interrupted")
						}
						s, f := setups[t], figs[t]
						fmt.Fprintf(progress, "run %d: %s, %s, %d octets, %s...\n", run, c, t, p, mode)
						if err := s.measure(f, mode, o.window, warm, span, o.nice); err != nil {
							return fmt.Errorf("%s, %s, %d octets, %s: %w", c, t, p, mode, err)
						}
					}
				}
				out = append(out, *figs[targetRefnode], *figs[targetLinux])
			}
			return nil
		}()
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// measure runs one mode of the client against the setup into f.
func (s *setup) measure(f *Figure, mode string, window int, warm, span time.Duration, nice int) error {
	c, err := newClient(s.client.ns, s.dst, f.Payload, warm, span)
	if err != nil {
		return err
	}
	defer c.Close()
	var before map[string]uint64
	if s.node != nil {
		if before, err = s.node.Counters(); err != nil {
			return err
		}
	}
	done := make(chan error, 1)
	go onThread(nice, func() {
		if err := c.ready(10 * time.Second); err != nil {
			done <- err
			return
		}
		switch mode {
		case "ping-pong":
			f.PingPong, err = c.pingPong()
		default:
			before := s.tapDropped()
			f.Windowed, err = c.windowed(window)
			f.TAPDropped = s.tapDropped() - before
		}
		done <- err
	})
	if err = <-done; err != nil {
		return err
	}
	if s.node == nil {
		return nil
	}
	after, err := s.node.Counters()
	if err != nil {
		return fmt.Errorf("%w (alive: %v)", err, s.node.Alive())
	}
	f.NodeCounters = addGrowth(f.NodeCounters, before, after)
	return nil
}

// addGrowth adds to sum how much each counter grew from before to after.
func addGrowth(sum, before, after map[string]uint64) map[string]uint64 {
	for k, v := range after {
		if d := v - before[k]; v > before[k] {
			if sum == nil {
				sum = map[string]uint64{}
			}
			sum[k] += d
		}
	}
	return sum
}
