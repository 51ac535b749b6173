package suites

// The capabilities a target may declare (KnownCapabilities): optional
// behaviours the RFCs let a node leave out. A spec that judges one asks
// for it with NeedsCapability and is N/A on a target that does not
// declare it. Each is gated by at least one spec (capabilities_test.go).
const (
	// CapMultipleInterfaces: two links to the tester; asked for by
	// Links(2) rather than NeedsCapability.
	CapMultipleInterfaces = "multiple-interfaces"
	// CapHopByHop: a router examines the Hop-by-Hop options of packets it
	// forwards. RFC 8200 §4 lets nodes on the delivery path skip the header
	// unless configured to examine it; a destination processes it always,
	// so the end-node option specs need no capability.
	CapHopByHop = "hop-by-hop"
	// CapRADNS: the DNS options of Router Advertisements (RFC 8106): a
	// router sends the RDNSS and DNSSL options it is configured with, a
	// host keeps what they carry.
	CapRADNS = "ra-dns"
	// CapSLAAC: a host forms global addresses from the prefixes Router
	// Advertisements announce (RFC 4862 §5.5.3).
	CapSLAAC = "slaac"
	// CapMulticastEcho: the node answers Echo Requests sent to a multicast
	// group it belongs to, which RFC 4443 §4.2 words as a SHOULD. Specs
	// that see a group membership through such an answer need it.
	CapMulticastEcho = "multicast-echo"
	// CapPathMTUDiscovery: the node keeps a path MTU per destination,
	// learnt from Packet Too Big (RFC 8201). RFC 8200 §5 lets a minimal
	// node send no packet over 1280 octets and leave Path MTU Discovery out.
	CapPathMTUDiscovery = "path-mtu-discovery"
	// CapRedirects: a host acts on the Redirects it accepts, sending to
	// the first hop they name (RFC 4861 §8.3, a SHOULD). The specs that
	// can see a Redirect accepted only through that (one with an unknown
	// option, a non-zero Reserved field, an option a Redirect does not
	// carry: valid by §8.1 and §4.6, MUSTs) need it; a host that acts on
	// none is judged by the SHOULD specs instead.
	CapRedirects = "redirects"
	// CapRH0: classic type 0 routing header processing (RFC 2460 §4.4),
	// which RFC 5095 deprecates; the reference node has it as a mode that
	// only the specs asking for it switch on.
	CapRH0 = "rh0-source-routing"
)

// CapStableAddresses is the capability of a node that forms its
// autoconfigured addresses from RFC 7217 identifiers. The reference node
// does so for the specs that need the capability, and keeps the modified
// EUI-64 identifiers that the other specs predict.
const CapStableAddresses = "stable-addresses"

// CapStableLinkLocal is the capability of a node that forms its
// link-local address from an RFC 7217 identifier too (prefix fe80::/64),
// and so resolves its duplicate by RFC 7217 §6 rather than RFC 4862
// §5.4.5. The reference node does so for the specs that need it only: the
// others predict the MAC's link-local address.
const CapStableLinkLocal = "stable-link-local"

// CapRouteInformation is the capability of a host that processes Route
// Information options (more-specific routes and ::/0 alike): a type C host
// of RFC 4191 §3, which leaves the type to the implementation.
const CapRouteInformation = "route-information"

// The multicast listener's optional behaviours (RFC 3810, RFC 4604). The
// reference node has each as a setting its target switches on for the
// specs that ask for it.
const (
	// CapMLDSourceLimit: the listener refuses, with an error to the
	// caller, a socket filter of more sources than a limit of its own,
	// below 90 (RFC 3810 §3 allows such a limit and asks for the error).
	CapMLDSourceLimit = "mld-source-limit"
	// CapMLDInterfaceSourceLimit: the listener refuses, with an error, a
	// socket call that would leave an interface's state for a group with
	// more sources than a limit below 90, however the sockets share them
	// (RFC 3810 §4.2). Such a device has CapMLDSourceLimit too.
	CapMLDInterfaceSourceLimit = "mld-interface-source-limit"
	// CapMLDv1ReportSuppression: in MLDv2 mode the listener drops its
	// pending answer about a group when another node's MLDv1 Report for
	// it comes (RFC 3810 §8.2.2, a MAY). A device without it answers all
	// the same, which the specs check through UnlessCapability.
	CapMLDv1ReportSuppression = "mld-v1-report-suppression"
	// CapSSMRange: the device has SSMRange configured as a source-specific
	// multicast range besides the IANA block ff3x::/32 (RFC 4604 §2 wants
	// the range configurable).
	CapSSMRange = "ssm-range"
)

// The multicast router's (RFC 3810 §7, §8.3; RFC 4604 §3). A router that
// declares CapMLDRouter runs the querier on its links for the specs that
// need it, with the spec's MLDSetup as its variables.
const (
	// CapMLDRouter: the node is an MLDv2 multicast router: it keeps
	// listener state per link from reports, is the querier of a link
	// unless a lower address queries there, and forwards multicast of
	// wider than link scope only onto links with listeners for it.
	CapMLDRouter = "mld-router"
	// CapMLDv2Only: the router can be set to ignore MLDv1 messages
	// (the catalogue's MLDv2-only mode), and is so set when a spec
	// asks for the capability.
	CapMLDv2Only = "mldv2-only"
)

// The listener's capabilities in KnownCapabilities, with what each means.
func init() {
	for c, what := range map[string]string{
		CapMLDSourceLimit:          "the listener refuses, with an error, a socket filter of more than N sources, N below 90 (RFC 3810 §3)",
		CapMLDInterfaceSourceLimit: "the listener refuses, with an error, a socket call that would give an interface more than N sources for a group, N below 90 (RFC 3810 §4.2)",
		CapMLDv1ReportSuppression:  "in MLDv2 mode the listener withholds its answer about a group when another node's MLDv1 Report for it comes (RFC 3810 §8.2.2, a MAY)",
		CapMLDRouter:               "the router is an MLDv2 multicast router and querier (RFC 3810 §7), forwarding multicast beyond link scope only where listeners are",
		CapMLDv2Only:               "the router can be set to ignore MLDv1 Reports and Done, and is so set for the specs that ask",
		CapSSMRange:                "the device has " + SSMRange + " configured as a source-specific multicast range besides ff3x::/32 (RFC 4604 §2)",
	} {
		KnownCapabilities[c] = what
	}
}

// SSMRange is the range a device declaring CapSSMRange has configured
// for source-specific multicast: the checklist's ff3e::9000:0/100 moved
// out of ff3x::/32 (which holds it already), into a group range that is
// not source-specific by default (RFC 3306 groups of 2001:db8::/64).
const SSMRange = "ff3e:40:2001:db8::9000:0/100"

// retiredCapabilities were once documented but no spec judges them; a
// profile that names one is told why.
var retiredCapabilities = map[string]string{
	"jumbograms": "no spec judges Jumbo Payload options (RFC 2675) yet, so the capability gates nothing: remove it from the profile",
}
