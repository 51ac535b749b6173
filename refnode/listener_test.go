package refnode

import (
	"bytes"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/v6ct/v6ct/refnode/clock"
	"github.com/v6ct/v6ct/refnode/counter"
	"github.com/v6ct/v6ct/refnode/ipv6"
	"github.com/v6ct/v6ct/refnode/link"
	"github.com/v6ct/v6ct/refnode/mld"
)

var (
	mcast1 = netip.MustParseAddr("ff1e::1:1")
	hbhRA  = []byte{58, 0, 5, 2, 0, 0, 1, 0} // Router Alert, value 0 (RFC 2711)
)

// mldPkt builds an MLD packet: msg after a Hop-by-Hop Router Alert when ra.
func mldPkt(src, dst netip.Addr, hop uint8, ra bool, msg []byte) []byte {
	m := slices.Clone(msg)
	c := ipv6.Checksum(src, dst, ipv6.ProtoICMPv6, m)
	m[2], m[3] = byte(c>>8), byte(c)
	if !ra {
		return ipPkt(src, dst, hop, ipv6.ProtoICMPv6, m)
	}
	return ipPkt(src, dst, hop, ipv6.ProtoHopByHop, append(slices.Clone(hbhRA), m...))
}

// generalQuery is an MLDv2 General Query with Maximum Response Code mrc.
func generalQuery(mrc uint16) []byte {
	b := make([]byte, 28)
	return b[:mld.PutQuery(b, mrc, netip.IPv6Unspecified(), false, 2, 125, nil)]
}

func v1Msg(typ uint8, mrd uint16, g netip.Addr) []byte {
	b := make([]byte, 24)
	return b[:mld.PutV1(b, typ, mrd, g)]
}

// report is an MLD message the node sent, checked for what every one of
// them must be (RFC 3810 §5, §5.2.13, §5.2.14; RFC 2711).
type report struct {
	o    out
	ra   bool
	typ  uint8
	recs []mld.Record
}

func (h *harness) reports() []report {
	var rs []report
	for _, o := range h.sentAll() {
		if !o.isMLD() {
			continue
		}
		ip := o.raw[link.HeaderLen:]
		r := report{o: o}
		off := ipv6.HeaderLen
		if ip[ipv6.OffNextHeader] == ipv6.ProtoHopByHop {
			r.ra = bytes.Equal(ip[off:off+8], hbhRA)
			off += 8
		}
		msg := ip[off:]
		r.typ = msg[0]
		if r.typ == mld.TypeV2Report {
			r.recs, _ = mld.ParseReport(msg)
		}
		if ipv6.Checksum(o.src(), o.dst(), ipv6.ProtoICMPv6, msg) != 0 {
			h.t.Errorf("bad checksum: %s", o)
		}
		rs = append(rs, r)
	}
	return rs
}

func (r report) String() string {
	var rec []string
	for _, x := range r.recs {
		rec = append(rec, fmt.Sprintf("%d %s %v", x.Type, x.Group, x.Sources))
	}
	return fmt.Sprintf("%s->%s hop %d ra %v type %d [%s]", r.o.src(), r.o.dst(), r.o.ip().HopLimit, r.ra, r.typ, strings.Join(rec, "; "))
}

// wellFormed checks the IP header of an MLDv2 Report (RFC 3810 §5: Hop
// Limit 1, Router Alert, link-local or :: source; §5.2.14: to ff02::16).
func (r report) wellFormed(t *testing.T, src netip.Addr) {
	t.Helper()
	if r.o.ip().HopLimit != 1 || !r.ra || r.o.src() != src || r.o.dst() != mld.AllMLDv2Routers ||
		r.o.eth().DstMAC.String() != "33:33:00:00:00:16" || r.typ != mld.TypeV2Report {
		t.Errorf("not a well-formed report from %s: %s", src, r)
	}
}

// TestMLDStartup: the report for the solicited-node group of a tentative
// address goes out from :: right before the first DAD probe, after DAD's
// random delay (RFC 4862 §5.4.2; RFC 3810 §5.2.13), and is repeated; once
// the link-local address is preferred the group is reported again from it.
func TestMLDStartup(t *testing.T) {
	h := newHarness(t, nil)
	type ev struct {
		at   time.Duration
		what string
	}
	var evs []ev
	for {
		when, ok := h.clk.Next()
		if !ok || when.Sub(clock.Epoch) > 10*time.Second {
			break
		}
		h.clk.AdvanceTo(when)
		at := when.Sub(clock.Epoch)
		for _, o := range h.sentAll() {
			switch {
			case o.ns() != nil:
				evs = append(evs, ev{at, "NS"})
			case o.icmpType() == mld.TypeV2Report:
				h.pipe.Sent()
				evs = append(evs, ev{at, "report from " + o.src().String()})
			}
		}
	}
	var seq []string
	for _, e := range evs {
		seq = append(seq, e.what)
	}
	want := []string{"report from ::", "NS", "NS", "report from ::", "report from fe80::200:ff:fe00:100", "report from fe80::200:ff:fe00:100"}
	if !slices.Equal(seq, want) {
		t.Fatalf("got %q\nwant %q", seq, want)
	}
	if evs[0].at != evs[1].at || evs[0].at <= 0 || evs[0].at >= time.Second {
		t.Errorf("first report at %v, first probe at %v: want the same instant, within DAD's random delay", evs[0].at, evs[1].at)
	}
	if d := evs[3].at - evs[0].at; d <= 0 || d > time.Second {
		t.Errorf("repeat %v after the first report", d)
	}
}

// TestMLDStartupRecords checks the first report octet by octet where it
// matters: from ::, TO_EX{} for the solicited-node group.
func TestMLDStartupRecords(t *testing.T) {
	h := newHarness(t, nil)
	when, _ := h.clk.Next()
	h.clk.AdvanceTo(when)
	rs := h.reports()
	if len(rs) != 1 {
		t.Fatalf("%d reports", len(rs))
	}
	rs[0].wellFormed(t, netip.IPv6Unspecified())
	if got := fmt.Sprint(rs[0].recs); got != "[{4 ff02::1:ff00:100 []}]" {
		t.Errorf("records %s", got)
	}
	if h.counter(counter.MLDReportSent) != 1 {
		t.Errorf("mld.report_sent %d", h.counter(counter.MLDReportSent))
	}
}

// TestMLDJoinOnWire: joining with a source filter sends ALLOW{S1} from the
// link-local address, Hop Limit 1, Router Alert, payload 52 octets
// (catalogue MLDv2L.2.1), twice within the Unsolicited Report Interval.
func TestMLDJoinOnWire(t *testing.T) {
	h := started(t)
	h.clk.Advance(5 * time.Second)
	h.pipe.Sent()
	if err := h.node.SetSourceFilter("v6l0", mcast1, FilterInclude, []netip.Addr{tnGlobal}); err != nil {
		t.Fatal(err)
	}
	rs := h.reports()
	if len(rs) != 1 {
		t.Fatalf("%d reports at once", len(rs))
	}
	rs[0].wellFormed(t, nutLL)
	if l := rs[0].o.ip().Length; l != 52 {
		t.Errorf("payload length %d", l)
	}
	if got := fmt.Sprint(rs[0].recs); got != fmt.Sprintf("[{5 %s [%s]}]", mcast1, tnGlobal) {
		t.Errorf("records %s", got)
	}
	h.clk.Advance(time.Second)
	if rs := h.reports(); len(rs) != 1 || fmt.Sprint(rs[0].recs) != fmt.Sprintf("[{5 %s [%s]}]", mcast1, tnGlobal) {
		t.Errorf("retransmission: %v", rs)
	}
	if g := h.node.Groups(); len(g) != 3 || g[2].Group != mcast1 || g[2].Mode != FilterInclude {
		t.Errorf("groups %v", g)
	}
	if err := h.node.JoinGroup("v6l0", netip.MustParseAddr("ff3e::2000:1")); err == nil {
		t.Error("EXCLUDE join of an SSM group accepted")
	}
	if err := h.node.JoinGroup("v6l0", netip.MustParseAddr("ff02::1")); err != nil || len(h.reports()) != 0 {
		t.Errorf("joining ff02::1: %v, or a report sent", err) // RFC 3810 §6
	}
}

// TestMLDQueries: queries that fail the checks of RFC 3810 §5.1.14 and
// §6.2 are dropped and counted; valid ones, to ff02::1 or to the node's
// own address, are answered with every group, the solicited-node one
// IS_EX{} (catalogue MLDv2L.2.2 to 2.5).
func TestMLDQueries(t *testing.T) {
	gq := generalQuery(0)
	for _, c := range []struct {
		name string
		pkt  []byte
		drop counter.Counter
	}{
		{"valid", mldPkt(tnLL, ipv6.AllNodes, 1, true, gq), counter.None},
		{"to the link-local address", mldPkt(tnLL, nutLL, 1, true, gq), counter.None},
		{"to the global address", mldPkt(tnLL, nutGlobal, 1, true, gq), counter.None},
		{"code 255", mldPkt(tnLL, ipv6.AllNodes, 1, true, append([]byte{130, 255}, gq[2:]...)), counter.None},
		{"hop limit 0", mldPkt(tnLL, ipv6.AllNodes, 0, true, gq), counter.MLDBadHopLimit},
		{"hop limit 2", mldPkt(tnLL, ipv6.AllNodes, 2, true, gq), counter.MLDBadHopLimit},
		{"hop limit 255", mldPkt(tnLL, ipv6.AllNodes, 255, true, gq), counter.MLDBadHopLimit},
		{"from ::", mldPkt(netip.IPv6Unspecified(), ipv6.AllNodes, 1, true, gq), counter.MLDSourceNotLinkLocal},
		{"from a global address", mldPkt(tnGlobal, ipv6.AllNodes, 1, true, gq), counter.MLDSourceNotLinkLocal},
		{"no Router Alert", mldPkt(tnLL, ipv6.AllNodes, 1, false, gq), counter.MLDNoRouterAlert},
		{"26 octets", mldPkt(tnLL, ipv6.AllNodes, 1, true, gq[:26]), counter.MLDQueryBadLength},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := started(t)
			h.node.SetSourceFilter("v6l0", mcast1, FilterInclude, []netip.Addr{tnGlobal})
			h.clk.Advance(5 * time.Second)
			h.pipe.Sent()
			h.send(c.pkt)
			rs := h.reports()
			if c.drop != counter.None {
				if len(rs) != 0 || h.counter(c.drop) != 1 {
					t.Errorf("not dropped: %v, %s %d", rs, c.drop, h.counter(c.drop))
				}
				return
			}
			if len(rs) != 1 {
				t.Fatalf("%d reports", len(rs))
			}
			rs[0].wellFormed(t, nutLL)
			want := fmt.Sprintf("[{2 %s []} {1 %s [%s]}]", nutSolicited, mcast1, tnGlobal)
			if got := fmt.Sprint(rs[0].recs); got != want {
				t.Errorf("records %s, want %s", got, want)
			}
		})
	}
}

// TestMLDv1Interface: an MLDv1 query switches the interface to MLDv1;
// the node answers with MLDv1 Reports to the group and leaves with a Done
// to ff02::2 (RFC 3810 §8.2.1; RFC 2710 §4).
func TestMLDv1Interface(t *testing.T) {
	h := started(t)
	h.node.JoinGroup("v6l0", mcast1)
	h.clk.Advance(5 * time.Second)
	h.pipe.Sent()
	h.send(mldPkt(tnLL, ipv6.AllNodes, 1, true, v1Msg(mld.TypeQuery, 0, netip.IPv6Unspecified())))
	if !h.node.MLDv1Mode("v6l0") {
		t.Fatal("not in MLDv1 mode")
	}
	var got []string
	for _, r := range h.reports() {
		got = append(got, fmt.Sprintf("%d to %s hop %d ra %v", r.typ, r.o.dst(), r.o.ip().HopLimit, r.ra))
	}
	want := []string{"131 to ff02::1:ff00:100 hop 1 ra true", "131 to ff1e::1:1 hop 1 ra true"}
	if !slices.Equal(got, want) {
		t.Errorf("answer %q", got)
	}
	h.node.LeaveGroup("v6l0", mcast1)
	if rs := h.reports(); len(rs) != 1 || rs[0].typ != mld.TypeV1Done || rs[0].o.dst() != ipv6.AllRouters {
		t.Errorf("leave: %v", rs)
	}
}

// TestMLDSourceFilter: a packet to a joined group from a source the
// interface's filter keeps out is dropped (RFC 3810 §4.2).
func TestMLDSourceFilter(t *testing.T) {
	h := started(t)
	h.learnTN()
	h.node.SetSourceFilter("v6l0", mcast1, FilterInclude, []netip.Addr{tnGlobal})
	h.clk.Advance(5 * time.Second)
	h.pipe.Sent()
	h.send(echo(tnGlobal, mcast1, 1))
	if s := ofType(h.sent(), 129); len(s) != 1 {
		t.Fatalf("from an included source: %s", summary(s))
	}
	h.send(echo(tnLL, mcast1, 2))
	if s := h.sent(); len(s) != 0 || h.counter(counter.MLDSourceFiltered) != 1 {
		t.Fatalf("from another source: %s", summary(s))
	}
	h.send(echo(tnGlobal, netip.MustParseAddr("ff1e::1:2"), 3))
	if s := h.sent(); len(s) != 0 {
		t.Fatalf("to a group not joined: %s", summary(s))
	}
}

// TestMLDRouterGroups: a router reports all-routers (ff02::2, ff05::2) and
// its solicited-node groups, never ff02::1 nor ff01::2.
func TestMLDRouterGroups(t *testing.T) {
	h := newHarness(t, nil, func(c *Config) { c.Router = true })
	h.clk.Advance(5 * time.Second)
	groups := map[netip.Addr]bool{}
	for _, r := range h.reports() {
		for _, x := range r.recs {
			groups[x.Group] = true
		}
	}
	for _, g := range []string{"ff02::2", "ff05::2", "ff02::1:ff00:100", "ff02::1:ff00:0"} {
		if !groups[netip.MustParseAddr(g)] {
			t.Errorf("%s not reported; reported %v", g, groups)
		}
	}
	for _, g := range []string{"ff02::1", "ff01::2"} {
		if groups[netip.MustParseAddr(g)] {
			t.Errorf("%s reported", g)
		}
	}
}

// TestMLDDuplicateLeaves: a duplicate address's solicited-node group is
// left (TO_IN{}) when no other address needs it.
func TestMLDDuplicateLeaves(t *testing.T) {
	other := netip.MustParseAddr("2001:db8:1::77")
	h := newHarness(t, nil, func(c *Config) {
		c.Interfaces[0].Addresses = append(c.Interfaces[0].Addresses, netip.PrefixFrom(other, 64))
	})
	h.clk.Advance(1100 * time.Millisecond) // every first probe has gone
	h.pipe.Sent()
	h.send(icmpPkt(tnLL, ipv6.AllNodes, 255, 136, 0, naBody(0x20, other, &tnMAC)))
	var got []string
	for _, r := range h.reports() {
		got = append(got, fmt.Sprint(r.recs))
	}
	if want := "[{3 ff02::1:ff00:77 []}]"; len(got) == 0 || got[0] != want {
		t.Errorf("got %q, want %s first", got, want)
	}
}
