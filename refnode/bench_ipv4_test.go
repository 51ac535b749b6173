package refnode

import (
	"testing"

	"github.com/v6ct/v6ct/refnode/ipv4"
)

// BenchmarkIPv4Forward measures receive -> forwarded IPv4 packet written,
// for a router putting a packet from TN1 into its 4in4 tunnel (the remote
// end resolved by ARP), and for one it sends back onto the link in two
// fragments.
func BenchmarkIPv4Forward(b *testing.B) {
	for _, c := range []struct {
		name   string
		size   int
		frames int
	}{{"into 4in4", 64, 1}, {"fragmented", 1600, 2}} {
		b.Run(c.name, func(b *testing.B) {
			h := newTunnelRouter(b)
			writes := 0
			h.pipe.OnWrite(func([]byte) { writes++ })
			frame := frame4(pkt4(tn4, far44, ipv4.ProtoICMP, 64, false, c.size))
			n := 0
			b.ReportAllocs()
			for b.Loop() {
				h.pipe.Inject(frame)
				n++
			}
			if writes != n*c.frames {
				b.Fatalf("%d frames written for %d packets", writes, n)
			}
		})
	}
}
