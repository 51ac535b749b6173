package rtadv_test

import (
	"fmt"
	"net"
	"net/netip"
	"sync"
	"testing"
	"time"

	"github.com/v6ct/v6ct/refnode"
	"github.com/v6ct/v6ct/refnode/clock"
	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/icmp6"
	"github.com/v6ct/v6ct/refnode/ipv6"
	"github.com/v6ct/v6ct/refnode/link"
	"github.com/v6ct/v6ct/refnode/nd"
	"github.com/v6ct/v6ct/refnode/rtadv"
)

var (
	nutMAC = link.MAC{0, 0, 0, 0, 1, 0}
	tnMAC  = link.MAC{0, 0, 0, 0, 0xa0, 0xa0}
	tnLL   = netip.MustParseAddr("fe80::200:ff:fe00:a0a0")
	prefix = netip.MustParsePrefix("2001:db8:1::/64")
)

// ra is a Router Advertisement the node sent, with its time.
type ra struct {
	at  time.Duration // since the advertiser started
	msg nd.RA
	src netip.Addr
	hop uint8
}

type bench struct {
	t     *testing.T
	clk   *clock.Manual
	node  *refnode.Node
	pipe  *link.Pipe
	adv   *rtadv.Advertiser
	start time.Time

	mu  sync.Mutex
	ras []ra
}

// newBench starts a settled router with one interface on a pipe, and the
// advertiser on it.
func newBench(t *testing.T, cfg rtadv.Config, fs ...faults.Fault) *bench {
	b := &bench{t: t, clk: clock.NewManual(), pipe: link.NewPipe()}
	set := faults.Set{}
	for _, f := range fs {
		set[f] = true
	}
	n, err := refnode.New(refnode.Config{
		Interfaces: []refnode.InterfaceConfig{{Name: "v6l0", MAC: net.HardwareAddr(nutMAC[:]),
			Addresses: []netip.Prefix{netip.PrefixFrom(netip.MustParseAddr("2001:db8:1::1"), 64)}}},
		Clock: b.clk, Seed: 1, Faults: set, Router: true,
		OpenDevice: func(string) (link.Device, error) { return b.pipe, nil },
	})
	if err != nil {
		t.Fatal(err)
	}
	b.node = n
	t.Cleanup(func() { n.Close() })
	n.Start()
	b.clk.Advance(2 * time.Second) // DAD
	b.pipe.OnWrite(b.capture)
	b.start = b.clk.Now()
	b.adv, err = rtadv.Start(n, map[string]rtadv.Config{"v6l0": cfg}, nil, 1)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func (b *bench) capture(frame []byte) {
	pkt := link.Frame(frame).Payload()
	h := ipv6.Header(pkt)
	if len(pkt) < ipv6.HeaderLen+nd.RALen || h.NextHeader() != ipv6.ProtoICMPv6 || pkt[ipv6.HeaderLen] != icmp6.TypeRouterAdvertisement {
		return
	}
	if !icmp6.ChecksumOK(pkt[ipv6.HeaderLen:], h.Src(), h.Dst()) {
		b.t.Errorf("RA with a bad checksum")
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.ras = append(b.ras, ra{b.clk.Now().Sub(b.start), nd.RA(append([]byte(nil), pkt[ipv6.HeaderLen:]...)), h.Src(), h.HopLimit()})
}

func (b *bench) sent() []ra {
	b.mu.Lock()
	defer b.mu.Unlock()
	r := b.ras
	b.ras = nil
	return r
}

// rs sends a Router Solicitation from TN1 with its link-layer address.
func (b *bench) rs() {
	msg := make([]byte, 16)
	mac := [6]byte(tnMAC)
	n := nd.PutRS(msg, &mac)
	pkt := make([]byte, ipv6.HeaderLen+n)
	ipv6.Put(pkt, 0, 0, uint16(n), ipv6.ProtoICMPv6, 255, tnLL, ipv6.AllRouters)
	copy(pkt[ipv6.HeaderLen:], msg[:n])
	icmp6.SetChecksum(pkt[ipv6.HeaderLen:], tnLL, ipv6.AllRouters)
	frame := make([]byte, link.HeaderLen+len(pkt))
	link.PutHeader(frame, ipv6.MulticastMAC(ipv6.AllRouters), tnMAC, link.EtherTypeIPv6)
	copy(frame[link.HeaderLen:], pkt)
	b.pipe.Inject(frame)
}

var short = rtadv.Config{MaxRtrAdvInterval: 10 * time.Second, MinRtrAdvInterval: 6 * time.Second}

// minGap is the shortest time between consecutive advertisements.
func minGap(rs []ra) time.Duration {
	gap := time.Duration(1 << 62)
	for i := 1; i < len(rs); i++ {
		gap = min(gap, rs[i].at-rs[i-1].at)
	}
	return gap
}

func TestUnsolicitedAdvertisements(t *testing.T) {
	cfg := rtadv.Config{
		MaxRtrAdvInterval: 30 * time.Second, MinRtrAdvInterval: 20 * time.Second,
		Managed: true, Preference: rtadv.High, ReachableTime: 10 * time.Second, RetransTimer: 2 * time.Second,
		LinkMTU: 1280,
		Prefixes: []rtadv.Prefix{{Prefix: prefix, OnLink: true, Autonomous: true,
			ValidLifetime: time.Hour, PreferredLifetime: 30 * time.Minute}},
		Routes: []rtadv.Route{{Prefix: netip.MustParsePrefix("2001:db8:99::/48"), Preference: rtadv.Low, Lifetime: time.Hour}},
		RDNSS:  []netip.Addr{netip.MustParseAddr("2001:db8::53")},
		DNSSL:  []string{"example.com"},
	}
	b := newBench(t, cfg)
	b.clk.Advance(10 * time.Minute)
	rs := b.sent()
	if len(rs) < 10 {
		t.Fatalf("%d advertisements in 10 minutes", len(rs))
	}
	for i, r := range rs {
		gap := r.at
		if i > 0 {
			gap -= rs[i-1].at
		}
		// The first MAX_INITIAL_RTR_ADVERTISEMENTS are at most 16 s apart.
		lo, hi := 20*time.Second, 30*time.Second
		if i < 3 {
			lo, hi = 16*time.Second, 16*time.Second
		}
		if gap < lo || gap > hi {
			t.Errorf("advertisement %d after %v, want [%v, %v]", i, gap, lo, hi)
		}
		if r.hop != 255 || !r.src.IsLinkLocalUnicast() {
			t.Errorf("advertisement %d: hop limit %d from %s", i, r.hop, r.src)
		}
	}
	m := rs[0].msg
	if m.Flags() != nd.FlagManaged|1<<nd.PrfShift || m.RouterLifetime() != 90 || m.ReachableTime() != 10000 ||
		m.RetransTimer() != 2000 || m.CurHopLimit() != 64 {
		t.Errorf("header: flags %#x lifetime %d reachable %d retrans %d hop %d", m.Flags(), m.RouterLifetime(), m.ReachableTime(), m.RetransTimer(), m.CurHopLimit())
	}
	opts, oerr := nd.CheckOptions(m.Options(), false)
	if oerr != nd.OptionsOK {
		t.Fatal("options")
	}
	if mac, ok := nd.FindOption(opts, nd.OptSourceLinkAddr).LinkAddr(); !ok || mac != [6]byte(nutMAC) {
		t.Error("source link-layer option")
	}
	if nd.FindOption(opts, nd.OptMTU).MTU() != 1280 {
		t.Error("MTU option")
	}
	pi := nd.PrefixInfo(nd.FindOption(opts, nd.OptPrefixInfo))
	if pi.Prefix() != prefix || !pi.OnLink() || !pi.Autonomous() || pi.ValidLifetime() != time.Hour || pi.PreferredLifetime() != 30*time.Minute {
		t.Error("prefix information option")
	}
	ri := nd.RouteInfo(nd.FindOption(opts, nd.OptRouteInfo))
	if p, ok := ri.Prefix(); !ok || p.String() != "2001:db8:99::/48" || ri.Preference() != nd.PrefLow || ri.Lifetime() != time.Hour {
		t.Error("route information option")
	}
	if s, ok := nd.RDNSS(nd.FindOption(opts, nd.OptRDNSS)).Servers(); !ok || fmt.Sprint(s) != "[2001:db8::53]" {
		t.Error("RDNSS option")
	}
	if d, ok := nd.DNSSL(nd.FindOption(opts, nd.OptDNSSL)).Domains(); !ok || fmt.Sprint(d) != "[example.com]" {
		t.Error("DNSSL option")
	}
}

func TestSolicitedAdvertisement(t *testing.T) {
	b := newBench(t, rtadv.Config{MaxRtrAdvInterval: 600 * time.Second})
	b.clk.Advance(16 * time.Second) // the first unsolicited one
	if n := len(b.sent()); n != 1 {
		t.Fatalf("%d initial advertisements", n)
	}
	b.clk.Advance(10 * time.Second)
	b.rs()
	b.clk.Advance(500 * time.Millisecond) // MAX_RA_DELAY_TIME
	rs := b.sent()
	if len(rs) != 1 || rs[0].at < 26*time.Second || rs[0].at > 26500*time.Millisecond {
		t.Fatalf("solicited: %v", rs)
	}
	// A second solicitation right away waits for MIN_DELAY_BETWEEN_RAS.
	b.rs()
	b.clk.Advance(2 * time.Second)
	if rs := b.sent(); len(rs) != 0 {
		t.Fatalf("within MIN_DELAY_BETWEEN_RAS: %v", rs)
	}
	b.clk.Advance(time.Second)
	if rs := b.sent(); len(rs) != 1 {
		t.Fatalf("after MIN_DELAY_BETWEEN_RAS: %v", rs)
	}
}

func TestFinalAdvertisement(t *testing.T) {
	b := newBench(t, short)
	b.clk.Advance(20 * time.Second)
	b.sent()
	b.adv.Stop()
	rs := b.sent()
	if len(rs) != 1 || rs[0].msg.RouterLifetime() != 0 {
		t.Fatalf("final: %v", rs)
	}
	b.clk.Advance(time.Minute)
	if rs := b.sent(); len(rs) != 0 {
		t.Fatalf("after stopping: %v", rs)
	}
}

// TestFaults: the RA sender's faults, each changing what it names.
func TestFaults(t *testing.T) {
	cases := []struct {
		fault          faults.Fault
		observe        func(*bench) string
		correct, wrong string
	}{
		{faults.RAUnsolicitedTooOften, func(b *bench) string {
			b.clk.Advance(2 * time.Minute)
			return fmt.Sprint(minGap(b.sent()) >= short.MinRtrAdvInterval)
		}, "true", "false"},
		{faults.RASolicitedNoDelay, func(b *bench) string {
			b.clk.Advance(10 * time.Second) // the first one, at most MaxRtrAdvInterval after the start
			b.sent()
			b.clk.Advance(time.Second)
			b.rs()
			b.clk.Advance(time.Millisecond)
			return fmt.Sprint(len(b.sent()))
		}, "0", "1"},
		{faults.RASolicitedLate, func(b *bench) string {
			for len(b.sent()) == 0 { // the first multicast advertisement
				b.clk.Advance(100 * time.Millisecond)
			}
			b.rs() // answered MIN_DELAY_BETWEEN_RAS (3 s) after it
			b.clk.Advance(3*time.Second + 50*time.Millisecond)
			return fmt.Sprint(len(b.sent()))
		}, "1", "0"},
		{faults.RANoFinal, func(b *bench) string {
			b.adv.StopInterface("v6l0")
			return fmt.Sprint(len(b.sent()))
		}, "1", "0"},
	}
	for _, c := range cases {
		t.Run(string(c.fault), func(t *testing.T) {
			if got := c.observe(newBench(t, short)); got != c.correct {
				t.Errorf("correct: %q, want %q", got, c.correct)
			}
			if got := c.observe(newBench(t, short, c.fault)); got != c.wrong {
				t.Errorf("with the fault: %q, want %q", got, c.wrong)
			}
		})
	}
}
