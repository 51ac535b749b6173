package reports

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"net"
	"net/netip"
	"reflect"
	"strings"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
)

// decodedLayer is one protocol layer of a frame, with every field gopacket
// decodes, in declaration order.
type decodedLayer struct {
	Name   string
	Octets int
	Fields []decodedField
}

type decodedField struct {
	Name  string
	Value string
	Depth int // nesting (an option's fields under the option)
}

// decodeFrame decodes an Ethernet frame into layers and fields, and names
// its message in a few words for the packet ladder ("NS", "Echo Reply").
func decodeFrame(b []byte) (ls []decodedLayer, short string, problem string) {
	p := gopacket.NewPacket(b, layers.LayerTypeEthernet, gopacket.DecodeOptions{Lazy: false, NoCopy: true})
	mld := false
	for _, l := range p.Layers() {
		if _, failed := l.(*gopacket.DecodeFailure); isGopacketMLD(l) || mld && failed {
			continue // decode_mld.go decodes MLD after the ICMPv6 header, and says what is wrong
		}
		dl := decodedLayer{Name: layerName(l), Octets: len(l.LayerContents())}
		if pl, ok := l.(*gopacket.Payload); ok {
			dl.Octets = len(*pl)
			dl.Fields = append(dl.Fields, decodedField{Name: "Data", Value: bytesValue(*pl)})
		} else if el, ok := l.(*gopacket.DecodeFailure); ok {
			dl.Name = "Undecoded"
			dl.Octets = len(el.LayerContents())
			dl.Fields = append(dl.Fields, decodedField{Name: "Error", Value: el.Error().Error()},
				decodedField{Name: "Data", Value: bytesValue(el.LayerContents())})
		} else {
			dl.Fields = structFields(reflect.ValueOf(l), 0)
		}
		dl.Fields = annotate(p, l, dl.Fields)
		ls = append(ls, dl)
		if s := shortName(l); s != "" {
			short = s
		}
		if icmp, ok := l.(*layers.ICMPv6); ok {
			if ml, s, ok := mldLayer(icmp); ok { // decode_mld.go
				ls, short, mld = append(ls, ml), s, true
			}
		}
	}
	if e := p.ErrorLayer(); e != nil && !mld {
		problem = e.Error().Error()
	}
	if mld {
		problem = mldProblem(ls[len(ls)-1]) // decode_mld.go
	}
	if short == "" && len(ls) > 0 {
		short = ls[len(ls)-1].Name
	}
	return ls, short, problem
}

func layerName(l gopacket.Layer) string {
	switch l.LayerType() {
	case layers.LayerTypeICMPv6NeighborSolicitation:
		return "ICMPv6 Neighbor Solicitation"
	case layers.LayerTypeICMPv6NeighborAdvertisement:
		return "ICMPv6 Neighbor Advertisement"
	case layers.LayerTypeICMPv6RouterSolicitation:
		return "ICMPv6 Router Solicitation"
	case layers.LayerTypeICMPv6RouterAdvertisement:
		return "ICMPv6 Router Advertisement"
	case layers.LayerTypeICMPv6Redirect:
		return "ICMPv6 Redirect"
	case layers.LayerTypeICMPv6Echo:
		return "ICMPv6 Echo"
	case layers.LayerTypeIPv6HopByHop:
		return "IPv6 Hop-by-Hop Options"
	case layers.LayerTypeIPv6Destination:
		return "IPv6 Destination Options"
	case layers.LayerTypeIPv6Fragment:
		return "IPv6 Fragment"
	case layers.LayerTypeIPv6Routing:
		return "IPv6 Routing"
	}
	return l.LayerType().String()
}

// shortName is the message's name for the ladder, "" when l says nothing
// more than the layer before it.
func shortName(l gopacket.Layer) string {
	switch x := l.(type) {
	case *layers.ICMPv6:
		t, c := x.TypeCode.Type(), x.TypeCode.Code()
		names := map[uint8]string{
			1: "Dest Unreachable", 2: "Packet Too Big", 3: "Time Exceeded", 4: "Param Problem",
			128: "Echo Request", 129: "Echo Reply", 130: "MLD Query", 131: "MLD Report", 132: "MLD Done",
			133: "RS", 134: "RA", 135: "NS", 136: "NA", 137: "Redirect", 143: "MLDv2 Report",
		}
		if n, ok := names[t]; ok {
			if t < 5 {
				return fmt.Sprintf("%s (code %d)", n, c)
			}
			return n
		}
		return fmt.Sprintf("ICMPv6 type %d", t)
	case *layers.IPv6:
		return "IPv6"
	case *layers.UDP:
		return "UDP"
	case *layers.TCP:
		return "TCP"
	case *layers.IPv6Fragment:
		return "IPv6 Fragment"
	case *layers.Ethernet:
		return fmt.Sprintf("Ethertype 0x%04x", uint16(x.EthernetType))
	}
	return ""
}

var (
	typeIP       = reflect.TypeOf(net.IP(nil))
	typeMAC      = reflect.TypeOf(net.HardwareAddr(nil))
	typeBase     = reflect.TypeOf(layers.BaseLayer{})
	typeTypeCode = reflect.TypeOf(layers.ICMPv6TypeCode(0))
	typeOption   = reflect.TypeOf(layers.ICMPv6Option{})
	typeStringer = reflect.TypeOf((*fmt.Stringer)(nil)).Elem()
)

// structFields lists the exported fields of a layer struct, recursively,
// leaving out the raw Contents and Payload that the hex dump shows.
func structFields(v reflect.Value, depth int) []decodedField {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return nil
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return []decodedField{{Name: "Value", Value: value(v), Depth: depth}}
	}
	var out []decodedField
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() || f.Type == typeBase {
			continue
		}
		out = append(out, field(f.Name, v.Field(i), depth)...)
	}
	return out
}

func field(name string, v reflect.Value, depth int) []decodedField {
	if v.Type() == typeOption {
		return ndOption(name, v.Interface().(layers.ICMPv6Option), depth)
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		if v.Type().Implements(typeStringer) && v.Elem().Kind() != reflect.Struct {
			break
		}
		return field(name, v.Elem(), depth)
	case reflect.Struct:
		if !v.Type().Implements(typeStringer) {
			sub := structFields(v, depth+1)
			return append([]decodedField{{Name: name, Depth: depth}}, sub...)
		}
	case reflect.Slice, reflect.Array:
		if v.Type() == typeIP || v.Type() == typeMAC || v.Type().Elem().Kind() == reflect.Uint8 {
			break
		}
		if v.Len() == 0 {
			return []decodedField{{Name: name, Value: "(none)", Depth: depth}}
		}
		var out []decodedField
		for i := range v.Len() {
			out = append(out, field(fmt.Sprintf("%s[%d]", name, i), v.Index(i), depth)...)
		}
		return out
	}
	return []decodedField{{Name: name, Value: fieldValue(name, v), Depth: depth}}
}

func fieldValue(name string, v reflect.Value) string {
	if v.Type() == typeTypeCode {
		tc := layers.ICMPv6TypeCode(v.Uint())
		return fmt.Sprintf("%s (type %d, code %d)", tc, tc.Type(), tc.Code())
	}
	s := value(v)
	if strings.Contains(name, "Checksum") && (v.Kind() == reflect.Uint16 || v.Kind() == reflect.Uint32) {
		return fmt.Sprintf("0x%04x", v.Uint())
	}
	return s
}

func value(v reflect.Value) string {
	switch {
	case v.Type() == typeIP:
		ip := v.Interface().(net.IP)
		if ip == nil {
			return "(none)"
		}
		return ip.String()
	case v.Type() == typeMAC:
		return v.Interface().(net.HardwareAddr).String()
	}
	isInt := false
	var n uint64
	switch v.Kind() {
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		isInt, n = true, v.Uint()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		isInt, n = true, uint64(v.Int())
	}
	if v.CanInterface() && v.Type().Implements(typeStringer) {
		s := v.Interface().(fmt.Stringer).String()
		if isInt && s != fmt.Sprint(n) {
			return fmt.Sprintf("%s (%d)", s, n)
		}
		return s
	}
	if isInt {
		if v.Kind() == reflect.Int || v.Kind() >= reflect.Int8 && v.Kind() <= reflect.Int64 {
			return fmt.Sprint(v.Int())
		}
		return fmt.Sprint(n)
	}
	if (v.Kind() == reflect.Slice || v.Kind() == reflect.Array) && v.Type().Elem().Kind() == reflect.Uint8 {
		b := make([]byte, v.Len())
		for i := range b {
			b[i] = byte(v.Index(i).Uint())
		}
		return bytesValue(b)
	}
	return fmt.Sprint(v.Interface())
}

// bytesValue shows octets as hex, cut after 64, with their count.
func bytesValue(b []byte) string {
	if len(b) == 0 {
		return "(empty)"
	}
	s := hex.EncodeToString(b[:min(len(b), 64)])
	var sp strings.Builder
	for i := 0; i < len(s); i += 2 {
		if i > 0 {
			sp.WriteByte(' ')
		}
		sp.WriteString(s[i : i+2])
	}
	if len(b) > 64 {
		sp.WriteString(" …")
	}
	return fmt.Sprintf("%s (%d octets)", sp.String(), len(b))
}

// ndOption decodes a Neighbor Discovery option's data (RFC 4861 §4.6,
// RFC 7527's Nonce) into its fields.
func ndOption(name string, o layers.ICMPv6Option, depth int) []decodedField {
	d := o.Data
	kind := o.Type.String()
	switch o.Type {
	case 1:
		kind = "Source Link-Layer Address"
	case 2:
		kind = "Target Link-Layer Address"
	case 3:
		kind = "Prefix Information"
	case 4:
		kind = "Redirected Header"
	case 5:
		kind = "MTU"
	case 14:
		kind = "Nonce"
	case 25:
		kind = "Recursive DNS Server"
	}
	out := []decodedField{
		{Name: name, Value: kind, Depth: depth},
		{Name: "Type", Value: fmt.Sprintf("%d", uint8(o.Type)), Depth: depth + 1},
		{Name: "Length", Value: fmt.Sprintf("%d (%d octets)", (len(d)+2)/8, len(d)+2), Depth: depth + 1},
	}
	add := func(n, v string) { out = append(out, decodedField{Name: n, Value: v, Depth: depth + 1}) }
	switch {
	case (o.Type == 1 || o.Type == 2) && len(d) == 6:
		add("Link-Layer Address", net.HardwareAddr(d).String())
	case o.Type == 3 && len(d) == 30:
		add("Prefix Length", fmt.Sprint(d[0]))
		add("On-Link (L)", fmt.Sprint(d[1]&0x80 != 0))
		add("Autonomous (A)", fmt.Sprint(d[1]&0x40 != 0))
		add("Valid Lifetime", lifetime(binary.BigEndian.Uint32(d[2:])))
		add("Preferred Lifetime", lifetime(binary.BigEndian.Uint32(d[6:])))
		add("Reserved2", fmt.Sprint(binary.BigEndian.Uint32(d[10:])))
		add("Prefix", netip.AddrFrom16([16]byte(d[14:30])).String())
	case o.Type == 5 && len(d) == 6:
		add("Reserved", fmt.Sprint(binary.BigEndian.Uint16(d)))
		add("MTU", fmt.Sprint(binary.BigEndian.Uint32(d[2:])))
	default:
		add("Data", bytesValue(d))
	}
	return out
}

func lifetime(s uint32) string {
	if s == 0xffffffff {
		return "infinity (0xffffffff)"
	}
	return fmt.Sprintf("%d s", s)
}

// annotate adds what a reader needs and gopacket leaves out: the ethertype
// in hex and whether an ICMPv6 checksum is right.
func annotate(p gopacket.Packet, l gopacket.Layer, fs []decodedField) []decodedField {
	out := fs[:0]
	for _, f := range fs {
		switch x := l.(type) {
		case *layers.Ethernet:
			if f.Name == "Length" && x.Length == 0 {
				continue // an 802.3 length, unused in an Ethernet II frame
			}
			if f.Name == "EthernetType" {
				f.Value = fmt.Sprintf("%s (0x%04x)", x.EthernetType, uint16(x.EthernetType))
			}
		case *layers.ICMPv6:
			if f.Name == "TypeBytes" && len(x.TypeBytes) == 0 {
				continue
			}
			if f.Name == "Checksum" {
				f.Value += checksumVerdict(p, x)
			}
		}
		out = append(out, f)
	}
	return out
}

// checksumVerdict recomputes an ICMPv6 checksum over the IPv6 pseudo-header.
func checksumVerdict(p gopacket.Packet, icmp *layers.ICMPv6) string {
	ip, _ := p.Layer(layers.LayerTypeIPv6).(*layers.IPv6)
	if ip == nil || len(ip.SrcIP) != 16 || len(ip.DstIP) != 16 {
		return ""
	}
	msg := append(append([]byte(nil), icmp.LayerContents()...), icmp.LayerPayload()...)
	if len(msg) < 4 {
		return ""
	}
	var sum uint32
	add := func(b []byte) {
		for i := 0; i+1 < len(b); i += 2 {
			sum += uint32(b[i])<<8 | uint32(b[i+1])
		}
		if len(b)%2 == 1 {
			sum += uint32(b[len(b)-1]) << 8
		}
	}
	add(ip.SrcIP)
	add(ip.DstIP)
	sum += uint32(len(msg)) + uint32(layers.IPProtocolICMPv6)
	stored := binary.BigEndian.Uint16(msg[2:])
	msg[2], msg[3] = 0, 0
	add(msg)
	for sum > 0xffff {
		sum = sum>>16 + sum&0xffff
	}
	want := ^uint16(sum)
	if want == stored {
		return " (correct)"
	}
	return fmt.Sprintf(" (WRONG: should be 0x%04x)", want)
}
