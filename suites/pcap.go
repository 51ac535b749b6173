package suites

import (
	"os"
	"path/filepath"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"
)

// writePcap saves a spec's frames as pcapng, one interface per link, each
// frame commented with its direction.
func writePcap(path string, e *Env, frames []*Captured) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	var w *pcapgo.NgWriter
	for i, l := range e.Links {
		intf := pcapgo.NgInterface{Name: l.Name, LinkType: layers.LinkTypeEthernet, SnapLength: 65536,
			TimestampResolution: 9}
		if i == 0 {
			w, err = pcapgo.NewNgWriterInterface(f, intf, pcapgo.DefaultNgWriterOptions)
		} else {
			_, err = w.AddInterface(intf)
		}
		if err != nil {
			return err
		}
	}
	for _, c := range frames {
		comment := c.Link.Name + ": NUT -> tester"
		if c.ToNUT {
			comment = c.Link.Name + ": tester -> NUT"
		}
		ci := gopacket.CaptureInfo{Timestamp: e.wall.Add(c.At), CaptureLength: len(c.Raw), Length: len(c.Raw), InterfaceIndex: c.Link.Index}
		if err := w.WritePacketWithOptions(ci, c.Raw, pcapgo.NgPacketOptions{Comments: []string{comment}}); err != nil {
			return err
		}
	}
	return w.Flush()
}
