package refnode

import (
	"net/netip"
	"testing"

	"github.com/v6ct/v6ct/refnode/link"
	"github.com/v6ct/v6ct/refnode/nd"
)

// FuzzInput feeds arbitrary frames to a running node: it must never panic,
// whatever it sends back.
func FuzzInput(f *testing.F) {
	unspec := netip.IPv6Unspecified()
	f.Add(etherFor(echo(tnLL, nutLL, 1)))
	f.Add(etherFor(ipPkt(tnLL, nutLL, 64, 253, []byte("x"))))
	f.Add(etherFor(icmpPkt(tnLL, nutSolicited, 255, 135, 0, nsBody(nutLL, &tnMAC))))
	f.Add(etherFor(icmpPkt(unspec, nutSolicited, 255, 135, 0, nsBody(nutGlobal, nil))))
	f.Add(etherFor(icmpPkt(tnLL, nutLL, 255, 136, 0, naBody(nd.FlagSolicited, tnLL, &tnMAC))))
	f.Add(ether(nutMAC, tnMAC, link.EtherTypeLoopback, []byte{0, 0, 2, 0, 0, 0, 0, 0, 0xa0, 0xa0, 1, 0}))
	h := started(f)
	f.Fuzz(func(t *testing.T, frame []byte) {
		h.t = t
		h.inject(frame)
		h.pipe.Sent()
	})
}
