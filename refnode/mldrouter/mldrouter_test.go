package mldrouter

import (
	"fmt"
	"net/netip"
	"testing"
	"time"

	"github.com/v6ct/v6ct/refnode/clock"
	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/mld"
)

var netip0 = netip.IPv6Unspecified()

// Query encoding (§5.1.3, §5.1.8, §5.1.9): the catalogue's golden values.
func TestEncoding(t *testing.T) {
	r := &Router{}
	r.faults = nil
	for _, c := range []struct {
		ms   int
		want uint16
	}{{10000, 10000}, {32767, 0x7fff}, {32768, 0x8000}, {40000, 0x8388}, {40007, 0x8388}, {128000, 0x9f40}} {
		if got := r.encodeMRC(time.Duration(c.ms) * time.Millisecond); got != c.want {
			t.Errorf("MRC for %d ms: %#x, want %#x", c.ms, got, c.want)
		}
	}
	for _, c := range []struct {
		s    int
		want uint8
	}{{125, 125}, {127, 127}, {128, 0x80}, {132, 0x80}, {160, 0x84}, {164, 0x84}, {512, 0xa0}, {31744, 0xff}, {40000, 0xff}} {
		if got := r.encodeQQIC(time.Duration(c.s) * time.Second); got != c.want {
			t.Errorf("QQIC for %d s: %#x, want %#x", c.s, got, c.want)
		}
	}
	for rv, want := range map[int]uint8{2: 2, 7: 7, 8: 0, 10: 0} {
		if got := EncodeQRV(rv, false); got != want {
			t.Errorf("QRV for RV %d: %d, want %d", rv, got, want)
		}
	}
}

// Start-up: RV General Queries QI/4 apart, then one per QI (§7.1, §9.6,
// §9.7), with the router's values, and the join of ff02::16 (§7).
func TestStartup(t *testing.T) {
	b := newBench(t, Config{Robustness: 3, QueryInterval: 60 * time.Second})
	b.advance(200 * time.Second)
	var at []string
	for _, s := range b.sent {
		if s.ifname == "l0" {
			at = append(at, fmt.Sprint(s.at))
			if s.q.QRV != 3 || s.q.QQI != 60*time.Second || s.q.MaxRespCode() != 10000 || s.q.S || s.dst.String() != "ff02::1" {
				t.Errorf("GQ %+v to %s", s.q, s.dst)
			}
		}
	}
	if got, want := fmt.Sprint(at), "[0s 15s 30s 1m30s 2m30s]"; got != want {
		t.Errorf("GQs at %s, want %s", got, want)
	}
	if got := fmt.Sprint(b.joined); got != "[l0 ff02::16 l1 ff02::16]" {
		t.Errorf("joined %s", got)
	}
}

// A query that finds no usable link-local address goes out once there is
// one, and still counts as the first start-up query.
func TestStartupWaitsForLinkLocal(t *testing.T) {
	b := &bench{t: t, clk: clock.NewManual(), fs: faults.Set{}, noLL: true}
	r, err := Start(b, []string{"l0"}, Config{})
	if err != nil {
		t.Fatal(err)
	}
	b.r = r
	b.advance(2 * time.Second)
	b.noLL = false
	b.advance(100 * time.Millisecond)
	b.advance(40 * time.Second)
	if got := b.take(); got != "GQ GQ" {
		t.Errorf("sent %s", got)
	}
}

// The querier election (§7.6.2): a lower address's query silences the
// router for OQPT (from the querier's QRV and QQIC and its MRC); a higher
// one's does not.
func TestElection(t *testing.T) {
	b := quiet(t, Config{})
	b.queryFrom(higher, netip0, false, 2, 125, 10000)
	b.advance(70 * time.Second)
	if got := b.take(); got != "GQ GQ@l1" {
		t.Errorf("after a higher querier: %q", got)
	}
	b.queryFrom(lower, netip0, false, 2, 60, 10000)
	if st, _ := b.r.State("l0"); st.Querier || st.QI != 60*time.Second || st.MALI != 130*time.Second {
		t.Errorf("after a lower querier: %+v", st)
	}
	b.advance(124 * time.Second) // OQPT = 2×60+5 = 125 s
	if got := b.take(); got != "GQ@l1" {
		t.Errorf("before OQPT: %q", got)
	}
	b.advance(time.Second)
	if got := b.take(); got != "GQ" {
		t.Errorf("at OQPT: %q", got)
	}
	if st, _ := b.r.State("l0"); !st.Querier || st.QI != DefaultQueryInterval {
		t.Errorf("querier again: %+v", st)
	}
}

// QRV 0 and QQIC 0 mean the router's own RV and the default QI (§5.1.8,
// §5.1.9).
func TestAdoptZero(t *testing.T) {
	b := quiet(t, Config{Robustness: 3, QueryInterval: 60 * time.Second})
	b.queryFrom(lower, netip0, false, 0, 0, 5000)
	st, _ := b.r.State("l0")
	if st.Robustness != 3 || st.QI != 125*time.Second || st.QRI != 5*time.Second || st.MALI != 380*time.Second {
		t.Errorf("%+v", st)
	}
}

// The tables of §7.4.1 and §7.4.2: the state after a record, and the
// queries it makes the querier send at once.
func TestTables(t *testing.T) {
	ex := []mld.Record{rec(mld.ModeIsExclude, 2), rec(mld.AllowNewSources, 1)} // EX{S1|S2}
	in := []mld.Record{rec(mld.ModeIsInclude, 1, 2)}                           // IN{S1,S2}
	for _, c := range []struct {
		name      string
		setup     []mld.Record
		r         mld.Record
		state, qs string
	}{
		{"IN+IS_IN", in, rec(mld.ModeIsInclude, 3), "IN{S1,S2,S3}", ""},
		{"IN+IS_IN{}", nil, rec(mld.ModeIsInclude), "-", ""},
		{"IN+IS_EX", in, rec(mld.ModeIsExclude, 2, 3), "EX{S2|S3}", ""},
		{"IN+ALLOW", in, rec(mld.AllowNewSources, 3), "IN{S1,S2,S3}", ""},
		{"IN+TO_IN", in, rec(mld.ChangeToInclude, 2, 3), "IN{S1,S2,S3}", "Q(M1,{S1})"},
		{"IN+TO_EX", in, rec(mld.ChangeToExclude, 2, 3), "EX{S2|S3}", "Q(M1,{S2})"},
		{"IN+BLOCK", in, rec(mld.BlockOldSources, 2, 3), "IN{S1,S2}", "Q(M1,{S2})"},
		{"EX+IS_IN", ex, rec(mld.ModeIsInclude, 2, 3), "EX{S1,S2,S3|}", ""},
		{"EX+IS_EX", ex, rec(mld.ModeIsExclude, 2, 3), "EX{S3|S2}", ""},
		{"EX+ALLOW", ex, rec(mld.AllowNewSources, 2), "EX{S1,S2|}", ""},
		{"EX+TO_IN", ex, rec(mld.ChangeToInclude, 3), "EX{S1,S3|S2}", "Q(M1) Q(M1,{S1})"},
		{"EX+TO_EX", ex, rec(mld.ChangeToExclude, 2, 3), "EX{S3|S2}", "Q(M1,{S3})"},
		{"EX+BLOCK", ex, rec(mld.BlockOldSources, 1, 2, 3), "EX{S1,S3|S2}", "Q(M1,{S1,S3})"},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := quiet(t, Config{})
			b.report(c.setup...)
			b.take()
			b.report(c.r)
			if got := b.state(m1); got != c.state {
				t.Errorf("state %s, want %s", got, c.state)
			}
			if got := b.take(); got != c.qs {
				t.Errorf("queries %q, want %q", got, c.qs)
			}
		})
	}
}

// Timers: MALI keeps state (§7.2, §9.4); the filter timer's expiry turns
// EXCLUDE into INCLUDE of the requested sources (§7.5).
func TestTimers(t *testing.T) {
	b := quiet(t, Config{})
	b.report(rec(mld.ModeIsExclude, 2))
	b.advance(100 * time.Second)
	b.report(rec(mld.AllowNewSources, 1))
	b.advance(160 * time.Second) // the filter timer expires at 260 s
	if got := b.state(m1); got != "IN{S1}" {
		t.Errorf("at MALI: %s", got)
	}
	b.advance(100 * time.Second)
	if got := b.state(m1); got != "-" {
		t.Errorf("at MALI of S1: %s", got)
	}
}

// Last listener queries: LLQC copies LLQI apart, MRC LLQI, timers lowered
// to LLQT, and the S flag split when a report raises a timer in between
// (§7.6.3; catalogue 4.25.a, 4.26.b).
func TestLastListenerQueries(t *testing.T) {
	b := quiet(t, Config{})
	b.report(rec(mld.ModeIsInclude, 1, 2))
	b.report(rec(mld.BlockOldSources, 1, 2))
	if b.sent[0].q.MaxRespCode() != 1000 {
		t.Errorf("MRC %d", b.sent[0].q.MaxRespCode())
	}
	b.report(rec(mld.ModeIsInclude, 1, 3))
	b.advance(time.Second)
	if got := b.take(); got != "Q(M1,{S1,S2}) Q(M1,{S1})/S1 Q(M1,{S2})" {
		t.Errorf("4.25.a: %q", got)
	}
	b.advance(2 * time.Second)
	if got := b.state(m1); got != "IN{S1,S3}" {
		t.Errorf("after LLQT: %s", got)
	}

	b = quiet(t, Config{})
	b.report(rec(mld.ModeIsInclude, 1, 2, 3, 4))
	b.report(rec(mld.BlockOldSources, 1, 2))
	b.report(rec(mld.BlockOldSources, 2, 3))
	b.advance(time.Second)
	b.advance(time.Second)
	if got := b.take(); got != "Q(M1,{S1,S2}) Q(M1,{S1,S2,S3}) Q(M1,{S3})" {
		t.Errorf("4.26.b: %q", got)
	}

	b = quiet(t, Config{Robustness: 5, QueryInterval: 60 * time.Second})
	b.report(rec(mld.ModeIsInclude, 1))
	b.advance(310*time.Second - 5*time.Second) // MALI 310 s, LLQT 5 s
	b.take()
	b.report(rec(mld.BlockOldSources, 1))
	if got := b.take(); got != "" {
		t.Errorf("1.6.f: %q", got)
	}
}

// 90 sources go in an 89-source and a 1-source query (§5.1.10).
func TestSplit(t *testing.T) {
	b := quiet(t, Config{})
	var ns []int
	for i := 1; i <= 90; i++ {
		ns = append(ns, i)
	}
	b.report(rec(mld.AllowNewSources, ns...))
	b.report(rec(mld.ChangeToInclude))
	if len(b.sent) != 2 || len(b.sent[0].q.Sources) != 89 || len(b.sent[1].q.Sources) != 1 {
		t.Errorf("sent %d queries", len(b.sent))
	}
}

// A non-querier lowers timers on specific queries with S clear only
// (§7.6.1), and sends no specific queries itself.
func TestNonQuerier(t *testing.T) {
	b := quiet(t, Config{})
	b.queryFrom(lower, netip0, false, 2, 125, 10000)
	b.report(rec(mld.ModeIsInclude, 1, 2))
	b.report(rec(mld.ChangeToInclude))
	if got := b.take(); got != "" {
		t.Errorf("non-querier sent %q", got)
	}
	b.queryFrom(lower, m1, true, 2, 125, 1000, src(1))
	b.queryFrom(lower, m1, false, 2, 125, 1000, src(2))
	b.advance(3 * time.Second)
	if got := b.state(m1); got != "IN{S1}" {
		t.Errorf("state %s", got)
	}
}

// MLDv1 (§8.3.2): a Report is IS_EX{} and starts compatibility mode, in
// which BLOCK is ignored; a Done is TO_IN{}; MLDv2-only ignores both.
func TestMLDv1(t *testing.T) {
	v1 := func(b *bench, typ uint8) {
		msg := make([]byte, mld.V1Len)
		mld.PutV1(msg, typ, 0, m1)
		b.in("l0", tn1, msg)
	}
	b := quiet(t, Config{})
	b.report(rec(mld.ModeIsInclude, 1))
	v1(b, mld.TypeV1Report)
	b.report(rec(mld.BlockOldSources, 1))
	if got, q := b.state(m1), b.take(); got != "EX{|}" || q != "" {
		t.Errorf("v1 mode: %s %q", got, q)
	}
	v1(b, mld.TypeV1Done)
	if got := b.take(); got != "Q(M1)" {
		t.Errorf("Done: %q", got)
	}

	b = quiet(t, Config{V2Only: true})
	b.report(rec(mld.ModeIsInclude, 1))
	v1(b, mld.TypeV1Report)
	v1(b, mld.TypeV1Done)
	if got, q := b.state(m1), b.take(); got != "IN{S1}" || q != "" {
		t.Errorf("v2 only: %s %q", got, q)
	}
}

// SSM (RFC 4604 §3): IS_EX and TO_EX are ignored for ff3x::/32 groups.
func TestSSM(t *testing.T) {
	b := quiet(t, Config{})
	b.report(mld.Record{Type: mld.ModeIsExclude, Group: ssm1})
	st, _ := b.r.State("l0")
	if len(st.Groups) != 0 {
		t.Errorf("%+v", st.Groups)
	}
}

// Forwarding (refnode.MulticastRouter): INCLUDE with the source, or
// EXCLUDE without it; nothing without state.
func TestWants(t *testing.T) {
	b := quiet(t, Config{})
	b.report(rec(mld.ModeIsInclude, 1))
	b.report(mld.Record{Type: mld.ModeIsExclude, Group: m2, Sources: srcs(2)})
	for _, c := range []struct {
		ifname string
		s      int
		g      string
		want   bool
	}{{"l0", 1, "m1", true}, {"l0", 2, "m1", false}, {"l0", 1, "m2", true}, {"l0", 2, "m2", false}, {"l1", 1, "m1", false}} {
		g := m1
		if c.g == "m2" {
			g = m2
		}
		if got := b.r.Wants(c.ifname, src(c.s), g); got != c.want {
			t.Errorf("%s S%d %s: %v", c.ifname, c.s, c.g, got)
		}
	}
}

// Source entries that are not possible sources are skipped, the rest of
// the record kept (§5.2.9; catalogue 2.30): ::, multicast, link-local, the
// router's own addresses.
func TestBogusSources(t *testing.T) {
	b := quiet(t, Config{})
	b.own = []netip.Addr{src(9)}
	b.report(mld.Record{Type: mld.ModeIsInclude, Group: m1, Sources: []netip.Addr{netip0, ll0, src(9), netip.MustParseAddr("ff02::1"), m1, src(2)}})
	if got := b.state(m1); got != "IN{S2}" {
		t.Errorf("state %s", got)
	}
	for _, g := range []string{"::", "ff02::1", "ff01::5", "fe80::1", "3ffe::1"} {
		b.report(mld.Record{Type: mld.ModeIsExclude, Group: netip.MustParseAddr(g)})
	}
	if st, _ := b.r.State("l0"); len(st.Groups) != 1 {
		t.Errorf("groups %+v", st.Groups)
	}
}

// A querier too lowers its timers on another router's specific query with
// S clear, and not with S set (§7.6.1; catalogue 3.4.n, 2.20).
func TestQuerierLowers(t *testing.T) {
	b := quiet(t, Config{})
	b.report(rec(mld.ModeIsInclude, 1, 2))
	b.queryFrom(higher, m1, true, 2, 125, 1000, src(1))
	b.queryFrom(higher, m1, false, 2, 125, 1000, netip0, src(2))
	b.advance(3 * time.Second)
	if st, _ := b.r.State("l0"); !st.Querier || b.state(m1) != "IN{S1}" {
		t.Errorf("querier %v, state %s", st.Querier, b.state(m1))
	}
}
