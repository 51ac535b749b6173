package tunnel

import (
	"bytes"
	"encoding/hex"
	"net/netip"
	"testing"
)

func TestModes(t *testing.T) {
	for _, c := range []struct {
		name           string
		in6, out6      bool
		proto          uint8
		outerNoLimit   int
		outerWithLimit int
	}{
		{"6in4", true, false, 41, 20, 20},
		{"6in6", true, true, 41, 40, 48},
		{"4in6", false, true, 4, 40, 48},
		{"4in4", false, false, 4, 20, 20},
	} {
		m, err := ParseMode(c.name)
		if err != nil || m.String() != c.name || m.InnerIs6() != c.in6 || m.OuterIs6() != c.out6 || m.Proto() != c.proto ||
			OuterLen(m, NoEncapLimit) != c.outerNoLimit || OuterLen(m, 4) != c.outerWithLimit {
			t.Errorf("%s: parsed %v (%v)", c.name, m, err)
		}
	}
	if _, err := ParseMode("6to4"); err == nil {
		t.Error("accepted 6to4")
	}
}

func TestPutOuter6Golden(t *testing.T) {
	src, dst := netip.MustParseAddr("2001:db8:1::1"), netip.MustParseAddr("2001:db8:1::2")
	b := make([]byte, 48)
	if n := PutOuter6(b, ProtoIPv6, 64, src, dst, 100, 4); n != 48 {
		t.Fatalf("header length %d", n)
	}
	want, _ := hex.DecodeString("60000000" + "006c" + "3c" + "40" +
		"20010db8000100000000000000000001" + "20010db8000100000000000000000002" +
		"2900" + "0401" + "04" + "010100")
	if !bytes.Equal(b, want) {
		t.Fatalf("outer header\n%x\nwant\n%x", b, want)
	}
	pkt := append(b, make([]byte, 40)...)
	pkt[48] = 0x60
	if l, off, ok := EncapLimit(pkt); !ok || l != 4 || off != 44 {
		t.Fatalf("EncapLimit: %d at %d (%v)", l, off, ok)
	}
	b = make([]byte, 40)
	if n := PutOuter6(b, ProtoIPv4, 1, src, dst, 20, NoEncapLimit); n != 40 || b[6] != ProtoIPv4 || b[5] != 20 || b[7] != 1 {
		t.Fatalf("without the option: %x", b)
	}
}

func TestEncapLimitWalk(t *testing.T) {
	hdr := func(next byte, rest ...byte) []byte {
		b := make([]byte, 40)
		b[0], b[6] = 0x60, next
		return append(b, rest...)
	}
	cases := []struct {
		name  string
		pkt   []byte
		limit int
		ok    bool
	}{
		{"no option", hdr(41), 0, false},
		{"not a tunnel packet", hdr(60, 58, 0, 4, 1, 3, 1, 1, 0), 0, false},
		{"after Pad1s", hdr(60, 41, 0, 0, 0, 4, 1, 2, 0), 2, true},
		{"behind a Hop-by-Hop header", hdr(0, 60, 0, 1, 4, 0, 0, 0, 0, 41, 0, 4, 1, 7, 1, 1, 0), 7, true},
		{"a truncated header", hdr(60, 41, 1, 4, 1, 2), 0, false},
		{"an option running past its header", hdr(60, 41, 0, 1, 9, 0, 0, 0, 0), 0, false},
	}
	for _, c := range cases {
		l, _, ok := EncapLimit(c.pkt)
		if ok != c.ok || l != c.limit {
			t.Errorf("%s: %d, %v; want %d, %v", c.name, l, ok, c.limit, c.ok)
		}
	}
}

func TestEntryRules(t *testing.T) {
	for _, c := range []struct {
		name       string
		d          Decision
		wantTooBig bool
		wantMTU    int
		wantFrag   bool
		wantDF     bool
	}{
		// RFC 2473 §7.1
		{"6in6 fits", Entry6(1400, 1452), false, 0, false, false},
		{"6in6 small, does not fit: fragment the tunnel packet", Entry6(1280, 1232), false, 0, true, false},
		{"6in6 large, does not fit", Entry6(1500, 1452), true, 1452, false, false},
		{"6in6 large, tiny tunnel MTU", Entry6(1400, 1000), true, 1280, false, false},
		// RFC 4213 §3.2.2
		{"6in4 fits, DF", Entry4(1480, 1500), false, 0, false, true},
		{"6in4 too big", Entry4(1481, 1500), true, 1480, false, false},
		{"6in4 small path, small packet: no DF", Entry4(1280, 1200), false, 0, false, false},
		{"6in4 small path, large packet", Entry4(1281, 1200), true, 1280, false, false},
	} {
		if c.d.TooBig != c.wantTooBig || c.d.MTU != c.wantMTU || c.d.Fragment != c.wantFrag || c.d.DontFrag != c.wantDF {
			t.Errorf("%s: %+v", c.name, c.d)
		}
	}
}

func TestLinkLocal(t *testing.T) {
	if got := LinkLocal(netip.MustParseAddr("192.0.2.16")); got != netip.MustParseAddr("fe80::c000:210") {
		t.Fatalf("%s", got)
	}
}

// RFC 2473 §7.2 and RFC 2003 §5.1: an IPv4 packet entering a tunnel.
func TestEntryIPv4(t *testing.T) {
	for _, c := range []struct {
		size int
		df   bool
		want Decision
	}{
		{1452, true, Decision{DontFrag: true}},
		{1453, true, Decision{TooBig: true, MTU: 1452, DontFrag: true}},
		{1453, false, Decision{Fragment: true}},
		{100, false, Decision{}},
	} {
		if got := EntryIPv4(c.size, c.df, 1452); got != c.want {
			t.Errorf("%d octets, DF %v: %+v, want %+v", c.size, c.df, got, c.want)
		}
	}
}
