package mldrouter

import (
	"fmt"
	"net/netip"
	"testing"
	"time"

	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/mld"
)

var _ = testedIn(faults.MLDRQRVSevenAsZero, faults.MLDRQueryLowersNothing, faults.MLDRSSMPrefixShort, faults.MLDROQPTNotRestarted)

// TestBoundaryFaults: the faults at the boundaries of QRV (§5.1.8), of
// the timer lowering on another router's queries (§7.6.1) and of the SSM
// range (RFC 4604 §3) change what the router does there, and only there.
func TestBoundaryFaults(t *testing.T) {
	firstQRV := func(b *bench) string {
		b.advance(time.Millisecond)
		if len(b.sent) == 0 {
			return "none"
		}
		return fmt.Sprint(b.sent[0].q.QRV)
	}
	lowered := func(group netip.Addr, s bool, sources ...netip.Addr) func(b *bench) string {
		return func(b *bench) string {
			b.report(rec(mld.ModeIsExclude), mld.Record{Type: mld.ModeIsInclude, Group: m2, Sources: srcs(1)})
			b.queryFrom(higher, group, s, 2, 125, 1000, sources...)
			b.advance(3 * time.Second)
			return b.state(m1) + " " + b.state(m2)
		}
	}
	nonSSM := netip.MustParseAddr("ff3e:100::4000:1")
	for _, c := range []struct {
		name           string
		fault          faults.Fault
		cfg            Config
		fresh          bool
		observe        func(*bench) string
		correct, wrong string
	}{
		{"RV 7", faults.MLDRQRVSevenAsZero, Config{Robustness: 7}, true, firstQRV, "7", "0"},
		{"RV 6", faults.MLDRQRVSevenAsZero, Config{Robustness: 6}, true, firstQRV, "6", "6"},
		{"RV 8", faults.MLDRQRVSevenAsZero, Config{Robustness: 8}, true, firstQRV, "0", "0"},
		{"Q(M1) from a higher router", faults.MLDRQueryLowersNothing, Config{}, false, lowered(m1, false), "- IN{S1}", "EX{|} IN{S1}"},
		{"Q(M2,{S1}) from a higher router", faults.MLDRQueryLowersNothing, Config{}, false, lowered(m2, false, src(1)), "EX{|} -", "EX{|} IN{S1}"},
		{"Q(M1) with S set", faults.MLDRQueryLowersNothing, Config{}, false, lowered(m1, true), "EX{|} IN{S1}", "EX{|} IN{S1}"},
		{"ff3e:100::/32 is not SSM", faults.MLDRSSMPrefixShort, Config{}, false, func(b *bench) string {
			b.report(mld.Record{Type: mld.ModeIsExclude, Group: nonSSM})
			return b.state(nonSSM)
		}, "EX{|}", "-"},
		{"a second query from the querier", faults.MLDROQPTNotRestarted, Config{}, false, func(b *bench) string {
			b.queryFrom(lower, netip0, false, 2, 125, 10000)
			b.advance(200 * time.Second)
			b.queryFrom(lower, netip0, false, 2, 125, 10000)
			b.advance(100 * time.Second) // 300 s after the first, 100 s after the second: OQPT is 255 s
			st, _ := b.r.State("l0")
			return fmt.Sprint(st.Querier)
		}, "false", "true"},
		{"ff3e::/32 is SSM", faults.MLDRSSMPrefixShort, Config{}, false, func(b *bench) string {
			b.report(mld.Record{Type: mld.ModeIsExclude, Group: ssm1})
			return b.state(ssm1)
		}, "-", "-"},
	} {
		t.Run(string(c.fault)+" "+c.name, func(t *testing.T) {
			eitherWay(t, c.fault, benchOf(t, c.cfg, c.fresh), c.observe, c.correct, c.wrong)
		})
	}
}

// TestEncodeQRV: the QRV field holds a Robustness Variable up to 7, and 0
// above (RFC 3810 §5.1.8).
func TestEncodeQRV(t *testing.T) {
	for _, c := range []struct {
		rv     int
		capped bool
		want   uint8
	}{{1, false, 1}, {6, false, 6}, {7, false, 7}, {8, false, 0}, {255, false, 0}, {7, true, 7}, {8, true, 7}} {
		if got := EncodeQRV(c.rv, c.capped); got != c.want {
			t.Errorf("EncodeQRV(%d, %v) = %d, want %d", c.rv, c.capped, got, c.want)
		}
	}
}
