package packets

import (
	"encoding/hex"
	"net/netip"
	"testing"
)

// The golden reports were written octet by octet from RFC 3810 §5.2 and
// §5.2.4: Reserved, Number of Multicast Address Records, then each record
// (type, Aux Data Len, Number of Sources, Multicast Address, sources,
// auxiliary data), then any extra octets.
func TestMLDv2ReportMsgGoldenBytes(t *testing.T) {
	one, zero := uint16(1), uint16(0)
	m2 := netip.MustParseAddr("ff3e:40:3ffe:501:ffff:300:0:2")
	for _, c := range []struct {
		name string
		msg  MLDv2ReportMsg
		want string
	}{
		{"one record", MLDv2ReportMsg{Records: []MLDRecord{{Type: IsIn, Group: mldM1, Sources: []netip.Addr{mldS1}}}},
			"0000" + "0001" + "01" + "00" + "0001" + "ff3e00403ffe0501ffff030000000001" + "3ffe0501ffff03000000000000000001"},
		{"reserved set, count 0, extra octets", MLDv2ReportMsg{Reserved2: 0xffff, NumRecords: &zero, Extra: []byte{0xa5, 0x5a},
			Records: []MLDRecord{{Type: 7, Group: mldM1}}},
			"ffff" + "0000" + "07" + "00" + "0000" + "ff3e00403ffe0501ffff030000000001" + "a55a"},
		{"aux data and a source count that does not match", MLDv2ReportMsg{Records: []MLDRecord{
			{Type: IsIn, AuxLen: 1, Group: mldM1, NumSources: &one},
			{Type: Block, AuxLen: 2, Group: m2, Sources: []netip.Addr{mldS2}, AuxData: []byte{1, 2, 3, 4}},
		}},
			"0000" + "0002" +
				"01" + "01" + "0001" + "ff3e00403ffe0501ffff030000000001" + "00000000" +
				"06" + "02" + "0001" + "ff3e00403ffe0501ffff030000000002" + "3ffe0501ffff03000000000000000002" + "01020304"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := hex.EncodeToString(c.msg.Body()); got != c.want {
				t.Errorf("\n got %s\nwant %s", got, c.want)
			}
		})
	}
	p := MLDv2ReportMsg{Reserved: 0xff}.Packet(tn1MAC, LinkLocal(tn1MAC))
	if p.ICMP.Code != 0xff || p.Dst != AllMLDv2Routers || p.HopLimit != 1 {
		t.Errorf("packet: code %d, to %s, hop limit %d", p.ICMP.Code, p.Dst, p.HopLimit)
	}
}
