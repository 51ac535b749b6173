package nd

import (
	"fmt"
	"net/netip"
	"testing"
	"time"
)

// TestNewOptions: golden bytes and views for the options of RFC 4191 and
// RFC 8106 and the Redirected Header.
func TestNewOptions(t *testing.T) {
	cases := []struct {
		name  string
		build func(b []byte) int
		want  string
	}{
		{"RIO ::/0", func(b []byte) int { return PutRouteInfoOption(b, netip.MustParsePrefix("::/0"), PrefHigh, time.Hour) },
			"18010008" + "00000e10"},
		{"RIO /48", func(b []byte) int {
			return PutRouteInfoOption(b, netip.MustParsePrefix("2001:db8:99::/48"), PrefLow, 10*time.Second)
		}, "18023018" + "0000000a" + "20010db800990000"},
		{"RDNSS", func(b []byte) int {
			return PutRDNSSOption(b, InfiniteLifetime, []netip.Addr{netip.MustParseAddr("2001:db8::53")})
		}, "19030000" + "ffffffff" + "20010db8000000000000000000000053"},
		{"DNSSL", func(b []byte) int { return PutDNSSLOption(b, time.Minute, []string{"example.com"}) },
			"1f030000" + "0000003c" + "076578616d706c6503636f6d00" + "000000"},
	}
	for _, c := range cases {
		b := make([]byte, 128)
		if got := fmt.Sprintf("%x", b[:c.build(b)]); got != c.want {
			t.Errorf("%s\n got %s\nwant %s", c.name, got, c.want)
		}
	}
	b := make([]byte, 128)
	n := PutRouteInfoOption(b, netip.MustParsePrefix("2001:db8:99::/48"), PrefLow, 10*time.Second)
	if p, ok := RouteInfo(b[:n]).Prefix(); !ok || p.String() != "2001:db8:99::/48" || RouteInfo(b[:n]).Preference() != PrefLow {
		t.Error("RIO view")
	}
	b[1] = 1 // too short for a /48
	if _, ok := RouteInfo(b[:8]).Prefix(); ok {
		t.Error("malformed RIO accepted")
	}
	n = PutDNSSLOption(b, time.Minute, []string{"a.example", "b.test"})
	if d, ok := DNSSL(b[:n]).Domains(); !ok || fmt.Sprint(d) != "[a.example b.test]" {
		t.Errorf("DNSSL view %v", d)
	}
}

// TestRedirectedHeader: the quote is padded to 8 octets and never exceeds
// the room given.
func TestRedirectedHeader(t *testing.T) {
	b := make([]byte, 2000)
	pkt := make([]byte, 1500)
	for i := range pkt {
		pkt[i] = byte(i)
	}
	cases := []struct{ pkt, room, want int }{
		{45, 100, 56},      // 45 octets padded to 48, plus 8
		{1500, 1192, 1192}, // cut to the room, a multiple of 8
		{1500, 1195, 1192},
		{10, 8, 0},
	}
	for _, c := range cases {
		n := PutRedirectedHeaderOption(b, pkt[:c.pkt], c.room)
		if n != c.want || n%8 != 0 || n > c.room || n > 0 && (int(b[1])*8 != n || b[0] != OptRedirectedHeader || b[8] != 0 || b[9] != 1) {
			t.Errorf("%d octets in %d: %d", c.pkt, c.room, n)
		}
	}
}
