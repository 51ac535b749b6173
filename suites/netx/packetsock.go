package netx

import (
	"fmt"
	"net"
	"os"

	"golang.org/x/sys/unix"
)

// PacketSocket is a raw AF_PACKET socket bound to one interface: the
// tester's end of a link. It receives every frame on the interface except
// the ones it sent itself.
type PacketSocket struct {
	f       *os.File
	ifindex int
}

// OpenPacketSocket opens a socket on the interface named ifname inside ns.
func OpenPacketSocket(ns *Namespace, ifname string) (*PacketSocket, error) {
	var ps *PacketSocket
	err := ns.Do(func() error {
		ifi, err := net.InterfaceByName(ifname)
		if err != nil {
			return fmt.Errorf("interface %s: %w", ifname, err)
		}
		proto := htons(unix.ETH_P_ALL)
		fd, err := unix.Socket(unix.AF_PACKET, unix.SOCK_RAW|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, int(proto))
		if err != nil {
			return fmt.Errorf("AF_PACKET socket: %w", err)
		}
		// Our own transmissions are recorded when sent; do not read them back.
		if err := unix.SetsockoptInt(fd, unix.SOL_PACKET, unix.PACKET_IGNORE_OUTGOING, 1); err != nil {
			unix.Close(fd)
			return fmt.Errorf("PACKET_IGNORE_OUTGOING: %w", err)
		}
		if err := unix.Bind(fd, &unix.SockaddrLinklayer{Protocol: proto, Ifindex: ifi.Index}); err != nil {
			unix.Close(fd)
			return fmt.Errorf("binding to %s: %w", ifname, err)
		}
		ps = &PacketSocket{f: os.NewFile(uintptr(fd), "packet:"+ifname), ifindex: ifi.Index}
		return nil
	})
	return ps, err
}

// Read reads one frame into b.
func (p *PacketSocket) Read(b []byte) (int, error) { return p.f.Read(b) }

// Write sends one whole Ethernet frame.
func (p *PacketSocket) Write(frame []byte) error {
	n, err := p.f.Write(frame)
	if err != nil {
		return err
	}
	if n != len(frame) {
		return fmt.Errorf("short write: %d of %d octets", n, len(frame))
	}
	return nil
}

// Close closes the socket; a blocked Read returns.
func (p *PacketSocket) Close() error { return p.f.Close() }

func htons(v uint16) uint16 { return v<<8 | v>>8 }
