package attack

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/v6ct/v6ct/suites/netx"
)

// The link: the node's TAP (its kernel side is the attackers' and the
// tester's interface), the node's address and MAC, the tester's address.
const (
	tapName    = "atk0"
	nodeAddr   = "2001:db8:a::1"
	nodeMAC    = "02:76:36:00:00:01"
	testerAddr = "2001:db8:a::2"
	bigMTU     = 9000 // the kernel side's MTU while it sends extension-header chains of a few kilobytes
)

// stats is the line the node prints on SIGUSR1 (cmd/refnode).
type stats struct {
	Counters  map[string]uint64 `json:"counters"`
	Neighbors int               `json:"neighbors"`
	Routers   int               `json:"routers"`
	Prefixes  int               `json:"prefixes"`
	Routes    int               `json:"routes"`
	Addresses int               `json:"addresses"`
	HeapAlloc uint64            `json:"heap_alloc"`
	HeapSys   uint64            `json:"heap_sys"`
}

// node is the reference node running as a process in the test's namespace.
type node struct {
	cmd    *exec.Cmd
	ns     *netx.Namespace
	stats  chan stats
	stderr *strings.Builder
	mu     sync.Mutex
}

// buildNode compiles cmd/refnode into dir.
func buildNode(t *testing.T, dir string) string {
	t.Helper()
	goBin := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goBin); err != nil {
		goBin = "go"
	}
	bin := filepath.Join(dir, "refnode")
	out, err := exec.Command(goBin, "build", "-o", bin, "github.com/v6ct/v6ct/cmd/refnode").CombinedOutput()
	if err != nil {
		t.Fatalf("building cmd/refnode: %v\n%s", err, out)
	}
	return bin
}

// startNode starts the node on a TAP in ns and waits until its addresses
// are past DAD.
func startNode(t *testing.T, ns *netx.Namespace, bin string) *node {
	t.Helper()
	n := &node{ns: ns, stats: make(chan stats, 1), stderr: &strings.Builder{}}
	// Above the machine's other work (and far above the tools, at 19): the
	// node stands for a machine of its own.
	n.cmd = exec.Command("nice", "-n", "-5", bin, "--if", fmt.Sprintf("%s,mac=%s,addr=%s/64", tapName, nodeMAC, nodeAddr), "--quiet")
	n.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL} // never outlives the test
	stdout, err := n.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	n.cmd.Stderr = writerFunc(func(b []byte) { n.mu.Lock(); n.stderr.Write(b); n.mu.Unlock() })
	// A process forked from a thread inside the namespace lives in it.
	if err := ns.Do(n.cmd.Start); err != nil {
		t.Fatalf("starting the node: %v", err)
	}
	t.Cleanup(func() {
		n.cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { n.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			n.cmd.Process.Kill()
			<-done
		}
	})
	settled := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(stdout)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		once := sync.Once{}
		for sc.Scan() {
			line := sc.Text()
			if strings.HasPrefix(line, nodeAddr+"/64 ") {
				once.Do(func() { close(settled) })
			}
			if js, ok := strings.CutPrefix(line, "stats "); ok {
				var s stats
				if json.Unmarshal([]byte(js), &s) == nil {
					n.stats <- s
				}
			}
		}
		io.Copy(io.Discard, stdout)
	}()
	select {
	case <-settled:
	case <-time.After(20 * time.Second):
		n.mu.Lock()
		defer n.mu.Unlock()
		t.Fatalf("the node did not come up:\n%s", n.stderr.String())
	}
	return n
}

// Stats asks the node for its counters and heap.
func (n *node) Stats() (stats, error) {
	if err := n.cmd.Process.Signal(syscall.SIGUSR1); err != nil {
		return stats{}, err
	}
	select {
	case s := <-n.stats:
		return s, nil
	case <-time.After(10 * time.Second):
	}
	// Stuck: its goroutines say where.
	n.cmd.Process.Signal(syscall.SIGQUIT)
	time.Sleep(time.Second)
	n.mu.Lock()
	defer n.mu.Unlock()
	dump := n.stderr.String()
	if len(dump) > 16<<10 {
		dump = dump[:16<<10]
	}
	return stats{}, fmt.Errorf("the node did not answer SIGUSR1 within 10s; its goroutines:\n%s", dump)
}

// RSS is the node's resident memory now and at its peak (VmRSS, VmHWM).
func (n *node) RSS() (now, peak uint64, err error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", n.cmd.Process.Pid))
	if err != nil {
		return 0, 0, err
	}
	for _, l := range strings.Split(string(b), "\n") {
		f := strings.Fields(l)
		if len(f) < 2 {
			continue
		}
		v, _ := strconv.ParseUint(f[1], 10, 64)
		switch f[0] {
		case "VmRSS:":
			now = v << 10
		case "VmHWM:":
			peak = v << 10
		}
	}
	return now, peak, nil
}

// Alive reports whether the node's process still runs (a zombie does not).
func (n *node) Alive() bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", n.cmd.Process.Pid))
	if err != nil {
		return false
	}
	_, rest, _ := strings.Cut(string(b), ") ")
	return rest != "" && rest[0] != 'Z' && rest[0] != 'X'
}

// linkCounters reads the kernel's counters of the TAP: frames sent towards
// the node (the tools' and the tester's) and those dropped on the way
// because the node's queue was full.
func (n *node) linkCounters() (sent, dropped uint64) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/net/dev", n.cmd.Process.Pid))
	if err != nil {
		return 0, 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		name, rest, ok := strings.Cut(strings.TrimSpace(l), ":")
		if !ok || name != tapName {
			continue
		}
		f := strings.Fields(rest)
		if len(f) >= 12 {
			sent, _ = strconv.ParseUint(f[9], 10, 64)
			dropped, _ = strconv.ParseUint(f[11], 10, 64)
		}
	}
	return sent, dropped
}

// inNS runs a command in the namespace and waits for it.
func inNS(ns *netx.Namespace, name string, args ...string) error {
	var out []byte
	err := ns.Do(func() error {
		var err error
		out, err = exec.Command(name, args...).CombinedOutput()
		return err
	})
	if err != nil {
		return fmt.Errorf("%s %s: %v: %s", name, strings.Join(args, " "), err, out)
	}
	return nil
}

// tool is an attack tool running in the namespace until it ends or ctx does.
type tool struct {
	cmd  *exec.Cmd
	out  *strings.Builder
	done chan struct{} // closed when it ended
}

func startTool(ctx context.Context, ns *netx.Namespace, args []string) (*tool, error) {
	tl := &tool{out: &strings.Builder{}, done: make(chan struct{})}
	// At the lowest priority: the tools stand for other machines on the
	// link, and must not take the node's share of this one's cores.
	tl.cmd = exec.CommandContext(ctx, "nice", append([]string{"-n", "19"}, args...)...)
	tl.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL, Setpgid: true}
	var mu sync.Mutex
	tl.cmd.Stdout = writerFunc(func(b []byte) {
		mu.Lock()
		defer mu.Unlock()
		if tl.out.Len() < 1<<16 {
			tl.out.Write(b)
		}
	})
	tl.cmd.Stderr = tl.cmd.Stdout
	tl.cmd.WaitDelay = 2 * time.Second
	if err := ns.Do(tl.cmd.Start); err != nil {
		return nil, err
	}
	go func() { tl.cmd.Wait(); close(tl.done) }()
	return tl, nil
}

type writerFunc func([]byte)

func (w writerFunc) Write(b []byte) (int, error) { w(b); return len(b), nil }
