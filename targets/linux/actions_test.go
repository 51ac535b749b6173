package linux

import (
	"net/netip"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/v6ct/v6ct/suites/packets"

	"github.com/v6ct/v6ct/suites"
)

// The linux-router target's actions: radvd started through start-ra sends
// Router Advertisements with what was asked, and send-echo makes the
// kernel send an Echo Request.
func TestLinuxRouterActions(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root")
	}
	if _, err := exec.LookPath("radvd"); err != nil {
		t.Skip("needs Debian's radvd (apt-get install radvd)")
	}
	tg := &linuxTarget{router: true}
	if err := tg.Open(); err != nil {
		t.Fatal(err)
	}
	defer tg.Close()
	s, err := tg.Begin(suites.SpecSetup{Name: "actions", Links: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer s.End()
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	if err := s.Ready(time.Sleep); err != nil {
		t.Fatal(err)
	}
	port := s.Ports[0]
	await := func(what string, ok func(*packets.Frame) bool) *packets.Frame {
		t.Helper()
		buf := make([]byte, 9000)
		deadline := time.Now().Add(8 * time.Second)
		for {
			port.SetReadDeadline(deadline)
			n, err := port.Read(buf)
			if err != nil {
				t.Fatalf("no %s: %v", what, err)
			}
			if f := packets.Decode(append([]byte(nil), buf[:n]...)); ok(f) {
				return f
			}
		}
	}

	log, err := tg.Do(suites.Action{Name: suites.ActSendEcho, Link: 0, Dst: netip.MustParseAddr("ff02::1")})
	if err != nil {
		t.Fatal(err)
	}
	t.Log(strings.Join(log, "\n"))
	await("Echo Request from the kernel", func(f *packets.Frame) bool {
		return f.ICMPType == packets.TypeEchoRequest && f.Dst == netip.MustParseAddr("ff02::1") && f.Src == s.NUT.LinkLocals[0]
	})

	ra := suites.RAConfig{Prefix: netip.MustParsePrefix("2001:db8:1::/64"), RouterLifetime: 1800 * time.Second, MTU: 1400,
		DNS: []netip.Addr{netip.MustParseAddr("2001:db8:1::53")}}
	log, err = tg.Do(suites.Action{Name: suites.ActStartRA, Link: 0, RA: ra})
	if err != nil {
		t.Fatalf("%v\n%s", err, strings.Join(log, "\n"))
	}
	t.Log(strings.Join(log, "\n"))
	f := await("Router Advertisement", func(f *packets.Frame) bool { return f.ICMPType == packets.TypeRA })
	if f.Src != s.NUT.LinkLocals[0] || len(f.ICMPBody) < 12 {
		t.Fatalf("RA from %s, %d octets", f.Src, len(f.ICMPBody))
	}
	if lifetime := int(f.ICMPBody[2])<<8 | int(f.ICMPBody[3]); lifetime != 1800 {
		t.Errorf("router lifetime %d, want 1800", lifetime)
	}
	opts, _ := packets.ParseOptions(f.ICMPBody[12:])
	have := map[uint8]bool{}
	for _, o := range opts {
		have[o.Type] = true
	}
	if !have[packets.OptPrefixInfo] || !have[packets.OptMTU] || !have[25] {
		t.Errorf("RA options %v: want prefix information, MTU and RDNSS (25)", opts)
	}
	if _, err := tg.Do(suites.Action{Name: suites.ActStopRA, Link: 0}); err != nil || tg.ra.cmd != nil {
		t.Fatalf("stop-ra: %v", err)
	}
	if (&linuxTarget{}).Has(suites.ActStartRA) {
		t.Error("linux-host offers start-ra")
	}
}
