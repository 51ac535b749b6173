package packets

import (
	"encoding/hex"
	"net/netip"
	"slices"
	"strings"
	"testing"
	"time"
)

var (
	mldM1 = netip.MustParseAddr("ff3e:40:3ffe:501:ffff:300:0:1")
	mldS1 = netip.MustParseAddr("3ffe:501:ffff:300::1")
	mldS2 = netip.MustParseAddr("3ffe:501:ffff:300::2")
)

// The golden query was written octet by octet from RFC 3810 §5.1 and RFC
// 2711: Ethernet to 33:33:00:00:00:01, IPv6 with Payload Length 52, Next
// Header 0 (Hop-by-Hop) and Hop Limit 1; the Hop-by-Hop header (Next
// Header 58, length 0, Router Alert 0, PadN of 2); the query (type 130,
// code 0, checksum cccc as a placeholder, MRC 1000, reserved, M1, QRV 2,
// QQIC 125, one source S1).
const goldenQuery = "333300000001" + "00005e005381" + "86dd" +
	"60000000" + "0034" + "00" + "01" +
	"fe80000000000000" + "02005efffe005381" +
	"ff3e00403ffe0501ffff030000000001" +
	"3a00050200000100" +
	"8200cccc" + "03e80000" + "ff3e00403ffe0501ffff030000000001" + "027d0001" +
	"3ffe0501ffff03000000000000000001"

func TestMLDv2QueryGoldenBytes(t *testing.T) {
	src := LinkLocal(tn1MAC)
	p := MLDv2Query(tn1MAC, src, mldM1, GroupQuery(mldM1, mldS1))
	b := p.Bytes()
	got := hex.EncodeToString(b)
	// The checksum (octets 64 and 65 of the frame) is checked below.
	got = got[:2*64] + "cccc" + got[2*64+4:]
	if got != goldenQuery {
		t.Fatalf("query bytes\n got %s\nwant %s", got, goldenQuery)
	}
	f := Decode(b)
	if !f.ChecksumOK || f.ICMPType != TypeMLDQuery {
		t.Fatalf("our own query: checksum ok %v, type %d", f.ChecksumOK, f.ICMPType)
	}
	if v, ok := f.RouterAlert(); !ok || v != 0 {
		t.Fatalf("Router Alert %d %v", v, ok)
	}
	q, v1, err := ParseMLDQuery(f.ICMPBody)
	if err != nil || v1 || q.Group != mldM1 || q.MaxResp != time.Second || q.QRV != 2 || q.QQIC != 125 || !slices.Equal(q.Sources, []netip.Addr{mldS1}) {
		t.Fatalf("decoded %+v v1=%v err=%v", q, v1, err)
	}
	if s := f.Summary(); !strings.Contains(s, "MLDv2 query ff3e:40:3ffe:501:ffff:300:0:1{3ffe:501:ffff:300::1} max-resp 1s qrv 2 qqi 2m5s") {
		t.Fatalf("summary %q", s)
	}
}

func TestMLDQueryFieldsOneAtATime(t *testing.T) {
	one := uint16(1)
	for _, c := range []struct {
		name string
		q    MLDQuery
		want string // hex of the body after the checksum
	}{
		{"general", GeneralQuery(), "27100000" + strings.Repeat("00", 16) + "027d0000"},
		{"S flag, QRV 7, QQIC 0xff", MLDQuery{S: true, QRV: 7, QQIC: 0xff}, "00000000" + strings.Repeat("00", 16) + "0fff0000"},
		{"reserved bits", MLDQuery{Reserved: 0xf, Reserved2: 0xffff}, "0000ffff" + strings.Repeat("00", 16) + "f0000000"},
		{"number of sources overridden", MLDQuery{NumSources: &one}, "00000000" + strings.Repeat("00", 16) + "00000001"},
		{"exponential MRC", MLDQuery{MaxResp: 65536 * time.Millisecond}, "90000000" + strings.Repeat("00", 16) + "00000000"},
		{"extra octets", MLDQuery{Extra: []byte{0xaa, 0xbb}}, "00000000" + strings.Repeat("00", 16) + "00000000aabb"},
	} {
		if got := hex.EncodeToString(c.q.Body()); got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.name, got, c.want)
		}
	}
}

func TestMaxRespCodeAndQQIC(t *testing.T) {
	for _, c := range []struct {
		d    time.Duration
		code uint16
	}{
		{0, 0}, {time.Second, 1000}, {32767 * time.Millisecond, 0x7fff},
		{32768 * time.Millisecond, 0x8000}, {65536 * time.Millisecond, 0x9000},
		{8387584 * time.Millisecond, 0xffff}, {time.Hour * 10, 0xffff},
	} {
		if got := MaxRespCode(c.d); got != c.code {
			t.Errorf("MaxRespCode(%v) = %#x, want %#x", c.d, got, c.code)
		}
		if c.d <= 8387584*time.Millisecond {
			if got := MaxRespDelay(c.code); got != c.d {
				t.Errorf("MaxRespDelay(%#x) = %v, want %v", c.code, got, c.d)
			}
		}
	}
	for _, c := range []struct {
		d    time.Duration
		code uint8
	}{{0, 0}, {125 * time.Second, 125}, {127 * time.Second, 127}, {128 * time.Second, 0x80}, {31744 * time.Second, 0xff}} {
		if got := QQICode(c.d); got != c.code {
			t.Errorf("QQICode(%v) = %#x, want %#x", c.d, got, c.code)
		}
		if got := QQIDelay(c.code); got != c.d {
			t.Errorf("QQIDelay(%#x) = %v, want %v", c.code, got, c.d)
		}
	}
}

// A report written octet by octet (RFC 3810 §5.2): two records, TO_EX{}
// for M1 and ALLOW{S1,S2} for M1, sent as the node sends it.
const goldenReportBody = "0000" + "0002" +
	"04000000" + "ff3e00403ffe0501ffff030000000001" +
	"05000002" + "ff3e00403ffe0501ffff030000000001" +
	"3ffe0501ffff03000000000000000001" + "3ffe0501ffff03000000000000000002"

func TestMLDReportDecodingAndMatching(t *testing.T) {
	body, _ := hex.DecodeString(goldenReportBody)
	p := mldPacket(nutMAC, LinkLocal(nutMAC), AllMLDv2Routers, TypeMLDv2Report, body)
	built := MLDv2ReportPacket(nutMAC, LinkLocal(nutMAC), MLDRecord{Type: ToEx, Group: mldM1}, MLDRecord{Type: Allow, Group: mldM1, Sources: []netip.Addr{mldS1, mldS2}})
	if hex.EncodeToString(built.ICMP.Body) != goldenReportBody {
		t.Fatalf("built report body %x", built.ICMP.Body)
	}
	f := Decode(p.Bytes())
	r, err := f.MLDReport()
	if err != nil || len(r.Records) != 2 {
		t.Fatalf("decoded %+v, %v", r, err)
	}
	if r.Records[0].Type != ToEx || len(r.Records[0].Sources) != 0 || r.Records[1].Type != Allow || !slices.Equal(r.Records[1].Sources, []netip.Addr{mldS1, mldS2}) {
		t.Fatalf("records %v", r.Records)
	}
	for _, c := range []struct {
		m    *Matcher
		want bool
	}{
		{MLDReportOf(mldM1, TO_EX(), ALLOW(mldS2, mldS1)), true},
		{MLDReportOf(mldM1, TO_EX()), false},
		{MLDReportOf(mldM1, TO_EX(), ALLOW(mldS1)), false},
		{MLDReportOf(mldM1, TO_IN(), ALLOW(mldS1, mldS2)), false},
		{MLDReportAbout(mldM1).RecordsOneOf(mldM1, []Rec{BLOCK(mldS1)}, []Rec{ALLOW(mldS1, mldS2), TO_EX()}), true},
		{MLDReportAbout(mldM1).AuxDataZero(), true},
	} {
		if got := c.m.Match(f); got != c.want {
			t.Errorf("%s: match %v, want %v (misses %v)", c.m, got, c.want, c.m.Misses(f))
		}
	}
	if MLDReportAbout(mldS1).IsCandidate(f) {
		t.Error("a report about M1 taken for one about another group")
	}
	// One thing wrong at a time.
	for name, change := range map[string]func(p *Packet){
		"hop limit 255":   func(p *Packet) { p.HopLimit = 255 },
		"no router alert": func(p *Packet) { p.Ext = nil },
		"global source":   func(p *Packet) { p.Src = mldS1 },
		"to all-nodes":    func(p *Packet) { p.Dst = AllNodes },
		"bad checksum":    func(p *Packet) { p.ICMP.BadChecksum = true },
		"a record cut":    func(p *Packet) { p.ICMP.Body = p.ICMP.Body[:len(p.ICMP.Body)-1] },
	} {
		q := p.Clone().With(change)
		g := Decode(q.Bytes())
		m := MLDReportAbout(mldM1)
		if !m.IsCandidate(g) && name != "a record cut" {
			t.Errorf("%s: not a candidate", name)
		}
		if m.Match(g) {
			t.Errorf("%s: matched", name)
		}
	}
	if s := f.Summary(); !strings.Contains(s, "MLDv2 report TO_EX{}(ff3e:40:3ffe:501:ffff:300:0:1) ALLOW{3ffe:501:ffff:300::1,3ffe:501:ffff:300::2}") {
		t.Fatalf("summary %q", s)
	}
}

func TestMLDv1Messages(t *testing.T) {
	src := LinkLocal(tn1MAC)
	q := Decode(MLDv1Query(tn1MAC, src, netip.Addr{}, 40*time.Second).Bytes())
	if q.Dst != AllNodes || len(q.ICMPBody) != 20 || hex.EncodeToString(q.ICMPBody[:4]) != "9c400000" {
		t.Fatalf("v1 general query to %s, body %x", q.Dst, q.ICMPBody)
	}
	if _, v1, err := ParseMLDQuery(q.ICMPBody); !v1 || err != nil {
		t.Fatalf("v1 %v err %v", v1, err)
	}
	r := Decode(MLDv1Report(nutMAC, LinkLocal(nutMAC), mldM1).Bytes())
	if !MLDv1ReportFor(mldM1).Match(r) || MLDv1DoneFor(mldM1).IsCandidate(r) {
		t.Fatalf("v1 report %s", r.Summary())
	}
	d := Decode(MLDv1Done(nutMAC, LinkLocal(nutMAC), mldM1).Bytes())
	if !MLDv1DoneFor(mldM1).Match(d) || d.Dst != AllRouters {
		t.Fatalf("v1 done %s", d.Summary())
	}
}

// Every Maximum Response Code and every QQIC decodes to a value that
// encodes back to it (RFC 3810 §5.1.3, §5.1.9).
func TestExpCodesRoundTrip(t *testing.T) {
	for c := 0; c <= 0xffff; c++ {
		if got := MaxRespCode(MaxRespDelay(uint16(c))); got != uint16(c) {
			t.Fatalf("Maximum Response Code %#x: %v encodes as %#x", c, MaxRespDelay(uint16(c)), got)
		}
	}
	for c := 0; c <= 0xff; c++ {
		if got := QQICode(QQIDelay(uint8(c))); got != uint8(c) {
			t.Fatalf("QQIC %#x: %v encodes as %#x", c, QQIDelay(uint8(c)), got)
		}
	}
}
