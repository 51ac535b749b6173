package main

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"github.com/v6ct/v6ct/suites/netx"
)

// echoPort is the UDP echo service's port (RFC 862), where refnode
// --udp-echo answers and where the kernel echo server listens.
const echoPort = 7

// interrupted is set on Ctrl-C: every loop that measures or serves ends.
var interrupted atomic.Bool

// udpSocket opens a kernel UDP socket in ns. With bind valid it binds
// there, with connect valid it connects there.
func udpSocket(ns *netx.Namespace, bind, connect netip.AddrPort, recvTimeout time.Duration) (int, error) {
	fd := -1
	err := ns.Do(func() error {
		var err error
		fd, err = unix.Socket(unix.AF_INET6, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, unix.IPPROTO_UDP)
		if err != nil {
			return err
		}
		tv := unix.NsecToTimeval(recvTimeout.Nanoseconds())
		if err := unix.SetsockoptTimeval(fd, unix.SOL_SOCKET, unix.SO_RCVTIMEO, &tv); err != nil {
			return err
		}
		if bind.IsValid() {
			if err := unix.Bind(fd, &unix.SockaddrInet6{Addr: bind.Addr().As16(), Port: int(bind.Port())}); err != nil {
				return fmt.Errorf("binding to %v: %w", bind, err)
			}
		}
		if connect.IsValid() {
			if err := unix.Connect(fd, &unix.SockaddrInet6{Addr: connect.Addr().As16(), Port: int(connect.Port())}); err != nil {
				return fmt.Errorf("connecting to %v: %w", connect, err)
			}
		}
		return nil
	})
	if err != nil {
		if fd >= 0 {
			unix.Close(fd)
		}
		return -1, fmt.Errorf("UDP socket: %w", err)
	}
	return fd, nil
}

// baseNice is the program's own nice value, which threads return to.
var baseNice = func() int {
	p, err := unix.Getpriority(unix.PRIO_PROCESS, 0)
	if err != nil {
		return 0
	}
	return 20 - p // the system call's value is 20 - nice
}()

// onThread runs fn on a thread of its own at the given nice value, then
// hands the thread back to the runtime at the program's nice value. The
// thread must not end: refnode dies with the thread that started it.
func onThread(nice int, fn func()) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	tid := unix.Gettid()
	unix.Setpriority(unix.PRIO_PROCESS, tid, nice)
	defer unix.Setpriority(unix.PRIO_PROCESS, tid, baseNice)
	fn()
}

// echoServer is the kernel side's UDP echo server: this program
// re-executed in the server's namespace (serveEcho), a process of its own
// as refnode is.
type echoServer struct {
	cmd  *exec.Cmd
	done chan struct{}
}

// serverEnv, set in its environment, makes the program the echo server.
const serverEnv = "V6CT_DATAPATH_ECHO_SERVER"

func startEchoServer(ns *netx.Namespace, nice int) (*echoServer, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	s := &echoServer{done: make(chan struct{})}
	s.cmd = exec.Command("nice", "-n", strconv.Itoa(nice), self)
	s.cmd.Env = append(os.Environ(), serverEnv+"=1")
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL, Setpgid: true}
	var stderr strings.Builder
	s.cmd.Stderr = &stderr
	stdout, err := s.cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := ns.Do(s.cmd.Start); err != nil {
		return nil, fmt.Errorf("starting the echo server: %w", err)
	}
	go func() { s.cmd.Wait(); close(s.done) }()
	line, _ := bufio.NewReader(stdout).ReadString('\n')
	if line != "ready\n" {
		s.Close()
		return nil, fmt.Errorf("the echo server did not start: %s", stderr.String())
	}
	return s, nil
}

// Close ends the server.
func (s *echoServer) Close() {
	if s == nil {
		return
	}
	s.cmd.Process.Signal(syscall.SIGTERM)
	<-s.done
}

// serveEcho is the echo server's process: one kernel UDP socket bound to
// port 7, one thread, one recvfrom and one sendto per datagram, until
// SIGTERM.
func serveEcho(stdout, stderr io.Writer) int {
	fd, err := unix.Socket(unix.AF_INET6, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, unix.IPPROTO_UDP)
	if err == nil {
		err = unix.Bind(fd, &unix.SockaddrInet6{Port: echoPort})
	}
	if err != nil {
		fmt.Fprintf(stderr, "echo server: %v\n", err)
		return exitFailure
	}
	fmt.Fprintln(stdout, "ready")
	runtime.LockOSThread()
	buf := make([]byte, 65536)
	for {
		n, from, err := unix.Recvfrom(fd, buf, 0)
		if err != nil {
			continue
		}
		unix.Sendto(fd, buf[:n], 0, from)
	}
}

// The client's datagrams start with a sequence number; replies are
// matched on it, so a late reply is never taken for the current one.
const seqLen = 8

// lossTimeout is how long the client waits for a reply before it counts
// the request (in windowed mode: every request in flight) as lost. Long:
// on a busy machine a reply can come tens of milliseconds late, and a late
// reply is a long round trip, not a loss.
const lossTimeout = time.Second

// client is the one measuring client of every case: a kernel UDP socket
// connected to the echo service, on a thread of its own.
type client struct {
	fd         int
	out, in    []byte
	seq        uint64
	warm, span time.Duration
}

func newClient(ns *netx.Namespace, dst netip.AddrPort, payload int, warm, span time.Duration) (*client, error) {
	if payload < seqLen {
		return nil, fmt.Errorf("payload of %d octets: at least %d needed for the sequence number", payload, seqLen)
	}
	fd, err := udpSocket(ns, netip.AddrPort{}, dst, lossTimeout)
	if err != nil {
		return nil, err
	}
	c := &client{fd: fd, out: make([]byte, payload), in: make([]byte, 65536), warm: warm, span: span}
	for i := seqLen; i < payload; i++ {
		c.out[i] = byte(i)
	}
	return c, nil
}

func (c *client) Close() { unix.Close(c.fd) }

// send sends the next request; it returns its sequence number.
func (c *client) send() (uint64, error) {
	c.seq++
	binary.BigEndian.PutUint64(c.out, c.seq)
	_, err := unix.Write(c.fd, c.out)
	return c.seq, err
}

// receive reads one reply and returns its sequence number; errTimeout
// when none came within lossTimeout.
func (c *client) receive() (uint64, error) {
	n, err := unix.Read(c.fd, c.in)
	for err == unix.EINTR {
		// A signal to this thread (the Go runtime's, or SIGCHLD): a socket
		// with a receive timeout is not restarted (signal(7)), so retry.
		n, err = unix.Read(c.fd, c.in)
	}
	if err != nil {
		if err == unix.EAGAIN {
			return 0, errTimeout
		}
		return 0, err
	}
	if n != len(c.out) {
		return 0, fmt.Errorf("a reply of %d octets to a request of %d", n, len(c.out))
	}
	return binary.BigEndian.Uint64(c.in), nil
}

var errTimeout = errors.New("no reply within the loss timeout")

// ready sends requests one at a time until one is answered: neighbor
// discovery is done and the path works.
func (c *client) ready(limit time.Duration) error {
	end := time.Now().Add(limit)
	var last error
	for time.Now().Before(end) && !interrupted.Load() {
		seq, err := c.send()
		if err != nil {
			last = err
			time.Sleep(50 * time.Millisecond)
			continue
		}
		for {
			got, err := c.receive()
			if err != nil {
				last = err
				break
			}
			if got == seq {
				return nil
			}
		}
	}
	if last == nil {
		last = errors.New("interrupted")
	}
	return fmt.Errorf("no reply within %v: %w", limit, last)
}

// PingPong is the ping-pong mode's outcome: one request in flight.
type PingPong struct {
	Transactions int             `json:"transactions"` // requests answered in the measured span
	Lost         int             `json:"lost"`         // requests not answered within the loss timeout
	Seconds      float64         `json:"seconds"`
	PerSecond    float64         `json:"per_second"`
	Median       float64         `json:"median_us"` // round trip, microseconds
	P99          float64         `json:"p99_us"`
	Max          float64         `json:"max_us"`
	rtts         []time.Duration // the measured round trips
}

// pingPong sends one request, waits for its reply, and again, for the
// warm-up and then the measured span.
func (c *client) pingPong() (PingPong, error) {
	var r PingPong
	from := time.Now().Add(c.warm)
	r.rtts = make([]time.Duration, 0, 1<<16)
	counting := false
	var begun, end time.Time // the measured span, from the first request after the warm-up
	for !interrupted.Load() {
		t0 := time.Now()
		if !counting && !t0.Before(from) {
			counting, begun, end = true, t0, t0.Add(c.span)
		}
		if counting && !t0.Before(end) {
			break
		}
		seq, err := c.send()
		if err != nil {
			return r, fmt.Errorf("sending: %w", err)
		}
		for {
			got, err := c.receive()
			if err == errTimeout {
				if counting {
					r.Lost++
				}
				break
			}
			if err != nil {
				return r, fmt.Errorf("receiving: %w", err)
			}
			if got != seq {
				continue // a late reply to an earlier request
			}
			if counting {
				r.rtts = append(r.rtts, time.Since(t0))
			}
			break
		}
	}
	if !counting {
		return r, errors.New("interrupted")
	}
	r.Seconds = time.Since(begun).Seconds()
	r.summarise()
	return r, nil
}

func (r *PingPong) summarise() {
	r.Transactions = len(r.rtts)
	if r.Seconds > 0 {
		r.PerSecond = float64(r.Transactions) / r.Seconds
	}
	r.Median = micros(quantile(r.rtts, 0.5))
	r.P99 = micros(quantile(r.rtts, 0.99))
	r.Max = micros(quantile(r.rtts, 1))
}

// Windowed is the windowed mode's outcome: Window requests in flight,
// each reply answered by a new request.
type Windowed struct {
	Window    int     `json:"window"`
	Replies   int     `json:"replies"` // replies received in the measured span
	Lost      int     `json:"lost"`    // requests in flight when no reply came within the loss timeout
	Seconds   float64 `json:"seconds"`
	PerSecond float64 `json:"per_second"`
	// LongestGap is the longest time without a reply, in milliseconds:
	// the longest stall of the path (or of the machine).
	LongestGap float64 `json:"longest_gap_ms"`
}

// windowed keeps window requests in flight. When no reply comes within the
// loss timeout, every request in flight counts as lost and a fresh window
// is sent; replies to the old ones are then ignored.
func (c *client) windowed(window int) (Windowed, error) {
	r := Windowed{Window: window}
	inflight := 0
	fresh := c.seq + 1 // replies below are to requests given up
	fill := func() error {
		for inflight < window {
			if _, err := c.send(); err != nil {
				if errors.Is(err, unix.ENOBUFS) {
					return nil // the queue is full: the replies will refill it
				}
				return fmt.Errorf("sending: %w", err)
			}
			inflight++
		}
		return nil
	}
	if err := fill(); err != nil {
		return r, err
	}
	from := time.Now().Add(c.warm)
	counting := false
	var begun, end, last time.Time
	var longest time.Duration
	for !interrupted.Load() {
		now := time.Now()
		if !counting && !now.Before(from) {
			counting, begun, end, last = true, now, now.Add(c.span), now
		}
		if counting && !now.Before(end) {
			break
		}
		got, err := c.receive()
		if err == errTimeout {
			if counting {
				r.Lost += inflight
			}
			inflight, fresh = 0, c.seq+1
		} else if err != nil {
			return r, fmt.Errorf("receiving: %w", err)
		} else if got >= fresh {
			inflight--
			at := time.Now()
			if counting {
				r.Replies++
				if gap := at.Sub(last); gap > longest {
					longest = gap
				}
			}
			last = at
		}
		if err := fill(); err != nil {
			return r, err
		}
	}
	if !counting {
		return r, errors.New("interrupted")
	}
	r.Seconds = time.Since(begun).Seconds()
	if r.Seconds > 0 {
		r.PerSecond = float64(r.Replies) / r.Seconds
	}
	r.LongestGap = float64(longest) / float64(time.Millisecond)
	return r, nil
}
