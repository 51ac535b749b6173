package mldrouter

import (
	"fmt"
	"net/netip"
	"testing"
	"time"

	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/mld"
)

// Each fault of the multicast router (refnode/faults/mldrouter.go) changes
// what the router does: observe on a correct and on a faulty router. The
// forwarding faults of the node are in refnode/mrouter_test.go.
func TestFaults(t *testing.T) {
	first := func(f func(sent) string) func(*bench) string {
		return func(b *bench) string {
			b.advance(time.Millisecond)
			if len(b.sent) == 0 {
				return "none"
			}
			return f(b.sent[0])
		}
	}
	querier := func(b *bench) string { st, _ := b.r.State("l0"); return fmt.Sprint(st.Querier) }
	v1 := func(b *bench, typ uint8) {
		msg := make([]byte, mld.V1Len)
		mld.PutV1(msg, typ, 0, m1)
		b.in("l0", tn1, msg)
	}
	global := netip.MustParseAddr("3ffe:501:ffff:100::2")
	covered := map[faults.Fault]bool{ // in refnode/mrouter_test.go
		faults.MLDRForwardNoDecrement: true, faults.MLDRForwardsLinkScope: true, faults.MLDRQueryHopLimit255: true,
	}
	for f := range testedElsewhere {
		covered[f] = true
	}
	for _, f := range validationFaults { // in validation_test.go
		covered[f] = true
	}
	defer func() {
		for _, f := range faults.All() {
			if info, _ := faults.Lookup(f); info.Area == faults.MLDRouter && !covered[f] {
				t.Errorf("fault %s has no case", f)
			}
		}
	}()
	for _, c := range []struct {
		fault          faults.Fault
		cfg            Config
		fresh          bool // from Start, not after the start-up queries
		observe        func(*bench) string
		correct, wrong string
	}{
		{faults.MLDRNoStartupQueries, Config{}, true, func(b *bench) string {
			b.advance(40 * time.Second)
			return fmt.Sprint(len(b.sent))
		}, "4", "0"},
		{faults.MLDRQRVAboveSeven, Config{Robustness: 8}, true, first(func(s sent) string { return fmt.Sprint(s.q.QRV) }), "0", "7"},
		{faults.MLDRQQICLinear, Config{QueryInterval: 160 * time.Second}, true, first(func(s sent) string { return fmt.Sprintf("%#x", s.raw[25]) }), "0x84", "0xa0"},
		{faults.MLDRMRCLinear, Config{QueryInterval: 160 * time.Second, QueryResponseInterval: 40 * time.Second}, true,
			first(func(s sent) string { return fmt.Sprintf("%#x", s.q.MaxRespCode()) }), "0x8388", "0x7fff"},
		{faults.MLDRNoElection, Config{}, false, func(b *bench) string {
			b.queryFrom(lower, netip0, false, 2, 125, 10000)
			return querier(b)
		}, "false", "true"},
		{faults.MLDRLowestLoses, Config{}, false, func(b *bench) string {
			b.queryFrom(lower, netip0, false, 2, 125, 10000)
			return querier(b)
		}, "false", "true"},
		{faults.MLDROQPTWrong, Config{}, false, func(b *bench) string {
			b.queryFrom(lower, netip0, false, 2, 125, 10000)
			b.advance(200 * time.Second)
			return querier(b)
		}, "false", "true"},
		{faults.MLDRIgnoresQRV, Config{}, false, func(b *bench) string {
			b.queryFrom(lower, netip0, false, 3, 60, 10000)
			st, _ := b.r.State("l0")
			return fmt.Sprint(st.Robustness, " ", st.QI)
		}, "3 1m0s", "2 2m5s"},
		{faults.MLDRNoAdoptedQI, Config{}, false, func(b *bench) string {
			b.queryFrom(lower, netip0, false, 2, 60, 10000)
			st, _ := b.r.State("l0")
			return st.MALI.String()
		}, "2m10s", "4m20s"},
		{faults.MLDRNoLLQRetransmit, Config{}, false, func(b *bench) string {
			b.report(rec(mld.ModeIsInclude, 1), rec(mld.BlockOldSources, 1))
			b.advance(2 * time.Second)
			return b.take()
		}, "Q(M1,{S1}) Q(M1,{S1})", "Q(M1,{S1})"},
		{faults.MLDRNoTimerLowering, Config{}, false, func(b *bench) string {
			b.report(rec(mld.ModeIsInclude, 1), rec(mld.BlockOldSources, 1))
			b.advance(3 * time.Second)
			return b.state(m1)
		}, "-", "IN{S1}"},
		{faults.MLDRSFlagNever, Config{}, false, func(b *bench) string {
			b.report(rec(mld.ModeIsInclude, 1, 2), rec(mld.BlockOldSources, 1, 2), rec(mld.ModeIsInclude, 1, 3))
			b.take()
			b.advance(time.Second)
			return b.take()
		}, "Q(M1,{S1})/S1 Q(M1,{S2})", "Q(M1,{S1}) Q(M1,{S2})"},
		{faults.MLDRSFlagAlways, Config{}, false, func(b *bench) string {
			b.report(rec(mld.ModeIsInclude, 1), rec(mld.BlockOldSources, 1))
			return b.take()
		}, "Q(M1,{S1})", "Q(M1,{S1})/S1"},
		{faults.MLDRMALIWrong, Config{}, false, func(b *bench) string {
			b.report(rec(mld.ModeIsInclude, 1))
			b.advance(200 * time.Second)
			return b.state(m1)
		}, "IN{S1}", "-"},
		{faults.MLDRMALILong, Config{}, false, func(b *bench) string {
			b.report(rec(mld.ModeIsInclude, 1))
			b.advance(261 * time.Second)
			return b.state(m1)
		}, "-", "IN{S1}"},
		{faults.MLDRLowSourcesQueried, Config{}, false, func(b *bench) string {
			b.report(rec(mld.ModeIsInclude, 1))
			b.advance(259 * time.Second)
			b.take()
			b.report(rec(mld.BlockOldSources, 1))
			return b.take()
		}, "", "Q(M1,{S1})"},
		{faults.MLDRNodeWideState, Config{}, false, func(b *bench) string {
			b.report(rec(mld.ModeIsInclude, 1))
			b.reportOn("l1", tn1, rec(mld.ChangeToInclude))
			return b.take()
		}, "", "Q(M1,{S1})@l1"},
		{faults.MLDRIncludeIsExKeepsAll, Config{}, false, func(b *bench) string {
			b.report(rec(mld.ModeIsInclude, 1, 2), rec(mld.ModeIsExclude, 2, 3))
			return b.state(m1)
		}, "EX{S2|S3}", "EX{S1,S2|S3}"},
		{faults.MLDRToInNoQuery, Config{}, false, func(b *bench) string {
			b.report(rec(mld.ModeIsInclude, 1), rec(mld.ChangeToInclude))
			return b.take()
		}, "Q(M1,{S1})", ""},
		{faults.MLDRBlockQueriesExcluded, Config{}, false, func(b *bench) string {
			b.report(rec(mld.ModeIsExclude, 2), rec(mld.BlockOldSources, 2))
			return b.take()
		}, "", "Q(M1,{S2})"},
		{faults.MLDRAllowExcludeIgnored, Config{}, false, func(b *bench) string {
			b.report(rec(mld.ModeIsExclude), rec(mld.AllowNewSources, 1))
			return b.state(m1)
		}, "EX{S1|}", "EX{|}"},
		{faults.MLDRFilterExpiryDeletes, Config{}, false, func(b *bench) string {
			b.report(rec(mld.ModeIsExclude))
			b.advance(100 * time.Second)
			b.report(rec(mld.AllowNewSources, 1))
			b.advance(161 * time.Second)
			return b.state(m1)
		}, "IN{S1}", "-"},
		{faults.MLDRAcceptsGlobalSource, Config{}, false, func(b *bench) string {
			b.reportOn("l0", global, rec(mld.ModeIsInclude, 1))
			return b.state(m1)
		}, "-", "IN{S1}"},
		{faults.MLDRReportAnyDestination, Config{}, false, func(b *bench) string {
			msg := make([]byte, 100)
			b.inTo("l0", tn1, ll0, msg[:mld.PutReport(msg, []mld.Record{rec(mld.ModeIsInclude, 1)})])
			return b.state(m1)
		}, "-", "IN{S1}"},
		{faults.MLDRUnknownRecordAborts, Config{}, false, func(b *bench) string {
			b.report(mld.Record{Type: 0xff, Group: m1, Sources: srcs(2)}, rec(mld.ModeIsInclude, 1))
			return b.state(m1)
		}, "IN{S1}", "-"},
		{faults.MLDRNoV1Compat, Config{}, false, func(b *bench) string {
			v1(b, mld.TypeV1Report)
			return b.state(m1)
		}, "EX{|}", "-"},
		{faults.MLDRV1BlockHonoured, Config{}, false, func(b *bench) string {
			v1(b, mld.TypeV1Report)
			b.report(rec(mld.BlockOldSources, 1))
			return b.state(m1)
		}, "EX{|}", "EX{S1|}"},
		{faults.MLDRV1QueryDowngrades, Config{}, false, func(b *bench) string {
			msg := make([]byte, mld.V1Len)
			mld.PutV1(msg, mld.TypeQuery, 10000, netip0)
			b.in("l0", lower, msg)
			return querier(b)
		}, "true", "false"},
		{faults.MLDRV2OnlyIgnored, Config{V2Only: true}, false, func(b *bench) string {
			v1(b, mld.TypeV1Report)
			return b.state(m1)
		}, "-", "EX{|}"},
		{faults.MLDRSSMExcludeHonoured, Config{}, false, func(b *bench) string {
			b.report(mld.Record{Type: mld.ModeIsExclude, Group: ssm1})
			st, _ := b.r.State("l0")
			return fmt.Sprint(len(st.Groups))
		}, "0", "1"},
		{faults.MLDRSFlagIgnoredOnReceive, Config{}, false, func(b *bench) string {
			b.report(rec(mld.ModeIsInclude, 1))
			b.queryFrom(lower, netip0, false, 2, 125, 10000)
			b.queryFrom(lower, m1, true, 2, 125, 1000, src(1))
			b.advance(3 * time.Second)
			return b.state(m1)
		}, "IN{S1}", "-"},
		{faults.MLDRSSMExcludeDropsReport, Config{}, false, func(b *bench) string {
			b.report(mld.Record{Type: mld.ChangeToExclude, Group: ssm1}, rec(mld.ModeIsInclude, 1))
			return b.state(m1)
		}, "IN{S1}", "-"},
		{faults.MLDRSSMRangeIgnored, Config{SSMRanges: []netip.Prefix{netip.MustParsePrefix("ff3e:40:2001:db8::9000:0/100")}}, false, func(b *bench) string {
			b.report(mld.Record{Type: mld.ModeIsExclude, Group: netip.MustParseAddr("ff3e:40:2001:db8::9000:1")})
			st, _ := b.r.State("l0")
			return fmt.Sprint(len(st.Groups))
		}, "0", "1"},
		{faults.MLDRNoAllRoutersJoin, Config{}, false, func(b *bench) string { return fmt.Sprint(len(b.joined)) }, "2", "0"},
		{faults.MLDRNoSplit, Config{}, false, func(b *bench) string {
			var ns []int
			for i := 1; i <= 90; i++ {
				ns = append(ns, i)
			}
			b.report(rec(mld.AllowNewSources, ns...), rec(mld.ChangeToInclude))
			return fmt.Sprint(len(b.sent))
		}, "2", "1"},
		{faults.MLDRForwardsEverywhere, Config{}, false, func(b *bench) string { return fmt.Sprint(b.r.Wants("l1", src(1), m1)) }, "false", "true"},
	} {
		covered[c.fault] = true
		t.Run(string(c.fault), func(t *testing.T) {
			eitherWay(t, c.fault, benchOf(t, c.cfg, c.fresh), c.observe, c.correct, c.wrong)
		})
	}
}

// testedElsewhere are faults whose cases live in another test file of the
// package, which marks them with testedIn.
var testedElsewhere = map[faults.Fault]bool{}

func testedIn(fs ...faults.Fault) bool {
	for _, f := range fs {
		testedElsewhere[f] = true
	}
	return true
}

// eitherWay observes the router mk makes without the fault and with it:
// the correct router must give correct, the faulty one wrong.
func eitherWay(t *testing.T, f faults.Fault, mk func(fs ...faults.Fault) *bench, observe func(*bench) string, correct, wrong string) {
	t.Helper()
	for _, faulty := range []bool{false, true} {
		var fs []faults.Fault
		want := correct
		if faulty {
			fs, want = []faults.Fault{f}, wrong
		}
		if got := observe(mk(fs...)); got != want {
			t.Errorf("faulty %v: %q, want %q", faulty, got, want)
		}
	}
}

// benchOf makes a case's router: fresh (its start-up queries still to
// come) or quiet (start-up over, nothing sent kept).
func benchOf(t *testing.T, cfg Config, fresh bool) func(fs ...faults.Fault) *bench {
	return func(fs ...faults.Fault) *bench {
		if !fresh {
			return quiet(t, cfg, fs...)
		}
		b := newBench(t, cfg, fs...)
		b.advance(0)
		return b
	}
}
