package suites

import (
	"encoding/binary"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"golang.org/x/sys/unix"
)

// The Linux kernel's multicast listener driven through its socket API
// (RFC 3810 §3 as RFC 3678 gives it to C programs): each socket number of
// the join, leave and set-filter actions is one UDP socket of the node's
// namespace, held by the tester and closed at the end of the spec, so the
// kernel sees a program that listens exactly as the action says. A join
// without sources is MCAST_JOIN_GROUP, with sources MCAST_JOIN_SOURCE_GROUP;
// a leave is MCAST_LEAVE_GROUP; set-filter sets the full filter with
// MCAST_MSFILTER (after a join, which the kernel needs first: it merges the
// two into one State Change Report, since it sends them from a work item).
//
// The spec's Unsolicited Report Interval is the interface's
// mldv2_unsolicited_report_interval sysctl; the Robustness Variable is a
// sysctl of the whole kernel (net.ipv6.mld_qrv), not of the node's
// namespace, so a spec that sets it is N/A.

type linuxMLD struct {
	mu      sync.Mutex
	sockets map[int]*linuxMLDSocket
	uri     map[string]string // interface -> its URI sysctl before the spec
}

type linuxMLDSocket struct {
	fd     int
	joined map[string]bool // group%ifindex the socket listens to
}

var linuxMLDs sync.Map // *linuxTarget -> *linuxMLD

func (t *linuxTarget) mld() *linuxMLD {
	v, _ := linuxMLDs.LoadOrStore(t, &linuxMLD{sockets: map[int]*linuxMLDSocket{}, uri: map[string]string{}})
	return v.(*linuxMLD)
}

// mldBegin applies the spec's listener variables.
func (t *linuxTarget) mldBegin(setup SpecSetup) error {
	m := t.mld()
	m.mu.Lock()
	defer m.mu.Unlock()
	if setup.MLD == nil {
		return nil
	}
	if setup.MLD.Robustness != 0 && setup.MLD.Robustness != MLDRobustness {
		return fmt.Errorf("%w: the kernel's Robustness Variable (net.ipv6.mld_qrv) is shared by every namespace; %s does not set it", ErrNoAction, t.Name())
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
	listened := false
	for n, s := range m.sockets {
		listened = listened || len(s.joined) > 0
		unix.Close(s.fd)
		delete(m.sockets, n)
	}
	var errs []error
	for key, v := range m.uri {
		errs = append(errs, t.dut.Sysctl(key, trimNL(v)))
		delete(m.uri, key)
	}
	if listened {
		t.up = false // the next Begin takes the links down and up
	}
	return errors.Join(errs...)
}

func trimNL(s string) string {
	for len(s) > 0 && (s[len(s)-1] == '\n' || s[len(s)-1] == ' ') {
		s = s[:len(s)-1]
	}
	return s
}

// doMLD performs join, leave or set-filter on the socket.
func (t *linuxTarget) doMLD(a Action) ([]string, error) {
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
		s = &linuxMLDSocket{fd: fd, joined: map[string]bool{}}
		m.sockets[a.Socket] = s
	}
	key := fmt.Sprintf("%s%%%d", a.Group, ifindex)
	mode, sources := mldFilter(a)
	var calls []string
	set := func(name string, opt int, b []byte) error {
		calls = append(calls, name)
		if err := unix.SetsockoptString(s.fd, unix.IPPROTO_IPV6, opt, string(b)); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		return nil
	}
	err = func() error {
		if mode == FilterInclude && len(sources) == 0 {
			if !s.joined[key] {
				return nil
			}
			delete(s.joined, key)
			return set("MCAST_LEAVE_GROUP", unix.MCAST_LEAVE_GROUP, groupReq(ifindex, a.Group))
		}
		if !s.joined[key] {
			if mode == FilterInclude {
				if err := set("MCAST_JOIN_SOURCE_GROUP "+sources[0].String(), unix.MCAST_JOIN_SOURCE_GROUP, groupSourceReq(ifindex, a.Group, sources[0])); err != nil {
					return err
				}
			} else if err := set("MCAST_JOIN_GROUP", unix.MCAST_JOIN_GROUP, groupReq(ifindex, a.Group)); err != nil {
				return err
			}
			s.joined[key] = true
			if a.Name == ActJoin && len(sources) <= 1 {
				return nil
			}
		}
		return set(fmt.Sprintf("MCAST_MSFILTER %s{%s}", mode, addrsString(sources, ",")), unix.MCAST_MSFILTER, groupFilter(ifindex, a.Group, mode, sources))
	}()
	log := []string{fmt.Sprintf("action %s: socket %d: setsockopt %s on %s", a.Name, a.Socket, joinStrings(calls), ifname)}
	if err != nil {
		if errors.Is(err, unix.EINVAL) || errors.Is(err, unix.ENOBUFS) || errors.Is(err, unix.EADDRNOTAVAIL) {
			// The kernel refused the filter, as an API may (RFC 3810 §3, §4.2).
			return append(log, fmt.Sprintf("action %s: the kernel refused it: %v", a.Name, err)), nil
		}
		return log, err
	}
	return log, nil
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
func groupFilter(ifindex int, group netip.Addr, mode FilterMode, sources []netip.Addr) []byte {
	n := max(1, len(sources))
	b := make([]byte, 8+sockaddrStorageLen+8+n*sockaddrStorageLen)
	binary.NativeEndian.PutUint32(b[0:], uint32(ifindex))
	putSockaddr6(b[8:], group)
	fmode := uint32(unix.MCAST_INCLUDE)
	if mode == FilterExclude {
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
