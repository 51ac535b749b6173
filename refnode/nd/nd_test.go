package nd

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"sync"
	"testing"
	"time"

	"github.com/v6ct/v6ct/refnode/clock"
	"github.com/v6ct/v6ct/refnode/counter"
	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/ipv6"
)

var (
	ourMAC = [6]byte{0, 0, 0, 0, 1, 0}
	ourLL  = netip.MustParseAddr("fe80::200:ff:fe00:100")
	tn     = netip.MustParseAddr("fe80::200:ff:fe00:a0a0")
	tnMAC  = [6]byte{0, 0, 0, 0, 0xa0, 0xa0}
	newMAC = [6]byte{0, 0, 0, 0, 0xa0, 0xa1}
)

func TestCheckOptions(t *testing.T) {
	slla := []byte{1, 1, 0, 0, 0, 0, 0xa0, 0xa0}
	zero := []byte{1, 0, 0, 0, 0, 0, 0, 0}
	cases := []struct {
		name     string
		area     []byte
		zeroEnds bool
		whole    int
		err      OptionError
	}{
		{"empty", nil, false, 0, OptionsOK},
		{"one", slla, false, 8, OptionsOK},
		{"two", append(append([]byte{}, slla...), slla...), false, 16, OptionsOK},
		{"zero length", append(append([]byte{}, slla...), zero...), false, 8, OptionZeroLength},
		{"zero length ends", append(append([]byte{}, slla...), zero...), true, 8, OptionsOK},
		{"truncated", slla[:6], false, 0, OptionTruncated},
		{"too long", []byte{1, 2, 0, 0, 0, 0, 0, 0}, false, 0, OptionTruncated},
		{"odd octet", []byte{1}, false, 0, OptionTruncated},
	}
	for _, c := range cases {
		whole, err := CheckOptions(c.area, c.zeroEnds)
		if len(whole) != c.whole || err != c.err {
			t.Errorf("%s: %d octets, error %d; want %d, %d", c.name, len(whole), err, c.whole, c.err)
		}
	}
	if mac, ok := FindOption(slla, OptSourceLinkAddr).LinkAddr(); !ok || mac != tnMAC {
		t.Error("FindOption source link-layer")
	}
	if _, ok := FindOption(slla, OptTargetLinkAddr).LinkAddr(); ok {
		t.Error("FindOption found a missing option")
	}
}

func TestBuilders(t *testing.T) {
	buf := make([]byte, 128)
	n := PutNA(buf, FlagSolicited|FlagOverride, ourLL, &ourMAC)
	want := "88000000" + "60000000" + "fe800000000000000200" + "00fffe000100" + "0201000000000100"
	if got := fmt.Sprintf("%x", buf[:n]); got != want {
		t.Errorf("NA\n got %s\nwant %s", got, want)
	}
	na := NA(buf[:n])
	if !na.Solicited() || !na.Override() || na.Router() || na.Target() != ourLL {
		t.Error("NA view")
	}
	n = PutNS(buf, tn, &ourMAC)
	want = "87000000" + "00000000" + "fe80000000000000020000fffe00a0a0" + "0101000000000100"
	if got := fmt.Sprintf("%x", buf[:n]); got != want {
		t.Errorf("NS\n got %s\nwant %s", got, want)
	}
	if NS(buf[:n]).Target() != tn || len(NS(buf[:n]).Options()) != 8 {
		t.Error("NS view")
	}
	n = PutRA(buf, 64, FlagManaged, 1800, 30000, 1000)
	p := netip.MustParsePrefix("2001:db8:1::/64")
	n += PutPrefixInfoOption(buf[n:], p, true, true, time.Hour, 30*time.Minute)
	n += PutMTUOption(buf[n:], 1500)
	ra := RA(buf[:n])
	if ra.CurHopLimit() != 64 || ra.Flags() != FlagManaged || ra.RouterLifetime() != 1800 || ra.ReachableTime() != 30000 || ra.RetransTimer() != 1000 {
		t.Error("RA view")
	}
	pi := PrefixInfo(FindOption(ra.Options(), OptPrefixInfo))
	if pi.Prefix() != p || !pi.OnLink() || !pi.Autonomous() || pi.ValidLifetime() != time.Hour || pi.PreferredLifetime() != 30*time.Minute {
		t.Error("prefix information view")
	}
	n = PutRedirect(buf, tn, ourLL)
	if r := Redirect(buf[:n]); r.Target() != tn || r.Dst() != ourLL || buf[0] != 137 {
		t.Error("redirect view")
	}
	if n = PutRS(buf, &ourMAC); n != 16 || buf[0] != 133 || len(RS(buf[:n]).Options()) != 8 {
		t.Error("RS")
	}
}

// fakePort records what ND sends.
type fakePort struct {
	addrs       []*Address
	sent        []string // "NS dst target" / "NA dst flags" / "TX mac"
	counts      map[counter.Counter]int
	unreachable int
	dad         []string

	autoconf []string
	firstHop netip.Addr
	rs       []netip.Addr
}

func (p *fakePort) Address(ifindex int, a netip.Addr) *Address {
	for _, x := range p.addrs {
		if x.Addr == a {
			return x
		}
	}
	return nil
}
func (p *fakePort) Joined(int, netip.Addr) bool              { return false }
func (p *fakePort) SolicitSource(int, netip.Addr) netip.Addr { return ourLL }
func (p *fakePort) LinkAddr(int) [6]byte                     { return ourMAC }
func (p *fakePort) SendND(_ int, src, dst netip.Addr, msg []byte, mac [6]byte, direct bool) {
	switch msg[0] {
	case 135:
		p.sent = append(p.sent, fmt.Sprintf("NS %s %s direct=%v", dst, NS(msg).Target(), direct))
	case 136:
		p.sent = append(p.sent, fmt.Sprintf("NA %s %x", dst, msg[4]))
	}
}
func (p *fakePort) Transmit(_ int, mac [6]byte, pkt []byte) {
	p.sent = append(p.sent, fmt.Sprintf("TX %x", mac))
}
func (p *fakePort) DADDone(a *Address)      { p.dad = append(p.dad, a.State.String()) }
func (p *fakePort) Probing(*Address)        {}
func (p *fakePort) Count(c counter.Counter) { p.counts[c]++ }
func (p *fakePort) Unreachable(int, []byte) { p.unreachable++ }
func (p *fakePort) Logf(string, ...any)     {}
func (p *fakePort) Anycast(int, netip.Addr) *Address {
	return nil
}
func (p *fakePort) Autoconf(_ int, pfx netip.Prefix, valid, preferred time.Duration) {
	p.autoconf = append(p.autoconf, fmt.Sprintf("%s %v %v", pfx, valid, preferred))
}
func (p *fakePort) FirstHop(int, netip.Addr) (netip.Addr, bool) {
	return p.firstHop, p.firstHop.IsValid()
}
func (p *fakePort) DeviceMTU(int) int                     { return 1500 }
func (p *fakePort) RouterSolicited(_ int, src netip.Addr) { p.rs = append(p.rs, src) }

func newND(f faults.Set) (*ND, *fakePort, *clock.Manual) {
	clk := clock.NewManual()
	p := &fakePort{counts: map[counter.Counter]int{}}
	d := New(Config{Constants: Defaults(), Clock: clk, Rand: rand.New(rand.NewPCG(1, 2)), Faults: f,
		Lock: &sync.Mutex{}, Port: p, Interfaces: 1})
	return d, p, clk
}

func naMsg(flags uint8, tlla *[6]byte) NA {
	buf := make([]byte, 32)
	return NA(buf[:PutNA(buf, flags, tn, tlla)])
}

// TestAdvertisementTable follows the rows of RFC 4861 §7.2.5 / Appendix C.
func TestAdvertisementTable(t *testing.T) {
	const S, O = FlagSolicited, FlagOverride
	cases := []struct {
		name    string
		from    State
		flags   uint8
		tlla    *[6]byte
		state   State
		mac     [6]byte
		flushed bool
	}{
		{"incomplete, solicited", Incomplete, S, &tnMAC, Reachable, tnMAC, true},
		{"incomplete, unsolicited", Incomplete, O, &tnMAC, Stale, tnMAC, true},
		{"incomplete, no tlla", Incomplete, S | O, nil, Incomplete, [6]byte{}, false},
		{"reachable, !O different", Reachable, S, &newMAC, Stale, tnMAC, false},
		{"stale, !O different", Stale, S, &newMAC, Stale, tnMAC, false},
		{"probe, !O different", Probe, S, &newMAC, Probe, tnMAC, false},
		{"stale, S same", Stale, S, &tnMAC, Reachable, tnMAC, false},
		{"delay, S no tlla", Delay, S, nil, Reachable, tnMAC, false},
		{"probe, S|O different", Probe, S | O, &newMAC, Reachable, newMAC, false},
		{"reachable, O different", Reachable, O, &newMAC, Stale, newMAC, false},
		{"reachable, O same", Reachable, O, &tnMAC, Reachable, tnMAC, false},
		{"stale, O no tlla", Stale, O, nil, Stale, tnMAC, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d, p, _ := newND(nil)
			e := &entry{key: key{0, tn}, state: c.from}
			if c.from != Incomplete {
				e.linkAddr = tnMAC
			} else {
				e.queue = [][]byte{make([]byte, 40)}
			}
			d.neighbors[e.key] = e
			m := naMsg(c.flags, c.tlla)
			var tlla [6]byte
			if c.tlla != nil {
				tlla = *c.tlla
			}
			d.advertised(e, m, tlla, c.tlla != nil)
			flushed := len(p.sent) > 0
			// A flushed packet moves a STALE entry on to DELAY.
			want := c.state
			if c.flushed && want == Stale {
				want = Delay
			}
			if e.state != want || e.linkAddr != c.mac || flushed != c.flushed {
				t.Errorf("state %s mac %x flushed %v; want %s %x %v", e.state, e.linkAddr, flushed, want, c.mac, c.flushed)
			}
		})
	}
}

func TestNUDTimeline(t *testing.T) {
	d, p, clk := newND(nil)
	d.learn(0, tn, tnMAC) // from an NS's source link-layer option
	e := d.neighbors[key{0, tn}]
	if e.state != Stale {
		t.Fatalf("learned entry %s", e.state)
	}
	if mac, ok := d.Resolve(0, tn, ourLL, make([]byte, 40)); !ok || mac != tnMAC || e.state != Delay {
		t.Fatalf("sending to STALE: %v %s", ok, e.state)
	}
	clk.Advance(d.c.DelayFirstProbeTime)
	if e.state != Probe || len(p.sent) != 1 || p.sent[0] != "NS fe80::200:ff:fe00:a0a0 fe80::200:ff:fe00:a0a0 direct=true" {
		t.Fatalf("after DELAY: %s %v", e.state, p.sent)
	}
	clk.Advance(2 * d.c.RetransTimer)
	if len(p.sent) != 3 {
		t.Fatalf("probes: %v", p.sent)
	}
	clk.Advance(d.c.RetransTimer)
	if d.neighbors[key{0, tn}] != nil || p.counts[counter.NDNUDUnreachable] != 1 {
		t.Fatal("entry should be gone after MAX_UNICAST_SOLICIT probes")
	}
}

func TestReachableTimeout(t *testing.T) {
	d, _, clk := newND(nil)
	rt := d.ReachableTime(0)
	base := Defaults().BaseReachableTime
	if rt < base/2 || rt > base*3/2 {
		t.Fatalf("ReachableTime %v outside [%v, %v]", rt, base/2, base*3/2)
	}
	e := &entry{key: key{0, tn}, state: Incomplete}
	d.neighbors[e.key] = e
	d.advertised(e, naMsg(FlagSolicited, &tnMAC), tnMAC, true)
	clk.Advance(rt - time.Nanosecond)
	if e.state != Reachable {
		t.Fatal("left REACHABLE early")
	}
	clk.Advance(time.Nanosecond)
	if e.state != Stale {
		t.Fatalf("after ReachableTime: %s", e.state)
	}
}

func TestDADByItself(t *testing.T) {
	d, p, clk := newND(nil)
	a := &Address{Addr: ourLL}
	p.addrs = []*Address{a}
	d.StartDAD(a)
	clk.Advance(d.c.MaxRtrSolicitationDelay)
	if len(p.sent) != 1 || p.sent[0] != "NS "+ipv6.SolicitedNode(ourLL).String()+" "+ourLL.String()+" direct=false" {
		t.Fatalf("DAD probe: %v", p.sent)
	}
	clk.Advance(d.c.RetransTimer)
	if a.State != Preferred || len(p.dad) != 1 {
		t.Fatalf("after RetransTimer: %s", a.State)
	}
}

func FuzzCheckOptions(f *testing.F) {
	f.Add([]byte{1, 1, 0, 0, 0, 0, 0xa0, 0xa0, 2, 0}, false)
	f.Fuzz(func(t *testing.T, b []byte, zeroEnds bool) {
		whole, _ := CheckOptions(b, zeroEnds)
		if len(whole) > len(b) || len(whole)%8 != 0 {
			t.Fatalf("whole part %d of %d", len(whole), len(b))
		}
		for _, typ := range []uint8{1, 2, 3, 5} {
			if o := FindOption(whole, typ); o != nil && (len(o) < 8 || o.Type() != typ) {
				t.Fatalf("option %x", o)
			}
		}
	})
}
