package ipv4

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"testing"
	"time"

	"github.com/v6ct/v6ct/refnode/counter"
)

// withOptions is a datagram whose header carries a copied option (type
// 0x82, four octets), Record Route (7, not copied) and a No Operation,
// then payload.
func withOptions(id uint16, payload []byte) Header {
	opts := []byte{0x82, 4, 0xaa, 0xbb, 7, 7, 4, 0, 0, 0, 0, optNOP}
	hl := HeaderLen + len(opts)
	b := make([]byte, hl+len(payload))
	Put(b, 0, id, false, 64, ProtoICMP, src, dst, 0)
	b[OffVersionIHL] = Version<<versionShift | byte(hl/4)
	copy(b[HeaderLen:], opts)
	copy(b[hl:], payload)
	binary.BigEndian.PutUint16(b[OffTotalLength:], uint16(len(b)))
	Header(b).fixChecksum()
	return Header(b)
}

// RFC 791 §3.2: fragments of at most the MTU, 8-octet aligned offsets,
// MF on all but the last, the Identification kept, the options of later
// fragments only the copied ones; put together again they are the
// datagram.
func TestFragment(t *testing.T) {
	p := payload(1000)
	orig := withOptions(0x5151, p)
	buf := make([]byte, 2000)
	var got []string
	r := NewReassembler(ReassemblyConfig{})
	var whole Header
	n := Fragment(orig, 400, buf, func(f []byte) {
		h, why := Check(f)
		if why != counter.None {
			t.Fatalf("fragment %x: %s", f, why)
		}
		got = append(got, fmt.Sprintf("%d:%d+%d mf=%v id=%#x opts=%x", len(f), h.FragmentOffset(), len(f)-h.HeaderLen(), h.MoreFragments(), h.ID(), h[HeaderLen:h.HeaderLen()]))
		if w := r.Add(append(Header(nil), f...), time.Time{}); w != nil {
			whole = w
		}
	})
	want := []string{
		"400:0+368 mf=true id=0x5151 opts=8204aabb0707040000000001",
		"400:368+376 mf=true id=0x5151 opts=8204aabb",
		"280:744+256 mf=false id=0x5151 opts=8204aabb",
	}
	if n != 3 || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("%d fragments:\n%v\nwant\n%v", n, got, want)
	}
	if whole == nil || !bytes.Equal(whole.Payload(), p) {
		t.Fatalf("reassembled %x", whole)
	}
}

// A datagram that is itself a fragment keeps its offset and its MF; an
// MTU that leaves no room for 8 octets of data sends nothing.
func TestFragmentAFragment(t *testing.T) {
	h := frag(3, payload(900), 800, 900, true)
	var got []string
	Fragment(h, 68, make([]byte, 100), func(f []byte) {
		got = append(got, fmt.Sprintf("%d+%d mf=%v", Header(f).FragmentOffset(), len(f)-HeaderLen, Header(f).MoreFragments()))
	})
	if want := "[800+48 mf=true 848+48 mf=true 896+4 mf=true]"; fmt.Sprint(got) != want {
		t.Errorf("%v, want %s", got, want)
	}
	if n := Fragment(withOptions(4, payload(100)), 38, make([]byte, 100), func([]byte) { t.Error("sent") }); n != 0 {
		t.Errorf("%d fragments at MTU 38", n)
	}
}
