package results

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"
)

// Capture is what a spec's pcapng file holds. The tester writes it when
// the spec ends, the report again from the results file with the verdict
// and the steps in its comments; both through WritePcapng.
type Capture struct {
	// Comment is the section's comment ("" for none).
	Comment string
	// Links are the interfaces, one per link, in this order; a frame on
	// a link not among them goes on the first.
	Links []string
	// Start is the wall time of At 0.
	Start  time.Time
	Frames []CaptureFrame
}

// CaptureFrame is one frame of a Capture.
type CaptureFrame struct {
	At       time.Duration // since Capture.Start
	Link     string
	Data     []byte // the Ethernet frame
	Comments []string
}

// WritePcapng writes c to file as pcapng (Ethernet, nanosecond
// timestamps), making the folder.
func WritePcapng(file string, c Capture) error {
	if len(c.Links) == 0 {
		return fmt.Errorf("results: pcapng %s: no link", file)
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	out, err := os.Create(file)
	if err != nil {
		return err
	}
	defer out.Close()
	opts := pcapgo.DefaultNgWriterOptions
	opts.SectionInfo.Application = "v6ct"
	opts.SectionInfo.Comment = c.Comment
	var w *pcapgo.NgWriter
	for i, l := range c.Links {
		intf := pcapgo.NgInterface{Name: l, LinkType: layers.LinkTypeEthernet, SnapLength: 65536, TimestampResolution: 9}
		if i == 0 {
			w, err = pcapgo.NewNgWriterInterface(out, intf, opts)
		} else {
			_, err = w.AddInterface(intf)
		}
		if err != nil {
			return err
		}
	}
	for _, f := range c.Frames {
		index := 0
		for j, l := range c.Links {
			if l == f.Link {
				index = j
				break
			}
		}
		ci := gopacket.CaptureInfo{Timestamp: c.Start.Add(f.At), CaptureLength: len(f.Data), Length: len(f.Data), InterfaceIndex: index}
		if err := w.WritePacketWithOptions(ci, f.Data, pcapgo.NgPacketOptions{Comments: f.Comments}); err != nil {
			return err
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return out.Close()
}
