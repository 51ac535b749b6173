package results

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gopacket/gopacket/pcapgo"
)

func TestWritePcapng(t *testing.T) {
	start := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	frame := func(b byte) []byte { return bytes.Repeat([]byte{b}, 60) }
	c := Capture{
		Comment: "a spec — PASS",
		Links:   []string{"Link0", "Link1"},
		Start:   start,
		Frames: []CaptureFrame{
			{At: time.Millisecond, Link: "Link0", Data: frame(1), Comments: []string{"Link0: tester -> NUT"}},
			{At: 2 * time.Millisecond, Link: "Link1", Data: frame(2), Comments: []string{"Link1: NUT -> tester"}},
			{At: 3 * time.Millisecond, Link: "Link9", Data: frame(3)}, // on no interface: the first
		},
	}
	file := filepath.Join(t.TempDir(), "pcap", "spec.pcapng")
	if err := WritePcapng(file, c); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := pcapgo.NewNgReader(f, pcapgo.DefaultNgReaderOptions)
	if err != nil {
		t.Fatal(err)
	}
	wantIf := []int{0, 1, 0}
	for i := 0; ; i++ {
		data, ci, err := r.ReadPacketData()
		if err == io.EOF {
			if i != len(c.Frames) {
				t.Fatalf("%d frames read, want %d", i, len(c.Frames))
			}
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(data, c.Frames[i].Data) || ci.InterfaceIndex != wantIf[i] || !ci.Timestamp.Equal(start.Add(c.Frames[i].At)) {
			t.Errorf("frame %d: %x on interface %d at %v", i, data, ci.InterfaceIndex, ci.Timestamp)
		}
	}
	if n := r.NInterfaces(); n != 2 {
		t.Fatalf("%d interfaces, want 2", n)
	}
	for i, l := range c.Links {
		if intf, err := r.Interface(i); err != nil || intf.Name != l {
			t.Errorf("interface %d: %q (%v), want %s", i, intf.Name, err, l)
		}
	}
	if err := WritePcapng(file, Capture{}); err == nil {
		t.Error("a capture without links written")
	}
}
