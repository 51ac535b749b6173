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
		MaxQueue:                 64,
		MaxQueueOctets:           256 << 10,
	}
}
