package suites

import "fmt"

// SameLink puts the node's Link0 and Link1 interfaces on one link, as two
// ports of a hub would: the tester relays every frame the node sends from
// one interface to its other one, and sends what a spec puts on Link0 or
// Link1 out of both ports. Each Link still captures what the node sends
// from its own interface, so the specs tell the interfaces apart; a frame
// the tester sends is recorded on both links, so an answer on either is
// timed from it. The target needs two links (the multiple-interfaces
// capability); the node is not told its interfaces share a link.
func SameLink() Option {
	return func(s *SpecSetup) {
		s.SameLink = true
		s.Links = max(s.Links, 2)
	}
}

// relay hands a frame the node sent on this port to its other interface.
func (l *Link) relay(raw []byte) {
	if l.peer == nil {
		return
	}
	_ = l.peer.port.Write(raw) // a lost copy is a lost frame on the link
}

// putOnPeer sends a frame the tester put on this port out of the other
// port of the same link too, recorded there as sent to the node.
func (l *Link) putOnPeer(frame []byte) {
	if l.peer == nil {
		return
	}
	c := l.peer.record(frame, true)
	l.env.stepAbout("send", fmt.Sprintf("%s: the same frame, on the same link: %s", l.peer.Name, c.Summary()), nil, l.peer.Name, c, "")
	if err := l.peer.port.Write(frame); err != nil {
		TesterError(fmt.Errorf("%s: sending: %w", l.peer.Name, err))
	}
}
