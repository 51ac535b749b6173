package link

import (
	"net"
	"testing"
)

func TestFrame(t *testing.T) {
	b := make([]byte, 20)
	dst, src := MAC{0x33, 0x33, 0, 0, 0, 1}, MAC{0, 0, 0, 0, 1, 0}
	PutHeader(b, dst, src, EtherTypeIPv6)
	f := Frame(b)
	if f.Dst() != dst || f.Src() != src || f.EtherType() != EtherTypeIPv6 || len(f.Payload()) != 6 {
		t.Fatalf("frame %x", b)
	}
	if !dst.IsGroup() || !dst.IsIPv6Multicast() || src.IsGroup() || !Broadcast.IsGroup() || Broadcast.IsIPv6Multicast() {
		t.Fatal("MAC predicates")
	}
	if _, err := MACFrom(net.HardwareAddr{1, 2, 3}); err == nil {
		t.Fatal("short MAC accepted")
	}
	if m, err := MACFrom(net.HardwareAddr(src[:])); err != nil || m != src || m.String() != "00:00:00:00:01:00" {
		t.Fatal("MACFrom")
	}
}

func TestPipe(t *testing.T) {
	p := NewPipe()
	processed := make(chan int, 10)
	go func() {
		buf := make([]byte, 100)
		for {
			n, err := p.Read(buf)
			if err != nil {
				close(processed)
				return
			}
			p.Write(buf[:n]) // echo, as part of processing
			processed <- n
		}
	}()
	for i := 1; i <= 3; i++ {
		if !p.Inject(make([]byte, i)) {
			t.Fatal("inject failed")
		}
		// Inject returned: the frame's processing, echo included, is done.
		if got := len(p.Sent()); got != 1 {
			t.Fatalf("frame %d: %d frames written before Inject returned", i, got)
		}
		if n := <-processed; n != i {
			t.Fatalf("got %d octets, want %d", n, i)
		}
	}
	var seen int
	p.OnWrite(func(f []byte) { seen += len(f) })
	p.Inject(make([]byte, 5))
	if seen != 5 {
		t.Fatalf("OnWrite saw %d octets", seen)
	}
	p.Close()
	if _, ok := <-processed; ok {
		// drain the last value
		<-processed
	}
	if p.Inject([]byte{1}) {
		t.Fatal("inject into a closed pipe")
	}
}
