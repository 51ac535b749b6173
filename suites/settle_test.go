package suites

import (
	"net"
	"net/netip"
	"testing"
	"time"

	"github.com/v6ct/v6ct/refnode/clock"
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

// The next packet waits for what is left of the settle time, once; time
// that passed since the stimulus counts; V6CT_SETTLE overrides the target.
func TestSettleWaitsTheRestOnce(t *testing.T) {
	newEnv := func(settle time.Duration) (*Env, *clock.Manual) {
		m := clock.NewManual()
		e := &Env{sess: &Session{Manual: m, ConfigSettle: settle}, evidence: &Evidence{}}
		e.resetClock()
		return e, m
	}
	cases := []struct {
		name   string
		settle time.Duration
		env    string
		before time.Duration // passed between the stimulus and the next packet
		want   time.Duration // when the next packet goes, after the stimulus
	}{
		{"waits the settle time", 100 * time.Millisecond, "", 0, 100 * time.Millisecond},
		{"waits only the rest", 100 * time.Millisecond, "", 30 * time.Millisecond, 100 * time.Millisecond},
		{"an expectation waited longer", 100 * time.Millisecond, "", 150 * time.Millisecond, 150 * time.Millisecond},
		{"no settle time", 0, "", 0, 0},
		{"V6CT_SETTLE=0", 100 * time.Millisecond, "0", 0, 0},
		{"V6CT_SETTLE=1s", 0, "1s", 0, time.Second},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Setenv(SettleEnv, c.env)
			e, m := newEnv(c.settle)
			e.configSent("Router Advertisement")
			m.Advance(c.before)
			e.settleBeforeNext()
			if got := e.elapsed(); got != c.want {
				t.Fatalf("the next packet went %v after the stimulus, want %v", got, c.want)
			}
			e.settleBeforeNext()
			if got := e.elapsed(); got != c.want {
				t.Fatalf("a second packet waited again: %v", got)
			}
		})
	}
}
