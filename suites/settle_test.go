package suites

import (
	"net"
	"net/netip"
	"testing"

	"github.com/v6ct/v6ct/suites/packets"
)

func TestConfigStimuli(t *testing.T) {
	mac := net.HardwareAddr{0, 0, 0x5e, 0, 0x53, 0x81}
	nut := net.HardwareAddr{0, 0, 0x5e, 0, 0x53, 0x10}
	ll := packets.LinkLocal(mac)
	nutLL := packets.LinkLocal(nut)
	off := netip.MustParseAddr("2001:db8:99::1")
	echo := packets.EchoRequest(mac, nut, ll, nutLL, 1, 1, []byte("x"))
	cases := []struct {
		name string
		p    *packets.Packet
		want bool
	}{
		{"Router Advertisement", packets.RA(mac, packets.MulticastMAC(packets.AllNodes), ll, packets.AllNodes, packets.RAParams{}), true},
		{"Neighbor Advertisement", packets.NA(mac, nut, ll, nutLL, ll, packets.FlagSolicited, packets.TLLA(mac)), true},
		{"Packet Too Big", packets.PacketTooBig(mac, nut, ll, nutLL, 1280, echo.IPv6Bytes()), true},
		{"Redirect", packets.Redirect(mac, nut, ll, nutLL, ll, off), true},
		{"Neighbor Solicitation with a source link-layer address", packets.NS(mac, nut, ll, nutLL, nutLL, packets.SLLA(mac)), true},
		{"Neighbor Solicitation without one", packets.NS(mac, nut, ll, nutLL, nutLL), false},
		{"Echo Request", echo, false},
	}
	for _, c := range cases {
		if got := IsConfigStimulus(packets.Decode(c.p.Bytes())); got != c.want {
			t.Errorf("%s: IsConfigStimulus = %v, want %v", c.name, got, c.want)
		}
	}
}
