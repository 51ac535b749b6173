package faults

// Faults that break only the SHOULD half of a requirement whose MUST half
// another fault breaks: the node still discards what it must, but leaves
// out the report the RFC recommends, or keeps what it must drop while
// still sending the report. They prove the specs of one level each that
// judge such pairs (RFC 4443 §3.4: discard MUST, Parameter Problem SHOULD;
// RFC 8200 §4.5: abandon reassembly must, Time Exceeded should; RFC 4861
// §8.2: a Redirect should be sent, and one that is sent must have the form
// of §4.5).
const (
	UnknownNextHeaderSilent  Fault = "unknown-next-header-silent" // discards a packet whose Next Header it does not recognize (a misplaced Hop-by-Hop Options header included) without Parameter Problem
	FragErrorSilent          Fault = "frag-error-silent"          // discards a fragment with M=1 whose length is not a multiple of 8, or one that would end past 65535 octets, without Parameter Problem
	ReassemblyNeverAbandoned Fault = "reassembly-never-abandoned" // sends Time Exceeded when the reassembly time runs out but keeps the fragments: a datagram completed later is delivered
	RedirectFromGlobal       Fault = "redirect-from-global"       // a router that sends its Redirects from its global address, not from its link-local one
	ReachableNeverStale      Fault = "reachable-never-stale"      // keeps a REACHABLE entry REACHABLE when its ReachableTime runs out
	Tunnel4MTU576            Fault = "tunnel4-mtu-576"            // a 4in4 tunnel entry that reports 576 in its Fragmentation Needed, not the tunnel MTU (path MTU less the outer header)
	DRLOneRouter             Fault = "drl-one-router"             // keeps one router on its Default Router List: later advertisements of other routers are not recorded
	DADResolutionNSConflict  Fault = "dad-resolution-ns-conflict" // takes an address-resolution solicitation (unicast source) for a tentative address, sent to the solicited-node group or to the address itself, as a DAD conflict and gives the address up
)

var _ = register(map[Fault]string{
	UnknownNextHeaderSilent:  "discards a packet whose Next Header it does not recognize (a misplaced Hop-by-Hop Options header included) without Parameter Problem",
	FragErrorSilent:          "discards a fragment with M=1 whose length is not a multiple of 8, or one that would end past 65535 octets, without Parameter Problem",
	ReassemblyNeverAbandoned: "sends Time Exceeded when the reassembly time runs out but keeps the fragments: a datagram completed later is delivered",
	RedirectFromGlobal:       "a router that sends its Redirects from its global address, not from its link-local one",
	ReachableNeverStale:      "keeps a REACHABLE entry REACHABLE when its ReachableTime runs out",
	Tunnel4MTU576:            "a 4in4 tunnel entry that reports 576 in its Fragmentation Needed, not the tunnel MTU (path MTU less the outer header)",
	DRLOneRouter:             "keeps one router on its Default Router List: later advertisements of other routers are not recorded",
	DADResolutionNSConflict:  "takes an address-resolution solicitation (unicast source) for a tentative address, sent to the solicited-node group or to the address itself, as a DAD conflict and gives the address up",
})
