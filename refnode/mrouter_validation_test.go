package refnode

import (
	"fmt"
	"net/netip"
	"testing"

	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/mld"
)

// The node's part of two faults of the router's message validation
// (mldrouter/validation.go): the IP checks and the ICMPv6 dispatch let a
// report from :: or a multicast source, or a message of type 255, reach
// the router daemon.
var _ = testedIn(faults.MLDRReportAnySource, faults.MLDRUnknownTypeAsReport)

func TestMLDRouterValidationFaultsAtTheNode(t *testing.T) {
	report := func(typ uint8) []byte {
		b := make([]byte, 100)
		n := mld.PutReport(b, []mld.Record{{Type: mld.ModeIsInclude, Group: mcast1, Sources: []netip.Addr{tnGlobal}}})
		b[0] = typ
		return b[:n]
	}
	heard := func(src netip.Addr, typ uint8) func(r *routerHarness) string {
		return func(r *routerHarness) string {
			var got []string
			r.node.OnMLD(func(in MLDInput) []MLDMessage {
				got = append(got, fmt.Sprintf("%d from %s", in.Msg[0], in.Src))
				return nil
			})
			r.send(mldPkt(src, mld.AllMLDv2Routers, 1, true, report(typ)))
			return fmt.Sprint(got)
		}
	}
	for _, c := range []routerFaultCase{
		{faults.MLDRReportAnySource, heard(netip.IPv6Unspecified(), mld.TypeV2Report), "[]", "[143 from ::]"},
		{faults.MLDRReportAnySource, heard(mld.AllMLDv2Routers, mld.TypeV2Report), "[]", "[143 from ff02::16]"},
		{faults.MLDRUnknownTypeAsReport, heard(tnLL, 0xff), "[]", "[255 from " + tnLL.String() + "]"},
	} {
		for _, faulty := range []bool{false, true} {
			var fs []faults.Fault
			want := c.correct
			if faulty {
				fs, want = []faults.Fault{c.fault}, c.wrong
			}
			if got := c.observe(newRouter(t, 1280, nil, fs...)); got != want {
				t.Errorf("%s (faulty %v): %s, want %s", c.fault, faulty, got, want)
			}
		}
	}
}
