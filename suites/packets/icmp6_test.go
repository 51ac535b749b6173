package packets

import (
	"encoding/hex"
	"net/netip"
	"reflect"
	"strings"
	"testing"
	"time"
)

var (
	addrA = netip.MustParseAddr("fe80::1")
	addrB = netip.MustParseAddr("2001:db8::2")
)

// Golden bodies (the octets after the checksum), written from the RFC
// drawings, not from the encoder.
func TestMessagesEncodeToTheirRFCLayout(t *testing.T) {
	cases := []struct {
		name      string
		msg       Message
		typ, code uint8
		body      string
	}{
		{"echo request", EchoMessage{Identifier: 0x1234, Sequence: 0x0506, Data: []byte{0xaa}}, 128, 0, "12340506aa"},
		{"echo reply", EchoMessage{Reply: true, Identifier: 1, Sequence: 2}, 129, 0, "00010002"},
		{"destination unreachable", DestUnreachableMessage{Code: 3, Invoking: []byte{0x60}}, 1, 3, "0000000060"},
		{"packet too big", PacketTooBigMessage{MTU: 1280, Invoking: []byte{0x60}}, 2, 0, "0000050060"},
		{"time exceeded", TimeExceededMessage{Code: 1}, 3, 1, "00000000"},
		{"parameter problem", ParamProblemMessage{Code: 2, Pointer: 42, Invoking: []byte{0x60}}, 4, 2, "0000002a60"},
		{"router solicitation", RouterSolicitation{Options: []Option{SLLA(tn1MAC)}}, 133, 0, "00000000" + "010100005e005381"},
		{"router advertisement", RouterAdvertisement{RAParams{CurHopLimit: 64, Flags: RAManaged, RouterLifetime: 1800 * time.Second,
			ReachableTime: 30 * time.Second, RetransTimer: time.Second}}, 134, 0, "40800708" + "00007530" + "000003e8"},
		{"neighbor solicitation", NeighborSolicitation{Target: addrA}, 135, 0, "00000000" + "fe800000000000000000000000000001"},
		{"neighbor advertisement", NeighborAdvertisement{NAFlags: NAFlags{Solicited: true, Override: true}, Target: addrA,
			Options: []Option{TLLA(tn1MAC)}}, 136, 0, "60000000" + "fe800000000000000000000000000001" + "020100005e005381"},
		{"router flag", NeighborAdvertisement{NAFlags: NAFlags{Router: true}, Target: addrA}, 136, 0, "80000000" + "fe800000000000000000000000000001"},
		{"redirect", RedirectMessage{Target: addrA, Destination: addrB}, 137, 0, "00000000" +
			"fe800000000000000000000000000001" + "20010db8000000000000000000000002"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := NewICMPv6(c.msg)
			if m.Type != c.typ || m.Code != c.code {
				t.Errorf("type %d code %d, want %d %d", m.Type, m.Code, c.typ, c.code)
			}
			if got := hex.EncodeToString(m.Body); got != c.body {
				t.Errorf("body\n got %s\nwant %s", got, c.body)
			}
			back, err := m.Message()
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(normal(back), normal(c.msg)) {
				t.Errorf("decoded as %+v, want %+v", back, c.msg)
			}
		})
	}
}

// normal makes nil and empty slices alike for comparison.
func normal(m Message) Message {
	switch v := m.(type) {
	case EchoMessage:
		if len(v.Data) == 0 {
			v.Data = nil
		}
		return v
	case TimeExceededMessage:
		if len(v.Invoking) == 0 {
			v.Invoking = nil
		}
		return v
	}
	return m
}

func TestBuildersAreTheTypedMessages(t *testing.T) {
	mac := tn1MAC
	cases := []struct {
		name string
		p    *Packet
		want Message
	}{
		{"NS", NS(mac, mac, addrA, addrB, addrB, SLLA(mac)), NeighborSolicitation{Target: addrB, Options: []Option{SLLA(mac)}}},
		{"NA", NA(mac, mac, addrA, addrB, addrA, FlagRouter|FlagOverride), NeighborAdvertisement{NAFlags: NAFlags{Router: true, Override: true}, Target: addrA}},
		{"RS", RS(mac, mac, addrA, AllRouters), RouterSolicitation{}},
		{"Redirect", Redirect(mac, mac, addrA, addrB, addrA, addrB), RedirectMessage{Target: addrA, Destination: addrB}},
	}
	for _, c := range cases {
		got, err := c.p.ICMP.Message()
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: %+v (%v), want %+v", c.name, got, err, c.want)
		}
		if c.p.HopLimit != 255 {
			t.Errorf("%s: hop limit %d", c.name, c.p.HopLimit)
		}
	}
}

func TestSettersChangeOnlyTheirField(t *testing.T) {
	cases := []struct {
		name   string
		p      *Packet
		change func(m *ICMPv6)
		body   string
	}{
		{"MTU", PacketTooBig(tn1MAC, nutMAC, addrA, addrB, 1500, []byte{0x60}),
			func(m *ICMPv6) { m.SetMTU(1280) }, "0000050060"},
		{"target", NS(tn1MAC, nutMAC, addrA, addrB, addrB),
			func(m *ICMPv6) { m.SetTarget(addrA) }, "00000000fe800000000000000000000000000001"},
		{"destination", Redirect(tn1MAC, nutMAC, addrA, addrB, addrA, addrA),
			func(m *ICMPv6) { m.SetDestination(addrB) }, "00000000fe800000000000000000000000000001" + "20010db8000000000000000000000002"},
		{"NA flags keep Reserved", NA(tn1MAC, nutMAC, addrA, addrB, addrA, FlagSolicited),
			func(m *ICMPv6) { m.SetReserved(0x00ff0000); m.SetNAFlags(NAFlags{Router: true}) }, "80ff0000fe800000000000000000000000000001"},
		{"NS reserved", NS(tn1MAC, nutMAC, addrA, addrB, addrA),
			func(m *ICMPv6) { m.SetReserved(0xff000000) }, "ff000000fe800000000000000000000000000001"},
		{"options replaced", RS(tn1MAC, nutMAC, addrA, AllRouters, SLLA(tn1MAC)),
			func(m *ICMPv6) { m.SetOptions(SLLA(tn1MAC).WithLength(0)) }, "00000000" + "010000005e005381"},
		{"options removed", RS(tn1MAC, nutMAC, addrA, AllRouters, SLLA(tn1MAC)),
			func(m *ICMPv6) { m.SetOptions() }, "00000000"},
		{"echo data and sequence", EchoRequest(tn1MAC, nutMAC, addrA, addrB, 1, 2, []byte{1, 2, 3}),
			func(m *ICMPv6) { m.SetEchoData([]byte{9}); m.SetEchoSequence(m.EchoSequence() + 1) }, "0001000309"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.change(c.p.ICMP)
			if got := hex.EncodeToString(c.p.ICMP.Body); got != c.body {
				t.Errorf("body\n got %s\nwant %s", got, c.body)
			}
		})
	}
}

func TestSettersRefuseFieldsTheMessageLacks(t *testing.T) {
	cases := []struct {
		name   string
		change func(m *ICMPv6)
	}{
		{"MTU of an echo", func(m *ICMPv6) { m.SetMTU(1280) }},
		{"target of an echo", func(m *ICMPv6) { m.SetTarget(addrA) }},
		{"Reserved of an echo", func(m *ICMPv6) { m.SetReserved(1) }},
		{"options of an echo", func(m *ICMPv6) { m.SetOptions() }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("no panic")
				}
			}()
			c.change(EchoRequest(tn1MAC, nutMAC, addrA, addrB, 1, 2, nil).ICMP)
		})
	}
	defer func() {
		if r := recover(); r == nil || !strings.Contains(r.(string), "wider") {
			t.Errorf("NA Reserved over the flags: %v", r)
		}
	}()
	NA(tn1MAC, nutMAC, addrA, addrB, addrA, 0).ICMP.SetReserved(0x80000000)
}

func TestTruncateLeavesTheRestOfTheFixedPartInTheFrame(t *testing.T) {
	cases := []struct {
		name    string
		p       *Packet
		length  int
		trailer int
	}{
		{"NS one short", NS(tn1MAC, nutMAC, addrA, addrB, addrB, SLLA(tn1MAC)), 23, 1},
		{"NA of 20", NA(tn1MAC, nutMAC, addrA, addrB, addrA, 0), 20, 4},
		{"RS one short", RS(tn1MAC, nutMAC, addrA, AllRouters), 7, 1},
		{"Redirect of 32", Redirect(tn1MAC, nutMAC, addrA, addrB, addrA, addrB), 32, 8},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			whole := append([]byte{c.p.ICMP.Type, c.p.ICMP.Code, 0, 0}, c.p.ICMP.Body...)
			c.p.TruncateLeavingPadding(c.length)
			f := Decode(c.p.Bytes())
			if got := len(f.IPv6) - 40; got != c.length {
				t.Errorf("ICMPv6 length %d, want %d", got, c.length)
			}
			if !f.ChecksumOK {
				t.Error("checksum wrong after the cut")
			}
			if string(c.p.Trailer) != string(whole[c.length:c.length+c.trailer]) || len(c.p.Trailer) != c.trailer {
				t.Errorf("trailer % x", c.p.Trailer)
			}
		})
	}
}

func TestFrameDecodesTypedMessages(t *testing.T) {
	r := Redirect(tn1MAC, nutMAC, addrA, addrB, addrA, addrB, TLLA(tn1MAC))
	got, ok := Decode(r.Bytes()).Redirect()
	want := RedirectMessage{Target: addrA, Destination: addrB, Options: []Option{TLLA(tn1MAC)}}
	if !ok || !reflect.DeepEqual(got, want) {
		t.Errorf("redirect %+v ok=%v", got, ok)
	}
	na, ok := Decode(NA(tn1MAC, nutMAC, addrA, addrB, addrA, FlagSolicited).Bytes()).NA()
	if !ok || na.NAFlags != (NAFlags{Solicited: true}) || na.Target != addrA {
		t.Errorf("NA %+v ok=%v", na, ok)
	}
	if _, ok := Decode(r.Bytes()).NA(); ok {
		t.Error("a Redirect decoded as an NA")
	}
	short := Redirect(tn1MAC, nutMAC, addrA, addrB, addrA, addrB)
	short.TruncateLeavingPadding(39)
	if _, ok := Decode(short.Bytes()).Redirect(); ok {
		t.Error("a Redirect of 39 octets decoded")
	}
	zero := Redirect(tn1MAC, nutMAC, addrA, addrB, addrA, addrB)
	zero.ICMP.SetOptions(TLLA(tn1MAC), SLLA(tn1MAC).WithLength(0))
	if _, ok := Decode(zero.Bytes()).Message(); ok {
		t.Error("a Redirect with an option of length 0 decoded as well formed")
	}
	if r, ok := Decode(zero.Bytes()).Redirect(); !ok || r.Destination != addrB || len(r.Options) != 1 {
		t.Errorf("a Redirect with malformed options: %+v %v, want its fixed part and its first option", r, ok)
	}
}

func TestParsedOptionKeepsAWrongLength(t *testing.T) {
	// An option of Length 2 carrying 6 octets of data: as parsed, the
	// data is the 14 octets the length covers, so the length matches.
	opts, ok := ParseOptions([]byte{1, 2, 0, 0, 0x5e, 0, 0x53, 0x81, 0, 0, 0, 0, 0, 0, 0, 0})
	if !ok || len(opts) != 1 {
		t.Fatalf("parsed %+v %v", opts, ok)
	}
	o := opts[0].Option()
	if o.RawLength != nil || len(o.Data) != 14 {
		t.Errorf("option %+v", o)
	}
	if got := hex.EncodeToString(EncodeOptions(o)); got != "010200005e0053810000000000000000" {
		t.Errorf("encoded again as %s", got)
	}
}

// FuzzDecodeMessage: any octets decode without a panic, and the messages
// whose every bit is a named field encode back to the same octets.
func FuzzDecodeMessage(f *testing.F) {
	f.Add(uint8(TypeEchoRequest), uint8(0), []byte{0, 1, 0, 2, 0xaa})
	f.Add(uint8(TypeRA), uint8(0), NewICMPv6(RouterAdvertisement{RAParams{CurHopLimit: 64, Options: []Option{SLLA(tn1MAC)}}}).Body)
	f.Add(uint8(TypeNS), uint8(0), NewICMPv6(NeighborSolicitation{Target: addrA, Options: []Option{SLLA(tn1MAC)}}).Body)
	f.Add(uint8(TypeRedirect), uint8(0), make([]byte, 35))
	f.Add(uint8(TypeParamProblem), uint8(2), []byte{0, 0, 0, 42, 0x60})
	f.Fuzz(func(t *testing.T, typ, code uint8, body []byte) {
		m, err := DecodeMessage(typ, code, body)
		if err != nil {
			return
		}
		switch m.(type) {
		case EchoMessage, PacketTooBigMessage, ParamProblemMessage, RouterAdvertisement:
			if got := m.AppendBody(nil); string(got) != string(body) {
				t.Errorf("type %d: % x encodes back as % x", typ, body, got)
			}
		}
	})
}

func TestOptionFieldSetters(t *testing.T) {
	p64 := netip.MustParsePrefix("2001:db8:99::/64")
	cases := []struct {
		name string
		o    Option
		want string // encoded, written from RFC 4191 §2.3 and RFC 4861 §4.6.2
	}{
		{"route lifetime withdrawn", RouteInfo(p64, PrefHigh, time.Hour).WithRouteLifetime(0),
			"1802" + "40" + "08" + "00000000" + "20010db800990000"},
		{"route prefix length beyond the Length", RouteInfo(p64, PrefHigh, time.Hour).WithPrefixLength(96),
			"1802" + "60" + "08" + "00000e10" + "20010db800990000"},
		{"prefix information, A flag cleared", PrefixInfo(p64, PIOOnLink, time.Hour, time.Minute),
			"0304" + "40" + "80" + "00000e10" + "0000003c" + "00000000" + "20010db8009900000000000000000000"},
	}
	for _, c := range cases {
		if got := hex.EncodeToString(EncodeOptions(c.o)); got != c.want {
			t.Errorf("%s\n got %s\nwant %s", c.name, got, c.want)
		}
	}
	orig := RouteInfo(p64, PrefHigh, time.Hour)
	_ = orig.WithRouteLifetime(0).WithPrefixLength(1)
	if got := hex.EncodeToString(EncodeOptions(orig)); got != "1802"+"40"+"08"+"00000e10"+"20010db800990000" {
		t.Errorf("the setters changed the option they were given: %s", got)
	}
}
