package nd

import "time"

// Constants are the protocol constants of RFC 4861 §10 and RFC 4862 §5.1,
// named as the RFCs name them, plus the few bounds the RFCs leave to the
// implementation. A node may change any of them through its configuration.
type Constants struct {
	// Host constants (RFC 4861 §10). MaxRtrSolicitationDelay also bounds the
	// random delay before the first DAD probe (RFC 4862 §5.4.2).
	MaxRtrSolicitationDelay time.Duration
	RtrSolicitationInterval time.Duration
	MaxRtrSolicitations     int

	// Node constants (RFC 4861 §10).
	MaxMulticastSolicit      int
	MaxUnicastSolicit        int
	MaxAnycastDelayTime      time.Duration
	MaxNeighborAdvertisement int
	BaseReachableTime        time.Duration // REACHABLE_TIME
	RetransTimer             time.Duration // RETRANS_TIMER
	DelayFirstProbeTime      time.Duration
	MinRandomFactor          float64
	MaxRandomFactor          float64

	// Router constants (RFC 4861 §10), used by the RA sender (refnode/rtadv).
	MaxInitialRtrAdvertInterval time.Duration
	MaxInitialRtrAdvertisements int
	MaxFinalRtrAdvertisements   int
	MinDelayBetweenRAs          time.Duration
	MaxRADelayTime              time.Duration

	// ReachableTimeRecompute bounds how long a drawn ReachableTime is kept:
	// RFC 4861 §6.3.4 asks for a new random value "at least every few
	// hours" even when BaseReachableTime does not change.
	ReachableTimeRecompute time.Duration
	// RedirectRate bounds the Redirects a router sends (RFC 4861 §8.2: "MUST
	// limit the rate"): at most RedirectBurst back to back, refilled at one
	// per RedirectRate.
	RedirectRate  time.Duration
	RedirectBurst int

	// DupAddrDetectTransmits is the number of DAD probes; 0 turns DAD off
	// (RFC 4862 §5.1).
	DupAddrDetectTransmits int

	// MaxQueue bounds the packets held per INCOMPLETE entry; RFC 4861 §7.2.2
	// only asks for a small queue, the oldest packet gives way.
	MaxQueue int
	// MaxQueueOctets bounds the octets held per INCOMPLETE entry, so that a
	// fragmented datagram (46 fragments for 64 KiB on Ethernet) can wait
	// whole while a flood of small packets cannot grow the queue.
	MaxQueueOctets int
}

// Defaults returns the RFC values.
func Defaults() Constants {
	return Constants{
		MaxRtrSolicitationDelay:  1 * time.Second,
		RtrSolicitationInterval:  4 * time.Second,
		MaxRtrSolicitations:      3,
		MaxMulticastSolicit:      3,
		MaxUnicastSolicit:        3,
		MaxAnycastDelayTime:      1 * time.Second,
		MaxNeighborAdvertisement: 3,
		BaseReachableTime:        30 * time.Second,
		RetransTimer:             1 * time.Second,
		DelayFirstProbeTime:      5 * time.Second,
		MinRandomFactor:          0.5,
		MaxRandomFactor:          1.5,
		DupAddrDetectTransmits:   1,

		MaxInitialRtrAdvertInterval: 16 * time.Second,
		MaxInitialRtrAdvertisements: 3,
		MaxFinalRtrAdvertisements:   3,
		MinDelayBetweenRAs:          3 * time.Second,
		MaxRADelayTime:              500 * time.Millisecond,

		ReachableTimeRecompute: 3 * time.Hour,
		RedirectRate:           100 * time.Millisecond,
		RedirectBurst:          10,
		MaxQueue:               64,
		MaxQueueOctets:         256 << 10,
	}
}

// Fixed values of the RFCs that a node does not configure.
const (
	// TwoHours is the floor of RFC 4862 §5.5.3 (e): an unauthenticated RA
	// cannot cut an address's remaining valid lifetime below two hours.
	TwoHours = 2 * time.Hour
	// InfiniteLifetime is the all-ones lifetime of RFC 4861 §4.6.2 and
	// RFC 4191 §2.3: it never runs out.
	InfiniteLifetime = 0xffffffff * time.Second
	// MinMTU is the IPv6 minimum link MTU (RFC 8200 §5): an RA's MTU
	// option below it is ignored (RFC 4861 §6.3.4).
	MinMTU = 1280
	// MaxRedirectPacket bounds a Redirect with its Redirected Header: the
	// whole Redirect must not exceed the minimum MTU (RFC 4861 §4.6.3).
	MaxRedirectPacket = MinMTU
)
