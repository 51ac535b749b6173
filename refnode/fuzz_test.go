package refnode

import (
	"net/netip"
	"testing"
	"time"

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
	f.Add(etherFor(echoWith(nutLL, hbh(5, 2, 0, 0), destOpts(unknownOpt(0x1e, 4)...), routingHdr(33, 0), fragHdr(0, false, 42))))
	f.Add(etherFor(echoWith(allNodes, destOpts(unknownOpt(0x9e, 4)...))))
	f.Add(etherFor(echoWith(nutLL, routingHdr(0, 1))))
	f.Add(etherFor(withHeaders(tnLL, nutLL, 58, nil, fragHdr(0, true, 1), destOpts(make([]byte, 14)...))))
	f.Add(etherFor(udpPkt(tnLL, nutLL, 5000, 9, "x")))
	f.Add(etherFor(ptb(tnLL, nutLL, 1280, bigEcho(nutLL, tnLL, 1, 200))))
	for _, p := range fragmentsOf(bigEcho(tnLL, nutLL, 1, 1400), 7, 512, 512) {
		f.Add(etherFor(p))
	}
	h := newHarness(f, nil, func(c *Config) { c.UDPEcho = true; c.ReassemblyMemory = 1 << 16 })
	h.clk.Advance(2 * time.Second)
	h.pipe.Sent()
	f.Fuzz(func(t *testing.T, frame []byte) {
		h.t = t
		h.inject(frame)
		h.pipe.Sent()
		h.clk.Advance(time.Second) // lets reassembly and resolution time out now and then
	})
}
