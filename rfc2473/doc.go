// Package rfc2473 holds the specs for tunnel interfaces: configured
// IPv6-in-IPv4 tunnels (RFC 4213 §3) and generic packet tunneling in IPv6
// (RFC 2473), at hosts and routers. The ct 2.1.1 tunnel tests are the
// checklist; the node under test is given its tunnels as configuration
// (suites.Tunnel), and the tester plays the tunnel's remote end.
package rfc2473

// Folder names this suite in reports.
const Folder = "rfc2473"
