package link

import (
	"errors"
	"sync"
)

// ErrClosed is returned by a Pipe after Close.
var ErrClosed = errors.New("link: device closed")

// Pipe is an in-memory Device for tests. Inject hands a frame to the node and
// returns only once the node has finished with it: the node's next Read (or
// Close) marks the previous frame as processed. Frames the node writes go to
// OnWrite if set, else they are kept for Sent.
type Pipe struct {
	in        chan []byte
	processed chan struct{}
	closed    chan struct{}
	closeOnce sync.Once

	mu      sync.Mutex
	busy    bool // a frame was handed out and not yet acknowledged
	onWrite func([]byte)
	sent    [][]byte
}

// NewPipe returns an open pipe device.
func NewPipe() *Pipe {
	return &Pipe{
		in:        make(chan []byte),
		processed: make(chan struct{}),
		closed:    make(chan struct{}),
	}
}

// Read blocks until a frame is injected. Entering Read acknowledges the
// previous frame.
func (p *Pipe) Read(b []byte) (int, error) {
	p.ack()
	select {
	case f := <-p.in:
		p.mu.Lock()
		p.busy = true
		p.mu.Unlock()
		return copy(b, f), nil
	case <-p.closed:
		return 0, ErrClosed
	}
}

func (p *Pipe) ack() {
	p.mu.Lock()
	busy := p.busy
	p.busy = false
	p.mu.Unlock()
	if busy {
		select {
		case p.processed <- struct{}{}:
		case <-p.closed:
		}
	}
}

// Write delivers the frame to OnWrite, or stores a copy.
func (p *Pipe) Write(frame []byte) (int, error) {
	select {
	case <-p.closed:
		return 0, ErrClosed
	default:
	}
	p.mu.Lock()
	f := p.onWrite
	if f == nil {
		p.sent = append(p.sent, append([]byte(nil), frame...))
	}
	p.mu.Unlock()
	if f != nil {
		f(frame)
	}
	return len(frame), nil
}

// Close makes Read and Inject return.
func (p *Pipe) Close() error {
	p.closeOnce.Do(func() { close(p.closed) })
	return nil
}

// Inject gives frame to the reader and waits until it has been processed.
// It reports false if the pipe was closed first.
func (p *Pipe) Inject(frame []byte) bool {
	select {
	case p.in <- frame:
	case <-p.closed:
		return false
	}
	select {
	case <-p.processed:
		return true
	case <-p.closed:
		return false
	}
}

// OnWrite makes every written frame go to f, synchronously, instead of being
// stored. The frame is valid only during the call.
func (p *Pipe) OnWrite(f func(frame []byte)) {
	p.mu.Lock()
	p.onWrite = f
	p.mu.Unlock()
}

// Sent returns the frames written since the last call and forgets them.
func (p *Pipe) Sent() [][]byte {
	p.mu.Lock()
	defer p.mu.Unlock()
	s := p.sent
	p.sent = nil
	return s
}
