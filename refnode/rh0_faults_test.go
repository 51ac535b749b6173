package refnode

import (
	"fmt"
	"net/netip"
	"testing"

	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/ipv6"
)

var _ = testedIn(faults.RH0Processed, faults.RH0NoSwap, faults.RH0NoSLCheck)

// rh0Echo is an Echo Request from src to dst carrying a type 0 routing
// header with segments left sl and addrs; its checksum is computed for the
// last address, the final destination.
func rh0Echo(src, dst netip.Addr, sl uint8, addrs ...netip.Addr) []byte {
	m := append([]byte{128, 0, 0, 0}, echoBody(0x1234, 1, "v6ct")...)
	c := ipv6.Checksum(src, addrs[len(addrs)-1], ipv6.ProtoICMPv6, m)
	m[2], m[3] = byte(c>>8), byte(c)
	rh := []byte{ipv6.ProtoICMPv6, byte(2 * len(addrs)), 0, sl, 0, 0, 0, 0}
	for _, a := range addrs {
		b := a.As16()
		rh = append(rh, b[:]...)
	}
	return ipPkt(src, dst, 64, ipv6.ProtoRouting, append(rh, m...))
}

// TestRH0Faults: the classic RFC 2460 source routing mode and the faults
// that break it. Without rh0-processed the node answers RH0 as an unknown
// routing type (RFC 5095); the other two faults are judged against a node
// in the classic mode.
func TestRH0Faults(t *testing.T) {
	other := netip.MustParseAddr("2001:db8:1::99")
	cases := []struct {
		name           string
		base, fault    []faults.Fault
		observe        func(*harness) string
		correct, wrong string
	}{
		{"rh0-processed", nil, []faults.Fault{faults.RH0Processed}, func(h *harness) string {
			h.learnTN()
			h.send(rh0Echo(tnGlobal, nutGlobal, 1, nutLL))
			return icmpTypes(h.sent())
		}, "[4]", "[129]"},
		{"rh0-address-not-swapped", []faults.Fault{faults.RH0Processed}, []faults.Fault{faults.RH0NoSwap}, func(h *harness) string {
			h.learnTN()
			h.send(rh0Echo(other, nutGlobal, 1, tnGlobal))
			s := ofType(h.sent(), 128)
			if len(s) != 1 {
				return fmt.Sprintf("%d packets sent on", len(s))
			}
			ip := s[0].raw[14:]
			listed := netip.AddrFrom16([16]byte(ip[48:64]))
			return fmt.Sprintf("to %s, SL %d, listed %s", s[0].dst(), ip[43], listed)
		}, "to " + tnGlobal.String() + ", SL 0, listed " + nutGlobal.String(),
			"to " + tnGlobal.String() + ", SL 0, listed " + tnGlobal.String()},
		{"rh0-segments-left-unchecked", []faults.Fault{faults.RH0Processed}, []faults.Fault{faults.RH0NoSLCheck}, func(h *harness) string {
			h.learnTN()
			h.send(rh0Echo(tnGlobal, nutGlobal, 2, nutLL))
			return icmpTypes(h.sent())
		}, "[4]", "[129]"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.observe(started(t, c.base...)); got != c.correct {
				t.Errorf("correct node: %q, want %q", got, c.correct)
			}
			if got := c.observe(started(t, append(c.base, c.fault...)...)); got != c.wrong {
				t.Errorf("with the fault: %q, want %q", got, c.wrong)
			}
		})
	}
}

// icmpTypes lists the ICMPv6 types of what the node sent.
func icmpTypes(os []out) string {
	var ts []int
	for _, o := range os {
		ts = append(ts, o.icmpType())
	}
	return fmt.Sprint(ts)
}
