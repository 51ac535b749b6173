package linux

import (
	"encoding/binary"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/sys/unix"

	"github.com/v6ct/v6ct/suites"
)

// The Linux kernel's multicast listener driven through its socket API
// (RFC 3810 §3 as RFC 3678 gives it to C programs): each socket number of
// the join, leave and set-filter actions is one UDP socket of the node's
// namespace, held by the tester and closed at the end of the spec, so the
// kernel sees a program that listens exactly as the action says (doMLD
// has the calls).
//
// The spec's Unsolicited Report Interval is the interface's
// mldv2_unsolicited_report_interval sysctl; the Robustness Variable is a
// sysctl of the whole kernel (net.ipv6.mld_qrv), not of the node's
// namespace, so a spec that sets it is N/A.

type linuxMLD struct {
	mu      sync.Mutex
	sockets map[int]*linuxMLDSocket
	uri     map[string]string // interface -> its URI sysctl before the spec
	bounced bool              // the links go down and up for the next spec
}

// linuxMLDQuiet is how long the kernel repeats the reports of the groups
// it joins when a link comes up (its solicited-node groups; RV copies
// within URI, defaults), waited out after a spec that listened so that
// the next one starts with no report pending.
const linuxMLDQuiet = 2*suites.MLDUnsolicitedReportInterval + 500*time.Millisecond

// linuxMaxSources is the kernel's default limit of sources per socket
// (net.ipv6.mld_max_msf).
const linuxMaxSources = 64

// linuxMLDCaps are the listener's capabilities: the kernel drops its
// pending answer about a group on another node's MLDv1 Report in MLDv2
// mode too (net/ipv6/mcast.c, igmp6_event_report), and refuses a socket
// filter past net.ipv6.mld_max_msf sources with ENOBUFS; it has no limit
// per interface. The sysctl is machine-wide: a machine that raised it to
// 90 or more has no limit the specs can see.
func linuxMLDCaps() []string {
	c := []string{suites.CapMLDv1ReportSuppression}
	if b, err := os.ReadFile("/proc/sys/net/ipv6/mld_max_msf"); err != nil {
		c = append(c, suites.CapMLDSourceLimit) // the default, 64
	} else if n, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil && n < 90 {
		c = append(c, suites.CapMLDSourceLimit)
	}
	return c
}

type linuxMLDSocket struct {
	fd      int
	filters map[string]linuxFilter // by group%ifindex: the socket's filter
}

type linuxFilter struct {
	mode suites.FilterMode
	srcs []netip.Addr
}

var linuxMLDs sync.Map // *linuxTarget -> *linuxMLD

func (t *linuxTarget) mld() *linuxMLD {
	v, _ := linuxMLDs.LoadOrStore(t, &linuxMLD{sockets: map[int]*linuxMLDSocket{}, uri: map[string]string{}})
	return v.(*linuxMLD)
}

// mldBegin applies the spec's listener variables.
func (t *linuxTarget) mldBegin(setup suites.SpecSetup) error {
	m := t.mld()
	m.mu.Lock()
	defer m.mu.Unlock()
	if setup.MLD == nil {
		return nil
	}
	if setup.MLD.Robustness != 0 && setup.MLD.Robustness != suites.MLDRobustness {
		return fmt.Errorf("%w: the kernel's Robustness Variable (net.ipv6.mld_qrv) is shared by every namespace; %s does not set it", suites.ErrNoAction, t.Name())
	}
	if setup.MLD.UnsolicitedReportInterval != 0 {
		for i := 0; i < linuxLinks; i++ {
			key := fmt.Sprintf("conf/nut%d/mldv2_unsolicited_report_interval", i)
			if err := t.dut.Do(func() error {
				b, err := os.ReadFile(filepath.Join("/proc/sys/net/ipv6", key))
				if err == nil {
					m.uri[key] = string(b)
				}
				return err
			}); err != nil {
				return err
			}
			ms := strconv.Itoa(int(setup.MLD.UnsolicitedReportInterval / time.Millisecond))
			if err := t.dut.Sysctl(key, ms); err != nil {
				return err
			}
		}
	}
	return nil
}

// mldEnd closes the spec's sockets (the kernel leaves their groups) and
// restores the sysctls. After a spec that listened, the next spec takes
// the links down and up: that ends the reports of the leaves still being
// repeated, and forgets what queries taught the kernel (an MLDv1
// querier's compatibility mode for minutes, a QRV or QQI adopted), as a
// fresh start of the listener does.
func (t *linuxTarget) mldEnd() error {
	m := t.mld()
	m.mu.Lock()
	defer m.mu.Unlock()
	listened := len(m.sockets) > 0
	for n, s := range m.sockets {
		unix.Close(s.fd)
		delete(m.sockets, n)
	}
	var errs []error
	for key, v := range m.uri {
		errs = append(errs, t.dut.Sysctl(key, trimNL(v)))
		delete(m.uri, key)
	}
	if listened {
		t.up, m.bounced = false, true // the next Begin takes the links down and up
	}
	return errors.Join(errs...)
}

func trimNL(s string) string {
	for len(s) > 0 && (s[len(s)-1] == '\n' || s[len(s)-1] == ' ') {
		s = s[:len(s)-1]
	}
	return s
}

// mldQuiet waits, once the addresses are ready after links went down and
// up for the listener's sake, until the kernel's own reports end.
func (t *linuxTarget) mldQuiet() {
	m := t.mld()
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.bounced {
		m.bounced = false
		time.Sleep(linuxMLDQuiet)
	}
}

// doMLD performs join, leave or set-filter on the socket, as a program
// using the delta-based calls of RFC 3678 would: a new filter in the same
// mode by joining or leaving (INCLUDE) or blocking and unblocking
// (EXCLUDE) the sources that differ, a change of mode with MCAST_MSFILTER.
// So the kernel sees exactly one change of the socket's filter per action,
// never a filter deleted and set again.
func (t *linuxTarget) doMLD(a suites.Action) ([]string, error) {
	m := t.mld()
	m.mu.Lock()
	defer m.mu.Unlock()
	ifname := fmt.Sprintf("nut%d", a.Link)
	l, err := t.nl.LinkByName(ifname)
	if err != nil {
		return nil, err
	}
	ifindex := l.Attrs().Index
	s := m.sockets[a.Socket]
	if s == nil {
		var fd int
		if err := t.dut.Do(func() error {
			var err error
			fd, err = unix.Socket(unix.AF_INET6, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, 0)
			return err
		}); err != nil {
			return nil, fmt.Errorf("a UDP socket in the node's namespace: %w", err)
		}
		s = &linuxMLDSocket{fd: fd, filters: map[string]linuxFilter{}}
		m.sockets[a.Socket] = s
	}
	key := fmt.Sprintf("%s%%%d", a.Group, ifindex)
	mode, sources := a.SocketFilter()
	if a.Name == suites.ActJoin && len(a.Sources) > 0 {
		if old, ok := s.filters[key]; ok && old.mode == suites.FilterInclude {
			sources = append(append([]netip.Addr(nil), old.srcs...), sources...) // a join adds sources
		}
	}
	var calls []string
	set := func(name string, opt int, b []byte) error {
		calls = append(calls, name)
		if err := unix.SetsockoptString(s.fd, unix.IPPROTO_IPV6, opt, string(b)); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		return nil
	}
	old, joined := s.filters[key]
	// A fresh EXCLUDE filter with sources takes two calls on Linux (a join,
	// then the sources), and the state between them must not show: while
	// the other sockets make the group EXCLUDE with sources X, joining
	// EXCLUDE{} first would let X in for a moment, so the socket joins
	// INCLUDE of a source outside X first (no change to the merged state)
	// and then sets its filter with MCAST_MSFILTER.
	var quietJoin netip.Addr
	if !joined && mode == suites.FilterExclude && len(sources) > 0 {
		if xm, x := m.othersState(a.Socket, key); xm == suites.FilterExclude && len(x) > 0 {
			quietJoin = netip.MustParseAddr("2001:db8:ffff::1")
			for i := 2; slices.Contains(x, quietJoin); i++ {
				quietJoin = netip.MustParseAddr(fmt.Sprintf("2001:db8:ffff::%d", i))
			}
		}
	}
	err = func() error {
		switch {
		case len(sources) > linuxMaxSources:
			// Past the kernel's limit: one MCAST_MSFILTER call, which the
			// kernel refuses before it changes anything (a call per source
			// would take the first 64 and report them).
			return set(fmt.Sprintf("MCAST_MSFILTER %s{%d sources}", mode, len(sources)), unix.MCAST_MSFILTER, groupFilter(ifindex, a.Group, mode, sources))
		case mode == suites.FilterInclude && len(sources) == 0:
			if !joined {
				return nil
			}
			delete(s.filters, key)
			return set("MCAST_LEAVE_GROUP", unix.MCAST_LEAVE_GROUP, groupReq(ifindex, a.Group))
		case !joined && mode == suites.FilterInclude:
			for _, src := range sources {
				if err := set("MCAST_JOIN_SOURCE_GROUP "+src.String(), unix.MCAST_JOIN_SOURCE_GROUP, groupSourceReq(ifindex, a.Group, src)); err != nil {
					return err
				}
			}
		case !joined && quietJoin.IsValid():
			if err := set("MCAST_JOIN_SOURCE_GROUP "+quietJoin.String(), unix.MCAST_JOIN_SOURCE_GROUP, groupSourceReq(ifindex, a.Group, quietJoin)); err != nil {
				return err
			}
			if err := set(fmt.Sprintf("MCAST_MSFILTER %s{%s}", mode, suites.AddrsString(sources, ",")), unix.MCAST_MSFILTER, groupFilter(ifindex, a.Group, mode, sources)); err != nil {
				return err
			}
		case !joined:
			if err := set("MCAST_JOIN_GROUP", unix.MCAST_JOIN_GROUP, groupReq(ifindex, a.Group)); err != nil {
				return err
			}
			for _, src := range sources {
				if err := set("MCAST_BLOCK_SOURCE "+src.String(), unix.MCAST_BLOCK_SOURCE, groupSourceReq(ifindex, a.Group, src)); err != nil {
					return err
				}
			}
		case old.mode != mode, len(old.srcs)+len(addrDiff(sources, old.srcs)) > linuxMaxSources:
			// Across modes, or where adding before removing would pass the
			// kernel's limit of sources per socket: the whole filter at once.
			if err := set(fmt.Sprintf("MCAST_MSFILTER %s{%s}", mode, suites.AddrsString(sources, ",")), unix.MCAST_MSFILTER, groupFilter(ifindex, a.Group, mode, sources)); err != nil {
				return err
			}
		default:
			add, del := addrDiff(sources, old.srcs), addrDiff(old.srcs, sources)
			addOpt, addName, delOpt, delName := unix.MCAST_JOIN_SOURCE_GROUP, "MCAST_JOIN_SOURCE_GROUP", unix.MCAST_LEAVE_SOURCE_GROUP, "MCAST_LEAVE_SOURCE_GROUP"
			if mode == suites.FilterExclude {
				addOpt, addName, delOpt, delName = unix.MCAST_BLOCK_SOURCE, "MCAST_BLOCK_SOURCE", unix.MCAST_UNBLOCK_SOURCE, "MCAST_UNBLOCK_SOURCE"
			}
			// Add first: an INCLUDE filter that lost its last source
			// before gaining the new ones would leave the group between.
			for _, src := range add {
				if err := set(addName+" "+src.String(), addOpt, groupSourceReq(ifindex, a.Group, src)); err != nil {
					return err
				}
			}
			for _, src := range del {
				if err := set(delName+" "+src.String(), delOpt, groupSourceReq(ifindex, a.Group, src)); err != nil {
					return err
				}
			}
		}
		s.filters[key] = linuxFilter{mode, append([]netip.Addr(nil), sources...)}
		return nil
	}()
	what := "nothing to change"
	if len(calls) > 0 {
		what = "setsockopt " + joinStrings(calls)
	}
	log := []string{fmt.Sprintf("action %s: socket %d: %s on %s", a.Name, a.Socket, what, ifname)}
	if err != nil {
		if errors.Is(err, unix.ENOBUFS) {
			// A limit of sources per socket (net.ipv6.mld_max_msf), as
			// RFC 3810 §3 allows: the spec cannot be judged here.
			// A spec that expects the refusal (Env.Refuses) takes it.
			return log, suites.Refusal(true, "the kernel refused the filter (%v): its limit of sources per socket, net.ipv6.mld_max_msf", err)
		}
		if errors.Is(err, unix.EINVAL) || errors.Is(err, unix.EADDRNOTAVAIL) {
			// The kernel refused the filter, as an API may (RFC 3810 §3, §4.2).
			return log, suites.Refusal(false, "the kernel refused it: %v", err)
		}
		return log, err
	}
	return log, nil
}

// othersState is the merged state (RFC 3810 §4.2) of the group key over
// every socket but sock.
func (m *linuxMLD) othersState(sock int, key string) (suites.FilterMode, []netip.Addr) {
	var excl [][]netip.Addr
	var incl []netip.Addr
	for n, s := range m.sockets {
		f, ok := s.filters[key]
		if !ok || n == sock {
			continue
		}
		if f.mode == suites.FilterExclude {
			excl = append(excl, f.srcs)
		} else {
			incl = append(incl, f.srcs...)
		}
	}
	if len(excl) == 0 {
		return suites.FilterInclude, incl
	}
	var x []netip.Addr
	for _, a := range excl[0] {
		in := !slices.Contains(incl, a)
		for _, e := range excl[1:] {
			in = in && slices.Contains(e, a)
		}
		if in {
			x = append(x, a)
		}
	}
	return suites.FilterExclude, x
}

// addrDiff is a−b.
func addrDiff(a, b []netip.Addr) []netip.Addr {
	var out []netip.Addr
	for _, x := range a {
		found := false
		for _, y := range b {
			found = found || x == y
		}
		if !found {
			out = append(out, x)
		}
	}
	return out
}

func joinStrings(s []string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += ", then "
		}
		out += x
	}
	return out
}

// The structures of RFC 3678 §5 as Linux lays them out on 64-bit machines:
// the interface index, padding to 8, then sockaddr_storage (128 octets)
// for each address.
const sockaddrStorageLen = 128

func putSockaddr6(b []byte, a netip.Addr) {
	binary.NativeEndian.PutUint16(b[0:], unix.AF_INET6)
	a16 := a.As16()
	copy(b[8:24], a16[:])
}

func groupReq(ifindex int, group netip.Addr) []byte {
	b := make([]byte, 8+sockaddrStorageLen)
	binary.NativeEndian.PutUint32(b[0:], uint32(ifindex))
	putSockaddr6(b[8:], group)
	return b
}

func groupSourceReq(ifindex int, group, source netip.Addr) []byte {
	b := make([]byte, 8+2*sockaddrStorageLen)
	binary.NativeEndian.PutUint32(b[0:], uint32(ifindex))
	putSockaddr6(b[8:], group)
	putSockaddr6(b[8+sockaddrStorageLen:], source)
	return b
}

// groupFilter is struct group_filter: interface, group, mode (1 INCLUDE,
// 0 EXCLUDE), the number of sources and the sources.
func groupFilter(ifindex int, group netip.Addr, mode suites.FilterMode, sources []netip.Addr) []byte {
	n := max(1, len(sources))
	b := make([]byte, 8+sockaddrStorageLen+8+n*sockaddrStorageLen)
	binary.NativeEndian.PutUint32(b[0:], uint32(ifindex))
	putSockaddr6(b[8:], group)
	fmode := uint32(unix.MCAST_INCLUDE)
	if mode == suites.FilterExclude {
		fmode = unix.MCAST_EXCLUDE
	}
	off := 8 + sockaddrStorageLen
	binary.NativeEndian.PutUint32(b[off:], fmode)
	binary.NativeEndian.PutUint32(b[off+4:], uint32(len(sources)))
	for i, s := range sources {
		putSockaddr6(b[off+8+i*sockaddrStorageLen:], s)
	}
	return b
}
