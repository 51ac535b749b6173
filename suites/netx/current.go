package netx

import (
	"fmt"
	"time"

	"github.com/vishvananda/netns"
	"golang.org/x/sys/unix"
)

// Current is the calling thread's network namespace: where the tester
// reaches an external device over the machine's own interfaces. Closing
// it only releases the handle.
func Current() (*Namespace, error) {
	h, err := netns.Get()
	if err != nil {
		return nil, fmt.Errorf("reading the current network namespace: %w", err)
	}
	return &Namespace{handle: h}, nil
}

// Promiscuous makes the interface deliver frames for any MAC to this
// socket, for as long as the socket is open: the tester plays nodes whose
// MACs a real NIC would filter out. The kernel undoes it at close.
func (p *PacketSocket) Promiscuous() error {
	mr := unix.PacketMreq{Ifindex: int32(p.ifindex), Type: unix.PACKET_MR_PROMISC}
	raw, err := p.f.SyscallConn()
	if err != nil {
		return err
	}
	var serr error
	if err := raw.Control(func(fd uintptr) {
		serr = unix.SetsockoptPacketMreq(int(fd), unix.SOL_PACKET, unix.PACKET_ADD_MEMBERSHIP, &mr)
	}); err != nil {
		return err
	}
	if serr != nil {
		return fmt.Errorf("promiscuous mode: %w", serr)
	}
	return nil
}

// SetReadDeadline bounds the next reads.
func (p *PacketSocket) SetReadDeadline(t time.Time) error { return p.f.SetReadDeadline(t) }
