package mld

import (
	"bytes"
	"encoding/hex"
	"net/netip"
	"slices"
	"strings"
	"testing"
	"time"
)

func unhex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.Join(strings.Fields(s), ""))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

var (
	m1 = netip.MustParseAddr("ff1e::1:1")
	s1 = netip.MustParseAddr("2001:db8::1")
	s2 = netip.MustParseAddr("2001:db8::2")
)

// TestReportGolden checks a Report with two records, one with two
// sources, octet by octet (RFC 3810 §5.2).
func TestReportGolden(t *testing.T) {
	recs := []Record{
		{Type: AllowNewSources, Group: m1, Sources: []netip.Addr{s1, s2}},
		{Type: ModeIsExclude, Group: netip.MustParseAddr("ff02::1:ff00:100")},
	}
	want := unhex(t, `
		8f 00 0000 0000 0002
		05 00 0002 ff1e0000000000000000000000010001
		  20010db8000000000000000000000001
		  20010db8000000000000000000000002
		02 00 0000 ff0200000000000000000001ff000100`)
	b := make([]byte, 200)
	n := PutReport(b, recs)
	if !bytes.Equal(b[:n], want) {
		t.Fatalf("report\n got %x\nwant %x", b[:n], want)
	}
	got, err := ParseReport(want)
	if err != nil || len(got) != 2 || got[0].Type != 5 || !slices.Equal(got[0].Sources, recs[0].Sources) ||
		got[1].Group != recs[1].Group || len(got[1].Sources) != 0 {
		t.Fatalf("parsed %v, %v", got, err)
	}
}

// TestV1Golden checks MLDv1 Report, Done and Query (RFC 2710 §3).
func TestV1Golden(t *testing.T) {
	for _, c := range []struct {
		typ  uint8
		mrd  uint16
		want string
	}{
		{TypeV1Report, 0, "83 00 0000 0000 0000 ff1e0000000000000000000000010001"},
		{TypeV1Done, 0, "84 00 0000 0000 0000 ff1e0000000000000000000000010001"},
		{TypeQuery, 10000, "82 00 0000 2710 0000 ff1e0000000000000000000000010001"},
	} {
		b := make([]byte, 40)
		n := PutV1(b, c.typ, c.mrd, m1)
		if want := unhex(t, c.want); !bytes.Equal(b[:n], want) {
			t.Errorf("type %d: got %x, want %x", c.typ, b[:n], want)
		}
	}
}

// TestHopByHop checks the Router Alert header (RFC 2711: option 5,
// length 2, value 0 for MLD), padded to 8 octets.
func TestHopByHop(t *testing.T) {
	b := make([]byte, 8)
	if n := PutHopByHop(b); n != 8 || !bytes.Equal(b, unhex(t, "3a00 0502 0000 0100")) {
		t.Fatalf("%x", b)
	}
}

// TestCodes checks the exponential codes of RFC 3810 §5.1.3 and §5.1.9.
func TestCodes(t *testing.T) {
	for _, c := range []struct {
		code uint16
		d    time.Duration
	}{
		{0, 0},
		{1000, time.Second},
		{32767, 32767 * time.Millisecond},
		{0x8000, 32768 * time.Millisecond},
		{0x9000, 65536 * time.Millisecond},
		{0xffff, time.Duration(0x1fff<<10) * time.Millisecond},
	} {
		if got := MaxRespDelay(c.code); got != c.d {
			t.Errorf("MaxRespDelay(%#x) = %v, want %v", c.code, got, c.d)
		}
		if got := MaxRespCode(c.d); got != c.code {
			t.Errorf("MaxRespCode(%v) = %#x, want %#x", c.d, got, c.code)
		}
	}
	for _, c := range []struct {
		code uint8
		d    time.Duration
	}{
		{0, 0}, {125, 125 * time.Second}, {127, 127 * time.Second},
		{0x80, 128 * time.Second}, {0x81, 136 * time.Second}, {0xff, 31744 * time.Second},
	} {
		if got := QQI(c.code); got != c.d {
			t.Errorf("QQI(%#x) = %v, want %v", c.code, got, c.d)
		}
		if got := QQIC(c.d); got != c.code {
			t.Errorf("QQIC(%v) = %#x, want %#x", c.d, got, c.code)
		}
	}
}

// TestParseQuery covers the lengths of RFC 3810 §8.1 and the source list
// checks of §5.1.10 and §5.1.12.
func TestParseQuery(t *testing.T) {
	q := func(n int, sources ...netip.Addr) []byte {
		b := make([]byte, 100)
		l := PutQuery(b, 1000, m1, true, 3, 125, sources)
		b = b[:l]
		if n >= 0 {
			b[26], b[27] = byte(n>>8), byte(n)
		}
		return b
	}
	for _, c := range []struct {
		name    string
		msg     []byte
		err     error
		v1      bool
		sources int
	}{
		{"v1", make([]byte, 24), nil, true, 0},
		{"23 octets", make([]byte, 23), ErrTooShort, false, 0},
		{"26 octets", make([]byte, 26), ErrBadLength, false, 0},
		{"v2, no sources", q(-1), nil, false, 0},
		{"v2, one source", q(-1, s1), nil, false, 1},
		{"N=1 with none", q(1), ErrSources, false, 0},
		{"N=2 with one", q(2, s1), ErrSources, false, 0},
		{"N=0 with one", q(0, s1), nil, false, 0},
		{"N=1 with two", q(1, s1, s2), nil, false, 1},
	} {
		got, err := ParseQuery(c.msg)
		if err != c.err || err == nil && (got.V1 != c.v1 || len(got.Sources) != c.sources) {
			t.Errorf("%s: %+v, %v", c.name, got, err)
		}
	}
	got, _ := ParseQuery(q(-1, s2))
	if got.MaxResp != time.Second || got.Group != m1 || !got.S || got.QRV != 3 || got.QQI != 125*time.Second || got.Sources[0] != s2 {
		t.Errorf("fields: %+v", got)
	}
}

func TestIsSSM(t *testing.T) {
	for a, want := range map[string]bool{
		"ff3e::2000:0": true, "ff32::1": true, "ff3e:0:1::1": true, "ff1e::1": false, "ff3e:1::1": false,
	} {
		if IsSSM(netip.MustParseAddr(a)) != want {
			t.Errorf("IsSSM(%s) != %v", a, want)
		}
	}
}
