package reports

import (
	"encoding/binary"
	"encoding/hex"
	"strings"
	"testing"
)

// mldFrame is an Ethernet frame with an MLD message of type typ and body
// (after the checksum), behind a Hop-by-Hop Router Alert, checksum right.
func mldFrame(t *testing.T, typ uint8, body string) []byte {
	t.Helper()
	b, err := hex.DecodeString(body)
	if err != nil {
		t.Fatal(err)
	}
	msg := append([]byte{typ, 0, 0, 0}, b...)
	src, _ := hex.DecodeString("fe8000000000000002005efffe005381")
	dst, _ := hex.DecodeString("ff020000000000000000000000000016")
	var sum uint32
	add := func(b []byte) {
		for i := 0; i+1 < len(b); i += 2 {
			sum += uint32(b[i])<<8 | uint32(b[i+1])
		}
		if len(b)%2 == 1 {
			sum += uint32(b[len(b)-1]) << 8
		}
	}
	add(src)
	add(dst)
	sum += uint32(len(msg)) + 58
	add(msg)
	for sum > 0xffff {
		sum = sum>>16 + sum&0xffff
	}
	binary.BigEndian.PutUint16(msg[2:], ^uint16(sum))
	ip := []byte{0x60, 0, 0, 0, 0, 0, 0, 1}
	binary.BigEndian.PutUint16(ip[4:], uint16(8+len(msg)))
	ip = append(append(append(ip, src...), dst...), 58, 0, 5, 2, 0, 0, 1, 0)
	eth := []byte{0x33, 0x33, 0, 0, 0, 0x16, 0, 0, 0x5e, 0, 0x53, 0x81, 0x86, 0xdd}
	return append(append(eth, ip...), msg...)
}

func TestMLDDecodedFieldByField(t *testing.T) {
	m1 := "ff3e00403ffe0501ffff030000000001"
	s1 := "3ffe0501ffff03000000000000000001"
	for _, c := range []struct {
		name  string
		typ   uint8
		body  string
		short string
		want  []string // "Name=Value" of fields, in order among the MLD layer's
	}{
		{"MLDv2 source-specific query", 130, "03e80000" + m1 + "0a7d0001" + s1, "MLDv2 Query", []string{
			"Maximum Response Code=0x03e8: 1s (linear)", "Reserved=0x0000", "Multicast Address=ff3e:40:3ffe:501:ffff:300:0:1",
			"S (Suppress Router-Side Processing)=1", "QRV=2", "QQIC=125: 125 s (linear)", "Number of Sources=1", "Source Address[0]=3ffe:501:ffff:300::1"}},
		{"MLDv2 general query, exponential codes", 130, "90000000" + strings.Repeat("00", 16) + "07ff0000", "MLDv2 Query", []string{
			"Maximum Response Code=0x9000: 1m5.536s (mantissa 0x000, exponent 1)", "Multicast Address=:: (a General Query)",
			"QRV=7", "QQIC=255: 31744 s (mantissa 0xf, exponent 7)", "Number of Sources=0"}},
		{"MLDv1 query", 130, "27100000" + strings.Repeat("00", 16), "MLDv1 Query", []string{"Maximum Response Delay=10000 ms", "Multicast Address=:: (a General Query)"}},
		{"MLDv1 done", 132, "00000000" + m1, "MLDv1 Done", []string{"Multicast Address=ff3e:40:3ffe:501:ffff:300:0:1"}},
		{"MLDv2 report", 143, "00000002" + "04000000" + m1 + "05000001" + m1 + s1, "MLDv2 Report", []string{
			"Nr of Mcast Address Records=2", "Multicast Address Record[0]=CHANGE_TO_EXCLUDE_MODE (4) for ff3e:40:3ffe:501:ffff:300:0:1",
			"Number of Sources=0", "Record Type=ALLOW_NEW_SOURCES (5)", "Aux Data Len=0", "Number of Sources=1", "Source Address[0]=3ffe:501:ffff:300::1"}},
		{"MLDv2 report cut short", 143, "00000002" + "04000000" + m1, "MLDv2 Report", []string{
			"Problem=the message ends inside record 2 of 2 (24 octets)"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			ls, short, _ := decodeFrame(mldFrame(t, c.typ, c.body))
			if short != c.short {
				t.Errorf("short name %q, want %q", short, c.short)
			}
			last := ls[len(ls)-1]
			if last.Name != c.short {
				t.Fatalf("last layer %q, want %q (layers %v)", last.Name, c.short, ls)
			}
			var got []string
			for _, f := range last.Fields {
				got = append(got, f.Name+"="+f.Value)
			}
			i := 0
			for _, g := range got {
				if i < len(c.want) && g == c.want[i] {
					i++
				}
			}
			if i < len(c.want) {
				t.Errorf("missing %q in order; fields:\n  %s", c.want[i], strings.Join(got, "\n  "))
			}
		})
	}
}
