package packets

import (
	"net/netip"
	"testing"
)

func TestPointerToNamesTheFieldsOffset(t *testing.T) {
	dst := netip.MustParseAddr("2001:db8::9")
	echo := func(ext ...ExtHeader) *Packet {
		p := EchoRequest(tn1MAC, nutMAC, addrA, addrB, 1, 1, nil)
		p.Ext = ext
		return p
	}
	hbh8 := HopByHop(PadN(6))                          // 8 octets
	dst16 := DestOpts(PadN(4), UnknownOption(0x9e, 4)) // 2+4+6 = 12, padded to 16
	cases := []struct {
		name string
		p    *Packet
		h    Header
		f    Field
		want uint32
	}{
		{"IPv6 Payload Length", echo(), IPv6Header, PayloadLength, 4},
		{"IPv6 Next Header", echo(), IPv6Header, NextHeader, 6},
		{"first header's Next Header", echo(DestOpts(PadN(6))), Ext(0), NextHeader, 40},
		{"first header's length", echo(DestOpts(PadN(6))), Ext(0), HdrExtLen, 41},
		{"routing type", echo(Routing(0, 1, dst)), Ext(0), RoutingType, 42},
		{"segments left", echo(Routing(0, 1, dst)), Ext(0), SegmentsLeft, 43},
		{"segments left after a hop-by-hop header", echo(hbh8, Routing(0, 1, dst)), Ext(1), SegmentsLeft, 51},
		{"routing header by kind", echo(hbh8, Routing(0, 1, dst)), FirstExt(ProtoRouting), SegmentsLeft, 51},
		{"fragment offset", echo(FragmentHeader(8, false, 1)), Ext(0), FragmentOffset, 42},
		{"option 0 type", echo(dst16), Ext(0), OptionType(0), 42},
		{"option 1 type, after PadN", echo(dst16), Ext(0), OptionType(1), 46},
		{"option 1 length", echo(dst16), Ext(0), OptionLength(1), 47},
		{"option 1 data", echo(dst16), Ext(0), OptionData(1), 48},
		{"option after Pad1", echo(DestOpts(Pad1(), UnknownOption(0x9e, 3))), Ext(0), OptionType(1), 43},
		{"options of the second header", echo(hbh8, dst16), FirstExt(ProtoDestOpts), OptionType(1), 54},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.p.PointerTo(c.h, c.f); got != c.want {
				t.Errorf("%s: %d, want %d", c.f, got, c.want)
			}
			// The octet pointed at is the field itself on the wire.
			b := c.p.IPv6Bytes()
			switch c.f {
			case SegmentsLeft:
				if b[c.want] != 1 {
					t.Errorf("octet %d is %d, not Segments Left 1", c.want, b[c.want])
				}
			case OptionType(1):
				if b[c.want] != 0x9e {
					t.Errorf("octet %d is 0x%x, not the option type", c.want, b[c.want])
				}
			}
		})
	}
}

func TestPointerToRefusesFieldsTheHeaderLacks(t *testing.T) {
	p := EchoRequest(tn1MAC, nutMAC, addrA, addrB, 1, 1, nil)
	p.Ext = []ExtHeader{DestOpts(PadN(6)), FragmentHeader(0, false, 1)}
	cases := []struct {
		name string
		h    Header
		f    Field
	}{
		{"Segments Left of options", Ext(0), SegmentsLeft},
		{"an option of a fragment header", Ext(1), OptionType(0)},
		{"Hdr Ext Len of a fragment header", Ext(1), HdrExtLen},
		{"Hdr Ext Len of the IPv6 header", IPv6Header, HdrExtLen},
		{"Payload Length of an extension header", Ext(0), PayloadLength},
		{"a header beyond the packet", Ext(2), NextHeader},
		{"a kind the packet lacks", FirstExt(ProtoRouting), SegmentsLeft},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("no panic")
				}
			}()
			p.PointerTo(c.h, c.f)
		})
	}
}
