// Package rfc3810 holds the specs for the multicast listener: MLDv2 as
// RFC 3810 §3 to §6 and §8.2 describe a node that listens (host or
// router; the router part of §7 is not judged here), and the host rules
// for source-specific multicast of RFC 4604 §2. The specs follow the
// IPv6 Ready MLDv2 listener checklist (MLDv2L.x.y.z) and drive the node's
// socket API through the join, leave and set-filter control actions; a
// target without them makes the specs N/A. The checklist's conditional
// tests (a limit of sources, suppression by MLDv1 Reports, a configured
// SSM range) judge only targets that declare the matching capability. Where the checklist's script
// expects something the RFC does not say, or accepts what the RFC
// forbids, the spec follows the RFC and says so. (RFC 9777 of 2025
// obsoletes RFC 3810 with the same protocol; the sections cited are RFC
// 3810's.)
package rfc3810

// Folder names this suite in reports.
const Folder = "rfc3810"
