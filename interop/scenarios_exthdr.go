package interop

import (
	"bytes"
	"fmt"
	"time"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// Extension headers between implementations: what one sends, a router of
// another passes on untouched, and a third skips where an option asks it.

func init() { Scenarios = append(Scenarios, extHeadersIntact) }

// skipOption is an option of the experimental type 0x1e (RFC 4727): its two
// high-order bits 00 ask a node that does not know it to skip it, and its
// third bit 0 says it does not change en route (RFC 8200 §4.2).
var skipOption = []byte{0x1e, 4, 0x76, 0x36, 0x63, 0x74}

var extHeadersIntact = Scenario{
	ID: "interop:extension-headers-intact", Title: "Extension headers cross a router untouched, and an unknown option of action 00 is skipped",
	RFC: "RFC 8200 §4, §4.2, §4.3, §4.6", Links: 2,
	Roles: []Role{{Name: "HOST1", Links: []int{0}}, {Name: "ROUTER1", Router: true, Links: []int{0, 1}}, {Name: "HOST2", Links: []int{1}}},
	Run: func(w *World) error {
		h1, r, h2 := w.Node("HOST1"), w.Node("ROUTER1"), w.Node("HOST2")
		for l := 0; l < 2; l++ {
			if err := advertise(w, r, l); err != nil {
				return err
			}
		}
		for _, c := range []struct {
			what string
			opts suites.EchoOptions
		}{
			{"a Destination Options header", suites.EchoOptions{Destination: skipOption}},
			{"a Hop-by-Hop Options and a Destination Options header", suites.EchoOptions{HopByHop: skipOption, Destination: skipOption}},
		} {
			if err := echoWithOptions(w, h1, r, h2, c.what, c.opts); err != nil {
				return err
			}
		}
		return nil
	},
}

// echoWithOptions judges one Echo Request from src to dst's global address
// across r, carrying opts: src sends the headers, r forwards the packet
// with everything after the IPv6 header as it came and the Hop Limit one
// less, dst skips the unknown option and answers, r forwards the answer.
func echoWithOptions(w *World, src, r, dst *Node, what string, opts suites.EchoOptions) error {
	to := dst.Global(dst.Links[0])
	from := w.Now()
	w.Step("%s sends an Echo Request to %s with %s, each holding an option of unknown type 0x1e", src.Name, to, what)
	if err := w.Do(src, suites.Action{Name: suites.ActSendEcho, Link: src.Links[0], Dst: to, EchoOptions: opts}); err != nil {
		return err
	}
	const wait = 5 * time.Second
	isRequest := func(sender string) func(Seen) bool {
		return func(s Seen) bool {
			return s.From == sender && s.Frame.IsICMP && s.Frame.ICMPType == packets.TypeEchoRequest && s.Frame.Dst == to
		}
	}
	req, ok := w.WaitFor(from, wait, isRequest(src.Name))
	if !ok {
		return fail(src, "RFC 4861 §6.3.4, §5.2", "sent no Echo Request to %s", to)
	}
	for _, want := range wantHeaders(opts) {
		if !req.Frame.HasExt(want) {
			// The node was asked for the header and left it out: the
			// tester could not make it send the packet the scenario needs.
			return fmt.Errorf("%s (%s) sent its Echo Request without the extension header %d it was asked for: %s", src.Name, src.Impl, want, req.Frame.Summary())
		}
	}
	fwd, ok := w.WaitFor(from, wait, isRequest(r.Name))
	if !ok {
		if pp := w.Seen(from, func(s Seen) bool {
			return s.From == r.Name && s.Frame.IsICMP && s.Frame.ICMPType == packets.TypeParamProblem
		}); len(pp) > 0 {
			return fail(r, "RFC 8200 §4.2", "answered Parameter Problem instead of forwarding a packet with an option of action 00: %s", pp[0].Frame.Summary())
		}
		return fail(r, "RFC 8200 §4", "did not forward %s's Echo Request with %s", src.Name, what)
	}
	if got, want := fwd.Frame.HopLimit(), req.Frame.HopLimit()-1; got != want {
		return fail(r, "RFC 8200 §3", "forwarded the Echo Request with Hop Limit %d, not %d", got, want)
	}
	if !bytes.Equal(fwd.Frame.IPv6[40:], req.Frame.IPv6[40:]) {
		return fail(r, "RFC 8200 §4, §4.2", "changed what follows the IPv6 header on the way (extension headers and message): % x became % x",
			req.Frame.IPv6[40:], fwd.Frame.IPv6[40:])
	}
	back := req.Frame.Src
	reply, ok := w.WaitFor(from, wait, func(s Seen) bool {
		return s.From == dst.Name && s.Frame.IsICMP && s.Frame.ICMPType == packets.TypeEchoReply && s.Frame.Dst == back
	})
	if !ok {
		if pp := w.Seen(from, func(s Seen) bool {
			return s.From == dst.Name && s.Frame.IsICMP && s.Frame.ICMPType == packets.TypeParamProblem
		}); len(pp) > 0 {
			return fail(dst, "RFC 8200 §4.2", "answered Parameter Problem about an option of action 00, which it must skip: %s", pp[0].Frame.Summary())
		}
		return fail(dst, "RFC 8200 §4.2, RFC 4443 §4.2", "did not answer an Echo Request whose only unknown option asks to be skipped")
	}
	if _, ok := w.WaitFor(reply.At, wait, func(s Seen) bool {
		return s.From == r.Name && s.Frame.IsICMP && s.Frame.ICMPType == packets.TypeEchoReply && s.Frame.Dst == back
	}); !ok {
		return fail(r, "RFC 8200 §3", "did not forward %s's Echo Reply to %s", dst.Name, back)
	}
	w.Step("%s's Echo Request crossed %s intact and %s answered", src.Name, r.Name, dst.Name)
	return nil
}

// wantHeaders are the extension headers opts asks for.
func wantHeaders(o suites.EchoOptions) []uint8 {
	var h []uint8
	if o.HopByHop != nil {
		h = append(h, 0)
	}
	if o.Destination != nil {
		h = append(h, 60)
	}
	return h
}
