package attack

import (
	"encoding/binary"
	"fmt"
	"net/netip"
	"runtime"
	"sort"
	"sync"
	"time"

	"golang.org/x/sys/unix"

	"github.com/v6ct/v6ct/suites/netx"
)

// EchoDeadline is how soon the node must answer the tester.
const EchoDeadline = 100 * time.Millisecond

// prober is the legitimate tester: it sends an Echo Request to the node
// every interval from the kernel side's address, through a raw ICMPv6
// socket (the kernel fills in the checksum and resolves the node's MAC),
// and times the replies.
type prober struct {
	fd       int
	id       uint16
	interval time.Duration
	dst      unix.SockaddrInet6

	mu    sync.Mutex
	sent  map[uint16]time.Time
	rtts  map[uint16]time.Duration
	seq   uint16
	stop  chan struct{}
	done  sync.WaitGroup
	phase *echoResult
}

// echoResult is what one phase of probing saw.
type echoResult struct {
	Sent, Answered, Late int
	rtts                 []time.Duration
}

func (r *echoResult) quantile(q float64) time.Duration {
	if len(r.rtts) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), r.rtts...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[min(len(s)-1, int(q*float64(len(s))))]
}

// Max is the slowest answer.
func (r *echoResult) Max() time.Duration { return r.quantile(1) }

// Lost counts requests not answered within EchoDeadline.
func (r *echoResult) Lost() int { return r.Sent - r.Answered + r.Late }

func (r *echoResult) String() string {
	return fmt.Sprintf("%d sent, %d answered within %v (%d late, %d never), median %v, p99 %v, max %v",
		r.Sent, r.Answered-r.Late, EchoDeadline, r.Late, r.Sent-r.Answered,
		r.quantile(0.5).Round(10*time.Microsecond), r.quantile(0.99).Round(10*time.Microsecond), r.Max().Round(10*time.Microsecond))
}

func newProber(ns *netx.Namespace, interval time.Duration) (*prober, error) {
	p := &prober{id: 0x7636, interval: interval, sent: map[uint16]time.Time{}, rtts: map[uint16]time.Duration{}, stop: make(chan struct{})}
	p.dst.Addr = netip.MustParseAddr(nodeAddr).As16()
	err := ns.Do(func() error {
		fd, err := unix.Socket(unix.AF_INET6, unix.SOCK_RAW|unix.SOCK_CLOEXEC, unix.IPPROTO_ICMPV6)
		if err != nil {
			return err
		}
		// Only Echo Replies (type 129) reach the socket: struct
		// icmp6_filter is eight 32-bit words, a set bit blocks its type.
		filter := make([]byte, 32)
		for w := range 8 {
			v := ^uint32(0)
			if w == 129>>5 {
				v &^= 1 << (129 & 31)
			}
			binary.NativeEndian.PutUint32(filter[4*w:], v)
		}
		if err := unix.SetsockoptString(fd, unix.SOL_ICMPV6, unix.ICMPV6_FILTER, string(filter)); err != nil {
			unix.Close(fd)
			return err
		}
		tv := unix.NsecToTimeval(int64(50 * time.Millisecond))
		if err := unix.SetsockoptTimeval(fd, unix.SOL_SOCKET, unix.SO_RCVTIMEO, &tv); err != nil {
			unix.Close(fd)
			return err
		}
		unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_PRIORITY, 6) // the tester's packets go first in the TAP's queue
		p.fd = fd
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("echo socket: %w", err)
	}
	p.done.Add(2)
	go p.send()
	go p.receive()
	return p, nil
}

// Phase starts a new tally and returns the previous one once each of its
// requests has been answered or given up.
func (p *prober) Phase() *echoResult {
	p.mu.Lock()
	prev := p.phase
	p.phase = &echoResult{}
	p.mu.Unlock()
	time.Sleep(EchoDeadline * 6)
	p.mu.Lock()
	defer p.mu.Unlock()
	if prev == nil {
		return &echoResult{}
	}
	r := *prev
	return &r
}

// niced runs the calling goroutine on a thread of its own at the given
// nice value until restore. The thread goes back to the runtime afterwards,
// never ends: a thread that ends takes with it (Pdeathsig) the processes it
// happened to start, the node among them.
func niced(nice int) (restore func()) {
	runtime.LockOSThread()
	tid := unix.Gettid()
	unix.Setpriority(unix.PRIO_PROCESS, tid, nice)
	return func() {
		unix.Setpriority(unix.PRIO_PROCESS, tid, 0)
		runtime.UnlockOSThread()
	}
}

func (p *prober) send() {
	defer p.done.Done()
	defer niced(-10)() // the tester stands for a machine of its own
	tick := time.NewTicker(p.interval)
	defer tick.Stop()
	msg := make([]byte, 16)
	for {
		select {
		case <-p.stop:
			return
		case <-tick.C:
		}
		p.mu.Lock()
		p.seq++
		seq := p.seq
		p.sent[seq] = time.Now()
		ph := p.phase
		p.mu.Unlock()
		msg[0], msg[1] = 128, 0
		binary.BigEndian.PutUint16(msg[4:], p.id)
		binary.BigEndian.PutUint16(msg[6:], seq)
		copy(msg[8:], "v6ct-atk")
		if err := unix.Sendto(p.fd, msg, 0, &p.dst); err != nil {
			continue // counted as lost
		}
		if ph != nil {
			p.mu.Lock()
			ph.Sent++
			p.mu.Unlock()
			go p.judge(ph, seq)
		}
	}
}

// judge counts one request of a phase once its deadline (and a grace for a
// late answer) has passed.
func (p *prober) judge(ph *echoResult, seq uint16) {
	time.Sleep(EchoDeadline * 5)
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.sent, seq)
	rtt, ok := p.rtts[seq]
	if !ok {
		return
	}
	ph.Answered++
	ph.rtts = append(ph.rtts, rtt)
	if rtt > EchoDeadline {
		ph.Late++
	}
	delete(p.rtts, seq)
}

func (p *prober) receive() {
	defer p.done.Done()
	defer niced(-10)() // the tester stands for a machine of its own
	b := make([]byte, 1500)
	for {
		select {
		case <-p.stop:
			return
		default:
		}
		n, _, err := unix.Recvfrom(p.fd, b, 0)
		if err != nil || n < 8 || b[0] != 129 || binary.BigEndian.Uint16(b[4:]) != p.id {
			continue
		}
		now := time.Now()
		seq := binary.BigEndian.Uint16(b[6:])
		p.mu.Lock()
		if at, ok := p.sent[seq]; ok {
			p.rtts[seq] = now.Sub(at)
			delete(p.sent, seq)
		}
		p.mu.Unlock()
	}
}

// Close stops probing; the last phase's requests are judged first.
func (p *prober) Close() *echoResult {
	time.Sleep(EchoDeadline * 6)
	close(p.stop)
	p.done.Wait()
	unix.Close(p.fd)
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.phase
}
