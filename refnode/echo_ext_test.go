package refnode

import (
	"bytes"
	"testing"
	"time"

	"github.com/gopacket/gopacket/layers"

	"github.com/v6ct/v6ct/refnode/ipv6"
)

// An Echo Request sent with extension headers carries them whole, in the
// order given, each Next Header naming the one after it, and the message's
// checksum valid behind them.
func TestSendEchoRequestWith(t *testing.T) {
	h := newHarness(t, nil)
	h.clk.Advance(2 * time.Second)
	h.pipe.Sent()
	h.learnTN()
	hbh := []byte{0, 0, 0x1e, 2, 0xaa, 0xbb, 1, 0} // experimental option type 0x1e (action 00), PadN
	dst := []byte{0, 0, 0x1e, 2, 0xcc, 0xdd, 1, 0}
	exts := []Extension{{Proto: ipv6.ProtoHopByHop, Header: hbh}, {Proto: ipv6.ProtoDestOpts, Header: dst}}
	if err := h.node.SendEchoRequestWith(tnLL, 7, 9, []byte("opts"), exts); err != nil {
		t.Fatal(err)
	}
	s := ofType(h.sent(), 128)
	if len(s) != 1 {
		t.Fatalf("%d Echo Requests", len(s))
	}
	ip := s[0].ip()
	if ip.NextHeader != layers.IPProtocolIPv6HopByHop {
		t.Errorf("IPv6 Next Header %d, want 0", ip.NextHeader)
	}
	payload := s[0].raw[14+40:] // gopacket takes a Hop-by-Hop header out of IPv6.Payload
	want := append(append([]byte{60}, hbh[1:]...), append([]byte{58}, dst[1:]...)...)
	if !bytes.Equal(payload[:16], want) {
		t.Errorf("extension headers % x, want % x", payload[:16], want)
	}
	// The checksum, summed here over the pseudo-header with the final
	// destination (RFC 8200 §8.1) and the message, must come to all ones.
	msg := payload[16:]
	var sum uint32
	add := func(b []byte) {
		for i := 0; i+1 < len(b); i += 2 {
			sum += uint32(b[i])<<8 | uint32(b[i+1])
		}
		if len(b)%2 == 1 {
			sum += uint32(b[len(b)-1]) << 8
		}
	}
	add(ip.SrcIP)
	add(ip.DstIP)
	add([]byte{0, 0, byte(len(msg) >> 8), byte(len(msg)), 0, 0, 0, 58})
	add(msg)
	for sum>>16 != 0 {
		sum = sum&0xffff + sum>>16
	}
	if sum != 0xffff {
		t.Errorf("the Echo Request's checksum does not verify (sum %#04x)", sum)
	}
	if err := h.node.SendEchoRequestWith(tnLL, 1, 1, nil, []Extension{{Proto: ipv6.ProtoHopByHop, Header: []byte{0, 1, 0, 0}}}); err == nil {
		t.Error("a header whose length field disagrees with its size was sent")
	}
}
