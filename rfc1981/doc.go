// Package rfc1981 holds the specs for Path MTU Discovery: RFC 8201, which
// obsoletes RFC 1981. RFC 8201 drops RFC 1981's rule that a Packet Too Big
// below 1280 makes the node add a Fragment header to every packet; the
// specs require only that the node never goes below 1280.
package rfc1981

// Folder names this suite in reports.
const Folder = "rfc1981"
