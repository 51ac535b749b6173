package reports

import (
	"encoding/binary"
	"fmt"
	"net/netip"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
)

// MLD messages decoded field by field (RFC 3810 §5.1, §5.2; RFC 2710 §3),
// in place of gopacket's layers, which leave out the reserved fields and
// show the Maximum Response Code and QQIC as raw numbers.

// isGopacketMLD says whether l is one of gopacket's MLD layers, which
// mldLayer replaces.
func isGopacketMLD(l gopacket.Layer) bool {
	switch l.LayerType() {
	case layers.LayerTypeMLDv1MulticastListenerQuery, layers.LayerTypeMLDv1MulticastListenerReport,
		layers.LayerTypeMLDv1MulticastListenerDone, layers.LayerTypeMLDv2MulticastListenerQuery,
		layers.LayerTypeMLDv2MulticastListenerReport:
		return true
	}
	return false
}

// mldLayer decodes the MLD message that follows an ICMPv6 header; ok is
// false for any other ICMPv6 message.
func mldLayer(icmp *layers.ICMPv6) (l decodedLayer, short string, ok bool) {
	msg := append(append([]byte(nil), icmp.LayerContents()...), icmp.LayerPayload()...)
	if len(msg) < 4 {
		return l, "", false
	}
	body := msg[4:]
	add := func(depth int, name, format string, args ...any) {
		l.Fields = append(l.Fields, decodedField{Name: name, Value: fmt.Sprintf(format, args...), Depth: depth})
	}
	l.Octets = len(body)
	addr := func(b []byte) netip.Addr { return netip.AddrFrom16([16]byte(b[:16])) }
	cut := func(what string) {
		add(0, "Problem", "the message ends inside %s (%d octets)", what, len(body))
	}
	switch t := msg[0]; {
	case t == 130 && len(body) == 20, t == 131, t == 132:
		name := map[uint8]string{130: "MLDv1 Query", 131: "MLDv1 Report", 132: "MLDv1 Done"}[t]
		l.Name, short = name, name
		if len(body) < 20 {
			cut("the Multicast Address")
			return l, short, true
		}
		add(0, "Maximum Response Delay", "%d ms", binary.BigEndian.Uint16(body))
		add(0, "Reserved", "0x%04x", binary.BigEndian.Uint16(body[2:]))
		add(0, "Multicast Address", "%s", mldGroup(addr(body[4:]), t == 130))
		if len(body) > 20 {
			add(0, "Octets past the message", "%d", len(body)-20)
		}
	case t == 130:
		l.Name, short = "MLDv2 Query", "MLDv2 Query"
		if len(body) < 24 {
			cut("the fixed part of an MLDv2 Query (24 octets after the checksum; 20 would be MLDv1)")
			return l, short, true
		}
		code := binary.BigEndian.Uint16(body)
		add(0, "Maximum Response Code", "0x%04x: %s", code, maxRespText(code))
		add(0, "Reserved", "0x%04x", binary.BigEndian.Uint16(body[2:]))
		add(0, "Multicast Address", "%s", mldGroup(addr(body[4:]), true))
		add(0, "Resv", "0x%x", body[20]>>4)
		add(0, "S (Suppress Router-Side Processing)", "%d", body[20]>>3&1)
		add(0, "QRV", "%d", body[20]&7)
		add(0, "QQIC", "%d: %s", body[21], qqiText(body[21]))
		n := int(binary.BigEndian.Uint16(body[22:]))
		add(0, "Number of Sources", "%d", n)
		b := body[24:]
		for i := 0; i < n; i++ {
			if len(b) < 16 {
				cut(fmt.Sprintf("source %d of %d", i+1, n))
				return l, short, true
			}
			add(0, fmt.Sprintf("Source Address[%d]", i), "%s", addr(b))
			b = b[16:]
		}
		if len(b) > 0 {
			add(0, "Additional Data", "%d octets (counted in the checksum, otherwise ignored)", len(b))
		}
	case t == 143:
		l.Name, short = "MLDv2 Report", "MLDv2 Report"
		if len(body) < 4 {
			cut("the number of records")
			return l, short, true
		}
		add(0, "Reserved", "0x%04x", binary.BigEndian.Uint16(body))
		n := int(binary.BigEndian.Uint16(body[2:]))
		add(0, "Nr of Mcast Address Records", "%d", n)
		b := body[4:]
		for i := 0; i < n; i++ {
			if len(b) < 20 {
				cut(fmt.Sprintf("record %d of %d", i+1, n))
				return l, short, true
			}
			typ, aux, ns := b[0], int(b[1]), int(binary.BigEndian.Uint16(b[2:]))
			add(0, fmt.Sprintf("Multicast Address Record[%d]", i), "%s for %s", recordTypeName(typ), addr(b[4:]))
			add(1, "Record Type", "%s", recordTypeName(typ))
			add(1, "Aux Data Len", "%d", aux)
			add(1, "Number of Sources", "%d", ns)
			add(1, "Multicast Address", "%s", addr(b[4:]))
			need := 20 + 16*ns + 4*aux
			if len(b) < need {
				cut(fmt.Sprintf("record %d's %d sources and %d words of auxiliary data", i+1, ns, aux))
				return l, short, true
			}
			for k := 0; k < ns; k++ {
				add(1, fmt.Sprintf("Source Address[%d]", k), "%s", addr(b[20+16*k:]))
			}
			if aux > 0 {
				add(1, "Auxiliary Data", "%s", bytesValue(b[20+16*ns:need]))
			}
			b = b[need:]
		}
		if len(b) > 0 {
			add(0, "Octets past the records", "%d", len(b))
		}
	default:
		return l, "", false
	}
	return l, short, true
}

func mldGroup(a netip.Addr, query bool) string {
	if query && a.IsUnspecified() {
		return ":: (a General Query)"
	}
	return a.String()
}

// maxRespText is the delay a Maximum Response Code stands for (RFC 3810
// §5.1.3).
func maxRespText(code uint16) string {
	if code < 0x8000 {
		return fmt.Sprintf("%v (linear)", time.Duration(code)*time.Millisecond)
	}
	mant, exp := uint64(code&0x0fff), uint64(code>>12&7)
	return fmt.Sprintf("%v (mantissa 0x%03x, exponent %d)", time.Duration((mant|0x1000)<<(exp+3))*time.Millisecond, mant, exp)
}

// qqiText is the Querier's Query Interval a QQIC stands for (§5.1.9).
func qqiText(code uint8) string {
	if code < 0x80 {
		return fmt.Sprintf("%d s (linear)", code)
	}
	mant, exp := uint64(code&0x0f), uint64(code>>4&7)
	return fmt.Sprintf("%d s (mantissa 0x%x, exponent %d)", (mant|0x10)<<(exp+3), mant, exp)
}

func recordTypeName(t uint8) string {
	names := map[uint8]string{1: "MODE_IS_INCLUDE", 2: "MODE_IS_EXCLUDE", 3: "CHANGE_TO_INCLUDE_MODE",
		4: "CHANGE_TO_EXCLUDE_MODE", 5: "ALLOW_NEW_SOURCES", 6: "BLOCK_OLD_SOURCES"}
	if n, ok := names[t]; ok {
		return fmt.Sprintf("%s (%d)", n, t)
	}
	return fmt.Sprintf("unknown (%d)", t)
}

// mldProblem is what is wrong with a decoded MLD message, or "".
func mldProblem(l decodedLayer) string {
	for _, f := range l.Fields {
		if f.Name == "Problem" {
			return l.Name + ": " + f.Value
		}
	}
	return ""
}
