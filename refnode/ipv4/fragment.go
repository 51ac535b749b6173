package ipv4

import "encoding/binary"

// Fragmentation of outgoing datagrams (RFC 791 §3.2): a datagram larger
// than the MTU it leaves on, DF clear, goes in fragments that each carry
// a multiple of 8 octets of data but the last, all with the datagram's
// Identification, the offset counted in 8-octet blocks from the start of
// the original datagram, and More Fragments set on all but the last
// (kept on the last when the datagram was itself a fragment that had it).
// The first fragment keeps the whole header; the others carry only the
// options whose copied flag is set (RFC 791 §3.1).

// optCopied is the copied flag of an option type (RFC 791 §3.1).
const optCopied = 0x80

// Option types without a length octet (RFC 791 §3.1).
const (
	optEnd = 0 // End of Option List
	optNOP = 1 // No Operation
)

// Fragment splits h, a datagram checked by Check, into fragments of at
// most mtu octets, builds each in buf (which must not overlap h) and hands
// it to send, valid only during the call. It returns how many fragments it
// sent: 0 when mtu leaves no room for 8 octets of data.
func Fragment(h Header, mtu int, buf []byte, send func(fragment []byte)) int {
	hl := h.HeaderLen()
	data := h[hl:h.TotalLength()]
	var later [maxHeaderLen]byte
	copy(later[:], h[:HeaderLen])
	ll := HeaderLen + copiedOptions(later[HeaderLen:], h[HeaderLen:hl])
	later[OffVersionIHL] = Version<<versionShift | byte(ll/headerWordBytes)
	if mtu-hl < 8 || mtu-ll < 8 {
		return 0
	}
	base, more := h.FragmentOffset(), h.MoreFragments()
	flags := binary.BigEndian.Uint16(h[OffFlagsFrag:]) & FlagDontFrag
	sent := 0
	for off := 0; off < len(data); {
		hdr := h[:hl]
		if off > 0 {
			hdr = later[:ll]
		}
		end := min(off+(mtu-len(hdr))&^7, len(data))
		f := buf[:len(hdr)+end-off]
		copy(f, hdr)
		copy(f[len(hdr):], data[off:end])
		binary.BigEndian.PutUint16(f[OffTotalLength:], uint16(len(f)))
		v := flags | uint16((base+off)/8)
		if end < len(data) || more {
			v |= FlagMoreFrags
		}
		binary.BigEndian.PutUint16(f[OffFlagsFrag:], v)
		Header(f).fixChecksum()
		send(f)
		sent++
		off = end
	}
	return sent
}

// copiedOptions writes into dst the options of opts whose copied flag is
// set, padded with End of Option List to a multiple of 4 octets, and
// returns the length written. A malformed option ends the walk.
func copiedOptions(dst, opts []byte) int {
	n := 0
walk:
	for i := 0; i < len(opts); {
		switch t := opts[i]; {
		case t == optEnd:
			break walk
		case t == optNOP:
			i++
			continue
		case i+1 >= len(opts) || opts[i+1] < 2 || i+int(opts[i+1]) > len(opts):
			break walk
		case t&optCopied != 0:
			n += copy(dst[n:], opts[i:i+int(opts[i+1])])
		}
		i += int(opts[i+1])
	}
	for n%headerWordBytes != 0 {
		dst[n] = optEnd
		n++
	}
	return n
}
