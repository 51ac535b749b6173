package suites

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
)

// The multicast listener's socket API as control actions (RFC 3810 §3):
// join, leave and set-filter act on one of the node's sockets, numbered
// from 0, for one group on one link. The targets implement them in
// targets/reference/mld.go and targets/linux/mld.go; a profile runs its
// command templates with the placeholders {group}, {socket}, {mode} and
// {sources} (comma-separated).

// FilterMode is a socket's or an interface's source filter mode (RFC 3810
// §4.1).
type FilterMode uint8

// Filter modes.
const (
	FilterInclude FilterMode = iota
	FilterExclude
)

func (m FilterMode) String() string {
	if m == FilterExclude {
		return "EXCLUDE"
	}
	return "INCLUDE"
}

// MLDSetup is what a spec sets of the protocol's variables (RFC 3810 §9):
// the listener's, and the multicast router's for the specs that need
// CapMLDRouter. A zero field keeps the default.
type MLDSetup struct {
	Robustness                int           // §9.1 (default 2); also the router's Startup Query Count and Last Listener Query Count (§9.7, §9.9)
	UnsolicitedReportInterval time.Duration // §9.11 (default 1 s)
	QueryInterval             time.Duration // §9.2 (default 125 s); the Startup Query Interval is a quarter of it (§9.6)
	QueryResponseInterval     time.Duration // §9.3 (default 10 s)
	LastListenerQueryInterval time.Duration // §9.8 (default 1 s)
}

// SetsVariables says whether the spec sets any of the protocol's
// variables (a target that cannot set them makes the spec N/A).
func (s *MLDSetup) SetsVariables() bool {
	return s != nil && *s != MLDSetup{}
}

// The protocol's defaults (RFC 3810 §9).
const (
	MLDRobustness                = 2
	MLDUnsolicitedReportInterval = time.Second
	MLDQueryInterval             = 125 * time.Second
	MLDQueryResponseInterval     = 10 * time.Second
	MLDLastListenerQueryInterval = time.Second
)

// RobustnessOr, URIOr, QIOr, QRIOr and LLQIOr are the setup's values, or
// the defaults.
func (s *MLDSetup) RobustnessOr() int {
	if s == nil || s.Robustness == 0 {
		return MLDRobustness
	}
	return s.Robustness
}

func (s *MLDSetup) URIOr() time.Duration {
	if s == nil {
		return MLDUnsolicitedReportInterval
	}
	return orDefault(s.UnsolicitedReportInterval, MLDUnsolicitedReportInterval)
}

func (s *MLDSetup) QIOr() time.Duration {
	if s == nil {
		return MLDQueryInterval
	}
	return orDefault(s.QueryInterval, MLDQueryInterval)
}

func (s *MLDSetup) QRIOr() time.Duration {
	if s == nil {
		return MLDQueryResponseInterval
	}
	return orDefault(s.QueryResponseInterval, MLDQueryResponseInterval)
}

func (s *MLDSetup) LLQIOr() time.Duration {
	if s == nil {
		return MLDLastListenerQueryInterval
	}
	return orDefault(s.LastListenerQueryInterval, MLDLastListenerQueryInterval)
}

// MALI is the Multicast Address Listening Interval (§9.4): RV×QI+QRI.
func (s *MLDSetup) MALI() time.Duration {
	return time.Duration(s.RobustnessOr())*s.QIOr() + s.QRIOr()
}

// LLQT is the Last Listener Query Time (§9.10): LLQI×LLQC.
func (s *MLDSetup) LLQT() time.Duration {
	return time.Duration(s.RobustnessOr()) * s.LLQIOr()
}

// OQPT is the Other Querier Present Timeout (§9.5): RV×QI+QRI/2.
func (s *MLDSetup) OQPT() time.Duration {
	return time.Duration(s.RobustnessOr())*s.QIOr() + s.QRIOr()/2
}

// WithMLD sets the listener's variables for the spec; a target that
// cannot set them makes the spec N/A.
func WithMLD(s MLDSetup) Option { return func(sp *SpecSetup) { sp.MLD = &s } }

// IsMLDAction says whether n is one of the listener's actions (join,
// leave, set-filter).
func IsMLDAction(n ActionName) bool { return n == ActJoin || n == ActLeave || n == ActSetFilter }

// SocketFilter is the socket filter an MLD action asks for: a join without
// sources is EXCLUDE{}, with sources INCLUDE of them; a leave INCLUDE{}.
func (a Action) SocketFilter() (FilterMode, []netip.Addr) {
	switch a.Name {
	case ActJoin:
		if len(a.Sources) == 0 {
			return FilterExclude, nil
		}
		return FilterInclude, a.Sources
	case ActLeave:
		return FilterInclude, nil
	}
	return a.FilterMode, a.Sources
}

// AddrsString joins addresses with sep.
func AddrsString(as []netip.Addr, sep string) string {
	s := make([]string, len(as))
	for i, a := range as {
		s[i] = a.String()
	}
	return strings.Join(s, sep)
}

func mldActionString(a Action) string {
	switch a.Name {
	case ActJoin:
		if len(a.Sources) == 0 {
			return fmt.Sprintf("%s %s on socket %d, Link%d", a.Name, a.Group, a.Socket, a.Link)
		}
		return fmt.Sprintf("%s %s from {%s} on socket %d, Link%d", a.Name, a.Group, AddrsString(a.Sources, ", "), a.Socket, a.Link)
	case ActLeave:
		return fmt.Sprintf("%s %s on socket %d, Link%d", a.Name, a.Group, a.Socket, a.Link)
	}
	return fmt.Sprintf("%s %s %s{%s} on socket %d, Link%d", a.Name, a.Group, a.FilterMode, AddrsString(a.Sources, ", "), a.Socket, a.Link)
}

func mldValues(a Action, v map[string]string) {
	v["group"] = a.Group.String()
	v["socket"] = strconv.Itoa(a.Socket)
	if a.Name != ActLeave {
		v["sources"] = AddrsString(a.Sources, ",")
	}
	if a.Name == ActSetFilter {
		v["mode"] = a.FilterMode.String()
	}
}

// SetFilter sets the source filter of the node's socket number socket for
// group on link (RFC 3810 §3). The node's reports of the change are judged
// from this call on, as from a packet sent.
func (e *Env) SetFilter(link, socket int, group netip.Addr, mode FilterMode, sources ...netip.Addr) {
	GinkgoHelper()
	e.mldDo(Action{Name: ActSetFilter, Link: link, Socket: socket, Group: group, FilterMode: mode, Sources: sources})
}

// Join makes the node's socket number socket listen to group on link:
// from any source, or from the sources given.
func (e *Env) Join(link, socket int, group netip.Addr, sources ...netip.Addr) {
	GinkgoHelper()
	e.mldDo(Action{Name: ActJoin, Link: link, Socket: socket, Group: group, Sources: sources})
}

// Leave makes the node's socket number socket stop listening to group.
func (e *Env) Leave(link, socket int, group netip.Addr) {
	GinkgoHelper()
	e.mldDo(Action{Name: ActLeave, Link: link, Socket: socket, Group: group})
}

func (e *Env) mldDo(a Action) {
	GinkgoHelper()
	e.markAll() // what the node sends for it is judged from here on
	e.Do(a)
}

// LastSentAt is when the tester last sent a frame on the link, since the
// spec began (0 if it sent none): the moment an answer is timed from.
func (l *Link) LastSentAt() time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	for i := len(l.frames) - 1; i >= 0; i-- {
		if l.frames[i].ToNUT {
			return l.frames[i].At
		}
	}
	return 0
}
