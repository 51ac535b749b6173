package link

import (
	"fmt"

	"github.com/songgao/water"
	"golang.org/x/sys/unix"
)

// OpenTAP creates the TAP device name in the calling thread's network
// namespace, sets its MTU and brings its kernel side up (a TAP that is down
// drops every frame written to it). The device disappears when closed.
func OpenTAP(name string, mtu int) (Device, error) {
	ifc, err := water.New(water.Config{
		DeviceType:             water.TAP,
		PlatformSpecificParams: water.PlatformSpecificParams{Name: name},
	})
	if err != nil {
		return nil, fmt.Errorf("link: create TAP %s: %w", name, err)
	}
	if err := setUp(ifc.Name(), mtu); err != nil {
		ifc.Close()
		return nil, fmt.Errorf("link: bring %s up: %w", name, err)
	}
	return ifc, nil
}

// RxRing is how many frames the TAP's kernel side holds for the node to
// read (its transmit queue, set as the device comes up): the node's
// receive ring, as a NIC has one. The kernel's default of 500 fills in
// under 2 ms of a flood, so a pause of the node's thread of that length
// (a busy machine's scheduling) dropped legitimate frames with the flood's;
// 4096 rides out pauses of some 10 ms at the rates of the attack test
// while a frame waits at most a few milliseconds behind a full ring.
const RxRing = 4096

func setUp(name string, mtu int) error {
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return err
	}
	defer unix.Close(fd)
	if mtu > 0 {
		req, err := unix.NewIfreq(name)
		if err != nil {
			return err
		}
		req.SetUint32(uint32(mtu))
		if err := unix.IoctlIfreq(fd, unix.SIOCSIFMTU, req); err != nil {
			return err
		}
	}
	qlen, err := unix.NewIfreq(name)
	if err != nil {
		return err
	}
	qlen.SetUint32(RxRing)
	if err := unix.IoctlIfreq(fd, unix.SIOCSIFTXQLEN, qlen); err != nil {
		return err
	}
	req, err := unix.NewIfreq(name)
	if err != nil {
		return err
	}
	if err := unix.IoctlIfreq(fd, unix.SIOCGIFFLAGS, req); err != nil {
		return err
	}
	req.SetUint16(req.Uint16() | unix.IFF_UP)
	return unix.IoctlIfreq(fd, unix.SIOCSIFFLAGS, req)
}
