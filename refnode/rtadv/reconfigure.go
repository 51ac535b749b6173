package rtadv

import (
	"fmt"

	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/nd"
)

// Reconfigure gives an advertising interface a new configuration. As with a
// router whose advertised information changes, the next advertisements go
// out at the initial, faster pace (RFC 4861 §6.2.4), the first of them at
// most MAX_INITIAL_RTR_ADVERT_INTERVAL from now. An interface that ceased
// to advertise (StopInterface), or never did, becomes an advertising
// interface again, with the same initial pace (§6.2.2).
func (a *Advertiser) Reconfigure(name string, c Config) error {
	info, ok := a.node.Interface(name)
	if !ok {
		return fmt.Errorf("rtadv: no interface %q", name)
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.done {
		return fmt.Errorf("rtadv: the advertiser has stopped")
	}
	x := a.ifs[name]
	if x == nil {
		x = &adv{name: name, mac: info.MAC}
		a.ifs[name] = x
	}
	x.cfg, x.sent, x.stopped = c, 0, false
	a.schedule(x, a.interval(x), false)
	return nil
}

// gapFaults applies the faults that change the RFC 4191 and RFC 8106 parts
// of an advertisement: the Prf bits, and options left out.
func (a *Advertiser) gapFaults(msg []byte) []byte {
	if a.faults.Has(faults.RAPreferenceReserved) {
		msg[5] = msg[5]&^(3<<nd.PrfShift) | nd.PrefReserved.Bits()<<nd.PrfShift
	}
	drop := map[uint8]bool{
		nd.OptRouteInfo: a.faults.Has(faults.RIONotSent),
		nd.OptRDNSS:     a.faults.Has(faults.RADNSOptionsNotSent),
		nd.OptDNSSL:     a.faults.Has(faults.RADNSOptionsNotSent),
	}
	const optionsAt = 16 // type, code, checksum and the 12 octets of RA fields
	out := msg[:optionsAt]
	for b := msg[optionsAt:]; len(b) >= 2 && b[1] != 0 && int(b[1])*nd.OptionUnit <= len(b); {
		n := int(b[1]) * nd.OptionUnit
		if !drop[b[0]] {
			out = append(out, b[:n]...)
		}
		b = b[n:]
	}
	return out
}
