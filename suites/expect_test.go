package suites

import (
	"net"
	"testing"
	"time"

	"github.com/v6ct/v6ct/suites/packets"
)

// testLinks is a spec's world without a node: links fed by hand, in real
// time (no manual clock, no barrier).
func testLinks(n int) *Env {
	e := &Env{sess: &Session{}, evidence: &Evidence{}}
	var nut NUTInfo
	for i := 0; i < n; i++ {
		mac := net.HardwareAddr{0x00, 0x00, 0x5e, 0x00, 0x53, byte(0x10 + i)}
		nut.MACs = append(nut.MACs, mac)
		nut.LinkLocals = append(nut.LinkLocals, packets.LinkLocal(mac))
		nut.Globals = append(nut.Globals, packets.WithInterfaceID(LinkPrefixes[i].Addr(), mac))
	}
	e.NUT = nut
	e.resetClock()
	for i := 0; i < n; i++ {
		e.Links = append(e.Links, newLink(e, i, nil, nut))
	}
	e.Link0 = e.Links[0]
	return e
}

// fromNUT is a frame the node under test sends on l: an Echo Reply to req.
func fromNUT(l *Link, req *packets.Packet) []byte {
	rep := packets.EchoRequest(l.NUTMAC, req.EthSrc, req.Dst, req.Src, req.EchoID(), req.EchoSeq(), req.EchoData())
	rep.ICMP.Type = packets.TypeEchoReply
	return rep.Bytes()
}

func TestRealTimeWaitSeesAFrameThatArrivesWhileFramesAreJudged(t *testing.T) {
	for _, links := range []int{1, 2} {
		e := testLinks(links)
		l := e.Links[links-1]
		req := l.TN1.EchoRequest(l.NUTLinkLocal)
		calls := 0
		window := 30 * time.Second
		start := time.Now()
		// The frame arrives during the first look at the frames, after the
		// look found nothing: the wait that follows must wake for it.
		seen := e.runUntilReal(time.Now().Add(window), func() bool {
			calls++
			frames, _, _ := l.snapshot()
			if calls == 1 {
				l.record(fromNUT(l, req), false)
			}
			for _, c := range frames {
				if packets.EchoReplyTo(req).Match(c.Frame) {
					return true
				}
			}
			return false
		})
		if !seen {
			t.Fatalf("%d links: the reply was never seen", links)
		}
		if waited := time.Since(start); waited > window/2 {
			t.Fatalf("%d links: the reply was seen only when the window ran out (%v)", links, waited)
		}
		if calls != 2 {
			t.Fatalf("%d links: %d looks, want 2 (the one before the frame, the one it woke)", links, calls)
		}
	}
}

func TestRealTimeWaitEndsWithTheWindow(t *testing.T) {
	e := testLinks(2)
	if e.runUntilReal(time.Now().Add(20*time.Millisecond), func() bool { return false }) {
		t.Fatal("nothing came, yet the wait says done")
	}
}

func TestExpectNoSeesEveryFrameSinceTheStimulus(t *testing.T) {
	cases := []struct {
		name string
		// order of the node's frames after the request: the Parameter
		// Problem the spec expects and the Echo Reply it forbids
		replyFirst bool
		want       bool // ExpectNo finds the forbidden reply
	}{
		{"reply before the expected error", true, true},
		{"reply after the expected error", false, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := testLinks(1)
			l := e.Link0
			req := l.TN1.EchoRequest(l.NUTLinkLocal)
			e.markAll()
			l.record(req.Bytes(), true)
			pp := packets.New(l.NUTMAC, l.TN1.MAC, l.NUTLinkLocal, l.TN1.LinkLocal)
			pp.NextHeader = packets.ProtoICMPv6
			pp.ICMP = &packets.ICMPv6{Type: packets.TypeParamProblem, Code: 1, Body: append([]byte{0, 0, 0, 40}, req.Bytes()[14:]...)}
			if tc.replyFirst {
				l.record(fromNUT(l, req), false)
				l.record(pp.Bytes(), false)
			} else {
				l.record(pp.Bytes(), false)
				l.record(fromNUT(l, req), false)
			}
			e.judged()
			ex := l.Expect(packets.ICMPErrorAbout(req))
			found, _, _, _ := ex.scan()
			if found == nil {
				t.Fatal("the Parameter Problem was not found")
			}
			l.consume(found)
			no, _, _, _ := l.ExpectNo(packets.EchoReplyTo(req)).scan()
			if (no != nil) != tc.want {
				t.Fatalf("ExpectNo found %v, want found=%v", no, tc.want)
			}
		})
	}
}

func TestExpectNoDoesNotHoldAMetExpectationAgainstTheNode(t *testing.T) {
	e := testLinks(1)
	l := e.Link0
	req := l.TN1.EchoRequest(l.NUTLinkLocal)
	e.markAll()
	l.record(req.Bytes(), true)
	l.record(fromNUT(l, req), false)
	found, _, _, _ := l.Expect(packets.EchoReplyTo(req)).scan()
	if found == nil {
		t.Fatal("the reply was not found")
	}
	l.consume(found)
	if no, _, _, _ := l.ExpectNo(packets.EchoReplyTo(req)).scan(); no != nil {
		t.Fatal("the reply an Expect met counts against ExpectNo")
	}
	// A second reply to the same request is a frame of its own.
	l.record(fromNUT(l, req), false)
	if no, _, _, _ := l.ExpectNo(packets.EchoReplyTo(req)).scan(); no == nil {
		t.Fatal("a second reply went unseen")
	}
	// A new run of sends starts a new window.
	e.judged()
	e.markAll()
	if no, _, _, _ := l.ExpectNo(packets.EchoReplyTo(req)).scan(); no != nil {
		t.Fatal("a frame from before the last send counts")
	}
}

func TestAReassembledDatagramIsMetWithItsPieces(t *testing.T) {
	e := testLinks(1)
	l := e.Link0
	l.mark()
	c := &Captured{Index: 7, Pieces: []int{5, 7}}
	l.consume(c)
	for _, i := range []int{5, 7} {
		if l.unmatched(&Captured{Index: i}) {
			t.Fatalf("piece %d is still unmatched", i)
		}
	}
	if !l.unmatched(&Captured{Index: 6}) {
		t.Fatal("a frame between the pieces counts as met")
	}
}
